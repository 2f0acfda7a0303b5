"""Jekyll sites: `_posts/YYYY-MM-DD-slug.md` (or `.markdown`) with YAML front matter and
Liquid tags; `_drafts/` as drafts.

The date is the front matter's, else the one in the file name. `layout` is dropped (the
theme decides), `categories` may be a list or a space-separated text (the first is the
section, the others tags), `excerpt` is the summary. Converted: `{% highlight %}` blocks
(fenced code), `{% raw %}` (its text kept, template code in it as code spans), `{% link %}` and `{% post_url %}` (links to the
new files), kramdown attribute lines (`{: #id .class}`, dropped: the theme styles the text).
Any other Liquid tag or `{{ … }}` output is reported with its line. Old addresses:
`permalink` and `redirect_from` (the jekyll-redirect-from plugin).
"""
from __future__ import annotations

import re
from datetime import datetime, tzinfo
from pathlib import Path

from builder.core.errors import Text
from builder.importing import dates
from builder.importing.conversion import Conversion, SourceFile
from builder.importing.markdown_archive import (
    Archive,
    Links,
    Meta,
    date_of,
    list_of,
    text_of,
    truth_of,
)
from builder.importing.old_addresses import generator_slug

_DATED_NAME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-(.+)$")
_HIGHLIGHT = re.compile(r"\{%-?\s*highlight\s+([\w+-]+)[^%]*-?%\}\n?(.*?)\n?\{%-?\s*endhighlight\s*-?%\}",
                        re.DOTALL)
_RAW = re.compile(r"\{%-?\s*raw\s*-?%\}(.*?)\{%-?\s*endraw\s*-?%\}", re.DOTALL)
_LINK = re.compile(r"\{%-?\s*(link|post_url)\s+([^%\s]+)\s*-?%\}")
# `{{ site.baseurl }}/assets/x.jpg`, `{{ site.url }}{{ site.baseurl }}/…`: the site's own root.
_SITE_ROOT = re.compile(r"(?:\{\{-?\s*site\.(?:url|baseurl)\s*-?\}\})+(?=/)")
# `{{ "/assets/x.jpg" | relative_url }}` (or absolute_url): that path on the site.
_URL_FILTER = re.compile(r"""\{\{-?\s*(["'])([^"'\n]+)\1\s*\|\s*(?:relative_url|absolute_url)\s*-?\}\}""")
_IAL = re.compile(r"^\{:[^}\n]*\}[ \t]*(?:\n|$)", re.MULTILINE)
_LIQUID = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.DOTALL)
_RAW_MARK = "\x00raw{}\x00"
_RAW_MARKED = re.compile("\x00raw(\\d+)\x00")
_TOKEN = re.compile(r":(\w+)")
# Jekyll's named permalink styles.
_STYLES = {"date": "/:categories/:year/:month/:day/:title:output_ext",
           "pretty": "/:categories/:year/:month/:day/:title/",
           "ordinal": "/:categories/:year/:y_day/:title:output_ext",
           "none": "/:categories/:title:output_ext"}


def is_site(folder: Path) -> bool:
    """True for a Jekyll site folder: its settings file or its _posts folder."""
    return (folder / "_config.yml").is_file() or (folder / "_posts").is_dir()


def files(root: Path) -> list[Path]:
    """The posts and drafts."""
    found = []
    for folder in ("_posts", "_drafts"):
        if (root / folder).is_dir():
            found += [p for p in sorted((root / folder).rglob("*"))
                      if p.is_file() and not p.name.startswith(".")]
    return found


def meta(source: SourceFile, root: Path, zone: tzinfo) -> Meta:
    """Jekyll's front matter in this generator's terms (a date without a zone in `zone`)."""
    m = source.meta
    # `categories` may be a space-separated text; `category` always names one.
    categories = (list_of(m.get("categories"), split_spaces=True) if m.get("categories")
                  else list_of([m.get("category")] if m.get("category") else None))
    in_drafts = "_drafts" in source.path.relative_to(root).parts
    published = date_of(m.get("date"), zone) or _date_from_name(source.path, zone)
    pattern = text_of(m.get("permalink")) or ("" if in_drafts else _site_permalink(root))
    aliases = [_address(pattern, source.path, categories, published)] if pattern and published else []
    aliases += list_of(m.get("redirect_from"))
    return Meta(
        title=text_of(m.get("title")) or _title_from_name(source.path),
        published=published,
        tags=tuple(list_of(m.get("tags"), split_spaces=True) + categories[1:]),
        category=categories[0] if categories else "",
        author=text_of(m.get("author")),
        summary=text_of(m.get("excerpt") or m.get("description")),
        draft=in_drafts or (m.get("published") is not None and not truth_of(m.get("published"))),
        aliases=tuple(dict.fromkeys(a for a in aliases if a)),
    )


def _site_permalink(root: Path) -> str:
    """The site's permalink pattern (`date`, Jekyll's default, unless _config.yml says)."""
    try:
        text = (root / "_config.yml").read_text("utf-8", errors="replace")
    except OSError:
        text = ""
    found = re.search(r"^permalink:\s*['\"]?([^'\"\n#]+?)['\"]?\s*$", text, re.MULTILINE)
    style = found.group(1) if found else "date"
    return _STYLES.get(style, style)


