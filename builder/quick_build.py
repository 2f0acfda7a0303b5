"""A build whose every change is inside the bodies of published articles: no model.

A build in a new process works the whole site out again (content, model, photos, every
page's inputs: 20 s at 100,000 articles, bench/RESULTS.md) although a sentence added to
one article changes one page. This path is taken when the inputs' shape is the last
build's (`Inputs.shape`: every file and folder, the settings, the theme and the code as
they were; only Markdown files' contents may differ) and each Markdown file that changed
is a published article whose front matter, links, images and first paragraph stayed as
they were, with no warning about it. Then no card, listing, archive or related list
changed, and the only outputs that read the change are its own page and the feeds that
carry its body. Its page is rendered again from what the last build kept: its post's
place (the record), the cards it shows and the masthead (`keep_views`), where its
links lead (the record's `links`), its photos' plans (the photo store). Before the new
body goes in, the page's digest with the old body must be the one the last build
recorded: then its context is the very one a full build makes. Everything else is put in
place as it is, through the staged swap. A feed that carries the body, full-text search
or anything else this path cannot vouch for returns None: the pipeline then makes the
full incremental build.

The preview has its own quick path (preview/quick_path.py), from the model it keeps.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Iterable

from .content.loading import FileResult, process_file
from .content.markdown_convert import Converter
from .core.config import BuildOptions, SiteConfig
from .core.errors import Problem, TemplateError
from .core.frozen import FrozenMap
from .incremental import file_keys
from .incremental.cache import ContentCache, Inputs, Stamp, save_stamp, templates_digest
from .incremental.digests import combined, page_digest
from .incremental.records import DiskRecords, Record
from .photos.stage import stored_plan
from .photos.store import PhotoStore
from .publish.output import MARKER, SPARE_SITE, Staging
from .incremental.entry_store import EntryStore
from .site.card_codec import decoded, encoded
from .site.model import Post, Site
from .site.plan import article_spec
from .site.render import KeptViews, SiteRenderer, View

VIEWS_STORE = "views.sqlite"  # in the cache folder: cards by post page, and the masthead
SHOWN = ""  # the masthead's key (no post page has an empty path)


@dataclass(frozen=True)
class BodyEdit:
    """A published article whose body alone changed."""

    source: str  # content-relative path
    page: str  # its article page
    key: str  # its new content key
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
    pages = _article_pages(config, options, shown_root, record, edits, store) if edits else {}
    if pages is None:
        return None
    if pages and not _swap_in(options, {page: data for page, (_, data) in pages.items()}):
        return None
    for edit in edits:
        if edit.converted:
            cache.put(edit.key, edit.new)
    cache.flush()
    if pages:
        records.save(_record_after(record, edits, pages))
    save_stamp(options.cache_dir, replace(stamp, inputs=inputs.digest,
                                          output_inode=os.stat(options.output_dir).st_ino))
    return len(pages)


def keep_views(cache_dir: Path, cards: Iterable[tuple[str, View]], shown: dict,
               known: set[str], prune: bool) -> None:
    """Keep what a full build made that article pages show, for the quick builds after
    it: each (post page, card) whose signature is not `known` (the last build's) or that
    the store lacks, and the masthead's parts (`sections`, `menu`); with `prune`, drop the
    cards of pages that are gone. What is kept is checked when read (`_article_pages`),
    so a card missing, stale or damaged here only costs a full build."""
    store = EntryStore(cache_dir / VIEWS_STORE)
    try:
        cards = list(cards)
        held = store.keys()
        entries = [(path, encoded(card)) for path, card in cards
                   if path not in held or card.signature() not in known]
        entries.append((SHOWN, json.dumps(shown, ensure_ascii=False).encode(
            "utf-8", "surrogatepass")))
        store.put_many(entries)
        if prune:
            store.keep_only({path for path, _ in cards} | {SHOWN})
    finally:
        store.close()


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
    fed = set(record.fed)
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
        source = os.path.relpath(path, root).replace(os.sep, "/")
        try:
            with open(path, "rb") as file:
                key = cache.key(source, file.read())
        except OSError:
            return None
        links = record.links.get(source)
        old_key = record.articles.get(links[0]) if links else (memo[1] if memo else None)
        if key == old_key:
            continue  # saved again as it was
        if links is None or old_key is None or source in fed:
            return None
        edit = _body_edit(config, options, shown_root, cache, source, links[0], key,
                          old_key, f"{shown_root}/{source}" in warned)
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
    return BodyEdit(source, page, key, old, new, converted)


class _Posts:
    """The posts of a site of `count` of which only some are known, by index: the model a
    quick build renders those posts' pages from (any other raises LookupError)."""

    def __init__(self, count: int, known: dict[int, Post]):
        self.count, self.known = count, known

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, index: int) -> Post:
        return self.known[index]


