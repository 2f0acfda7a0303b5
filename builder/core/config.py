"""Site settings from `site.toml` and build options, validated once into frozen objects."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from .frozen import FrozenMap
from typing import Any, Mapping
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from . import identity
from .errors import ConfigError, Problem, Text
from .text import WINDOWS_RESERVED, clean_text, slugify

# The theme that ships with the generator: used when the site has no templates/ of its own.
# An installed wheel carries it as package data (builder/theme/, copied there by setup.py);
# a checkout (or an editable install) reads its source, the top-level templates/ folder.
_PACKAGED_THEME = Path(__file__).resolve().parent.parent / "theme"
BUILTIN_TEMPLATES = (_PACKAGED_THEME if _PACKAGED_THEME.is_dir()
                     else Path(__file__).resolve().parent.parent.parent / "templates")

LANGUAGES = ("vi", "en")
RAW_HTML_POLICIES = ("sanitize", "allow")
FEED_CONTENT = ("full", "summary")
MAX_ARTICLE_KB = 4096  # the largest content file a build reads (max_article_kb in site.toml)
_SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class ImageSettings:
    """The `[images]` table: how photos are resized, encoded and checked."""

    widths: tuple[int, ...] = (480, 960, 1600)  # photos in pages: lead, figures, top story
    card_widths: tuple[int, ...] = (240, 480)  # the small pictures of post cards
    webp: bool = True  # a WebP copy besides the JPEG (or PNG) every browser reads
    quality: int = 78  # JPEG and WebP quality, 1-100
    max_megapixels: float = 50.0  # larger photos are refused (decompression bombs)
    publish_originals: bool = False  # also publish the editor's file as it is (metadata and all)
    large_original_kb: int = 3072  # `check` warns about originals larger than this

    def signature(self) -> str:
        """What the encoded copies depend on (the check threshold does not count)."""
        return repr((self.widths, self.card_widths, self.webp, self.quality))


@dataclass(frozen=True)
class SiteConfig:
    """Everything `site.toml` can set, with its defaults."""

    title: str = "Tin phong trào thi đua"
    description: str = ""
    base_url: str = ""
    language: str = "vi"
    timezone: str = "Asia/Ho_Chi_Minh"
    per_page: int = 10
    related_count: int = 4
    summary_length: int = 280
    raw_html: str = "sanitize"
    feed_items: int = 20
    feed_content: str = "full"
    search_full_text: bool = False
    max_article_kb: int = MAX_ARTICLE_KB
    templates_dir: Path | None = None  # the site's own templates, overriding the built-in ones
    logo: str | None = None  # image path relative to the site folder
    favicon: str | None = None
    css: tuple[str, ...] = ()  # the site's stylesheets, after the built-in one
    menu: tuple[identity.MenuEntry, ...] = ()  # empty: the built-in main navigation
    footer: tuple[str, ...] = ()  # lines of the footer (licence, responsible person, …)
    contact: Mapping[str, str] = field(default_factory=lambda: FrozenMap({}))
    social: tuple[tuple[str, str], ...] = ()  # (name, URL) in the order written
    feedback_email: str | None = None  # "Gửi ý kiến" under each article
    extra: Mapping[str, Any] = field(default_factory=lambda: FrozenMap({}))
    site_dir: Path | None = None  # folder of site.toml: logo and favicon are relative to it
    tag_slugs: Mapping[str, str] = field(default_factory=lambda: FrozenMap({}))
    category_slugs: Mapping[str, str] = field(default_factory=lambda: FrozenMap({}))
    author_slugs: Mapping[str, str] = field(default_factory=lambda: FrozenMap({}))
    images: ImageSettings = ImageSettings()
    deploy_target: str = ""  # where `deploy` publishes when no TARGET is given
    deploy_endpoint_url: str = ""  # S3-compatible store's address
    source: str = ""

    @property
    def template_dirs(self) -> tuple[Path, ...]:
        """Where templates are looked up, first match wins: the site's, then the built-in."""
        return _dirs(self.templates_dir)

    @property
    def identity_files(self) -> tuple[Path, ...]:
        """The logo and favicon files the site names (a build copies them)."""
        if self.site_dir is None:
            return ()
        return tuple(self.site_dir / name for name in (self.logo, self.favicon) if name)

    @property
    def tz(self) -> ZoneInfo:
        """The site time zone object."""
        return ZoneInfo(self.timezone)


