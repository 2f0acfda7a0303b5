"""What the dev server may answer: files inside the output folder, to the names it serves.

Pure rules, kept apart from the server so they can be tested one request at a time:
a URL path maps to a file only if it stays inside the output folder after every symlink
is resolved (an overlong path is 414, a name the system refuses 404); a `Host` header must
name this machine, on loopback and on all interfaces alike (DNS rebinding would otherwise
let any web page read the preview), or a name given with --allow-host; a websocket
`Origin` must be the page's own.
"""
from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "[::1]"})
WILDCARD_HOSTS = frozenset({"0.0.0.0", "::", ""})
MAX_PATH_CHARS = 2000  # longer request paths get 414 (no page of the site comes close)


@dataclass(frozen=True)
class Lookup:
    """The answer to a URL path: a file (200), a redirect (302), 403 or 404."""

    status: int
    file: Path | None = None
    location: str | None = None


def lookup(root: Path, url_path: str) -> Lookup:
    """Map a decoded URL path (without the leading '/') to a file inside `root`."""
    if len(url_path) > MAX_PATH_CHARS:
        return Lookup(414)
    if "\\" in url_path or "\0" in url_path:
        return Lookup(403)
    try:
        return _lookup(root, url_path)
    except (OSError, ValueError):
        # A name too long for the file system, or one it cannot encode: not a page of ours.
        return Lookup(404)


def _lookup(root: Path, url_path: str) -> Lookup:
    """lookup() for a path of reasonable length; may raise OSError."""
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


@dataclass(frozen=True)
class HostRule:
    """Which `Host` headers a request may carry."""

    names: frozenset[str]
    any_address: bool = False  # IP literals: no DNS lookup, so no rebinding through them


def allowed_host_names(bind_host: str, extra: tuple[str, ...] = ()) -> HostRule:
    """The host rule for a bind address: loopback names, the bound address, and names
    given with --allow-host; on all interfaces also this machine's own names and any IP
    address (a DNS-rebinding page always reaches us under a name of its own)."""
    names = LOOPBACK_NAMES | {host_name(name) for name in extra if name}
    if is_wildcard(bind_host):
        return HostRule(names | machine_names(), any_address=True)
    return HostRule(names | {url_host(bind_host).lower()})


def machine_names() -> frozenset[str]:
    """This machine's host names (short, fully qualified, and its mDNS `.local` name)."""
    import socket

    found = set()
    for name in (socket.gethostname(), socket.getfqdn()):
        if name:
            found.update({name.lower(), f"{name.lower().split('.')[0]}.local"})
    return frozenset(found)


def host_name(host_header: str) -> str:
    """The name part of a `Host` header: `[::1]:8000` -> `[::1]`, `Localhost:80` -> `localhost`."""
    header = host_header.strip().lower()
    if header.startswith("["):
        return header[: header.find("]") + 1] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def host_allowed(host_header: str | None, rule: HostRule) -> bool:
    """True if a request's `Host` may be answered (browsers always send one)."""
    if not host_header:
        return True
    name = host_name(host_header)
    if name in rule.names:
        return True
    if rule.any_address:
        try:
            ipaddress.ip_address(name.strip("[]"))
            return True
        except ValueError:
            return False
    return False


def origin_allowed(origin: str | None, host_header: str | None) -> bool:
    """True if a websocket's `Origin` is the page's own scheme-less `Host`."""
    if not origin or not host_header:
        return False
    parts = urlsplit(origin)
    return parts.scheme in ("http", "https") and parts.netloc.lower() == host_header.lower()
