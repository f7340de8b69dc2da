"""What a loopback server must refuse: other hosts (DNS rebinding), other origins (a form posted
from another site or another port of this host), requests without the start-up token."""

from __future__ import annotations

import hmac
import ipaddress
import secrets

LOOPBACK = "127.0.0.1"
TOKEN_PARAM = "token"


def new_token() -> str:
    return secrets.token_urlsafe(24)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def allowed_hosts(host: str, port: int) -> set[str]:
    """The Host headers this server answers: its own address and port (localhost too on loopback)."""
    names = {host}
    if is_loopback(host):
        names |= {LOOPBACK, "localhost"}
    return {f"{name}:{port}" for name in names}


def host_ok(header: str | None, allowed: set[str]) -> bool:
    return (header or "").lower() in allowed


def token_ok(given: str | None, token: str) -> bool:
    return bool(given) and hmac.compare_digest(given.encode("utf-8", "replace"), token.encode("utf-8"))


def same_origin(fetch_site: str | None, origin: str | None, allowed: set[str]) -> bool:
    """A state-changing request must come from this server's own page: the browser says so
    (Sec-Fetch-Site: same-origin), or its Origin is this server's. A form posted from another
    port of the same host arrives as same-site, and is refused."""
    if fetch_site is not None:
        return fetch_site == "same-origin"
    return origin is not None and origin.lower() in {f"http://{host}" for host in allowed}
