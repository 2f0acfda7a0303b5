"""Hugo sites: `content/**/*.md` with YAML, TOML or JSON front matter, and shortcodes.

Converted: `figure` (a photo with its caption), `youtube` (a link to the video: the site
works offline, so nothing is embedded), `ref`/`relref` (links to the new files). Any other
shortcode is reported with its line. Old addresses: `url`, `aliases`, and the address Hugo
gives a page by default (`/<section>/<slug or file name>/`) when the site's settings do
not change it with `permalinks`.
"""
from __future__ import annotations

import re
import shlex
from datetime import tzinfo
from pathlib import Path

from builder.core.errors import Text
from builder.importing.conversion import Conversion, SourceFile
from builder.importing.markdown_archive import (
    MARKDOWN_SUFFIXES,
    Archive,
    Links,
    Meta,
    date_of,
    list_of,
    text_of,
    truth_of,
)

CONFIG_FILES = ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml", "config.yaml",
                "config.yml", "config.json")
_SHORTCODE = re.compile(r"\{\{([<%])\s*(/?)([\w-]+)(.*?)\s*[>%]\}\}", re.DOTALL)
_TIME_ZONE = re.compile(r"""^\s*["']?timezone["']?\s*[:=]\s*["']([\w/+-]+)["']""",
                        re.IGNORECASE | re.MULTILINE)
_BASE_URL = re.compile(r"""^\s*["']?baseurl["']?\s*[:=]\s*["'](https?://[^"'\s]+)["']""",
                       re.IGNORECASE | re.MULTILINE)
_ARGUMENT = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")


def is_site(folder: Path) -> bool:
    """True for a Hugo site folder: its settings file and a content folder."""
    return (folder / "content").is_dir() and bool(_settings_files(folder))


def _settings_files(root: Path) -> list[Path]:
    """The site's settings: a settings file in the site folder, or the files of its settings
    folder (`config/_default/hugo.toml`, `params.toml`, …)."""
    found = [root / name for name in CONFIG_FILES if (root / name).is_file()]
    folder = root / "config" / "_default"
    if folder.is_dir():
        found += sorted(p for p in folder.iterdir()
                        if p.is_file() and p.suffix in (".toml", ".yaml", ".yml", ".json"))
    return found


def files(root: Path) -> list[Path]:
    """Every page under content/, except section lists (`_index.md`)."""
    found = []
    for path in sorted((root / "content").rglob("*")):
        if not path.is_file() or path.name.startswith((".", "_index")):
            continue
        if path.suffix.lower() in MARKDOWN_SUFFIXES or path.suffix.lower() in (".rst", ".adoc", ".org"):
            found.append(path)
    return found


def meta(source: SourceFile, root: Path, zone: tzinfo) -> Meta:
    """Hugo's front matter in this generator's terms (a date without a zone in `zone`)."""
    m = source.meta
    categories = list_of(m.get("categories"))
    aliases = [text_of(a) for a in list_of(m.get("aliases"))]
    if m.get("url"):
        aliases.insert(0, text_of(m["url"]))
    if not _custom_permalinks(root):
        aliases.append(_default_address(source, root))
    return Meta(
        title=text_of(m.get("title")),
        published=date_of(m.get("date") or m.get("publishDate") or m.get("publishdate"), zone),
        tags=tuple(list_of(m.get("tags")) + categories[1:]),
        category=categories[0] if categories else "",
        author=text_of(m.get("author") or m.get("authors")),
        summary=text_of(m.get("summary") or m.get("description")),
        draft=truth_of(m.get("draft")),
        aliases=tuple(dict.fromkeys(a for a in aliases if a)),
    )


def _default_address(source: SourceFile, root: Path) -> str:
    """`/posts/ten-bai/`: the folder under content/ and the slug (or the file's name; for a
    page bundle's index.md, its folder's name)."""
    relative = source.path.relative_to(root / "content")
    folder = relative.parent
    name = text_of(source.meta.get("slug")) or relative.stem
    if relative.stem == "index":
        folder, name = folder.parent, text_of(source.meta.get("slug")) or folder.name
    parts = [p for p in (*folder.parts, name) if p and p != "."]
    return "/" + "/".join(parts).lower() + "/"


def declared_zone(root: Path) -> str:
    """The `timeZone` the site's settings name (Hugo reads dates without a zone in it), or ""."""
    return _first_setting(root, _TIME_ZONE)


def _first_setting(root: Path, pattern: re.Pattern[str]) -> str:
    """The value `pattern` finds first in the site's settings files, or ""."""
    for path in _settings_files(root):
        found = pattern.search(path.read_text("utf-8", errors="replace"))
        if found:
            return found.group(1)
    return ""


def _custom_permalinks(root: Path) -> bool:
    """True when the site's settings set their own `permalinks` (then the default is unknown)."""
    for path in _settings_files(root):
        if path.stem == "permalinks" or "permalinks" in path.read_text("utf-8", errors="replace"):
            return True
    return False


def convert(conversion: Conversion, links: Links) -> None:
    """Hugo's shortcodes converted; the others reported."""

    def replace(match: re.Match[str]) -> str:
        """One shortcode as Markdown, or itself when no rule converts it."""
        closing, name, rest = match.group(2), match.group(3), match.group(4)
        arguments = _arguments(rest)
        if closing:
            conversion.unconverted(Text.of("import", "shortcode", code=f"{{{{< /{name} >}}}}"),
                                   match.start())
            return match.group(0)
        if name == "figure" and arguments.get("src"):
            caption = arguments.get("caption") or arguments.get("title") or arguments.get("alt", "")
            return f"\n\n![{_plain(caption)}]({arguments['src']})\n\n"
        if name == "youtube" and (video := arguments.get("id") or arguments.get("0")):
            return f"[Xem video trên YouTube](https://www.youtube.com/watch?v={video})"
        if name in ("ref", "relref") and (target := arguments.get("0") or arguments.get("path")):
            found = links.to_name(target, conversion.source.path.parent)
            if found:
                return found
        conversion.unconverted(Text.of("import", "shortcode", code=f"{{{{< {name} >}}}}"), match.start())
        return match.group(0)

    conversion.sub(_SHORTCODE, replace)


def _arguments(text: str) -> dict[str, str]:
    """A shortcode's arguments: named (`src="…"`) and positional (as "0", "1", …)."""
    named = {m.group(1): next(g for g in m.groups()[1:] if g is not None)
             for m in _ARGUMENT.finditer(text)}
    if named:
        return named
    try:
        words = shlex.split(text)
    except ValueError:
        words = text.split()
    return {str(n): word for n, word in enumerate(words)}


def image_path(src: str, source: SourceFile, root: Path) -> str | None:
    """A photo as a path from the site folder: `/x.jpg` is in static/, others beside the page."""
    if src.startswith("/"):
        return "static" + src
    # The writer reads it only if it stays inside the site folder.
    return (source.path.parent / src).relative_to(root).as_posix()


def _plain(caption: str) -> str:
    """A caption as alt text: no brackets that would end it."""
    return " ".join(caption.replace("[", "(").replace("]", ")").split())


def site_address(root: Path) -> str:
    """The old site's `baseURL` (`https://tin.example/`), or ""."""
    return _first_setting(root, _BASE_URL)


ARCHIVE = Archive("Hugo", files, meta, convert, image_path, declared_zone, site_address)
