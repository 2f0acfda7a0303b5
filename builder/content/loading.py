"""Content stage: every file read, parsed and its body converted, all problems collected.

`process_file` is the unit of work: it depends only on the file's bytes, the settings that
shape parsing and conversion, and the files its body refers to, which is what lets it run
in worker processes and be cached.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.config import SiteConfig
from .articles import Article, find_content, load_article
from ..core.errors import ContentError, Problem, Text
from .markdown_convert import HOME_REF, Converted, Converter
from ..core.urls import forget_folders, still_in_content
from ..workers import parallel_map

if TYPE_CHECKING:
    from ..incremental.cache import BodyShelf, ContentCache


@dataclass(frozen=True, slots=True)
class FileResult:
    """What one content file gave: an article and its body, or problems."""

    source: str
    article: Article | None
    body: Converted | None
    problems: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()


def without_body(article: Article) -> Article:
    """The article without its Markdown text: once converted it is not needed again."""
    return replace(article, body="")


# What a cached FileResult may hold (the cache builds nothing else from what it reads).
CACHED_KINDS = (FileResult, Article, Converted, Problem, Text)


@dataclass(frozen=True)
class Loaded:
    """Every content file read and converted, with what was wrong."""

    articles: tuple[Article, ...]
    bodies: dict  # article source -> Converted
    problems: tuple[Problem, ...]
    warnings: tuple[Problem, ...]
    keys: dict = field(default_factory=dict)  # article source -> content key (with a cache)
    pages: tuple[Article, ...] = ()  # pages without a date (content/pages/)


# A page's description, when its article has no summary, is this much of the lead.
DESCRIPTION_LENGTH = 200


def lead_kept(config: SiteConfig, article: Article | None) -> int:
    """How much of a body's first paragraph is ever shown: a derived summary or a page's
    description, and one character more, which tells that the text goes on; none of it
    when the article has a summary of its own, which stands in for both. The rest was a
    tenth of what a build holds in memory per article."""
    if article is not None and article.summary:
        return 0
    return max(config.summary_length, DESCRIPTION_LENGTH) + 1


def process_file(content_dir: Path, source: str, config: SiteConfig, shown_root: str,
                 converter: Converter) -> FileResult:
    """Read, parse and convert one file; never raises for a problem of the file itself."""
    try:
        parsed = load_article(content_dir, source, config, shown_root)
    except ContentError as exc:
        return FileResult(source, None, None, tuple(exc.problems))
    shown = f"{shown_root}/{parsed.article.source if parsed.article else source}"
    body = converter.convert(parsed.body, source, shown, parsed.body_line, content_dir)
    kept = lead_kept(config, parsed.article)
    if len(body.lead_text) > kept:
        body = replace(body, lead_text=body.lead_text[:kept])
    article = without_body(parsed.article) if parsed.article else None
    return FileResult(source, article, body if article else None,
                      parsed.problems + body.problems, parsed.warnings + body.warnings)


# What forked workers need to process files; set by load_all just before the pool starts.
_JOB: dict = {}


def _convert(source: str) -> FileResult:
    """process_file with this process's own reused Markdown instance."""
    if "converter" not in _JOB:
        _JOB["converter"] = Converter(_JOB["config"].raw_html, _JOB["config"].language)
    return process_file(_JOB["content_dir"], source, _JOB["config"], _JOB["shown_root"],
                        _JOB["converter"])


def _process_in_worker(item: tuple[str, str]) -> FileResult:
    """Convert one file; caches the result."""
    source, key = item
    result = _convert(source)
    if _JOB["cache"] is not None:
        result = _JOB["cache"].put(key, result)
    return result


def _still_valid(result: FileResult, source: str, content_dir: Path,
                 plain_files: frozenset[str]) -> bool:
    """A cached result holds only while every file it refers to is still there."""
    if result.source != source:
        return False
    refs = list(result.body.refs) if result.body else []
    if result.article and result.article.image:
        refs.append(result.article.image)
    # The refs are already plain content-relative paths: only whether each is still a
    # file inside the content folder can have changed. One the content stage listed as
    # a regular file is one (stating 191,552 photo references again took a one-article
    # build at 100,000 articles a second); any other is looked at on disk.
    return all(ref in plain_files or still_in_content(ref, content_dir)
               for ref in refs if ref != HOME_REF)


def _fetch_batch(sources: list[str]) -> None:
    """Work out the keys of a batch of files and read their entries from the store in one
    query, in the process that runs the batch (`_look_up` takes them from there)."""
    cache, content_dir, memo = _JOB["cache"], _JOB["content_dir"], _JOB["file_keys"]
    keys = {source: cache.file_key(os.path.join(content_dir, source), source, memo)
            for source in sources}
    _JOB["batch_keys"] = keys
    cache.fetch([key for key in keys.values() if key])


def _look_up(source: str) -> tuple[str, str, FileResult | None, tuple | None]:
    """A file's content key ("" if unreadable), its cached result if one is there and
    still holds, and its entry in the file-key memo (sent back from a worker's copy)."""
    cache, content_dir, memo = _JOB["cache"], _JOB["content_dir"], _JOB["file_keys"]
    path = os.path.join(content_dir, source)
    key = _JOB.get("batch_keys", {}).get(source)
    if key is None:
        key = cache.file_key(path, source, memo)
    # A build that shelves its bodies has no use for their HTML now.
    hit = cache.get(key, bodies=_JOB.get("shelf") is None) if key else None
    if hit is not None and not _still_valid(hit, source, content_dir, _JOB["plain_files"]):
        hit = None
    return source, key, hit, memo.get(path) if memo is not None else None


