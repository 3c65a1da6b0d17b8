"""Personal-link tokens. The database keeps only a random nonce and the token's hash: the token
itself is an HMAC of the nonce with the SECRET_KEY, so the curator can print or resend a link
(it is derived again), while a copy of the database alone reveals no working link."""

import hashlib
import hmac
import secrets
from base64 import urlsafe_b64encode

from django.conf import settings


def new_nonce() -> str:
    return secrets.token_urlsafe(16)


def token_for(nonce: str) -> str:
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"invitation:{nonce}".encode(), hashlib.sha256
    ).digest()
    return urlsafe_b64encode(digest).decode().rstrip("=")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
