"""Packs a built site folder into one zip for offline reading (a USB stick, an e-mail).

Layout of the zip: a start page at the root (`MO-TRANG-NAY.html`, or `OPEN-ME.html` for
English sites) that opens `trang-tin/index.html` (`site/` in English), and the whole site in
that folder, so unzipping never scatters files and the folder can also be copied to a web
host as it is.
The zip is deterministic: entries in a fixed order, one timestamp for all (the newest
`updated` of the site feed), fixed permissions.
"""
from __future__ import annotations

import os
import re
import zipfile
from datetime import datetime
from pathlib import Path

from markupsafe import Markup, escape

from ..core.urls import HOME, SITE_FEED

# Already compressed: deflating them again costs time and saves nothing.
STORED_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".mp3",
                             ".mp4", ".webm", ".zip", ".gz", ".woff", ".woff2"})
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry
_FEED_UPDATED = re.compile(rb"<updated>([^<]+)</updated>")


def bundle_time(site_dir: Path) -> tuple[int, ...]:
    """The time every entry carries: when the newest article changed, else 1980-01-01."""
    try:
        head = (site_dir / SITE_FEED).read_bytes()[:4096]
    except OSError:
        return ZIP_EPOCH
    found = _FEED_UPDATED.search(head)
    if not found:
        return ZIP_EPOCH
    try:
        when = datetime.fromisoformat(found[1].decode("ascii"))
    except (ValueError, UnicodeDecodeError):
        return ZIP_EPOCH
    # Zip times have no zone: the site's own wall-clock time is what readers expect to see.
    return max(ZIP_EPOCH, when.timetuple()[:6])


def start_page(title: str, folder: str, strings, language: str) -> bytes:
    """The page at the zip root: opens the site, and says what to do if it does not."""
    target = f"{folder}/{HOME}"
    # Markup.replace would escape a plain-str replacement: build the bold folder as Markup.
    note = escape(strings["bundle_note"]).replace("{folder}", Markup("<b>{}</b>").format(folder))
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(language)}">\n<head>\n'
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n"
        f'<meta http-equiv="refresh" content="0; url={escape(target)}">\n'
        "</head>\n<body>\n"
        f'<h1><a href="{escape(target)}">{escape(strings["bundle_open"])}: {escape(title)}</a>'
        "</h1>\n"
        f"<p>{note}</p>\n"
        "</body>\n</html>\n").encode("utf-8")


def site_files(site_dir: Path) -> list[str]:
    """Every file of the site as a sorted posix path, hidden files (the marker) left out."""
    found = []
    for file in site_dir.rglob("*"):
        rel = file.relative_to(site_dir).as_posix()
        if file.is_file() and not any(part.startswith(".") for part in rel.split("/")):
            found.append(rel)
    return sorted(found)


def _entry(name: str, when: tuple[int, ...]) -> zipfile.ZipInfo:
    """A zip entry with fixed time, permissions and compression."""
    info = zipfile.ZipInfo(name, date_time=when)
    info.create_system = 3  # Unix, so the permissions below are read
    info.external_attr = 0o644 << 16
    stored = os.path.splitext(name)[1].lower() in STORED_SUFFIXES
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    return info


def pack(site_dir: Path, zip_path: Path, folder: str, start_name: str,
         start_html: bytes) -> int:
    """Write the zip (through a temporary file, so a failure leaves no half zip); returns the
    number of site files packed."""
    when = bundle_time(site_dir)
    files = site_files(site_dir)
    partial = zip_path.with_name(f".{zip_path.name}.partial-{os.getpid()}")
    try:
        with zipfile.ZipFile(partial, "w") as archive:
            archive.writestr(_entry(start_name, when), start_html, compresslevel=9)
            for rel in files:
                archive.writestr(_entry(f"{folder}/{rel}", when),
                                 (site_dir / rel).read_bytes(), compresslevel=9)
        os.replace(partial, zip_path)
    finally:
        partial.unlink(missing_ok=True)
    return len(files)
