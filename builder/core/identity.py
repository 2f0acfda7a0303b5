"""The site's identity in `site.toml`: logo, favicon, menu, footer, contact, social links,
the feedback address, extra stylesheets and the free `[extra]` table, validated."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Callable

from .errors import Text
from .frozen import FrozenMap
from .text import clean_text

IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
               ".gif": "image/gif", ".webp": "image/webp", ".svg": "image/svg+xml",
               ".ico": "image/x-icon"}
MENU_TARGETS = ("url", "category", "tag", "page", "archive")
CONTACT_KEYS = ("address", "phone", "email")
# The site's own logo and favicon go here in the output, apart from the theme's files.
IDENTITY_ASSETS = "assets/site"
_EMAIL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+$")
_LINK = re.compile(r"^(https?://[^/\s]+\S*|mailto:\S+|tel:[0-9+ .()-]+)$")

KEYS = ("logo", "favicon", "css", "menu", "footer", "contact", "social", "feedback_email",
        "extra")


@dataclass(frozen=True)
class MenuEntry:
    """One `[[menu]]` entry as written: its name and what it points at."""

    name: str
    target: str  # one of MENU_TARGETS
    value: str  # the URL, category or tag name, page slug ("" for the archive)
    line: int | None = None


Report = Callable[[str, Text], None]  # (key, message)


def read_identity(data: dict, report: Report, line_of: Callable[[str], int | None]) -> dict:
    """The identity keys present in `data`, checked; each problem goes to `report`."""
    values: dict[str, Any] = {}
    readers = {"logo": _image_path, "favicon": _image_path, "css": _css_list,
               "footer": _text_list, "feedback_email": _email, "contact": _contact,
               "social": _social, "extra": _extra, "menu": _menu}
    for key in KEYS:
        if key in data:
            value = readers[key](key, data[key], report, line_of)
            if value is not None:
                values[key] = value
    return values


def _image_path(key: str, value, report: Report, line_of) -> str | None:
    """A relative path to an image file (checked against the disk later)."""
    if not isinstance(value, str) or not value.strip():
        report(key, Text.of("identity", "image_not_text"))
        return None
    path = PurePosixPath(value.strip().replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts:
        report(key, Text.of("identity", "image_outside", path=value))
        return None
    if path.suffix.lower() not in IMAGE_TYPES:
        report(key, Text.of("identity", "not_an_image", path=value,
                                 types=", ".join(IMAGE_TYPES)))
        return None
    return path.as_posix()


def _css_list(key: str, value, report: Report, line_of) -> tuple[str, ...] | None:
    """Stylesheets of the site's template folder, loaded after the built-in one."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        report(key, Text.of("identity", "css_not_list"))
        return None
    sheets = []
    for item in value:
        path = PurePosixPath(item.strip().replace("\\", "/"))
        if path.is_absolute() or ".." in path.parts or path.parts[:1] != ("assets",) \
                or path.suffix.lower() != ".css":
            report(key, Text.of("identity", "css_outside", path=item))
            continue
        sheets.append(path.as_posix())
    return tuple(sheets)


