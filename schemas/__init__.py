"""pandera data contracts and the shared vocabulary."""
