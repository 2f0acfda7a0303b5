"""The preview's quick path: a save that changed only what published articles show.

The preview's session keeps the whole last good build (`LastBuild`): its model, renderer,
page plan and record. When the watcher names the files a burst of saves touched, and each
is a published article whose links, photos and warnings stay as they were, and whose
front matter changed at most in what its card and page show (title, summary, caption,
`updated`, `extra`) while its address cannot move (a `slug` or a recorded address), the
site's structure cannot have moved. What read the change is the article's own page, the
pages that read its card (the record's reads: listings, related lists, neighbours, old
addresses), the feeds that carry it, the search index (with a new card or full text) and
the sitemap (with a new `updated`). Those are redone and written in place; everything else
is left as it is, without reading, hashing or modelling the other articles. Anything else
(a new, deleted or renamed file, a template, site.toml, a photo, a new date or tag, a
problem) returns None, and the pipeline makes a full incremental build, which also
stands for the record kept here.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..incremental.digests import combined, page_digest, search_inputs
from ..incremental.reads import ReadsWriter
from ..incremental.records import Record
from ..publish import feeds, sitemap
from ..publish.search import SearchIndex

if TYPE_CHECKING:
    from ..content.loading import Loaded
    from ..core.config import BuildOptions, SiteConfig
    from ..incremental.cache import ContentCache
    from ..incremental.session import Session
    from ..site.model import Site
    from ..site.plan import PageSpec
    from ..site.render import SiteRenderer


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
    addresses: dict  # content path -> recorded slug (content/.addresses.toml)


# What a save may change in an article's front matter and still take the quick path: what
# its card and page show, and where its lines are (for messages only).
CARD_FIELDS = frozenset({"title", "title_slug", "summary", "image_caption", "updated", "extra",
                         "lines", "body_line"})


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
    if (result.problems or result.warnings
            or (result.article != post.article and not _card_edit(last, post, result.article))
            or result.body.refs != old.refs
            or result.body.images != old.images
            or any(w.path == shown for w in last.warnings)):
        return None
    return post, key, result


def _card_edit(last: LastBuild, post, article) -> bool:
    """True when the new article differs from the post's only in what its card and page
    show, and its address cannot move with its title (an explicit or recorded slug)."""
    old = post.article
    if any(getattr(old, f.name) != getattr(article, f.name)
           for f in fields(old) if f.name not in CARD_FIELDS):
        return False
    return article.slug is not None or last.addresses.get(old.source) == post.slug


def _apply(session: Session, last: LastBuild, edits: list, cache: ContentCache):
    """Put the new bodies and articles in, find the pages that read their cards, and
    write the outputs that read them."""
    bodies, renderer = last.loaded.bodies, last.renderer
    for post, _, result in edits:
        bodies[post.article.source] = result.body
    # A card moves with a new title or summary, or with a new first paragraph.
    moved = [(post, result.article) for post, _, result in edits
             if result.article != post.article
             or renderer.fresh_card(post).signature() != renderer.cards[post.index].signature()]
    old = session.records.last
    readers: set[str] = set()
    if moved:
        stale = {key for post, _ in moved for key in renderer.cards[post.index].reads()}
        readers = _readers(old, stale)
        site = _with_articles(last.site, moved)
        renderer.replace_posts(site, tuple(post.index for post, _ in moved))
        last = replace(last, site=site, loaded=_with_loaded(last.loaded, moved))
    return _write(session, last, old, edits, readers, bool(moved), cache)


def _readers(old: Record, stale: set[str]) -> set[str]:
    """The pages that read any of the `stale` keys (a card as it was)."""
    return old.reads.readers({index for index, key in enumerate(old.reads.table)
                              if key in stale})


def _with_articles(site: Site, moved: list) -> Site:
    """The model with the posts' new articles (and the titles of their old addresses)."""
    posts = list(site.posts)
    titles = {}
    for post, article in moved:
        posts[post.index] = replace(post, article=article)
        titles[post.path] = article.title
    redirects = tuple(replace(r, title=titles[r.target]) if r.target in titles else r
                      for r in site.redirects)
    return replace(site, posts=tuple(posts), redirects=redirects)


def _with_loaded(loaded: Loaded, moved: list) -> Loaded:
    """What was loaded, with the posts' new articles."""
    new = {article.source: article for _, article in moved}
    return replace(loaded, articles=tuple(new.get(a.source, a) for a in loaded.articles))


def _write(session: Session, last: LastBuild, old: Record, edits: list, readers: set[str],
           cards: bool, cache: ContentCache) -> QuickResult:
    """Render the pages of the edited articles and of their readers, the feeds that carry
    them, the search index and the sitemap where they changed, and write them in place."""
    renderer, site = last.renderer, last.site
    articles = dict(last.articles)
    pages, groups, files = dict(old.pages), dict(old.groups), {}
    reads = ReadsWriter(old.reads)
    reads.keep_every()
    specs = {spec.path: spec for spec in last.specs}
    for post, key, _ in edits:
        last.loaded.keys[post.article.source] = key
        articles[post.path] = key
    redo = readers | {post.path for post, _, _ in edits}
    for path in sorted(redo):
        spec = specs[path]
        context = renderer.context(spec)
        pages[path], read = page_digest(spec, context, renderer.reads(spec))
        reads.add(path, read)
        files[path] = renderer.render(spec, context)
    indexes = {post.index for post, _, _ in edits}
    writer = feeds.FeedWriter(site, renderer.views)
    for feed in writer.feeds():
        if indexes.intersection(feed.posts):
            files[feed.path] = writer.render(feed)
            groups[f"feed {feed.path}"] = (writer.inputs(feed, articles), [feed.path])
    gone: set[str] = set()
    if cards or last.config.search_full_text:
        search = session.search
        if search is None or not search.replace_cards(site, renderer.views, indexes):
            search = session.search = SearchIndex(site, renderer.views)
        made = dict(search.files())
        files.update(made)
        gone.update(set(groups.get("search index", ("", []))[1]) - set(made))
        groups["search index"] = (search_inputs(site, renderer.views, list(last.specs),
                                                last.config.search_full_text), list(made))
    if "sitemap" in groups:  # it shows dates: made again when `updated` changed
        if any(result.article.updated != post.article.updated for post, _, result in edits):
            files.update(sitemap.files(site, list(last.specs)))
        groups["sitemap"] = (combined(old.structure, *articles.values()), groups["sitemap"][1])
    folder = session.writer(last.options.output_dir)
    written = folder.replace_files(files)
    folder.remove_files(gone)
    session.records.save(replace(old, pages=pages, groups=groups, articles=articles,
                                 reads=reads.result(len(reads.table))))
    cache.remember_more({key: result for _, key, result in edits})
    session.last = replace(last, articles=articles)
    return QuickResult(rendered=len(redo), files=written)


def record_last(session: Session, **fields) -> None:
    """Keep a successful full build as the base of the next quick one."""
    session.last = LastBuild(**fields)
