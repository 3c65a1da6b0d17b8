"""Business actions of pairing, one module per part: preferences (5.2), the board (5.3),
orders and notices (5.4)."""
