"""The build, top to bottom: config → content → model → render → output."""
from __future__ import annotations

import gc
import os
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from .publish import feeds, sitemap
from .incremental.cache import (BodyShelf, ContentCache, Stamp, content_salt, input_state,
                                load_stamp, nothing_to_do, save_stamp, templates_digest)
from .incremental.digests import (article_inputs, combined, live_reads, page_digest,
                                  search_inputs, structure_digest)
from .incremental import file_keys
from .incremental.groups import reuse_unchanged_pages, write_group
from .incremental.reads import ReadsWriter
from .incremental.records import EMPTY, DiskRecords, Record
from .incremental.store import parsed_once
from .preview.quick_path import quick_build as quick_preview, record_last
from .incremental.session import Session
from .core.config import BuildOptions, SiteConfig
from .core.memo import BuildMemo
from .core.errors import ContentError, Problem, Text
from .core.identity import identity_output
from .core.interrupt import raise_kept_interrupt
from .content.addresses import RECORD_NAME, load_addresses, parse_addresses, save_addresses
from .content.loading import CACHED_KINDS, Loaded, load_all, process_file
from .site.model import RelatedMemo, Site, build_model, is_published
from .publish.lock import BuildLock
from .publish.output import (MARKER, SPARE_SITE, Staging, check_cache_place,
                             check_output_target, clean_leftovers)
from .site.plan import CONTENT_KINDS, PageKind, PageSpec
from .site.render import PageTemplates, SiteRenderer, make_environment, shown_path
from .publish.search import SearchIndex
from .core.urls import ASSETS, HOME, media_path
from .content.articles import is_article_name
from .content.markdown_convert import HOME_REF, Converted, Converter
from .workers import forked_now, parallel_map
from . import quick_build
from .photos.stage import Photos, photo_uses, prepare
from .photos.store import PhotoStore


@dataclass
class Report:
    """What a build did, for the one-line summary."""

    articles: int = 0
    pages: int = 0
    rendered: int = 0  # pages whose inputs changed (the others were reused as they were)
    examined: int = 0  # pages whose context was worked out (the others were reused unseen)
    files: int = 0
    seconds: float = 0.0
    unchanged: bool = False  # nothing changed since the last build: output left alone
    stages: dict[str, float] = field(default_factory=dict)  # seconds per stage
    warnings: list[Problem] = field(default_factory=list)
    drafts: int = 0  # drafts left out (no --drafts)
    future: int = 0  # articles dated in the future left out (no --future), drafts not counted
    advice: list[Problem] = field(default_factory=list)  # for `check`: photos worth fixing


class NoProgress:
    """Progress reporting that says nothing (tests, the dev server, pipes)."""

    def start(self, stage: str, total: int, done: int = 0) -> None:
        """A stage begins."""

    def advance(self, count: int = 1) -> None:
        """Some items of the stage are done."""

    def finish(self) -> None:
        """The build is over."""


def reference_paths(site: Site, loaded: Loaded, shown_root: str,
                    warnings: list) -> dict[str, str]:
    """Output path of every content file the site refers to: article pages and media."""
    pages = {post.article.source: post.path for post in site.posts}
    pages.update({page.article.source: page.path for page in site.pages})
    sources_md = {a.source for a in loaded.articles + loaded.pages}
    refs: dict[str, str] = dict(pages)
    refs[HOME_REF] = HOME  # `[Trang chủ](/)`
    for item in site.posts + site.pages:
        body = loaded.bodies[item.article.source]
        wanted = list(body.refs)
        if item.article.image:
            wanted.append(item.article.image)
        for ref in wanted:
            if ref in refs:
                continue
            if is_article_name(ref):
                key = "link_unpublished" if ref in sources_md else "link_not_article"
                line, col = body.place_of(ref)
                warnings.append(Problem(f"{shown_root}/{item.article.source}", line, col, "link",
                                        Text.of("build", key, target=f"{shown_root}/{ref}")))
                continue
            refs[ref] = media_path(ref)
    return refs


