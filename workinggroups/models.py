"""Models of the workinggroups app: none yet; its issue builds them."""
