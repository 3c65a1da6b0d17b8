"""Reads of pairing reused by pages, documents and the dashboard, one module per part."""
