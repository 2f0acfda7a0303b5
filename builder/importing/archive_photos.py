"""Photos referenced anywhere in an archive's Markdown: `![alt](src)` inside a paragraph and
`<img src>` in raw HTML, not only a photo alone in its paragraph.

Each reference is resolved the way the old generator resolved it (the generator module's
`image_path`: Hugo's `static/`, Jekyll's site root, Pelican's `content/`). A photo found
inside the archive folder is rewritten to its path from that folder, for the writer to copy
next to the article; one that is not there, or that lies outside the folder, is left out
(its alt text kept) and reported with its file and line, never left as a broken link.
Remote photos stay links, and the import lists them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable
from urllib.parse import unquote

from builder.core.errors import Text
from builder.importing.conversion import Conversion, code_spans

PHOTO_REFERENCE = re.compile(
    r"!\[(?P<alt>[^\]\n]*)\]\(\s*(?:<(?P<angled>[^>\n]+)>|(?P<src>[^)\s>]+))"
    r"(?P<title>\s+\"[^\"\n]*\")?\s*\)"
    r"|(?P<tag><img\b[^>]*>)", re.IGNORECASE)
# `![alt][label]` (or `![label][]`) and the `[label]: src` line it takes its photo from.
REFERENCE_IMAGE = re.compile(r"!\[(?P<alt>[^\]\n]*)\]\[(?P<label>[^\]\n]*)\]")
DEFINITION = re.compile(
    r"^ {0,3}\[(?P<label>[^\]\n]+)\]:[ \t]*<?(?P<src>[^\s>]+)>?"
    r"(?P<title>[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^)\n]*\)))?[ \t]*$", re.MULTILINE)
_HTML_SRC = re.compile(r"""(\bsrc\s*=\s*)(["'])([^"']*)\2""", re.IGNORECASE)
_HTML_ALT = re.compile(r"""\balt\s*=\s*(["'])([^"']*)\1""", re.IGNORECASE)
_REMOTE = ("http://", "https://", "//", "data:")


@dataclass(frozen=True)
class Retargeted:
    """One photo reference: its new text, and the photo's path or why it was left out."""

    text: str
    path: str = ""  # from the archive folder, or a remote URL
    problem: Text | None = None


def retarget(match: re.Match[str], root: Path, resolve: Callable[[str], str | None]) -> Retargeted:
    """A PHOTO_REFERENCE match pointing at the photo's path from the archive folder (`resolve`:
    a reference as the generator wrote it -> a path from `root`, or None), or replaced by its
    alt text when the photo is lost."""
    if match["tag"] is None:
        path, problem = _resolved(match["angled"] or match["src"], root, resolve)
        if problem:
            return Retargeted(match["alt"].strip(), problem=problem)
        shown = f"<{path}>" if " " in path else path  # Markdown needs <…> around spaces
        return Retargeted(f"![{match['alt']}]({shown}{match['title'] or ''})", path)
    tag = match["tag"]
    src = _HTML_SRC.search(tag)
    if src is None:
        return Retargeted(tag)
    path, problem = _resolved(src.group(3), root, resolve)
    if problem:
        alt = _HTML_ALT.search(tag)
        return Retargeted(alt.group(2).strip() if alt else "", problem=problem)
    return Retargeted(tag[: src.start(3)] + path + tag[src.end(3):], path)


def label_of(match: re.Match[str]) -> str:
    """The label a REFERENCE_IMAGE or DEFINITION match names, as Markdown compares them."""
    label = match["label"] or match.groupdict().get("alt") or ""
    return " ".join(label.split()).casefold()


def image_labels(text: str) -> set[str]:
    """The labels photos are shown by (`![alt][label]`): only their definitions are photos."""
    return {label_of(m) for m in REFERENCE_IMAGE.finditer(text)}


def retarget_definition(match: re.Match[str], root: Path,
                        resolve: Callable[[str], str | None]) -> Retargeted:
    """A DEFINITION match pointing at the photo's path from the archive folder, or removed
    (the photo is lost)."""
    path, problem = _resolved(match["src"], root, resolve)
    if problem:
        return Retargeted("", problem=problem)
    return Retargeted(f"[{match['label']}]: {path}{match['title'] or ''}", path)


def retarget_photos(conversion: Conversion, root: Path,
                    resolve: Callable[[str], str | None]) -> tuple[str, ...]:
    """Every photo reference (outside code) pointed at its path from the archive folder, the
    lost ones reported and left out (`resolve`: a reference as the generator wrote it -> a
    path from `root`, or None); returns the photos' paths (and remote URLs)."""
    code = code_spans(conversion.text)
    found: list[str] = []

    def replace(match: re.Match[str]) -> str:
        """One reference, retargeted; reported when its photo is lost."""
        if any(a <= match.start() < b for a, b in code):
            return match.group(0)
        result = retarget(match, root, resolve)
        if result.problem:
            conversion.report(result.problem, match.start())
        if result.path:
            found.append(result.path)
        return result.text

    conversion.sub(PHOTO_REFERENCE, replace)
    _definitions_retargeted(conversion, root, resolve, found)
    return tuple(dict.fromkeys(found))


def _definitions_retargeted(conversion: Conversion, root: Path,
                            resolve: Callable[[str], str | None], found: list[str]) -> None:
    """Reference-style photos (`![alt][label]` and `[label]: src`): the definition pointed at
    the photo's path, or, when the photo is lost, removed with the photo left as its alt text."""
    labels = image_labels(conversion.text)
    code = code_spans(conversion.text)
    lost: set[str] = set()

    def definition(match: re.Match[str]) -> str:
        """One definition a photo uses, retargeted; reported when its photo is lost."""
        if label_of(match) not in labels or any(a <= match.start() < b for a, b in code):
            return match.group(0)
        result = retarget_definition(match, root, resolve)
        if result.problem:
            conversion.report(result.problem, match.start())
            lost.add(label_of(match))
        else:
            found.append(result.path)
        return result.text

    conversion.sub(DEFINITION, definition)
    if lost:
        conversion.sub(REFERENCE_IMAGE,
                       lambda m: m["alt"].strip() if label_of(m) in lost else m.group(0))


def _resolved(src: str, root: Path, resolve: Callable[[str], str | None]) -> tuple[str, Text | None]:
    """(the photo's path from the archive folder, None) or ("", why it is left out)."""
    if src.startswith(_REMOTE):
        return ("https:" + src if src.startswith("//") else src), None
    if re.match(r"^[A-Za-z][\w+.-]*:", src) and not src.startswith(("{", "|")):
        return "", Text.of("import", "photo_not_in_archive_folder", photo=src)
    reference = unquote(src.split("#", 1)[0].split("?", 1)[0])
    path = resolve(reference)
    if not path:
        return "", Text.of("import", "photo_not_found", photo=src)
    folder = root.resolve()
    candidate = (root / path).resolve()
    if not candidate.is_relative_to(folder):
        return "", Text.of("import", "photo_outside_archive", photo=src)
    if not candidate.is_file():
        return "", Text.of("import", "photo_missing", photo=src, path=path)
    return candidate.relative_to(folder).as_posix(), None
