"""A build whose every change is inside the bodies of published articles: no model.

A build in a new process works the whole site out again (content, model, photos, every
page's inputs: 20 s at 100,000 articles, bench/RESULTS.md) although a sentence added to
one article changes one page. This path is taken when the inputs' shape is the last
build's (`Inputs.shape`: every file and folder, the settings, the theme and the code as
they were; only Markdown files' contents may differ) and each Markdown file that changed
is a published article whose front matter, links, images and first paragraph stayed as
they were, with no warning about it. Then no card, listing, archive or related list
changed, and the only outputs that read the change are its own page and the feeds that
carry its body. They are made again from what the last build kept: each post's place
(the record), the cards they show and the masthead (`keep_views`), where the articles'
links lead and which posts each feed carries (the record's `links` and `feeds`), the
photos' plans (the photo store). Before the new bodies go in, each page made with the
old body must give the digest the last build recorded for it, and each feed with the
old keys the inputs digest recorded for it: then what they are made from is what a full
build uses. Everything else is put in place as it is, through the staged swap.
Full-text search, or anything else this path cannot vouch for, returns None: the
pipeline then makes the full incremental build.

The preview has its own quick path (preview/quick_path.py), from the model it keeps.
"""
from __future__ import annotations

import json
import os
import unicodedata
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Iterable

from .content.articles import is_content_article
from .content.loading import FileResult, process_file
from .content.markdown_convert import Converter
from .core.config import BuildOptions, SiteConfig
from .core.errors import Problem, TemplateError
from .core.frozen import FrozenMap
from .incremental import file_keys
from .incremental.cache import ContentCache, Inputs, Stamp, save_stamp, templates_digest
from .incremental.digests import combined, page_digest
from .incremental.entry_store import EntryStore
from .incremental.records import DiskRecords, Record
from .photos.stage import stored_plan
from .photos.store import PhotoStore
from .publish.feeds import Feed, FeedWriter
from .publish.output import MARKER, SPARE_SITE, Staging
from .site.card_codec import decoded, encoded
from .site.model import Post, Site
from .site.plan import article_spec
from .site.render import KeptViews, SiteRenderer, View

VIEWS_STORE = "views.sqlite"  # in the cache folder: cards by post page, and the masthead
SHOWN = ""  # the masthead's key (no post page has an empty path)
# Cards encoded and written at a time: all of a 100,000-article site's at once (100 MB)
# put its first build over its memory bound (bench/RESULTS.md).
CARDS_AT_ONCE = 4096


@dataclass(frozen=True)
class BodyEdit:
    """A published article whose body alone changed."""

    source: str  # content-relative path, as named on disk
    page: str  # its article page
    key: str  # its new content key
    old_key: str  # the last build's
    old: FileResult  # the last build's
    new: FileResult
    converted: bool  # converted now (else found in the cache)


def may_try(config: SiteConfig, options: BuildOptions, stamp: Stamp | None, inputs: Inputs,
            now: datetime) -> bool:
    """True when the last build's stamp leaves only Markdown files changed, for this very
    output folder, with nothing due for publication since and no full-text search."""
    if (stamp is None or not stamp.shape or stamp.shape != inputs.shape
            or options.cache_dir is None or config.search_full_text):
        return False
    if stamp.next_publication is not None and now.timestamp() >= stamp.next_publication:
        return False
    try:
        return (os.stat(options.output_dir).st_ino == stamp.output_inode
                and (options.output_dir / MARKER).is_file())
    except OSError:
        return False


def quick_build(config: SiteConfig, options: BuildOptions, shown_root: str, stamp: Stamp,
                inputs: Inputs, cache: ContentCache, store: PhotoStore) -> int | None:
    """Make the site anew from the last one and the changed article bodies: how many
    pages were made again; None when a full build is needed (nothing written then)."""
    records = DiskRecords(options.cache_dir, options.output_dir)
    record = records.load(templates_digest(config))
    if not record.links:
        return None
    edits = _body_edits(config, options, shown_root, stamp, inputs, cache, record)
    if edits is None:
        return None
    made = _made_again(config, options, shown_root, record, edits, cache, store) if edits \
        else MadeAgain({}, {}, {})
    if made is None or (made.files and not _swap_in(options, made.files)):
        return None
    for edit in edits:
        if edit.converted:
            cache.put(edit.key, edit.new)
    cache.flush()
    # As a full build prunes the store: no file has the edited articles' old versions.
    cache.forget([edit.old_key for edit in edits])
    if edits:
        records.save(_record_after(record, edits, made))
    save_stamp(options.cache_dir, replace(stamp, inputs=inputs.digest,
                                          output_inode=os.stat(options.output_dir).st_ino))
    return len(made.pages)