def build(config: SiteConfig, options: BuildOptions, now: datetime | None = None,
          progress=None, session: Session | None = None,
          changed: tuple[str, ...] = ()) -> Report:
    """Build the whole site into the output folder, or raise BuildError leaving it untouched.

    With a `session` (the preview), what the last build made stays in memory and the
    output goes through the session's writer; `changed` names the files the watcher saw
    change, so that a save of article bodies only takes the quick path."""
    started = time.perf_counter()
    now = now or datetime.now(config.tz)
    progress = progress or NoProgress()
    shown_root = shown_path(options.content_dir)
    if not options.content_dir.is_dir():
        raise ContentError(Problem(shown_root, None, None, "--content",
                                   Text.of("build", "content_missing")))
    shown_output = str(options.output_dir)
    options = real_output(options)
    check_output_target(options.output_dir, options.content_dir, Path.cwd())
    if options.cache_dir:
        # The preview's own folder lives inside the cache by design.
        check_cache_place(options.cache_dir, options.content_dir,
                          None if session else options.output_dir, config.template_dirs)
    # A build makes hundreds of thousands of long-lived objects and few cycles: the cyclic
    # garbage collector would spend up to half of the cache loading walking them.
    collecting = gc.isenabled()
    gc.disable()
    try:
        with BuildLock(options.output_dir, shown_output):
            clean_leftovers(options.output_dir)
            report = _build_locked(config, options, now, shown_root, progress, session,
                                   changed)
    finally:
        if collecting:
            gc.enable()
    progress.finish()
    report.seconds = time.perf_counter() - started
    return report


def _build_locked(config: SiteConfig, options: BuildOptions, now: datetime, shown_root: str,
                  progress, session: Session | None, changed: tuple[str, ...] = ()) -> Report:
    """The build proper, with the output lock held."""
    report = Report()
    if session is not None:
        quick = _quick_build(config, options, now, shown_root, session, changed, report)
        if quick is not None:
            return quick
        session.last = None  # kept again only if this full build succeeds
    # What this build leaves for the next: the session's (the preview), else a fresh one.
    memo = session.memo if session else BuildMemo()
    store = PhotoStore(options.cache_dir, memo)
    # The preview keeps its bodies in memory for its next save; a build leaves them in
    # the store until a page shows one.
    shelf = (_body_shelf(config, options, shown_root, memo)
             if session is None and options.cache_dir else None)
    try:
        with ExitStack() as exits:
            return _build_stages(config, options, now, shown_root, progress, report, store,
                                 session, memo, exits, shelf)
    finally:
        store.close()
        if shelf is not None:
            shelf.close()


def _body_shelf(config: SiteConfig, options: BuildOptions, shown_root: str,
                memo: BuildMemo) -> BodyShelf:
    """Where a build reads a body back when a page shows it: its entry in the cache, or,
    if that is gone, its file converted once more."""
    def convert(source: str) -> bytes:
        """The compressed HTML of one file's body, converted now."""
        result = process_file(options.content_dir, source, config, shown_root,
                              Converter(config.raw_html, config.language))
        return (result.body or Converted.of("", (), "")).packed

    return BodyShelf(ContentCache(options.cache_dir, content_salt(config), CACHED_KINDS, memo),
                     convert)


def _load_content(config: SiteConfig, options: BuildOptions, shown_root: str, progress,
                  session: Session | None, memo: BuildMemo,
                  shelf: BodyShelf | None = None) -> Loaded:
    """Every content file, converted or found in the cache; a one-shot build reads and
    saves the file keys' memo that the preview keeps in memory."""
    cache_dir = options.cache_dir
    if cache_dir is None:
        return load_all(config, options.content_dir, shown_root, options.jobs, None, progress)
    cache = shelf.cache if shelf else ContentCache(cache_dir, content_salt(config),
                                                   CACHED_KINDS, memo)
    started_ns = time.time_ns()
    saved = None if session else file_keys.load(cache_dir, cache.salt)
    known = session.file_keys if session else dict(saved)
    try:
        loaded = load_all(config, options.content_dir, shown_root, options.jobs, cache,
                          progress, known, shelf)
    finally:
        cache.close()  # the store's file is free for the next build
    if saved is not None and file_keys.worth_saving(saved, known):
        file_keys.save(cache_dir, cache.salt, known, cache.live, started_ns)
    return loaded


