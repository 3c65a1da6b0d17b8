"""What the services of every part share: secret tokens derived from a stored nonce.

As for questionnaire links (surveys/tokens.py): the database keeps a random nonce and the
SHA-256 of the token; the token is an HMAC of the nonce with the SECRET_KEY and a purpose, so a
sign-in link can be emailed by the worker and a calendar address shown again, while a copy of
the database alone opens nothing."""

import hashlib
import hmac
from base64 import urlsafe_b64encode

from django.conf import settings

from surveys.tokens import hash_token, new_nonce

__all__ = ["hash_token", "new_nonce", "token_for"]


def token_for(purpose: str, nonce: str) -> str:
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"{purpose}:{nonce}".encode(), hashlib.sha256
    ).digest()
    return urlsafe_b64encode(digest).decode().rstrip("=")