def keep_views(cache_dir: Path, cards: Iterable[tuple[str, View]], shown: dict,
               known: set[str], prune: bool) -> None:
    """Keep what a full build made that article pages show, for the quick builds after
    it: each (post page, card) whose signature is not `known` (the last build's) or that
    the store lacks, and the masthead's parts (`sections`, `menu`); with `prune`, drop the
    cards of pages that are gone. What is kept is checked when read (`_made_again`),
    so a card missing, stale or damaged here only costs a full build."""
    store = EntryStore(cache_dir / VIEWS_STORE)
    try:
        held, paths = store.keys(), {SHOWN}
        entries = [(SHOWN, json.dumps(shown, ensure_ascii=False).encode("utf-8",
                                                                       "surrogatepass"))]
        for path, card in cards:
            paths.add(path)
            if path not in held or card.signature() not in known:
                entries.append((path, encoded(card)))
            if len(entries) >= CARDS_AT_ONCE:
                store.put_many(entries)
                entries = []
        store.put_many(entries)
        if prune:
            store.keep_only(paths)
    finally:
        store.close()


def feeds_kept(site: Site, writer: FeedWriter) -> dict[str, list[str]]:
    """What the record keeps of each feed that carries whole bodies (none with feeds of
    summaries): [its title, its page, the pages of its posts]."""
    if site.config.feed_content != "full":
        return {}
    return {feed.path: [feed.title, feed.page, *(site.posts[index].path for index in feed.posts)]
            for feed in writer.feeds()}


def _kept_views(cache_dir: Path, paths: list[str]) -> tuple[dict[str, View], dict | None]:
    """The kept cards of these post pages (a damaged one left out) and the masthead's parts
    (None if missing or damaged)."""
    store = EntryStore(cache_dir / VIEWS_STORE)
    try:
        found = store.get_many(paths + [SHOWN])
    finally:
        store.close()
    try:
        shown = json.loads(found.pop(SHOWN, b"null"))
    except ValueError:
        shown = None
    if not (isinstance(shown, dict) and isinstance(shown.get("sections"), list)
            and isinstance(shown.get("menu"), list)):
        shown = None
    cards = {path: card for path, card in ((path, decoded(data)) for path, data in found.items())
             if card is not None}
    return cards, shown


def _body_edits(config: SiteConfig, options: BuildOptions, shown_root: str, stamp: Stamp,
                inputs: Inputs, cache: ContentCache, record: Record) -> list[BodyEdit] | None:
    """The articles whose Markdown file changed, each in its body alone; None when a
    changed file is anything else."""
    known = file_keys.load(options.cache_dir, cache.salt)
    root = str(options.content_dir)
    if not all(isinstance(warning, Problem) for warning in stamp.warnings):
        return None  # kept as words (see save_stamp): which file each names is not known
    warned = {warning.path for warning in stamp.warnings}
    edits = []
    for path in inputs.markdown:
        try:
            info = os.stat(path)
        except OSError:
            return None
        state = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
        memo = known.get(path)
        if memo is not None and memo[0] == (state, cache.salt):
            continue  # as the last build saw it
        source = os.path.relpath(path, root).replace(os.sep, "/")  # as named on disk
        try:
            with open(path, "rb") as file:
                key = cache.key(source, file.read())
        except OSError:
            return None
        article = unicodedata.normalize("NFC", source)  # as the record names it
        links = record.links.get(article)
        old_key = record.articles.get(links[0]) if links else record.others.get(article)
        if key == old_key:
            continue  # saved again as it was
        if links is None and old_key is None and not is_content_article(source):
            continue  # a file the content stage does not read (README.md, _nhap/bai.md)
        if links is None or old_key is None:
            return None
        edit = _body_edit(config, options, shown_root, cache, source, links[0], key,
                          old_key, f"{shown_root}/{article}" in warned)
        if edit is None:
            return None
        edits.append(edit)
    return edits


def _body_edit(config: SiteConfig, options: BuildOptions, shown_root: str,
               cache: ContentCache, source: str, page: str, key: str, old_key: str,
               warned: bool) -> BodyEdit | None:
    """The edit of one article if its body alone changed, else None."""
    old = cache.get(old_key)
    if warned or old is None or old.article is None or old.body is None:
        return None
    new = cache.get(key)
    converted = new is None or new.source != source
    if converted:
        new = process_file(options.content_dir, source, config, shown_root,
                           Converter(config.raw_html, config.language))
    if new.problems or new.warnings or new.article != old.article or new.body is None:
        return None
    before, after = old.body, new.body
    if (after.refs != before.refs or after.images != before.images
            or (after.lead_text != before.lead_text and not new.article.summary)):
        return None
    return BodyEdit(source, page, key, old_key, old, new, converted)


class _Posts:
    """The posts of a site of `count` of which only some are known, by index: the model a
    quick build renders those posts' pages from (any other raises LookupError)."""

    def __init__(self, count: int, known: dict[int, Post]):
        self.count, self.known = count, known

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, index: int) -> Post:
        return self.known[index]


@dataclass(frozen=True)
class MadeAgain:
    """The outputs that read an edited body, made again, and their new digests."""

    files: dict[str, bytes]  # output path -> bytes
    pages: dict[str, str]  # article page -> page digest
    feeds: dict[str, str]  # feed path -> digest of its inputs


