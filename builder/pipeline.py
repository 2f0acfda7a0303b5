"""The build, top to bottom: config → content → model → render → output."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .config import BuildOptions, SiteConfig
from .content import Article, find_content, load_article
from .errors import BuildError, ContentError, Problem
from .markdown_convert import Converted, Converter
from .model import Site, build_model, is_published
from .output import BuildLock, Staging, check_output_target, clean_leftovers
from .render import SiteRenderer, iter_rendered, shown_path
from .search import index_files
from .urls import ASSETS, media_path

@dataclass
class Report:
    """What a build did, for the one-line summary."""

    articles: int = 0
    pages: int = 0
    files: int = 0
    seconds: float = 0.0
    warnings: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class Loaded:
    """Every content file read and converted, with what was wrong."""

    articles: tuple[Article, ...]
    bodies: dict
    problems: tuple[Problem, ...]
    warnings: tuple[Problem, ...]


def load_all(config: SiteConfig, options: BuildOptions, shown_root: str) -> Loaded:
    """Read, parse and convert every content file, collecting all problems."""
    found = find_content(options.content_dir, shown_root)
    problems, warnings = list(found.problems), list(found.warnings)
    converter = Converter(config.raw_html, config.language)
    articles, bodies = [], {}
    for source in found.articles:
        try:
            article, article_warnings = load_article(options.content_dir, source, config,
                                                     shown_root)
        except ContentError as exc:
            problems.extend(exc.problems)
            continue
        warnings.extend(article_warnings)
        converted = converter.convert(article.body, source, f"{shown_root}/{article.source}",
                                      article.body_line, options.content_dir)
        problems.extend(converted.problems)
        warnings.extend(converted.warnings)
        articles.append(article)
        bodies[article.source] = converted
    return Loaded(tuple(articles), bodies, tuple(problems), tuple(warnings))


def reference_paths(site: Site, loaded: Loaded, shown_root: str,
                    warnings: list) -> dict[str, str]:
    """Output path of every content file the site refers to: article pages and media."""
    pages = {post.article.source: post.path for post in site.posts}
    sources_md = {a.source for a in loaded.articles}
    refs: dict[str, str] = dict(pages)
    for post in site.posts:
        wanted = list(loaded.bodies[post.article.source].refs)
        if post.article.image:
            wanted.append(post.article.image)
        for ref in wanted:
            if ref in refs:
                continue
            if ref.endswith(".md"):
                reason = ("is not published (draft or future date)" if ref in sources_md
                          else "is not an article")
                warnings.append(Problem(f"{shown_root}/{post.article.source}", None, None, "link",
                                        f"links to {shown_root}/{ref}, which {reason}; "
                                        "the link is left out"))
                continue
            refs[ref] = media_path(ref)
    return refs


def build(config: SiteConfig, options: BuildOptions, now: datetime | None = None) -> Report:
    """Build the whole site into the output folder, or raise BuildError leaving it untouched."""
    started = time.perf_counter()
    now = now or datetime.now(config.tz)
    shown_root = shown_path(options.content_dir)
    if not options.content_dir.is_dir():
        raise ContentError(Problem(shown_root, None, None, "--content",
                                   "content folder not found"))
    check_output_target(options.output_dir, options.content_dir, Path.cwd())
    report = Report()
    with BuildLock(options.output_dir):
        clean_leftovers(options.output_dir)
        loaded = load_all(config, options, shown_root)
        published = [a for a in loaded.articles
                     if is_published(a, now, options.drafts, options.future)]
        result = build_model(published, config, shown_root)
        problems = list(loaded.problems) + list(result.problems)
        report.warnings = list(loaded.warnings) + list(result.warnings)
        if problems:
            raise ContentError(sorted(set(problems), key=_problem_order))
        site = result.site
        refs = reference_paths(site, loaded, shown_root, report.warnings)
        renderer = SiteRenderer(site, loaded.bodies, refs, shown_root)
        with Staging(options.output_dir) as staging:
            for path, data in iter_rendered(renderer, renderer.pages()):
                staging.write(path, data, origin=path)
                report.pages += 1
            for path, data in index_files(site, renderer):
                staging.write(path, data, origin="search index")
            _copy_media(staging, refs, site, options.content_dir, shown_root)
            _copy_assets(staging, config.templates_dir)
            staging.commit()
            report.files = len(staging.written)
    report.articles = len(site.posts)
    report.seconds = time.perf_counter() - started
    return report


def _problem_order(problem) -> tuple:
    """Sort problems by file, then line."""
    if isinstance(problem, str):
        return (problem, 0, 0)
    return (problem.path, problem.line or 0, problem.col or 0, problem.message)


def _copy_media(staging: Staging, refs: dict, site: Site, content_dir: Path,
                shown_root: str) -> None:
    """Copy every photo and file the published articles refer to."""
    pages = {post.article.source for post in site.posts}
    for source, path in sorted(refs.items()):
        if source not in pages:
            staging.copy(path, content_dir / source, origin=f"{shown_root}/{source}")


def _copy_assets(staging: Staging, templates_dir: Path) -> None:
    """Copy the theme's CSS, scripts and icons."""
    assets = templates_dir / ASSETS
    if not assets.is_dir():
        return
    for file in sorted(assets.rglob("*")):
        if file.is_file() and not file.is_symlink():
            rel = file.relative_to(assets).as_posix()
            staging.copy(f"{ASSETS}/{rel}", file, origin=shown_path(file))


__all__ = ["build", "Report", "BuildError"]