def _read_or_convert(source: str) -> tuple[str, str, FileResult | None, bytes | None,
                                            tuple | None, bool]:
    """One file, in one pass, for a build in a new process: (source, key, result, entry,
    memo entry, converted now). The cached result if one holds; else the file converted
    now, and when it is kept, queued for the store (`_write_entries`) and sent back as
    its entry instead: the parent decodes it once, where decoding it here, pickling and
    unpickling it cost twice that."""
    source, key, hit, known = _look_up(source)
    if hit is not None:
        if _JOB["shelf"] is not None and hit.body is not None:
            # The parent holds it from the store (`_shelve`): not sent through the pipe.
            _shelve(hit, b"")
        return source, key, hit, None, known, False
    result = _convert(source)
    entry = _JOB["cache"].encode(key, result) if key else None
    return source, key, None if entry else result, entry, known, True


def _shelve(result: FileResult, packed) -> None:
    """Put `packed` in place of the body's HTML of a result this process has just decoded
    (no one else holds it yet: the one place a frozen result is filled in after it is
    made, which a copy of both objects per article would cost 0.4 s at 100,000)."""
    object.__setattr__(result.body, "packed", packed)


def _write_entries() -> None:
    """Write a batch's new entries in one transaction, in the process that made them."""
    _JOB["cache"].flush()


def load_all(config: SiteConfig, content_dir: Path, shown_root: str, jobs: int = 1,
             cache: ContentCache | None = None, progress=None,
             file_keys: dict | None = None, shelf: BodyShelf | None = None) -> Loaded:
    """Process every content file (cached ones are reused), collecting all problems;
    `file_keys` (the preview's, or the one the last build saved) lets a build skip
    reading files it has seen unchanged; the keys found here are added to it. With a
    `shelf`, the bodies of a build in a new process stay in the cache's store until a
    page shows them."""
    forget_folders()
    found = find_content(content_dir, shown_root)
    results: dict[str, FileResult] = {}
    keys = {source: "" for source in found.articles}  # "" when unreadable or uncached
    misses = []
    converted = False
    _JOB.clear()
    one_pass = cache is not None and not cache.in_memory()
    shelf = shelf if one_pass else None
    _JOB.update(content_dir=content_dir, config=config, shown_root=shown_root, cache=cache,
                file_keys=file_keys, shelf=shelf, plain_files=found.plain_files)

    def note(source: str, key: str, known: tuple | None) -> None:
        """Keep a file's key, and its memo entry (a worker's own copy of both is lost)."""
        if known is not None:
            file_keys[os.path.join(content_dir, source)] = known
        keys[source] = key
        if key:
            cache.live.add(key)

    try:
        if cache is None:
            misses = [(source, "") for source in found.articles]
        elif one_pass:
            # A build in a new process decodes every entry from disk and converts what
            # is not there, in one pass on all cores: a cold build forks once, and each
            # file is converted right after its key is read, by the same process.
            if progress:
                progress.start("articles", len(found.articles))
            for source, key, result, entry, known, fresh in parallel_map(
                    _read_or_convert, found.articles, jobs, chunk=64, start=_fetch_batch,
                    finish=_write_entries):
                note(source, key, known)
                # A shelved body is read back from the store: its HTML is not decoded here.
                result = cache.decode(entry, bodies=shelf is None) if entry else result
                if shelf is not None and (entry or not fresh) and result.body is not None:
                    _shelve(result, shelf.hold(source, key))  # its entry is in the store
                results[source] = result
                converted = converted or fresh
                if progress:
                    progress.advance()
        else:
            # The preview's next build finds the entries in memory, where forking would
            # cost more than it saves.
            for source, key, hit, known in map(_look_up, found.articles):
                note(source, key, known)
                if hit is not None:
                    results[source] = hit
                else:
                    misses.append((source, key))
        if not one_pass:
            if progress:
                progress.start("articles", len(found.articles), done=len(results))
            for result in parallel_map(_process_in_worker, misses, jobs):
                results[result.source] = result
                if progress:
                    progress.advance()
    finally:
        _JOB.clear()
    if cache is not None and (misses or converted):
        cache.prune()
    if cache is not None:
        cache.remember({keys[s]: results[s] for s in found.articles if keys[s]})
    return gather([results[s] for s in found.articles], found.problems, found.warnings, keys)


def gather(results: list[FileResult], problems=(), warnings=(), keys=None) -> Loaded:
    """Combine per-file results (in content order) into one Loaded."""
    problems, warnings = list(problems), list(warnings)
    articles, pages, bodies, article_keys = [], [], {}, {}
    for result in results:
        problems.extend(result.problems)
        warnings.extend(result.warnings)
        if result.article is not None:
            (pages if result.article.is_page else articles).append(result.article)
            bodies[result.article.source] = result.body
            if keys and keys.get(result.source):
                article_keys[result.article.source] = keys[result.source]
    return Loaded(tuple(articles), bodies, tuple(problems), tuple(warnings), article_keys,
                  tuple(pages))