def _build_stages(config: SiteConfig, options: BuildOptions, now: datetime, shown_root: str,
                  progress, report: Report, store: PhotoStore,
                  session: Session | None, memo: BuildMemo, exits: ExitStack,
                  shelf: BodyShelf | None = None) -> Report:
    """Every stage of the build, in order; `exits` ends what it started (its workers)."""
    cache_dir = options.cache_dir
    stamped = cache_dir is not None and session is None  # the preview changes on every save
    with _stage(report, "check inputs"):
        inputs = input_state(config, options, _spread(options)) if stamped else None
        stamp = load_stamp(cache_dir) if stamped else None
        if nothing_to_do(stamp, inputs.digest if inputs else "", options.output_dir, MARKER,
                         now):
            return Report(articles=stamp.articles, pages=stamp.pages, unchanged=True,
                          warnings=list(stamp.warnings), stages=report.stages,
                          drafts=stamp.drafts, future=stamp.future)
    if stamped and quick_build.may_try(config, options, stamp, inputs, now):
        with _stage(report, "quick"):
            quick = quick_build.quick_build(config, options, shown_root, stamp, inputs,
                                            shelf.cache, store)
        if quick is not None:
            return Report(articles=stamp.articles, pages=stamp.pages, rendered=quick,
                          examined=quick, warnings=list(stamp.warnings), stages=report.stages,
                          drafts=stamp.drafts, future=stamp.future)
    code_cache = cache_dir / "templates" if cache_dir else None
    # A build starts from the site it replaced last time, kept in the cache (publish/output).
    staging = (session.writer(options.output_dir) if session else
               Staging(options.output_dir, cache_dir / SPARE_SITE if cache_dir else None))
    templates, pool = None, None
    pages_done = exits.enter_context(ExitStack())  # closed once the pages are written
    if session is None:  # the preview is large already: its workers fork when needed
        templates = PageTemplates(config, code_cache)
        pool = pages_done.enter_context(_page_workers(templates, staging, options.jobs))
    with _stage(report, "content"):
        loaded = _load_content(config, options, shown_root, progress, session, memo, shelf)
    with _stage(report, "model"):
        published = [a for a in loaded.articles
                     if is_published(a, now, options.drafts, options.future)]
        report.drafts, report.future = _left_out(loaded.articles, now, options)
        salt = templates_digest(config)
        records = session.records if session else (
            DiskRecords(cache_dir, options.output_dir) if cache_dir else None)
        old = records.load(salt) if records else EMPTY
        known = RelatedMemo(*old.related)
        pages = tuple(p for p in loaded.pages if options.drafts or not p.draft)
        addresses, record_problems = load_addresses(options.content_dir, shown_root,
                                                    _addresses_memo(config, cache_dir))
        result = build_model(published, config, shown_root, known, pages, addresses)
        problems = list(loaded.problems) + list(result.problems) + list(record_problems)
        report.warnings = list(loaded.warnings) + list(result.warnings)
    with _stage(report, "photos"):
        photos = Photos()
        if result.site is not None:
            photos = prepare(photo_uses(result.site.posts, loaded.bodies), config,
                             options.content_dir, shown_root, store, options.jobs,
                             options.encode_photos)
            problems += photos.problems
            report.advice = list(photos.advice)
        if problems:
            raise ContentError(_in_file_order(problems))
    with _stage(report, "model"):
        site = result.site
        refs = reference_paths(site, loaded, shown_root, report.warnings)
        refs.update(photo_links(photos, config.images.publish_originals))
        env = session.environment(salt, lambda: make_environment(config.template_dirs,
                                                                 code_cache)) if session else None
        renderer = SiteRenderer(site, loaded.bodies, refs, shown_root, code_cache, env,
                                photos=photos.by_source, templates=templates)
        specs = renderer.pages()
        structure = structure_digest(site, specs)
        # Every card's signature, once, before the pages' digests use them.
        live = live_reads(renderer.views, photos.by_source.values())
        if stamped:  # for the quick builds that may follow (quick_build.py)
            _keep_views(cache_dir, site, renderer, old, structure)
        articles = article_inputs(site, loaded)
        # The sitemap lists every page with its article's dates; the search index holds
        # only the cards (and the bodies with full text). Feeds are digested one by one.
        sitemap_inputs = combined(structure, *articles.values())
        search_digest = search_inputs(site, renderer.views, specs, config.search_full_text)
    # The page workers end before the staging folder can be removed (a fault, Ctrl+C):
    # none of them may write into it after that.
    with staging, pages_done:
        with _stage(report, "pages"):
            for spec in specs:
                staging.reserve(spec.path, spec.source or spec.path)
            progress.start("pages", len(specs))
            reads = ReadsWriter(old.reads)
            links: dict[str, list[str]] = {}
            if old.pages and old.structure == structure:
                new_digests = _write_changed_pages(renderer, specs, staging, old, articles,
                                                   live, reads, links, options.jobs,
                                                   progress, report, pool)
            else:
                new_digests = _write_pages(renderer, specs, staging, old.pages, reads, links,
                                           options.jobs, progress, report, pool)
            reads.done()
            pages_done.close()
        old_groups = old.groups
        groups: dict[str, tuple[str, list[str]]] = {}
        made: list[SearchIndex] = []  # the index, when this build makes it anew

        def search_files():
            """The search index's files, keeping the index for a preview's quick saves
            (a build has no use for it once its files are made: 254 MB at 100,000)."""
            index = SearchIndex(site, renderer.views, updatable=session is not None)
            if session is not None:
                made.append(index)
            return index.files()

        with _stage(report, "search index"):
            write_group(staging, "search index", search_digest, search_files, old_groups,
                        groups)
        with _stage(report, "feeds, media, assets"):
            # Feeds, sitemap.xml and robots.txt: extra files derived from the same model.
            feed_writer = feeds.FeedWriter(site, renderer.views)
            _write_feeds(staging, feed_writer, articles, old_groups, groups)
            write_group(staging, "sitemap", sitemap_inputs, lambda: sitemap.files(site, specs),
                         old_groups, groups)
            _copy_media(staging, refs, site, options.content_dir, shown_root,
                        set() if config.images.publish_originals else set(photos.by_source))
            if options.encode_photos:
                _copy_photos(staging, photos, store, shown_root)
            _copy_assets(staging, config.template_dirs)
            _copy_identity(staging, config)
        with _stage(report, "swap"):
            staging.commit()
            report.files = len(staging.written)
    report.articles, report.pages = len(site.posts), len(specs)
    recorded = None
    if session is None and not (options.drafts or options.future):
        written, recorded = _record_addresses(site, addresses, options.content_dir,
                                              shown_root)
        if written and stamped:
            # The build itself changed the content folder: that is not a new input.
            inputs = input_state(config, options, _spread(options))
    if records:
        with _stage(report, "save cache"):
            records.save(Record(salt, new_digests, groups, structure, articles,
                                (result.related.inputs, result.related.related),
                                reads.result(len(live)), links,
                                quick_build.feeds_kept(site, feed_writer),
                                {source: key for source, key in loaded.keys.items()
                                 if source not in links}))
    if stamped:
        with _stage(report, "save cache"):
            save_stamp(cache_dir, Stamp(inputs.digest, options.output_dir.stat().st_ino,
                                        report.articles, report.pages,
                                        _next_publication(loaded, now, options),
                                        tuple(report.warnings),
                                        report.drafts, report.future, inputs.shape))
    if recorded:
        report.warnings.append(recorded)  # once, not again by a build with nothing to do
    if session is not None:
        record_last(session, config=config, options=options, shown_root=shown_root,
                    loaded=loaded, site=site, renderer=renderer, specs=tuple(specs),
                    articles=articles, warnings=tuple(report.warnings),
                    drafts=report.drafts, future=report.future,
                    next_due=_next_publication(loaded, now, options), addresses=addresses)
        if made:  # else the index's files were reused: the kept index still matches them
            session.search = made[0]
    return report


