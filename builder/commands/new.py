"""`python build.py new "Tiêu đề"`: a new article file with its front matter filled in."""
from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

from ..core.i18n import catalogue

# Fields `new` always writes, empty when not given, so an editor sees what can be filled in.
SKELETON = ("tags", "category", "author", "summary", "image", "image_caption")
HELP = "create content/YYYY/<slug>.md for a new article"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of `new`."""
    parser.add_argument("title", help="title of the article")
    parser.add_argument("--tags", default="", help="comma-separated tags, e.g. 'Dân vận khéo, Đức Huệ'")
    parser.add_argument("--category", default=None, help="category")
    parser.add_argument("--draft", action="store_true", help="mark it as a draft")
    parser.add_argument("--content", default="content", help="content folder (default: content)")
    parser.add_argument("--config", default="site.toml",
                        help="settings file, for the time zone (default: site.toml)")


def split_tags(text: str) -> list[str]:
    """`"a, b,,a "` -> `["a", "b"]`: trimmed, NFC, no empty or repeated names."""
    from ..core.text import clean_text

    tags: list[str] = []
    for part in text.split(","):
        tag = clean_text(part).strip()
        if tag and tag not in tags:
            tags.append(tag)
    return tags


def front_matter_text(title: str, when: datetime, tags: list[str], category: str | None,
                      draft: bool) -> str:
    """The new file's text: front matter from the one writer importers use, with every field
    of the skeleton written (empty ones ready to fill in), and an empty body."""
    from ..content.front_matter_writer import front_matter

    fields = {"title": title, "date": when.replace(second=0, microsecond=0), "tags": tags,
              "category": category, "author": None, "summary": None, "image": None,
              "image_caption": None, "draft": draft}
    return front_matter(fields, keep_empty=SKELETON) + "\n"


def article_path(content_dir: Path, title: str, when: datetime) -> Path:
    """`content/YYYY/<slug>.md`, the slug transliterated from the title."""
    from ..core.text import slugify

    return content_dir / f"{when.year:04d}" / f"{slugify(title)}.md"


def run(args: argparse.Namespace) -> int:
    """Write the file (never over an existing one) and print its path."""
    from ..core.config import load_config
    from ..core.text import clean_text

    config = load_config(Path(args.config))
    words = catalogue(args.lang).group("new")
    title = clean_text(args.title).strip()
    if not title:
        print(words["empty"], file=sys.stderr)
        return 1
    category = clean_text(args.category).strip() if args.category else None
    when = datetime.now(config.tz)
    path = article_path(Path(args.content), title, when)
    text = front_matter_text(title, when, split_tags(args.tags), category, args.draft)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # "x" fails if the file exists, atomically: two editors never overwrite each other.
        with open(path, "x", encoding="utf-8", newline="\n") as file:
            file.write(text)
    except FileExistsError:
        print(words["exists"].format(path=path), file=sys.stderr)
        return 1
    except OSError as exc:
        print(words["cannot"].format(path=path, reason=exc.strerror or exc), file=sys.stderr)
        return 1
    print(path)
    return 0