def _article_pages(config: SiteConfig, options: BuildOptions, shown_root: str,
                   record: Record, edits: list[BodyEdit],
                   store: PhotoStore) -> dict[str, tuple[str, bytes]] | None:
    """Each edited article's page made again (page -> (digest, bytes)) from the views the
    last build kept; None unless, with the old body, each comes out with the very digest
    the last build recorded for it (then its context is the one a full build makes)."""
    order = list(record.articles)  # the post pages in post order, then the other pages
    count = len(record.related[1])
    indexes = {edit.source: order.index(edit.page) for edit in edits}
    wanted = sorted({near for edit in edits for index in [indexes[edit.source]]
                     for near in (index - 1, index, index + 1, *record.related[1][index])
                     if 0 <= near < count})
    cards, shown = _kept_views(options.cache_dir, [order[index] for index in wanted])
    if shown is None or len(cards) != len(wanted):
        return None
    posts = {indexes[edit.source]: Post(indexes[edit.source], edit.old.article, "", edit.page,
                                        (), None) for edit in edits}
    site = Site(config, _Posts(count, posts), (), (), (), record.related[1],
                FrozenMap({}), FrozenMap({}))
    ref_paths, photos = {}, {}
    for edit in edits:
        targets = record.links[edit.source][1:]
        if len(targets) != len(edit.new.body.refs):
            return None
        ref_paths.update((ref, target) for ref, target in zip(edit.new.body.refs, targets)
                         if target)
        for number, _ in edit.new.body.images:
            ref = edit.new.body.refs[number]
            photos[ref] = stored_plan(ref, config, options.content_dir, store)
            if photos[ref] is None:
                return None
    bodies = {edit.source: edit.old.body for edit in edits}
    renderer = SiteRenderer(site, bodies, ref_paths, shown_root, options.cache_dir / "templates",
                            photos=photos,
                            kept=KeptViews({index: cards[order[index]] for index in wanted},
                                           shown["sections"], shown["menu"]))
    specs = {edit.source: article_spec(posts[indexes[edit.source]], shown_root)
             for edit in edits}
    made = {}
    try:
        for edit in edits:
            spec = specs[edit.source]
            digest, _ = page_digest(spec, renderer.context(spec), renderer.reads(spec))
            if digest != record.pages.get(edit.page):
                return None
        bodies.update((edit.source, edit.new.body) for edit in edits)
        for edit in edits:
            spec = specs[edit.source]
            context = renderer.context(spec)
            digest, _ = page_digest(spec, context, renderer.reads(spec))
            made[edit.page] = (digest, renderer.render(spec, context))
    except TemplateError:
        return None
    return made


def _swap_in(options: BuildOptions, pages: dict[str, bytes]) -> bool:
    """Swap in the site with these pages replaced; False if an old file could not be put
    in place (nothing swapped then)."""
    staging = Staging(options.output_dir, Path(options.cache_dir) / SPARE_SITE)
    with staging:
        if staging.keep_old_files(set(pages)):
            return False
        for path, data in pages.items():
            staging.write(path, data, origin=path)
        staging.commit(changed=set(pages))
    return True


def _record_after(record: Record, edits: list[BodyEdit],
                  made: dict[str, tuple[str, bytes]]) -> Record:
    """The record of the site with the edited articles' new keys and pages' digests
    (what their pages read is what it was: the same cards and photos)."""
    pages, articles = dict(record.pages), dict(record.articles)
    for edit in edits:
        pages[edit.page] = made[edit.page][0]
        articles[edit.page] = edit.key
    groups = dict(record.groups)
    if "sitemap" in groups:  # made from every article's key (digests.combined)
        groups["sitemap"] = (combined(record.structure, *articles.values()),
                             groups["sitemap"][1])
    return replace(record, pages=pages, articles=articles, groups=groups)
