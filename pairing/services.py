"""Business actions of pairing: load the bases into the engine's plain data, save the board,
confirm pairings, make and register orders (each a keyword-only function)."""