@dataclass(frozen=True)
class BuildOptions:
    """What the command line chose for one build."""

    content_dir: Path
    output_dir: Path
    drafts: bool = False
    future: bool = False
    jobs: int = 1
    cache_dir: Path | None = None
    # False for the preview: photo copies are made when the browser asks for them
    # (photos.store.produce), never all before the first page shows.
    encode_photos: bool = True


# key -> (attribute, expected type, the catalogue's name of that type: group "config", "type_…")
_SCALARS: dict[str, tuple[str, type | tuple, str]] = {
    "title": ("title", str, "type_text"),
    "description": ("description", str, "type_text"),
    "base_url": ("base_url", str, "type_url"),
    "language": ("language", str, "type_text"),
    "timezone": ("timezone", str, "type_zone"),
    "per_page": ("per_page", int, "type_whole"),
    "related_count": ("related_count", int, "type_whole"),
    "summary_length": ("summary_length", int, "type_whole"),
    "raw_html": ("raw_html", str, "type_text"),
    "max_article_kb": ("max_article_kb", int, "type_whole"),
    "templates": ("templates_dir", str, "type_folder"),
}
_TABLES = {
    "feeds": {"items": ("feed_items", int, "type_whole"),
              "content": ("feed_content", str, "type_text")},
    "search": {"full_text": ("search_full_text", bool, "type_bool")},
    "deploy": {"target": ("deploy_target", str, "type_deploy_address"),
               "endpoint_url": ("deploy_endpoint_url", str, "type_url")},
}
DEPLOY_SCHEMES = ("sftp://", "ftp://", "ftps://", "s3://", "git+file://", "git+ssh://")
_SLUG_TABLES = {"tags": "tag_slugs", "categories": "category_slugs", "authors": "author_slugs"}
# [images] key -> (check, the catalogue's description of a good value)
_IMAGE_KEYS: dict[str, tuple[Any, str]] = {
    "widths": (lambda v: _widths(v),
               Text.of("config", "type_widths", example="[480, 960, 1600]")),
    "card_widths": (lambda v: _widths(v), Text.of("config", "type_widths", example="[240, 480]")),
    "webp": (lambda v: isinstance(v, bool), Text.of("config", "type_bool")),
    "quality": (lambda v: _whole(v) and 1 <= v <= 100, Text.of("config", "type_quality")),
    "max_megapixels": (lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)
                       and 0 < v <= 1000, Text.of("config", "type_megapixels")),
    "publish_originals": (lambda v: isinstance(v, bool), Text.of("config", "type_bool")),
    "large_original_kb": (lambda v: _whole(v) and v >= 1, Text.of("config", "type_kb")),
}


def _whole(value: Any) -> bool:
    """True for a TOML integer (bool is not one here)."""
    return isinstance(value, int) and not isinstance(value, bool)


def _widths(value: Any) -> bool:
    """True for a non-empty list of sensible pixel widths."""
    return (isinstance(value, list) and bool(value)
            and all(_whole(v) and 16 <= v <= 8000 for v in value))


def _read_images(table: dict, path: str, text: str, problems: list) -> ImageSettings:
    """Read the `[images]` table; bad values are reported and their defaults kept."""
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in _IMAGE_KEYS:
            _unknown(problems, path, text, key, _IMAGE_KEYS)
            continue
        good, description = _IMAGE_KEYS[key]
        if not good(value):
            problems.append(Problem(path, _line_of(text, key), None, f"images.{key}",
                                    Text.of("config", "must_be", what=description)))
        elif key in ("widths", "card_widths"):
            values[key] = tuple(sorted(set(value)))
        else:
            values[key] = float(value) if key == "max_megapixels" else value
    return ImageSettings(**values)