def _keep_views(cache_dir: Path, site: Site, renderer: SiteRenderer, old: Record,
                structure: str) -> None:
    """Keep the cards that changed since the `old` record, and the masthead."""
    quick_build.keep_views(cache_dir,
                           ((post.path, card) for post, card in zip(site.posts, renderer.cards)),
                           {"sections": renderer.sections, "menu": renderer.menu},
                           set(old.reads.table), prune=old.structure != structure)


def _spread(options: BuildOptions):
    """The inputs check's map: its parts of a large content folder on all the build's cores."""
    return lambda function, parts: parallel_map(function, parts, options.jobs, chunk=8)


def _quick_build(config: SiteConfig, options: BuildOptions, now: datetime, shown_root: str,
                 session: Session, changed: tuple[str, ...], report: Report) -> Report | None:
    """The preview's quick path (preview.quick_path), or None when a full build is needed."""
    if session.last is None or options.cache_dir is None:
        return None
    with _stage(report, "quick"):
        cache = ContentCache(options.cache_dir, content_salt(config), CACHED_KINDS,
                             session.memo)

        def process(source: str):
            """Read and convert one content file, as the content stage does."""
            return process_file(options.content_dir, source, config, shown_root,
                                Converter(config.raw_html, config.language))

        try:
            done = quick_preview(session, config, options, now, changed, cache, process)
        except BaseException:
            session.last = None  # half changed: the next build is a full one
            session.search = None  # perhaps half changed too
            raise
        finally:
            cache.close()
    if done is None:
        return None
    last = session.last
    return Report(articles=len(last.site.posts), pages=len(last.specs), rendered=done.rendered,
                  files=done.files, warnings=list(last.warnings), stages=report.stages,
                  drafts=last.drafts, future=last.future)


