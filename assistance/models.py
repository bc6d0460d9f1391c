"""Models of the assistance app: none yet; its issue builds them."""
