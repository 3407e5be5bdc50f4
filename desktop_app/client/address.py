"""Which service addresses the client accepts: https anywhere, plain http only to this machine."""

from __future__ import annotations

import ipaddress

import httpx

from .errors import InsecureConnectionRefused, InvalidServiceUrl


def is_loopback(host: str) -> bool:
    """True for localhost, 127.0.0.0/8 and ::1 (brackets allowed)."""
    host = host.strip("[]").rstrip(".").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def checked_service_url(url: str, *, allow_insecure_http: bool = False) -> str:
    """The normalised base URL (no trailing slash), or a typed error saying what is wrong."""
    try:
        parsed = httpx.URL(url.strip())
    except (httpx.InvalidURL, TypeError):
        raise InvalidServiceUrl(str(url)) from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise InvalidServiceUrl(str(url))
    if parsed.userinfo or parsed.query or parsed.fragment:
        raise InvalidServiceUrl(str(url))
    normalised = str(parsed).rstrip("/")
    if parsed.scheme == "http" and not allow_insecure_http and not is_loopback(parsed.host):
        raise InsecureConnectionRefused(normalised)
    return normalised