def _addresses_memo(config: SiteConfig, cache_dir: Path | None):
    """How a build with a cache parses content/.addresses.toml: once per change of it
    (parsing its 10,000 lines took every build of a 10,000-article site 0.12 s)."""
    if cache_dir is None:
        return None
    return lambda data, shown: parsed_once(cache_dir / "addresses.json", data,
                                           f"{content_salt(config)}|{shown}",
                                           lambda: parse_addresses(data, shown),
                                           (Problem, Text))


def _record_addresses(site: Site, addresses: dict[str, str], content_dir: Path,
                      shown_root: str) -> tuple[bool, Problem | None]:
    """Add the newly published articles to content/.addresses.toml: whether it was
    written, and a note to show (as a warning, so the editor knows to commit the file).
    A record that cannot be written (read-only content) leaves the site as built."""
    record = dict(addresses)
    new = {post.article.source: post.slug for post in site.posts
           if post.article.slug is None and post.article.source not in record}
    if not new:
        return False, None
    record.update(new)
    shown = f"{shown_root}/{RECORD_NAME}"
    # The first build of a site starts the record quietly (README says so); from then on
    # every addition is announced.
    existed = (content_dir / RECORD_NAME).exists()
    try:
        save_addresses(content_dir, record)
    except OSError as exc:
        return False, Problem(shown, None, None, None,
                              Text.of("addresses", "not_recorded", reason=exc.strerror))
    if not existed:
        return True, None
    return True, Problem(shown, None, None, None,
                         Text.plural("addresses", "recorded", len(new)))


def _left_out(articles, now: datetime, options: BuildOptions) -> tuple[int, int]:
    """How many drafts, and how many other articles dated in the future, stay unpublished."""
    drafts = 0 if options.drafts else sum(1 for a in articles if a.draft)
    future = 0 if options.future else sum(
        1 for a in articles if a.date > now and (options.drafts or not a.draft))
    return drafts, future


def real_output(options: BuildOptions) -> BuildOptions:
    """Options whose output is the folder a symlinked output points to.

    The site is staged beside the real folder and swapped in there: swapping the link
    itself would turn it into a plain folder and leave the site it pointed to behind.
    """
    if not options.output_dir.is_symlink():
        return options
    return replace(options, output_dir=options.output_dir.resolve())


