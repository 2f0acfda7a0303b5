"""The old address of an imported article, kept as an alias when a static site can answer it."""
from __future__ import annotations

from slugify import slugify

from builder.core.errors import Text
from builder.core.urls import alias_path


def generator_slug(text: str) -> str:
    """A slug as Jekyll and Pelican made it (plain transliteration, no rule of ours), so that an
    old address computed from it is the one readers have: `con` stays `con` there."""
    return slugify(text)


def usable_aliases(addresses: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[Text, ...]]:
    """The old addresses a redirect page can stand at, and a report line for each other one
    (a query, the generator's own folders…), so that `build` never refuses what was imported."""
    kept: list[str] = []
    reasons: list[Text] = []
    for address in addresses:
        path, reason = alias_path(address)
        if path is None:
            reasons.append(Text.of("import", "alias_not_kept", address=address, reason=reason))
        else:
            kept.append(address)
    return tuple(kept), tuple(reasons)


def aliases_from(url: str) -> tuple[tuple[str, ...], Text | None]:
    """`((url,), None)` for an address a redirect page can stand at, else `((), why not)`;
    `((), None)` when there is no web address at all (a file name)."""
    if not url.startswith(("http://", "https://")):
        return (), None
    path, reason = alias_path(url)
    if path is None:
        return (), Text.of("import", "alias_not_kept", address=url, reason=reason)
    return (url,), None
