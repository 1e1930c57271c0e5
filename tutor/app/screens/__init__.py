"""One module per screen; each is imported only when first shown, to keep start-up quick."""
