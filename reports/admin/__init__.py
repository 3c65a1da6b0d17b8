"""The app's admin: each part registers its models in `admin/<part>.py`; importing the parts
here registers them."""

from . import returns  # noqa: F401
