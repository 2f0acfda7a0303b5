"""The preview's quick path: a save that changed only the bodies of published articles.

The preview's session keeps the whole last good build (`LastBuild`): its model, renderer,
page plan and record. When the watcher names the files a burst of saves touched, and each
is a published article whose front matter, links, photos, card and warnings stay as they
were, the site's structure cannot have moved: what read the body is the article's own page,
the feeds that carry the article, and (with full-text search) the search index. Those
are redone and written in place; everything else is left as it is, without reading,
hashing or modelling the other articles. Anything else (a new, deleted or renamed file,
a template, site.toml, a photo, a changed title or tag, a problem) returns None, and the
pipeline makes a full incremental build, which also stands for the record kept here.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .digests import combined, page_digest, search_inputs
from .records import Record

if TYPE_CHECKING:
    from ..content.loading import Loaded
    from ..core.config import BuildOptions, SiteConfig
    from ..site.model import Site
    from ..site.plan import PageSpec
    from ..site.render import SiteRenderer
    from .cache import ContentCache
    from .session import Session


@dataclass(frozen=True)
class LastBuild:
    """What the last good build of a session made, and from what (shared, kept alive)."""

    config: SiteConfig
    options: BuildOptions
    shown_root: str
    loaded: Loaded
    site: Site
    renderer: SiteRenderer
    specs: tuple[PageSpec, ...]
    articles: dict  # article page -> content key (as in the record)
    warnings: tuple  # the build's warnings, in order
    drafts: int
    future: int
    next_due: float | None  # when an article dated in the future becomes due


@dataclass(frozen=True)
class QuickResult:
    """What a quick build did."""

    rendered: int
    files: int


def changed_sources(paths: tuple[str, ...], content_dir: Path) -> list[str] | None:
    """The content-relative sources the watcher named, or None when a path lies outside
    the content folder or is not a Markdown file (a full build is needed)."""
    if not paths or "*" in paths:
        return None
    root = os.path.abspath(content_dir)
    sources = []
    for path in paths:
        path = os.path.abspath(path)
        if not path.startswith(root + os.sep) or not path.endswith(".md"):
            return None
        sources.append(os.path.relpath(path, root).replace(os.sep, "/"))
    return sources


def quick_build(session: Session, config: SiteConfig, options: BuildOptions,
                now: datetime, paths: tuple[str, ...], cache: ContentCache | None,
                process) -> QuickResult | None:
    """Redo what a body-only save affects, in place; None when a full build is needed.

    `process(source)` reads and converts one content file (the content stage's unit)."""
    last = session.last
    if (last is None or cache is None or last.config != config or last.options != options
            or (last.next_due is not None and now.timestamp() >= last.next_due)):
        return None
    sources = changed_sources(paths, options.content_dir)
    if sources is None:
        return None
    posts = {post.article.source: post for post in last.site.posts}
    edits = []
    for source in dict.fromkeys(sources):
        post = posts.get(source)
        if post is None:
            return None  # a page without a date, a draft, a new or unknown file
        edit = _body_edit(last, post, source, cache, process)
        if edit is None:
            return None
        if edit is not False:
            edits.append(edit)
    return _apply(session, last, edits, cache)


def _body_edit(last: LastBuild, post, source: str, cache: ContentCache, process):
    """(post, key, result) for a file whose body alone changed; False if its bytes are the
    same; None when more than the body changed (or the file is unreadable or wrong)."""
    from ..photos.markup import body_images

    path = os.path.join(last.options.content_dir, source)
    try:
        with open(path, "rb") as file:
            key = cache.key(source, file.read())
    except OSError:
        return None
    if key == last.loaded.keys.get(source):
        return False
    result = cache.get(key)
    if result is None or result.source != source:
        result = process(source)
        cache.put(key, result)
    old = last.loaded.bodies[source]
    shown = f"{last.shown_root}/{source}"
    if (result.problems or result.warnings or result.article != post.article
            or result.body.refs != old.refs
            or list(body_images(result.body.html)) != list(body_images(old.html))
            or any(w.path == shown for w in last.warnings)):
        return None
    return post, key, result


def _apply(session: Session, last: LastBuild, edits: list, cache: ContentCache):
    """Put the new bodies in, check the cards, and write the outputs that read them."""
    from ..publish import feeds
    from ..publish.search import index_files

    bodies, renderer = last.loaded.bodies, last.renderer
    before = {post.article.source: bodies[post.article.source] for post, _, _ in edits}
    for post, key, result in edits:
        bodies[post.article.source] = result.body
        if renderer.fresh_card(post).signature() != renderer.cards[post.index].signature():
            bodies.update(before)  # the card (its summary) moved: listings change too
            return None
    old = session.records.last
    articles = dict(last.articles)
    pages, groups, files = dict(old.pages), dict(old.groups), {}
    specs = {spec.path: spec for spec in last.specs}
    for post, key, result in edits:
        last.loaded.keys[post.article.source] = key
        articles[post.path] = key
        spec = specs[post.path]
        context = renderer.context(spec)
        # Its reads stay as they were: the card and the photos were checked unchanged.
        pages[post.path], _ = page_digest(spec, context, renderer.reads(spec))
        files[post.path] = renderer.render(spec, context)
    indexes = {post.index for post, _, _ in edits}
    writer = feeds.FeedWriter(last.site, renderer.views)
    for feed in writer.feeds():
        if indexes.intersection(feed.posts):
            files[feed.path] = writer.render(feed)
            groups[f"feed {feed.path}"] = (writer.inputs(feed, articles), [feed.path])
    if last.config.search_full_text:
        made = list(index_files(last.site, renderer.views))
        files.update(made)
        groups["search index"] = (search_inputs(last.site, renderer.views, list(last.specs),
                                                True), [path for path, _ in made])
    sitemap = groups.get("sitemap")
    if sitemap:  # its files show dates only: the same bytes under a new digest
        groups["sitemap"] = (combined(old.structure, *articles.values()), sitemap[1])
    written = session.writer(last.options.output_dir).replace_files(files)
    session.records.save(replace(old, pages=pages, groups=groups, articles=articles))
    cache.remember_more({key: result for _, key, result in edits})
    session.last = replace(last, articles=articles)
    return QuickResult(rendered=len(edits), files=written)


def record_last(session: Session, **fields) -> None:
    """Keep a successful full build as the base of the next quick one."""
    session.last = LastBuild(**fields)