def _text_list(key: str, value, report: Report, line_of) -> tuple[str, ...] | None:
    """A list of lines of text."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        report(key, Text.of("identity", "footer_not_list"))
        return None
    return tuple(clean_text(v).strip() for v in value if v.strip())


def _email(key: str, value, report: Report, line_of) -> str | None:
    """A mail address."""
    if not isinstance(value, str) or not _EMAIL.match(value.strip()):
        report(key, Text.of("identity", "not_an_email"))
        return None
    return value.strip()


def _contact(key: str, value, report: Report, line_of) -> FrozenMap | None:
    """`[contact]`: address, phone and email, all text."""
    if not isinstance(value, dict):
        report(key, Text.of("identity", "contact_not_table"))
        return None
    kept = {}
    for sub, text in value.items():
        if sub not in CONTACT_KEYS:
            report(f"contact.{sub}", unknown_setting(sub, CONTACT_KEYS))
        elif not isinstance(text, str):
            report(f"contact.{sub}", Text.of("identity", "must_be_text"))
        elif sub == "email" and not _EMAIL.match(text.strip()):
            report("contact.email", Text.of("identity", "not_an_email"))
        else:
            kept[sub] = clean_text(text).strip()
    return FrozenMap(kept)


def _social(key: str, value, report: Report, line_of) -> tuple[tuple[str, str], ...] | None:
    """`[social]`: name = "https://…", in the order written."""
    if not isinstance(value, dict):
        report(key, Text.of("identity", "social_not_table"))
        return None
    links = []
    for name, url in value.items():
        if not isinstance(url, str) or not _LINK.match(url.strip()):
            report(f"social.{name}", Text.of("identity", "not_a_link"))
        else:
            links.append((clean_text(name).strip(), url.strip()))
    return tuple(links)


def _extra(key: str, value, report: Report, line_of) -> FrozenMap | None:
    """`[extra]`: anything, handed to templates as it is (read-only)."""
    if not isinstance(value, dict):
        report(key, Text.of("identity", "extra_not_table"))
        return None
    return freeze(value)


def freeze(value):
    """TOML values made read-only: tables become FrozenMaps, arrays tuples, text NFC."""
    if isinstance(value, dict):
        return FrozenMap({k: freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(freeze(v) for v in value)
    if isinstance(value, str):
        return clean_text(value)
    return value


def _menu(key: str, value, report: Report, line_of) -> tuple[MenuEntry, ...] | None:
    """`[[menu]]` entries: a name and exactly one of url, category, tag, page, archive."""
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        report(key, Text.of("identity", "menu_not_entries"))
        return None
    entries = []
    for number, item in enumerate(value, 1):
        where = f"menu[{number}]"
        name = item.get("name")
        targets = [t for t in MENU_TARGETS if t in item]
        unknown = [k for k in item if k not in MENU_TARGETS and k != "name"]
        for sub in unknown:
            report(f"{where}.{sub}", unknown_setting(sub, ("name",) + MENU_TARGETS))
        if not isinstance(name, str) or not name.strip():
            report(where, Text.of("identity", "menu_needs_name"))
            continue
        if len(targets) != 1:
            report(where, Text.of("identity", "menu_one_target", name=name,
                                   targets=", ".join(MENU_TARGETS)))
            continue
        target, raw = targets[0], item[targets[0]]
        entry = _menu_target(where, name, target, raw, report)
        if entry is not None:
            entries.append(MenuEntry(clean_text(name).strip(), target, entry,
                                     line_of(where)))
    return tuple(entries)


def _menu_target(where: str, name: str, target: str, raw, report: Report) -> str | None:
    """The checked value of a menu entry's target."""
    if target == "archive":
        if raw is not True:
            report(f"{where}.archive", Text.of("identity", "must_be_true"))
            return None
        return ""
    if not isinstance(raw, str) or not raw.strip():
        report(f"{where}.{target}", Text.of("identity", "must_be_text"))
        return None
    raw = clean_text(raw).strip()
    if target == "url" and not _LINK.match(raw):
        path = PurePosixPath(raw.lstrip("/"))
        if ".." in path.parts or not re.match(r"^[\w./#-]+$", raw):
            report(f"{where}.url", Text.of("identity", "menu_bad_url", url=raw))
            return None
        return path.as_posix()
    return raw


def unknown_setting(key: str, known) -> Text:
    """`unknown setting; did you mean …?` with the closest known key, else the known keys."""
    close = difflib.get_close_matches(key, list(known), n=1)
    if close:
        return Text.of("config", "unknown_setting_close", suggestion=close[0])
    return Text.of("config", "unknown_setting_known", known=", ".join(known))


def check_files(values: dict, folder: Path, templates: tuple[Path, ...], report: Report) -> None:
    """The logo and favicon exist beside site.toml; each stylesheet in the template folders."""
    for key in ("logo", "favicon"):
        if key in values:
            path = folder / values[key]
            if not path.is_file() or not path.resolve().is_relative_to(folder.resolve()):
                report(key, Text.of("identity", "image_missing", path=values[key]))
                values.pop(key)
    sheets = []
    for sheet in values.get("css", ()):
        if any((d / sheet).is_file() for d in templates):
            sheets.append(sheet)
        else:
            folder_name = templates[0].name if len(templates) > 1 else "templates"
            report("css", Text.of("identity", "css_missing", path=sheet,
                                       place=f"{folder_name}/{sheet}"))
    if "css" in values:
        values["css"] = tuple(sheets)


def identity_output(role: str, path: str) -> str:
    """Where the logo or favicon (`role`) from the site folder is copied in the output:
    named by its role, so two images called `logo.png` in different folders cannot clash."""
    return f"{IDENTITY_ASSETS}/{role}{PurePosixPath(path).suffix.lower()}"
