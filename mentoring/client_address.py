"""The address of the person making a request, also behind the reverse proxy.

Behind nginx every request comes from the proxy (REMOTE_ADDR 127.0.0.1): counting failed logins
or throttled requests by it would count the whole kindergarten — and everyone else — as one
client. The proxy names the client in `X-Forwarded-For` / `X-Real-IP`, but anybody can send
those headers too, so they are believed only when the request comes from an address listed in
the TRUSTED_PROXIES setting (addresses or networks; none by default: the headers are ignored).

One function for every place that needs the address: django-axes (AXES_CLIENT_IP_CALLABLE),
the throttles (`mentoring.throttle.client_ip`), the audit trail and the consents.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def _parse(value: str | None) -> Address | None:
    """An address as sent in a header or REMOTE_ADDR; None when it is not one."""
    if not value:
        return None
    try:
        address = ipaddress.ip_address(value.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped  # «::ffff:127.0.0.1» is 127.0.0.1
    return address


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries)


def trusted_proxies() -> tuple:
    """The TRUSTED_PROXIES setting as networks (a single address is a /32 or /128)."""
    return _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))


def _is_trusted(address: Address, networks) -> bool:
    return any(address.version == net.version and address in net for net in networks)


def client_address(request) -> str | None:
    """The client's address: REMOTE_ADDR, or — when REMOTE_ADDR is a trusted proxy — the
    nearest address in X-Forwarded-For that is not itself a trusted proxy (read from the right:
    everything left of it was written by the client and proves nothing), else X-Real-IP.
    None when the request carries no usable address."""
    meta = request.META
    remote = _parse(meta.get("REMOTE_ADDR"))
    if remote is None:
        return None  # a unix socket, or nothing: no address to count or record
    networks = trusted_proxies()
    if not networks or not _is_trusted(remote, networks):
        return str(remote)
    for hop in reversed(meta.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        address = _parse(hop)
        if address is None:
            break  # garbage where the proxy's entry should be: believe nothing further left
        if not _is_trusted(address, networks):
            return str(address)
    real = _parse(meta.get("HTTP_X_REAL_IP"))
    if real is not None:
        return str(real)
    return str(remote)
