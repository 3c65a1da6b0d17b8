"""Which stored links may be rendered as links: one rule for templates, services and forms."""

import re
import unicodedata
from urllib.parse import urlsplit

SAFE_SCHEMES = ("http", "https")
# Browsers drop these anywhere in an address («java\tscript:» runs), and C0 controls and spaces
# at its ends; the check looks at the address as the browser will.
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]")
# Invisible characters that have no place in a stored link: C0/C1 controls (a «\r\n» in a
# meeting link once broke every calendar feed of the pair), format characters such as the
# bidi overrides that make an address read otherwise than it goes (the zero-width joiners
# some scripts' domain names need are let through), and the line and paragraph separators.
_LINK_FORBIDDEN_CATEGORIES = ("Cc", "Cf", "Zl", "Zp")
_JOINERS = ("\u200c", "\u200d")


def has_control_characters(value: str) -> bool:
    return any(
        unicodedata.category(char) in _LINK_FORBIDDEN_CATEGORIES and char not in _JOINERS
        for char in value
    )


def strip_control_characters(value: str) -> str:
    """The address with every such character removed (for the clean-up of stored rows)."""
    return "".join(
        char
        for char in value
        if unicodedata.category(char) not in _LINK_FORBIDDEN_CATEGORIES or char in _JOINERS
    )


def is_safe_url(value) -> bool:
    """An address that may go into href/src: http(s) with a host, or a path of this site, with
    no control or bidi characters anywhere in it."""
    if not isinstance(value, str) or not value.strip() or has_control_characters(value):
        return False
    compact = _URL_NOISE.sub("", value)
    if compact.startswith("/"):
        # «//evil.example» and «/\evil.example» are read by browsers as another host.
        return not compact.startswith(("//", "/\\"))
    try:
        parts = urlsplit(compact)
    except ValueError:
        return False
    return parts.scheme.lower() in SAFE_SCHEMES and bool(parts.netloc)