def _made_again(config: SiteConfig, options: BuildOptions, shown_root: str, record: Record,
                edits: list[BodyEdit], cache: ContentCache,
                store: PhotoStore) -> MadeAgain | None:
    """The edited articles' pages and the feeds that carry them, made again from what the
    last build kept; None unless, with the old bodies, each comes out with the very digest
    the last build recorded for it (then what it is made from is what a full build uses)."""
    in_order = list(record.articles)  # the post pages in post order, then other pages
    order = {page: index for index, page in enumerate(in_order)}
    count = len(record.related[1])
    edited = {edit.page: edit for edit in edits}
    feeds = {path: entry for path, entry in record.feeds.items()
             if edited.keys() & set(entry[2:])}
    carried = {page for entry in feeds.values() for page in entry[2:]}
    if not all(order.get(page, count) < count for page in carried | edited.keys()):
        return None  # a record that does not hold together
    shown_posts = set(edited)
    for edit in edits:
        index = order[edit.page]
        shown_posts.update(in_order[near] for near in
                           (index - 1, index + 1, *record.related[1][index]) if 0 <= near < count)
    cards, shown = _kept_views(options.cache_dir, sorted(shown_posts | carried))
    if shown is None or len(cards) != len(shown_posts | carried):
        return None
    sources = {entry[0]: source for source, entry in record.links.items()}
    results = {page: (edit.old, edit.new) for page, edit in edited.items()}
    for page in carried - edited.keys():
        result = cache.get(record.articles.get(page, ""))
        if result is None or result.article is None or result.body is None:
            return None
        results[page] = (result, result)
    ref_paths, photos = {}, {}
    for page, (_, result) in results.items():
        targets = record.links.get(sources.get(page, ""), [])[1:]
        if len(targets) != len(result.body.refs):
            return None
        ref_paths.update((ref, target) for ref, target in zip(result.body.refs, targets)
                         if target)
        if result.article.image and cards[page]["image"]:  # where a card's photo leads
            ref_paths[result.article.image] = cards[page]["image"]
    for edit in edits:  # the feeds show no `<picture>`: only the edited pages need plans
        for number, _ in edit.new.body.images:
            ref = edit.new.body.refs[number]
            photos[ref] = stored_plan(ref, config, options.content_dir, store)
            if photos[ref] is None:
                return None
    posts = {order[page]: Post(order[page], new.article, "", page, (), None)
             for page, (_, new) in results.items()}
    site = Site(config, _Posts(count, posts), (), (), (), record.related[1],
                FrozenMap({}), FrozenMap({}))
    bodies = {new.article.source: old.body for old, new in results.values()}
    renderer = SiteRenderer(site, bodies, ref_paths, shown_root, options.cache_dir / "templates",
                            photos=photos,
                            kept=KeptViews({order[page]: card for page, card in cards.items()},
                                           shown["sections"], shown["menu"]))
    writer = FeedWriter(site, renderer.views)
    made_feeds = [Feed(path, entry[0], entry[1], tuple(order[page] for page in entry[2:]))
                  for path, entry in sorted(feeds.items())]
    specs = [article_spec(posts[order[page]], shown_root) for page in sorted(edited)]
    try:
        if any(page_digest(spec, renderer.context(spec), renderer.reads(spec))[0]
               != record.pages.get(spec.path) for spec in specs) or any(
                writer.inputs(feed, record.articles) != record.groups.get(
                    f"feed {feed.path}", ("",))[0] for feed in made_feeds):
            return None
        bodies.update((new.article.source, new.body) for _, new in results.values())
        files, pages, feed_digests = {}, {}, {}
        for spec in specs:
            context = renderer.context(spec)
            pages[spec.path] = page_digest(spec, context, renderer.reads(spec))[0]
            files[spec.path] = renderer.render(spec, context)
        articles = {**record.articles, **{edit.page: edit.key for edit in edits}}
        for feed in made_feeds:
            feed_digests[feed.path] = writer.inputs(feed, articles)
            files[feed.path] = writer.render(feed)
    except TemplateError:
        return None
    return MadeAgain(files, pages, feed_digests)


def _swap_in(options: BuildOptions, files: dict[str, bytes]) -> bool:
    """Swap in the site with these files replaced; False if an old file could not be put
    in place (nothing swapped then)."""
    staging = Staging(options.output_dir, Path(options.cache_dir) / SPARE_SITE)
    with staging:
        if staging.keep_old_files(set(files)):
            return False
        for path, data in files.items():
            staging.write(path, data, origin=path)
        staging.commit(changed=set(files))
    return True


def _record_after(record: Record, edits: list[BodyEdit], made: MadeAgain) -> Record:
    """The record of the site with the edited articles' new keys and the new digests of
    what was made again (what it read is what it was: the same cards and photos)."""
    pages = {**record.pages, **made.pages}
    articles = {**record.articles, **{edit.page: edit.key for edit in edits}}
    groups = dict(record.groups)
    for path, digest in made.feeds.items():
        groups[f"feed {path}"] = (digest, [path])
    if "sitemap" in groups:  # made from every article's key (digests.combined)
        groups["sitemap"] = (combined(record.structure, *articles.values()),
                             groups["sitemap"][1])
    return replace(record, pages=pages, articles=articles, groups=groups)
