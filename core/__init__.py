"""The shared base every app builds on."""
