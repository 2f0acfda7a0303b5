"""The record of published addresses: `content/.addresses.toml`, committed with the content.

Once an article has been published at an address, that address is its own for good: an
older article with the same title added later gets `-2`, never the published one. The
build adds every newly published article to the record (and says so); as the file lives
with the content and is committed, a fresh clone keeps every address too. Each line is
`"<content path>" = "<slug>"`; the address is `YYYY/MM/<slug>.html` from the article's date.
"""
from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path

from ..core.errors import Problem, Text
from ..core.urls import is_valid_slug

RECORD_NAME = ".addresses.toml"
HEADER = ("# Addresses given to published articles (content path = slug), kept by the build.\n"
          "# Commit this file: an address, once published, never moves to another article.\n"
          "# Delete a line to let an article take a new address from its title.\n")


def load_addresses(content_dir: Path, shown_root: str,
                   parse=None) -> tuple[dict[str, str], tuple[Problem, ...]]:
    """The recorded slugs by content path (none if there is no record), and its problems;
    `parse` stands in for `parse_addresses` (the build's memo of it)."""
    path = content_dir / RECORD_NAME
    shown = f"{shown_root}/{RECORD_NAME}"
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return {}, ()
    except OSError as exc:
        return {}, (Problem(shown, None, None, None,
                            Text.of("addresses", "unreadable", reason=str(exc))),)
    return (parse or parse_addresses)(data, shown)


def parse_addresses(data: bytes, shown: str) -> tuple[dict[str, str], tuple[Problem, ...]]:
    """The record's slugs by content path, and its problems (`shown` names the file)."""
    try:
        parsed = tomllib.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return {}, (Problem(shown, None, None, None,
                            Text.of("addresses", "unreadable", reason=str(exc))),)
    record, problems = {}, []
    for source, slug in parsed.items():
        if isinstance(slug, str) and is_valid_slug(slug):
            record[source] = slug
        else:
            problems.append(Problem(shown, None, None, source,
                                    Text.of("addresses", "bad_slug")))
    return record, tuple(problems)


def save_addresses(content_dir: Path, record: dict[str, str]) -> None:
    """Write the record (sorted, so a diff shows only what was added); OSError if it cannot."""
    lines = [f"{json.dumps(source, ensure_ascii=False)} = {json.dumps(slug)}\n"
             for source, slug in sorted(record.items())]
    path = content_dir / RECORD_NAME
    temporary = path.with_name(f"{RECORD_NAME}.{os.getpid()}.tmp")
    temporary.write_text(HEADER + "".join(lines), encoding="utf-8", newline="\n")
    os.replace(temporary, path)