def _line_of(text: str, key: str) -> int | None:
    """Line where `key = ...` is first written in the TOML text (tomllib keeps no positions);
    `menu[2]` is the second `[[menu]]`, `menu[2].tag` the first `tag =` after it."""
    entry = re.match(r"^menu\[(\d+)\](?:\.(.+))?$", key)
    if entry:
        headers = list(re.finditer(r"^[ \t]*\[\[[ \t]*menu[ \t]*\]\]", text, re.M))
        if int(entry[1]) > len(headers):
            return _line_of(text, "menu")
        start = headers[int(entry[1]) - 1].start()
        line = text.count("\n", 0, start) + 1
        if entry[2]:
            below = _line_of(text[start:], entry[2])
            return line + below - 1 if below else line
        return line
    pattern = re.compile(rf'^[ \t]*"?{re.escape(key)}"?[ \t]*=', re.M)
    match = pattern.search(text)
    if match is None:  # a table: its `[key]` header
        match = re.compile(rf"^[ \t]*\[\[?[ \t]*{re.escape(key)}[ \t]*\]", re.M).search(text)
    if match is None and "." in key:  # `contact.email`: the `email =` line
        return _line_of(text, key.rsplit(".", 1)[-1])
    return text.count("\n", 0, match.start()) + 1 if match else None


def _unknown(problems: list, path: str, text: str, key: str, known) -> None:
    """Report an unknown key with the closest known one as a hint."""
    problems.append(Problem(path, _line_of(text, key), None, key,
                            identity.unknown_setting(key, sorted(known))))


def _must_be(name: str) -> Text:
    """`must be <a type>`, the type named by its catalogue key (`type_whole`)."""
    return Text.of("config", "must_be", what=Text.of("config", name))


def _check_type(value: Any, expected, name: str) -> bool:
    """True if `value` has the expected TOML type (bool is not an int here)."""
    if expected is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, expected)


def _read_values(data: dict, path: str, text: str, problems: list) -> dict:
    """Check keys and types of the parsed TOML and map them to SiteConfig attributes."""
    values: dict[str, Any] = {}
    known = set(_SCALARS) | set(_TABLES) | {"slugs", "images"} | set(identity.KEYS)

    def report(key: str, message: str) -> None:
        problems.append(Problem(path, _line_of(text, key), None, key, message))

    values.update(identity.read_identity(data, report, lambda key: _line_of(text, key)))
    for key, value in data.items():
        if key in identity.KEYS:
            continue
        if key in _SCALARS:
            attr, expected, name = _SCALARS[key]
            if not _check_type(value, expected, name):
                problems.append(Problem(path, _line_of(text, key), None, key, _must_be(name)))
            else:
                values[attr] = clean_text(value) if isinstance(value, str) else value
        elif key in _TABLES and isinstance(value, dict):
            for sub, subvalue in value.items():
                if sub not in _TABLES[key]:
                    _unknown(problems, path, text, sub, _TABLES[key])
                    continue
                attr, expected, name = _TABLES[key][sub]
                if not _check_type(subvalue, expected, name):
                    problems.append(Problem(path, _line_of(text, sub), None, f"{key}.{sub}",
                                            _must_be(name)))
                else:
                    values[attr] = subvalue
        elif key == "slugs" and isinstance(value, dict):
            values.update(_read_slug_tables(value, path, text, problems))
        elif key == "images" and isinstance(value, dict):
            values["images"] = _read_images(value, path, text, problems)
        elif key in known:
            problems.append(Problem(path, _line_of(text, key), None, key,
                                    Text.of("config", "must_be_table")))
        else:
            _unknown(problems, path, text, key, known)
    return values


