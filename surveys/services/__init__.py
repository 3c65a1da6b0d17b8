"""Business actions of the questionnaires, one module per part."""
