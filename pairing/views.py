"""Pages of pairing: load, check access, call one service, render."""
