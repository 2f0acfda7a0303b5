"""Content stage: every file read, parsed and its body converted, all problems collected.

`process_file` is the unit of work: it depends only on the file's bytes, the settings that
shape parsing and conversion, and the files its body refers to, which is what lets it run
in worker processes and be cached.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .config import SiteConfig
from .content import Article, find_content, load_article
from .errors import ContentError, Problem
from .markdown_convert import Converted, Converter


@dataclass(frozen=True)
class FileResult:
    """What one content file gave: an article and its body, or problems."""

    source: str
    article: Article | None
    body: Converted | None
    problems: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class Loaded:
    """Every content file read and converted, with what was wrong."""

    articles: tuple[Article, ...]
    bodies: dict  # article source -> Converted
    problems: tuple[Problem, ...]
    warnings: tuple[Problem, ...]


def process_file(content_dir: Path, source: str, config: SiteConfig, shown_root: str,
                 converter: Converter) -> FileResult:
    """Read, parse and convert one file; never raises for a problem of the file itself."""
    try:
        parsed = load_article(content_dir, source, config, shown_root)
    except ContentError as exc:
        return FileResult(source, None, None, tuple(exc.problems))
    shown = f"{shown_root}/{parsed.article.source if parsed.article else source}"
    body = converter.convert(parsed.body, source, shown, parsed.body_line, content_dir)
    return FileResult(source, parsed.article, body if parsed.article else None,
                      parsed.problems + body.problems, parsed.warnings + body.warnings)


def load_all(config: SiteConfig, content_dir: Path, shown_root: str) -> Loaded:
    """Process every content file, in a fixed order, collecting all problems."""
    found = find_content(content_dir, shown_root)
    converter = Converter(config.raw_html, config.language)
    results = [process_file(content_dir, source, config, shown_root, converter)
               for source in found.articles]
    return gather(results, found.problems, found.warnings)


def gather(results: list[FileResult], problems=(), warnings=()) -> Loaded:
    """Combine per-file results (in content order) into one Loaded."""
    problems, warnings = list(problems), list(warnings)
    articles, bodies = [], {}
    for result in results:
        problems.extend(result.problems)
        warnings.extend(result.warnings)
        if result.article is not None:
            articles.append(result.article)
            bodies[result.article.source] = result.body
    return Loaded(tuple(articles), bodies, tuple(problems), tuple(warnings))