def _read_slug_tables(tables: dict, path: str, text: str, problems: list) -> dict:
    """Read `[slugs.tags]`, `[slugs.categories]`, `[slugs.authors]`: name -> slug overrides."""
    values = {}
    for kind, table in tables.items():
        if kind not in _SLUG_TABLES:
            _unknown(problems, path, text, kind, _SLUG_TABLES)
            continue
        if not isinstance(table, dict):
            problems.append(Problem(path, _line_of(text, kind), None, f"slugs.{kind}",
                                    Text.of("config", "slug_table")))
            continue
        mapping = {}
        for name, slug in table.items():
            if not isinstance(slug, str) or not _SLUG_RE.match(slug):
                problems.append(Problem(
                    path, _line_of(text, name), None, f"slugs.{kind}",
                    Text.of("config", "slug_chars", name=name, example=slugify(name))))
            elif slug in WINDOWS_RESERVED:
                problems.append(Problem(
                    path, _line_of(text, name), None, f"slugs.{kind}",
                    Text.of("config", "slug_reserved", name=name, slug=slug)))
            else:
                mapping[clean_text(name)] = slug
        values[_SLUG_TABLES[kind]] = FrozenMap(mapping)
    return values


def _check_values(values: dict, path: str, text: str, problems: list) -> None:
    """Check value ranges and choices once the types are right."""
    def bad(key, attr, message):
        problems.append(Problem(path, _line_of(text, key), None, key, message))
        values.pop(attr, None)

    if values.get("language", "vi") not in LANGUAGES:
        bad("language", "language", Text.of("config", "one_of", choices=", ".join(LANGUAGES)))
    if values.get("raw_html", "sanitize") not in RAW_HTML_POLICIES:
        bad("raw_html", "raw_html",
            Text.of("config", "one_of", choices=", ".join(RAW_HTML_POLICIES)))
    if values.get("feed_content", "full") not in FEED_CONTENT:
        bad("content", "feed_content",
            Text.of("config", "one_of", choices=", ".join(FEED_CONTENT)))
    for key, attr in (("per_page", "per_page"), ("feeds.items", "feed_items"),
                      ("summary_length", "summary_length"), ("max_article_kb", "max_article_kb")):
        if attr in values and values[attr] < 1:
            bad(key.split(".")[-1], attr, Text.of("config", "at_least_1"))
    if values.get("related_count", 0) < 0:
        bad("related_count", "related_count", Text.of("config", "zero_or_more"))
    try:
        ZoneInfo(values.get("timezone", "Asia/Ho_Chi_Minh"))
    except (ZoneInfoNotFoundError, ValueError):
        bad("timezone", "timezone", Text.of("config", "unknown_zone"))
    _check_deploy(values, bad)
    problem = base_url_problem(values.get("base_url", ""))
    if problem:
        bad("base_url", "base_url", problem)


def base_url_problem(url: str) -> Text | None:
    """Why a base_url cannot be used, or None. Every page's absolute address is made by
    appending its path, so a query string or fragment would end up in the middle."""
    if not url:
        return None
    if not re.match(r"^https?://[^/\s?#]+(/\S*)?$", url):
        return Text.of("config", "base_url_scheme")
    if "?" in url or "#" in url:
        query = "?" in url.split("#")[0]
        return Text.of("config", "base_url_query" if query else "base_url_fragment")
    return None


def _check_deploy(values: dict, bad) -> None:
    """`[deploy] target` names a known kind of address and carries no password: credentials
    never come from site.toml (it is committed and shared)."""
    target = values.get("deploy_target", "")
    if target and not target.lower().startswith(DEPLOY_SCHEMES):
        bad("target", "deploy_target",
            Text.of("config", "deploy_scheme", schemes=", ".join(DEPLOY_SCHEMES)))
    elif re.match(r"^[a-z0-9+]+://[^/@]*:[^/@]*@", target, re.I):
        bad("target", "deploy_target", Text.of("config", "deploy_password"))
    endpoint = values.get("deploy_endpoint_url", "")
    if endpoint and not re.match(r"^https?://[^/\s]+(/\S*)?$", endpoint):
        bad("endpoint_url", "deploy_endpoint_url", Text.of("config", "endpoint_scheme"))


