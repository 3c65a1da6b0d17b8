"""Admin of assessment, interviews and training (registered from programme/admin.py)."""
