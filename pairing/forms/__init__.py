"""Forms of pairing, one module per part."""
