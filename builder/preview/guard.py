"""What the dev server may answer: files inside the output folder, to the names it serves.

Pure rules, kept apart from the server so they can be tested one request at a time:
a URL path maps to a file only if it stays inside the output folder after every symlink
is resolved; a `Host` header must name this machine when we listen on loopback (DNS
rebinding would otherwise let any web page read the preview); a websocket `Origin` must be
the page's own.
"""
from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "[::1]"})
WILDCARD_HOSTS = frozenset({"0.0.0.0", "::", ""})


@dataclass(frozen=True)
class Lookup:
    """The answer to a URL path: a file (200), a redirect (302), 403 or 404."""

    status: int
    file: Path | None = None
    location: str | None = None


def lookup(root: Path, url_path: str) -> Lookup:
    """Map a decoded URL path (without the leading '/') to a file inside `root`."""
    if "\\" in url_path or "\0" in url_path:
        return Lookup(403)
    parts = url_path.split("/")
    if any(part in (".", "..") for part in parts):
        return Lookup(403)
    names = [part for part in parts if part]
    if any(name.startswith(".") for name in names):
        # Hidden files (the output marker, editor leftovers) are not part of the site.
        return Lookup(404)
    real_root = Path(os.path.realpath(root))
    found = Path(os.path.realpath(real_root.joinpath(*names)))
    if not found.is_relative_to(real_root):
        return Lookup(403)
    if found.is_dir():
        if names and not url_path.endswith("/"):
            # Relative links inside an index page need the trailing slash to resolve.
            return Lookup(302, location="/" + quote("/".join(names)) + "/")
        found = Path(os.path.realpath(found / "index.html"))
        if not found.is_relative_to(real_root):
            return Lookup(403)
    if not found.is_file():
        return Lookup(404)
    return Lookup(200, found)


def is_loopback(host: str) -> bool:
    """True for localhost and loopback addresses (127.0.0.0/8, ::1)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def is_wildcard(host: str) -> bool:
    """True when the address listens on every network interface."""
    return host in WILDCARD_HOSTS


def url_host(host: str) -> str:
    """A host as written in a URL (IPv6 addresses in brackets)."""
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def allowed_host_names(bind_host: str) -> frozenset[str] | None:
    """Names a `Host` header may carry for this bind address; None means any."""
    if is_wildcard(bind_host):
        return None
    return LOOPBACK_NAMES | {url_host(bind_host).lower()}


def host_name(host_header: str) -> str:
    """The name part of a `Host` header: `[::1]:8000` -> `[::1]`, `Localhost:80` -> `localhost`."""
    header = host_header.strip().lower()
    if header.startswith("["):
        return header[: header.find("]") + 1] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def host_allowed(host_header: str | None, allowed: frozenset[str] | None) -> bool:
    """True if a request's `Host` may be answered (browsers always send one)."""
    if allowed is None or not host_header:
        return True
    return host_name(host_header) in allowed


def origin_allowed(origin: str | None, host_header: str | None) -> bool:
    """True if a websocket's `Origin` is the page's own scheme-less `Host`."""
    if not origin or not host_header:
        return False
    parts = urlsplit(origin)
    return parts.scheme in ("http", "https") and parts.netloc.lower() == host_header.lower()