@contextmanager
def _stage(report: Report, name: str):
    """Time one stage of the build into the report (`build --timings` shows them); a
    Ctrl+C that Python could not raise where it came (core/interrupt) is raised here."""
    raise_kept_interrupt()
    started = time.perf_counter()
    try:
        yield
    finally:
        report.stages[name] = report.stages.get(name, 0.0) + time.perf_counter() - started
    raise_kept_interrupt()


def _next_publication(loaded: Loaded, now: datetime, options: BuildOptions) -> float | None:
    """When the earliest future-dated article becomes due (then a rebuild is needed)."""
    if options.future:
        return None
    due = [a.date.timestamp() for a in loaded.articles
           if a.date > now and (options.drafts or not a.draft)]
    return min(due) if due else None


# What writing pages needs: the templates and the staging folder, set before the page
# workers fork (they need nothing else); the renderer, the old digests and where the new
# digests and reads go, set in this process by _write_pages.
_PAGES: dict = {}


def _page_job(spec: PageSpec) -> tuple[PageSpec, dict | None]:
    """Work out one page's context and digest, record them, and reuse the old file if its
    inputs are unchanged: (spec, the context to render or None). Done in this process: a
    worker is sent the contexts, as it holds no model. The digest and reads stay here,
    under the page's own path: sent to a worker and back, each page's came back as new
    strings (35 MB at 100,000 articles)."""
    renderer, staging, old = _PAGES["renderer"], _PAGES["staging"], _PAGES["old"]
    context = renderer.context(spec)
    digest, reads = page_digest(spec, context, renderer.reads(spec))
    _PAGES["digests"][spec.path] = digest
    _PAGES["reads"].add(spec.path, reads)
    if spec.kind is PageKind.ARTICLE:
        source = renderer.site.posts[spec.key].article.source
        _PAGES["links"][source] = [spec.path, *(renderer.ref_paths.get(ref, "")
                                                for ref in renderer.bodies[source].refs)]
    if old.get(spec.path) == digest and staging.reuse(spec.path):
        return spec, None
    return spec, context


def _write_page(job: tuple[PageSpec, dict | None]) -> bool:
    """Render one page into staging unless its old file was reused; whether it was."""
    spec, context = job
    if context is None:
        return False
    _PAGES["staging"].put(spec.path, _PAGES["templates"].render(spec, context))
    return True


@contextmanager
def _page_workers(templates: PageTemplates, staging: Staging, jobs: int):
    """Workers for the pages stage, forked now, before the content is loaded, so that
    the site's model never enters their memory (see workers.forked_now): they render
    the contexts they are sent with the templates and write into the staging folder."""
    _PAGES.update(templates=templates, staging=staging)
    try:
        with forked_now(jobs) as pool:
            yield pool
    finally:
        _PAGES.clear()


def _write_pages(renderer: SiteRenderer, specs: list[PageSpec], staging: Staging,
                 old: dict[str, str], reads: ReadsWriter, links: dict, jobs: int, progress,
                 report: Report, pool=None) -> dict[str, str]:
    """Write every page (rendered on all cores, by `pool` if given); returns the new page
    digests, and puts where each article's links lead into `links`."""
    before = dict(_PAGES)
    digests: dict[str, str] = {}
    _PAGES.update(renderer=renderer, templates=renderer.templates, staging=staging, old=old,
                  digests=digests, reads=reads, links=links)
    try:
        for rendered in parallel_map(_write_page, specs, jobs, chunk=64, prepare=_page_job,
                                     pool=pool):
            report.examined += 1
            report.rendered += rendered
            progress.advance()
    finally:
        _PAGES.clear()
        _PAGES.update(before)
    return digests


