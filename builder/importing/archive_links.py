"""Links between an archive's posts written as old web addresses (`[bài](/posts/duong-moi/)`,
`[bài](/2020/09/15/duong-moi.html)`, `[bài]: /posts/duong-moi/`).

On the old site such a link worked; in the new one its path is nowhere, and `build` refuses
a link to a file that does not exist. A link to the old address of an article of the same
archive becomes a link to that article's new file; a link to any other path of the old
site becomes a link to the old site when its address is known from the settings (and is
reported), else it is left as its text (and reported), never left broken.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from builder.core.errors import Text
from builder.core.urls import alias_path
from builder.importing.conversion import Conversion, code_spans

# `[text](/path)` (not a photo: no `!` before) and `[label]: /path` definitions.
INLINE_LINK = re.compile(
    r"(?<!!)\[(?P<text>[^\]\n]*)\]\(\s*(?:<(?P<angled>[^>\n]+)>|(?P<href>[^)\s>]+))"
    r"(?P<title>\s+\"[^\"\n]*\")?\s*\)")
REFERENCE_LINK = re.compile(r"(?<!!)\[(?P<text>[^\]\n]*)\]\[(?P<label>[^\]\n]*)\]")
LINK_DEFINITION = re.compile(
    r"^(?P<lead> {0,3}\[(?P<label>[^\]\n]+)\]:[ \t]*)<?(?P<href>[^\s>]+)>?(?P<rest>.*)$",
    re.MULTILINE)


@dataclass(frozen=True)
class Relinked:
    """One link's new text, and what the report must say about it (None when nothing)."""

    text: str
    problem: Text | None = None


def old_path(href: str) -> str:
    """The path part of a root-relative address (`/posts/a/#x` -> `/posts/a/`), or "" for
    anything else (a relative link, another site, a fragment)."""
    if not href.startswith("/") or href.startswith("//"):
        return ""
    return href.split("#", 1)[0].split("?", 1)[0]


def retarget(href: str, new_file: Callable[[str], str | None],
             base_url: str) -> tuple[str, Text | None]:
    """(the link's new target, None) for an old address of an archive article; (an address on
    the old site, why) for another root-relative path when the old site's address is known;
    ("", why) when it is not: the link is then dropped and its text kept."""
    path = old_path(href)
    fragment = href[len(path):] if href.startswith(path) else ""
    target, _ = alias_path(path)
    if target is not None and (found := new_file(target.lower())):
        return found + (fragment if fragment.startswith("#") else ""), None
    if base_url:
        moved = base_url.rstrip("/") + href
        return moved, Text.of("import", "link_moved", href=href, target=moved)
    return "", Text.of("import", "link_removed", href=href)


def relink_inline(match: re.Match[str], new_file: Callable[[str], str | None],
                  base_url: str) -> Relinked:
    """An INLINE_LINK match with its old address replaced (unchanged when not root-relative)."""
    href = match["angled"] or match["href"]
    if not old_path(href):
        return Relinked(match.group(0))
    target, problem = retarget(href, new_file, base_url)
    if not target:
        return Relinked(match["text"], problem)
    return Relinked(f"[{match['text']}]({target}{match['title'] or ''})", problem)


def label_key(match: re.Match[str]) -> str:
    """The label a REFERENCE_LINK (`[text][label]`, `[text][]`) or LINK_DEFINITION names,
    as Markdown compares them."""
    label = match["label"] or match.groupdict().get("text") or ""
    return " ".join(label.split()).casefold()


def relink_definition(match: re.Match[str], new_file: Callable[[str], str | None],
                      base_url: str) -> Relinked:
    """A LINK_DEFINITION match with its old address replaced; a definition whose address
    leads nowhere is removed (its links then show their text)."""
    href = match["href"]
    if not old_path(href):
        return Relinked(match.group(0))
    target, problem = retarget(href, new_file, base_url)
    if not target:
        return Relinked("", problem)
    return Relinked(f"{match['lead']}{target}{match['rest']}", problem)


def retarget_links(conversion: Conversion, new_file: Callable[[str], str | None],
                   site_address: str) -> None:
    """Links written as old addresses (`/posts/a/`) pointed at the new files of the archive's
    articles (`new_file`: an old address as an output path -> the new file, or None); the
    others pointed at the old site (`site_address`), or left as text, and reported."""
    removed: set[str] = set()  # labels whose definition led nowhere
    for pattern, relink in ((INLINE_LINK, relink_inline), (LINK_DEFINITION, relink_definition)):
        code = code_spans(conversion.text)

        def replace(match: re.Match[str]) -> str:
            """One link, retargeted; reported when it no longer leads into the archive."""
            if any(a <= match.start() < b for a, b in code):
                return match.group(0)
            result = relink(match, new_file, site_address)
            if result.problem:
                conversion.report(result.problem, match.start())
            if pattern is LINK_DEFINITION and not result.text:
                removed.add(label_key(match))
            return result.text

        conversion.sub(pattern, replace)
    if removed:  # `[text][label]` without its definition: the text alone
        conversion.sub(REFERENCE_LINK,
                       lambda m: m["text"] if label_key(m) in removed else m.group(0))
