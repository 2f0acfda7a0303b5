"""The old address of an imported article, kept as an alias when a static site can answer it."""
from __future__ import annotations

from slugify import slugify

from builder.core.urls import alias_path


def generator_slug(text: str) -> str:
    """A slug as Jekyll and Pelican made it (plain transliteration, no rule of ours), so that an
    old address computed from it is the one readers have: `con` stays `con` there."""
    return slugify(text)


def aliases_from(url: str) -> tuple[tuple[str, ...], str]:
    """`((url,), "")` for an address a redirect page can stand at, else `((), why not)`;
    `((), "")` when there is no web address at all (a file name)."""
    if not url.startswith(("http://", "https://")):
        return (), ""
    path, reason = alias_path(url)
    if path is None:
        return (), f"old address {url} not kept: {reason}"
    return (url,), ""