def _address(pattern: str, path: Path, categories: list[str], published: datetime) -> str:
    """A permalink pattern filled in for one post, as Jekyll writes it."""
    found = _DATED_NAME.match(path.stem)
    values = {
        "year": f"{published.year:04d}", "month": f"{published.month:02d}",
        "day": f"{published.day:02d}", "i_month": str(published.month), "i_day": str(published.day),
        "short_year": f"{published.year % 100:02d}", "y_day": f"{published.timetuple().tm_yday:03d}",
        "title": found[4] if found else path.stem, "slug": found[4] if found else path.stem,
        "categories": "/".join(generator_slug(c) for c in categories), "output_ext": ".html",
    }
    address = _TOKEN.sub(lambda t: values.get(t.group(1), t.group(0)), pattern)
    return "/" + re.sub(r"/{2,}", "/", address).lstrip("/")


def _date_from_name(path: Path, zone: tzinfo) -> datetime | None:
    """The date in a post's file name (`2020-09-17-ten-bai.md`)."""
    found = _DATED_NAME.match(path.stem)
    return dates.parse_date(f"{found[1]}-{found[2]}-{found[3]}", zone) if found else None


def declared_zone(root: Path) -> str:
    """The `timezone` _config.yml names (Jekyll reads dates without a zone in it), or ""."""
    try:
        text = (root / "_config.yml").read_text("utf-8", errors="replace")
    except OSError:
        return ""
    found = re.search(r"^timezone:\s*['\"]?([\w/+-]+)", text, re.MULTILINE)
    return found.group(1) if found else ""


def _title_from_name(path: Path) -> str:
    """A title from the file name when the front matter has none."""
    found = _DATED_NAME.match(path.stem)
    return (found[4] if found else path.stem).replace("-", " ").strip().capitalize()


def convert(conversion: Conversion, links: Links) -> None:
    """Liquid and kramdown markup converted; the rest reported."""
    kept: list[str] = []

    def keep_raw(match: re.Match[str]) -> str:
        """Text inside {% raw %}: shown as written, never read as Liquid."""
        kept.append(match.group(1))
        return _RAW_MARK.format(len(kept) - 1)

    def fence(match: re.Match[str]) -> str:
        """A highlight block as fenced code."""
        return f"```{match.group(1)}\n{match.group(2)}\n```"

    def link(match: re.Match[str]) -> str:
        """A link tag as the new file of the post it names, or the site path of a file."""
        found = links.to_name(match.group(2))
        if found is None and match.group(1) == "link" and _site_file(links.root, match.group(2)):
            return "/" + match.group(2).lstrip("/")  # a photo or other file of the site
        if found is None:
            conversion.unconverted(Text.of("import", "no_such_post",
                                           code=f"{{% {match.group(1)} {match.group(2)} %}}"),
                                   match.start())
            return match.group(0)
        return found

    def other(match: re.Match[str]) -> str:
        """Any other Liquid: reported, kept."""
        conversion.unconverted(Text.of("import", "liquid", code=" ".join(match.group(0).split())[:60]),
                               match.start())
        return match.group(0)

    def restore(match: re.Match[str]) -> str:
        """Template code shown as typed: as code, so the generator never takes it for Liquid."""
        return _LIQUID.sub(lambda m: f"`{m.group(0)}`", kept[int(match.group(1))])

    conversion.sub(_RAW, keep_raw)
    conversion.sub(_HIGHLIGHT, fence)
    conversion.sub(_LINK, link)
    conversion.sub(_SITE_ROOT, lambda m: "")
    conversion.sub(_URL_FILTER, lambda m: "/" + m.group(2).lstrip("/"))
    conversion.sub(_IAL, lambda m: "")
    conversion.sub(_LIQUID, other)
    conversion.sub(_RAW_MARKED, restore)


def _site_file(root: Path, name: str) -> bool:
    """True when the name is a file of the site folder (and inside it)."""
    candidate = (root / name.lstrip("/")).resolve()
    return candidate.is_relative_to(root.resolve()) and candidate.is_file()


def image_path(src: str, source: SourceFile, root: Path) -> str | None:
    """A photo as a path from the site folder: `/assets/x.jpg` from the site's root."""
    if src.startswith("/"):
        return src.lstrip("/")
    if src.startswith("{{"):
        return None
    return (source.path.parent / src).relative_to(root).as_posix()


def site_address(root: Path) -> str:
    """The old site's address: `url` and `baseurl` of _config.yml, or ""."""
    try:
        text = (root / "_config.yml").read_text("utf-8", errors="replace")
    except OSError:
        return ""
    url = re.search(r"""^url:\s*['"]?(https?://[^'"\s#]+)""", text, re.MULTILINE)
    base = re.search(r"""^baseurl:\s*['"]?(/[^'"\s#]*)""", text, re.MULTILINE)
    return (url.group(1).rstrip("/") + (base.group(1).rstrip("/") if base else "")) if url else ""


ARCHIVE = Archive("Jekyll", files, meta, convert, image_path, declared_zone, site_address)