def _write_changed_pages(renderer: SiteRenderer, specs: list[PageSpec], staging: Staging,
                         old: Record, articles: dict[str, str], live: set[str],
                         reads: ReadsWriter, links: dict, jobs: int, progress,
                         report: Report, pool=None) -> dict[str, str]:
    """With the site's structure unchanged, only the pages of changed articles and those
    that read a changed card or photo can differ: the others are reused without working
    out their contexts at all (a reused article page's links lead where they led)."""
    kept, redo = reuse_unchanged_pages(specs, CONTENT_KINDS, staging, old, articles,
                                       old.reads.stale(live), progress)
    for path in kept:
        reads.keep(path)
    links.update((source, entry) for source, entry in old.links.items() if entry[0] in kept)
    kept.update(_write_pages(renderer, redo, staging, old.pages, reads, links, jobs,
                             progress, report, pool))
    return kept


def _write_feeds(staging: Staging, writer: feeds.FeedWriter, articles: dict[str, str],
                 old_groups: dict, groups: dict) -> None:
    """Write the feeds; one whose entries are all unchanged is reused as it is (an edit
    touches the site feed and its article's tag and category feeds only)."""
    for feed in writer.feeds():
        write_group(staging, f"feed {feed.path}", writer.inputs(feed, articles),
                     lambda feed=feed: [(feed.path, writer.render(feed))], old_groups, groups)


def _in_file_order(problems: list[Problem]) -> list[Problem]:
    """Problems grouped by file (stable: within a file, in the order they were found)."""
    unique = list(dict.fromkeys(problems))
    return sorted(unique, key=lambda p: p.path)


def photo_links(photos: Photos, originals: bool) -> dict[str, str]:
    """Where a plain link to a photo leads: its largest resized copy, or with
    `publish_originals` the editor's file itself (published under its media path)."""
    if originals:
        return {}
    return {source: photo.path(photo.largest()) for source, photo in photos.by_source.items()}


# Photo copies put into the site at a time: the cache paths of all 383,564 copies of a
# 100,000-article site, made at once, were the peak of its build (bench/RESULTS.md).
PHOTO_COPIES_AT_ONCE = 20_000


def _copy_photos(staging: Staging, photos: Photos, store: PhotoStore, shown_root: str) -> None:
    """Put every resized copy of every photo into the site, from the photo cache."""
    # One origin text per photo, which the staging folder keeps for each of its copies.
    origins = {photo.source: f"{shown_root}/{photo.source}"
               for photo in photos.by_source.values()}
    copies = photos.copies()
    for start in range(0, len(copies), PHOTO_COPIES_AT_ONCE):
        staging.share_all([(photo.path(variant), store.file(photo, variant), origins[photo.source])
                           for photo, variant in copies[start:start + PHOTO_COPIES_AT_ONCE]])


def _copy_media(staging: Staging, refs: dict, site: Site, content_dir: Path,
                shown_root: str, resized: set[str]) -> None:
    """Copy every file the published articles refer to, but photos published only
    as resized copies (`resized`)."""
    pages = {item.article.source for item in site.posts + site.pages}
    folder = str(content_dir)  # plain strings: ten thousand photos in a large archive
    staging.copy_all([(path, os.path.join(folder, source), f"{shown_root}/{source}")
                      for source, path in sorted(refs.items())
                      if source not in pages and source not in resized and source != HOME_REF])


def _copy_identity(staging: Staging, config: SiteConfig) -> None:
    """Copy the site's logo and favicon (paths beside site.toml) into the output."""
    for role, name in (("logo", config.logo), ("favicon", config.favicon)):
        if name and config.site_dir is not None:
            file = config.site_dir / name
            staging.copy(identity_output(role, name), file, origin=shown_path(file))


def _copy_assets(staging: Staging, template_dirs: tuple[Path, ...]) -> None:
    """Copy the theme's CSS, scripts and icons; the site's own files win over built-in ones."""
    chosen: dict[str, Path] = {}
    for folder in reversed(template_dirs):
        assets = folder / ASSETS
        for file in sorted(assets.rglob("*")) if assets.is_dir() else ():
            if file.is_file() and not file.is_symlink():
                chosen[file.relative_to(assets).as_posix()] = file
    staging.copy_all([(f"{ASSETS}/{rel}", file, shown_path(file))
                      for rel, file in sorted(chosen.items())])