def normalize_base_url(url: str) -> str:
    """`https://x.org/tin-tuc` -> `https://x.org/tin-tuc/` (always ends with a slash)."""
    return url if not url or url.endswith("/") else url + "/"


def load_config(path: Path | None, base_url: str | None = None) -> SiteConfig:
    """Read and validate `site.toml` (missing file: all defaults); raise ConfigError."""
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    text = ""
    shown = str(path) if path else "site.toml"
    folder = path.parent if path else Path.cwd()
    if path is not None and path.is_file():
        try:
            text = path.read_bytes().decode("utf-8-sig")
            data = tomllib.loads(text)
        except UnicodeDecodeError as exc:
            raise ConfigError(Problem(shown, None, None, None,
                                      Text.of("config", "not_utf8",
                                              byte=f"0x{exc.object[exc.start]:02X}")))
        except tomllib.TOMLDecodeError as exc:
            found = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
            message = re.sub(r"\s*\(at line.*\)", "", str(exc))
            raise ConfigError(Problem(shown, int(found[1]) if found else None,
                                      int(found[2]) if found else None, None,
                                      Text.of("config", "not_toml", reason=message)))
        values = _read_values(data, shown, text, problems)
        _check_values(values, shown, text, problems)
    elif path is not None and path.exists():
        problems.append(Problem(shown, None, None, None, Text.of("config", "not_a_file")))
    if base_url is not None:
        problem = base_url_problem(base_url)
        if problem:
            problems.append(Problem("--base-url", None, None, None, problem))
        else:
            values["base_url"] = base_url
    try:
        values["templates_dir"] = _templates_dir(folder, values.get("templates_dir"), shown)
    except ConfigError as exc:
        raise ConfigError(problems + list(exc.problems)) from None
    # Files named in site.toml are checked in the same run as its other problems.
    identity.check_files(values, folder, _dirs(values["templates_dir"]),
                         lambda key, message: problems.append(
                             Problem(shown, _line_of(text, key), None, key, message)))
    if problems:
        raise ConfigError(problems)
    values["base_url"] = normalize_base_url(values.get("base_url", ""))
    return SiteConfig(source=shown, site_dir=folder.resolve(), **values)


def _dirs(templates_dir: Path | None) -> tuple[Path, ...]:
    """Template folders in lookup order: the site's own first, the built-in theme last."""
    if templates_dir is None or templates_dir == BUILTIN_TEMPLATES:
        return (BUILTIN_TEMPLATES,)
    return (templates_dir, BUILTIN_TEMPLATES)


def _refuse_outside_links(folder: Path, shown: str) -> None:
    """Templates are read only from inside their folder: no symlink may lead out of it."""
    root = folder.resolve()
    problems = []
    for path in sorted(folder.rglob("*")):
        if path.is_symlink():
            try:
                inside = path.resolve(strict=True).is_relative_to(root)
            except (OSError, RuntimeError):
                inside = False
            if not inside:
                rel = path.relative_to(folder.parent).as_posix()
                problems.append(Problem(rel, None, None, None,
                                        Text.of("config", "templates_symlink")))
    if problems:
        raise ConfigError(problems)


def _templates_dir(folder: Path, setting: str | None, shown: str) -> Path | None:
    """The site's own templates folder (`templates/` beside site.toml by default), if any."""
    own = folder / (setting or "templates")
    if own.is_dir():
        _refuse_outside_links(own, shown)
        return own.resolve()
    if setting:
        raise ConfigError(Problem(shown, None, None, "templates",
                                  Text.of("config", "templates_missing", folder=setting)))
    return None
