"""Models of the outreach app: none yet; its issue builds them."""
