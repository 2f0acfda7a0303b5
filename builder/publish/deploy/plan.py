"""What a deploy does: the site's files and digests, the manifest kept on the target, and
the ordered list of uploads and deletions that turns one into the other."""
from __future__ import annotations

import gzip
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..output import MARKER

# The manifest lives in the target folder under this name; it lists every file the tool
# put there, so only those are ever replaced or deleted.
# Gzipped JSON: a 10,000-article site's list is about 2 MB as text, 0.6 MB gzipped, and it
# is read by every deploy and written once or twice by every deploy that changes anything.
MANIFEST_NAME = ".campaign-news-manifest.json.gz"
MANIFEST_FORMAT = 1
GENERATOR = "campaign-news"
PENDING = ""  # a file owned by the target but not known to be complete there
_ARTICLE_PAGE = re.compile(r"^\d{4}/\d{2}/[^/]+\.html$")


class ManifestError(ValueError):
    """The manifest on the target is not one this tool wrote (or is damaged)."""


@dataclass(frozen=True)
class Plan:
    """Uploads in the order readers are best served by, then deletions."""

    uploads: tuple[str, ...]
    deletions: tuple[str, ...]
    local: dict  # path -> digest of every file of the site
    previous: dict  # path -> digest (or PENDING) from the target's manifest

    @property
    def empty(self) -> bool:
        """True when the target already holds this site exactly."""
        return not self.uploads and not self.deletions


def digest_file(path: Path) -> str:
    """SHA-256 of a file's bytes, as hex."""
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def scan_site(site: Path) -> dict[str, str]:
    """posix path -> digest of every file of a built site (the marker file stays home)."""
    files = {}
    for path in site.rglob("*"):
        if path.is_file() and not path.is_symlink():
            relative = path.relative_to(site).as_posix()
            if relative not in (MARKER, MANIFEST_NAME):
                files[relative] = digest_file(path)
    return files


def safe_relative(path: str) -> bool:
    """True for a plain relative path inside the target (no `..`, no absolute path)."""
    names = path.split("/")
    return bool(path) and not path.startswith("/") and "\\" not in path and \
        all(name not in ("", ".", "..") for name in names) and path != MANIFEST_NAME


def manifest_bytes(files: dict[str, str]) -> bytes:
    """The manifest: who wrote it and every owned file with its digest (gzipped JSON, the
    same bytes for the same files)."""
    text = json.dumps({"generator": GENERATOR, "format": MANIFEST_FORMAT,
                       "files": dict(sorted(files.items()))},
                      ensure_ascii=False, indent=0).encode("utf-8")
    return gzip.compress(text, 6, mtime=0)


def read_manifest(data: bytes | None) -> dict[str, str]:
    """Owned files from the manifest's bytes (None: a target never deployed to); raises
    ManifestError for anything this tool did not write, or paths leading outside."""
    if data is None:
        return {}
    try:
        parsed = json.loads(gzip.decompress(data).decode("utf-8"))
    except (OSError, EOFError, UnicodeDecodeError, ValueError):
        raise ManifestError("not gzipped JSON") from None
    if not isinstance(parsed, dict) or parsed.get("generator") != GENERATOR or \
            parsed.get("format") != MANIFEST_FORMAT or not isinstance(parsed.get("files"), dict):
        raise ManifestError("not a manifest of this tool")
    files = parsed["files"]
    if not all(isinstance(k, str) and isinstance(v, str) and safe_relative(k)
               for k, v in files.items()):
        raise ManifestError("lists a path outside the target")
    return dict(files)


def upload_rank(path: str) -> int:
    """Media and assets first, then articles, listings, feeds, search index, front page."""
    if path == "index.html":
        return 5
    if path.startswith("search/"):
        return 4
    if path.startswith("feeds/") or path in ("sitemap.xml", "robots.txt") or \
            path.startswith("sitemaps/"):
        return 3
    if _ARTICLE_PAGE.match(path):
        return 1
    if path.endswith(".html"):
        return 2
    return 0  # media/, assets/ and every other file a page may refer to


def make_plan(local: dict[str, str], previous: dict[str, str]) -> Plan:
    """New and changed files (pending ones included) to upload, gone ones to delete."""
    uploads = sorted((p for p, d in local.items() if previous.get(p) != d),
                     key=lambda p: (upload_rank(p), p))
    deletions = sorted(p for p in previous if p not in local)
    return Plan(tuple(uploads), tuple(deletions), local, previous)
