"""Admin of the bases part (registered from programme/admin.py)."""
