"""The site model: published posts with final paths, tags, categories and date archives.

Everything here is decided from front matter alone and is deterministic: posts are
ordered newest first (ties by source path), and every name clash is resolved by the
date of first use, so adding newer articles never renames older pages.
"""
from __future__ import annotations

import bisect
import hashlib
import heapq
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime
from ..core.frozen import FrozenMap
from typing import Mapping

from ..core.config import SiteConfig
from ..content.articles import Article
from ..core.errors import Problem, Text
from ..core.text import collation_key, slugify, term_key
from ..core.urls import (RESERVED_PAGE_SLUGS, RESERVED_TERM_SLUGS, article_path, author_base,
                         category_base, month_base, page_path, tag_base, year_path,
                         ARCHIVE_INDEX, is_external)

RELATED_WINDOW = 6  # neighbours looked at per shared tag: keeps related-post search linear


@dataclass(frozen=True, slots=True)
class Post:
    """A published article with its place in the site."""

    index: int  # position in Site.posts (newest first)
    article: Article
    slug: str
    path: str
    tag_keys: tuple[str, ...]
    category_key: str | None


@dataclass(frozen=True, slots=True)
class Page:
    """A page without a date (`content/pages/gioi-thieu.md` → `gioi-thieu.html`): in the menu
    and in search, never in listings, archives or feeds."""

    article: Article
    slug: str
    path: str


@dataclass(frozen=True)
class MenuLink:
    """One entry of the site's menu, resolved: a root-relative path, or an external URL."""

    name: str
    url: str
    external: bool = False


@dataclass(frozen=True)
class Redirect:
    """An old address of a post or page: a page there sends readers on to it."""

    path: str  # output path of the redirect page
    target: str  # output path of the post or page it leads to
    title: str  # the title of what it leads to
    source: str  # content file that gave the old address


@dataclass(frozen=True)
class Term:
    """A tag or a category: one page listing its posts."""

    key: str
    name: str
    slug: str
    base: str  # listing base path, e.g. tags/duc-hue
    posts: tuple[int, ...]  # post indices, newest first


@dataclass(frozen=True)
class Month:
    """One month of the date archive."""

    year: int
    month: int
    base: str
    posts: tuple[int, ...]


@dataclass(frozen=True)
class Year:
    """One year of the date archive."""

    year: int
    path: str
    months: tuple[Month, ...]  # newest first

    @property
    def count(self) -> int:
        """Number of posts in the year."""
        return sum(len(m.posts) for m in self.months)


@dataclass(frozen=True)
class Site:
    """The whole published site, ready to render."""

    config: SiteConfig
    posts: tuple[Post, ...]
    tags: tuple[Term, ...]  # Vietnamese alphabetical order
    categories: tuple[Term, ...]
    years: tuple[Year, ...]  # newest first
    related: tuple[tuple[int, ...], ...]  # per post index

    tags_by_key: Mapping[str, Term]
    categories_by_key: Mapping[str, Term]
    authors: tuple[Term, ...] = ()  # one listing per byline name, alphabetical
    authors_by_key: Mapping[str, Term] = FrozenMap({})
    pages: tuple[Page, ...] = ()  # pages without a date, by file name
    menu: tuple[MenuLink, ...] = ()  # from site.toml; empty: the built-in navigation
    redirects: tuple[Redirect, ...] = ()  # old addresses, in post order


@dataclass(frozen=True)
class RelatedMemo:
    """Related posts worked out by an earlier build, and a digest of what they came from:
    an edit that changes no tags need not rank 10,000 posts' neighbours again."""

    inputs: str = ""
    related: tuple[tuple[int, ...], ...] = ()


@dataclass(frozen=True)
class ModelResult:
    """The model and what was found wrong while making it."""

    site: Site | None
    problems: tuple[Problem, ...]
    warnings: tuple[Problem, ...]
    related: RelatedMemo = RelatedMemo()


def is_published(article: Article, now: datetime, drafts: bool, future: bool) -> bool:
    """Drafts and future-dated articles stay out unless asked for."""
    return (drafts or not article.draft) and (future or article.date <= now)


def build_model(articles: list[Article], config: SiteConfig, shown_root: str,
                known: RelatedMemo = RelatedMemo(), pages: tuple[Article, ...] = (),
                addresses: Mapping[str, str] = FrozenMap({})) -> ModelResult:
    """Order posts, give them unique paths, group them into terms and archives (related
    posts taken from `known` when they were worked out from the same tags); place the
    pages without a date and resolve the menu. `addresses` holds the slugs already
    published (content/.addresses.toml): they stay with their articles."""
    problems: list[Problem] = []
    warnings: list[Problem] = []
    ordered = sorted(articles, key=lambda a: (-a.date.timestamp(), a.source))
    slugs = _assign_slugs(ordered, shown_root, problems, warnings, addresses)
    tag_terms = _terms(ordered, lambda a: a.tags, config.tag_slugs, tag_base, "tag",
                       shown_root, problems, warnings)
    category_terms = _terms(ordered, lambda a: (a.category,) if a.category else (),
                            config.category_slugs, category_base, "category", shown_root,
                            problems, warnings)
    author_terms = _terms(ordered, lambda a: a.authors, config.author_slugs, author_base,
                          "author", shown_root, problems, warnings)
    site_pages = _pages(pages, shown_root, problems)
    menu = resolve_menu(config, tag_terms, category_terms, site_pages, warnings)
    if problems:
        return ModelResult(None, tuple(problems), tuple(warnings))
    posts = tuple(
        Post(index=i, article=a, slug=slugs[i], path=article_path(a.date.year, a.date.month,
                                                                   slugs[i]),
             tag_keys=tuple(term_key(t) for t in a.tags),
             category_key=term_key(a.category) if a.category else None)
        for i, a in enumerate(ordered))
    redirects = _redirects(posts, site_pages, shown_root, problems)
    if problems:
        return ModelResult(None, tuple(problems), tuple(warnings))
    inputs = related_inputs(posts, config.related_count)
    related = (known.related if known.inputs == inputs and len(known.related) == len(posts)
               else _related(posts, tag_terms, config.related_count))
    site = Site(config=config, posts=posts, tags=tag_terms, categories=category_terms,
                years=_archive(posts), related=related,
                tags_by_key=FrozenMap({t.key: t for t in tag_terms}),
                categories_by_key=FrozenMap({c.key: c for c in category_terms}),
                authors=author_terms, authors_by_key=FrozenMap({a.key: a for a in author_terms}),
                pages=site_pages, menu=menu, redirects=redirects)
    return ModelResult(site, tuple(problems), tuple(warnings), RelatedMemo(inputs, related))


def _assign_slugs(ordered: list[Article], shown_root: str, problems: list,
                  warnings: list, addresses: Mapping[str, str] = FrozenMap({})) -> list[str]:
    """Final slug per post: explicit slugs win, then published (recorded) ones, and new
    generated ones get -2, -3 by first use."""
    slugs: list[str | None] = [None] * len(ordered)
    taken: dict[str, int] = {}  # case-folded path -> post index
    for i, article in enumerate(ordered):
        if article.slug is None:
            continue
        path = article_path(article.date.year, article.date.month, article.slug)
        if path.casefold() in taken:
            other = ordered[taken[path.casefold()]]
            problems.append(Problem(
                f"{shown_root}/{article.source}", article.line_of("slug"), None, "slug",
                Text.of("model", "slug_clash", slug=article.slug,
                        other=f"{shown_root}/{other.source}", path=path)))
            continue
        taken[path.casefold()] = i
        slugs[i] = article.slug
    # An address once published stays with its article, even if an older article with
    # the same title arrives later.
    for i, article in enumerate(ordered):
        recorded = addresses.get(article.source)
        if article.slug is not None or recorded is None:
            continue
        path = article_path(article.date.year, article.date.month, recorded).casefold()
        if path not in taken:
            taken[path] = i
            slugs[i] = recorded
    # Oldest first, so an article keeps its address when newer ones arrive.
    for i in sorted(range(len(ordered)), key=lambda i: (ordered[i].date, ordered[i].source)):
        article = ordered[i]
        if slugs[i] is not None or article.slug is not None:
            continue
        base = article.title_slug or slugify(article.title)
        slug, number = base, 1
        while article_path(article.date.year, article.date.month, slug).casefold() in taken:
            number += 1
            slug = f"{base}-{number}"
        if number > 1:
            first = ordered[taken[article_path(article.date.year, article.date.month,
                                               base).casefold()]]
            warnings.append(Problem(
                f"{shown_root}/{article.source}", article.line_of("title"), None, "title",
                Text.of("model", "same_address", other=f"{shown_root}/{first.source}",
                        slug=slug)))
        taken[article_path(article.date.year, article.date.month, slug).casefold()] = i
        slugs[i] = slug
    return slugs


def _redirects(posts: tuple[Post, ...], pages: tuple[Page, ...], shown_root: str,
               problems: list) -> tuple[Redirect, ...]:
    """A redirect per old address; one that is a page's or another post's address is an error
    naming both files (compared case-folded: one file on Windows and macOS disks)."""
    # Oldest first (pages, without a date, after the posts): an old address stays with
    # the article that had it first.
    holders = [(p.article, p.path) for p in sorted(posts, key=lambda p: (p.article.date,
                                                                         p.article.source))]
    holders += [(page.article, page.path) for page in pages]
    owners = {path.casefold(): (article, "alias_is_address") for article, path in holders}
    redirects = []
    for article, target in holders:
        for path in article.aliases:
            taken = owners.get(path.casefold())
            if taken is not None:
                other, what = taken
                problems.append(Problem(
                    f"{shown_root}/{article.source}", article.line_of("aliases"), None,
                    "aliases", Text.of("model", what, path=path,
                                       other=f"{shown_root}/{other.source}")))
                continue
            owners[path.casefold()] = (article, "alias_is_alias")
            redirects.append(Redirect(path, target, article.title,
                                      f"{shown_root}/{article.source}"))
    return tuple(sorted(redirects, key=lambda r: r.path))


def _terms(ordered: list[Article], names_of, overrides, base_of, kind: str, shown_root: str,
           problems: list, warnings: list) -> tuple[Term, ...]:
    """Group tag or category names into terms with display names and unique slugs."""
    spellings: dict[str, Counter] = defaultdict(Counter)
    members: dict[str, list[int]] = defaultdict(list)
    first_use: dict[str, tuple] = {}
    for i, article in enumerate(ordered):
        for name in names_of(article):
            key = term_key(name)
            spellings[key][name] += 1
            members[key].append(i)
            use = (article.date, article.source)
            if key not in first_use or use < first_use[key]:
                first_use[key] = use
    names = {key: min(counter.items(), key=lambda kv: (-kv[1], collation_key(kv[0])))[0]
             for key, counter in spellings.items()}
    slugs = _term_slugs(names, first_use, overrides, kind, problems, warnings)
    terms = [Term(key, names[key], slugs[key], base_of(slugs[key]), tuple(members[key]))
             for key in names if key in slugs]
    return tuple(sorted(terms, key=lambda t: collation_key(t.name)))


def _term_slugs(names: dict, first_use: dict, overrides, kind: str, problems: list,
                warnings: list) -> dict[str, str]:
    """Slug per term: site.toml overrides, else transliterated; clashes get -2 by first use."""
    chosen = {term_key(name): slug for name, slug in overrides.items()}
    taken: dict[str, str] = {slug: "" for slug in RESERVED_TERM_SLUGS}
    slugs: dict[str, str] = {}
    table = {"tag": "tags", "category": "categories", "author": "authors"}[kind]
    for key in sorted(names, key=lambda k: (k not in chosen, first_use[k], k)):
        if key in chosen:
            slug = chosen[key]
            if slug in taken:
                problems.append(Problem("site.toml", None, None, f"slugs.{table}",
                                        Text.of("model", f"term_slug_taken_{kind}", slug=slug,
                                                name=names[key],
                                                other=taken[slug] or slug)))
                continue
        else:
            base = slugify(names[key])
            slug, number = base, 1
            while slug in taken:
                number += 1
                slug = f"{base}-{number}"
            if number > 1 and taken.get(base):
                warnings.append(Problem("site.toml", None, None, f"slugs.{table}",
                                        Text.of("model", f"term_lookalike_{kind}",
                                                first=taken[base], second=names[key],
                                                base=base, slug=slug, table=table)))
        taken[slug] = names[key]
        slugs[key] = slug
    return slugs


def _pages(pages: tuple[Article, ...], shown_root: str, problems: list) -> tuple[Page, ...]:
    """Each page at `<slug>.html` (its `slug:` or its file name); two on one path is an error."""
    placed: dict[str, Page] = {}
    for article in sorted(pages, key=lambda a: a.source):
        slug = article.slug or slugify(article.source.rsplit("/", 1)[-1].removesuffix(".md"))
        path = page_path(slug)
        shown = f"{shown_root}/{article.source}"
        if slug in RESERVED_PAGE_SLUGS:
            problems.append(Problem(shown, article.line_of("slug"), None, "slug",
                                    Text.of("model", "page_reserved", path=path)))
        elif path in placed:
            problems.append(Problem(shown, article.line_of("slug"), None, "slug",
                                    Text.of("model", "page_clash", path=path,
                                            other=f"{shown_root}/{placed[path].article.source}")))
        else:
            placed[path] = Page(article, slug, path)
    return tuple(placed.values())


def resolve_menu(config: SiteConfig, tags: tuple[Term, ...], categories: tuple[Term, ...],
                 pages: tuple[Page, ...], warnings: list) -> tuple[MenuLink, ...]:
    """The `[[menu]]` entries as links. One naming no published tag, category or page is
    left out with a warning at its line in site.toml: a section planned in the menu may have
    no article yet, and the same site.toml may serve a smaller content folder."""
    by_kind = {"tag": {t.key: t for t in tags}, "category": {c.key: c for c in categories}}
    page_paths = {p.slug: p.path for p in pages}
    page_paths.update({p.article.source.removeprefix("pages/").removesuffix(".md"): p.path
                       for p in pages})
    links = []
    for entry in config.menu:
        if entry.target == "archive":
            links.append(MenuLink(entry.name, ARCHIVE_INDEX))
        elif entry.target == "url":
            links.append(MenuLink(entry.name, entry.value, is_external(entry.value)))
        elif entry.target == "page":
            if entry.value.removesuffix(".md") in page_paths:
                links.append(MenuLink(entry.name, page_paths[entry.value.removesuffix(".md")]))
            else:
                known = ", ".join(sorted(p.slug for p in pages))
                warnings.append(Problem(config.source, entry.line, None, "menu.page",
                                        Text.of("model", "menu_no_page", page=entry.value,
                                                known=known or Text.of("model", "no_pages"))))
        else:
            term = by_kind[entry.target].get(term_key(entry.value))
            if term is None:
                warnings.append(Problem(config.source, entry.line, None, f"menu.{entry.target}",
                                        Text.of("model", f"menu_no_{entry.target}",
                                                name=entry.value)))
            else:
                links.append(MenuLink(entry.name, f"{term.base}.html"))
    return tuple(links)


def _archive(posts: tuple[Post, ...]) -> tuple[Year, ...]:
    """Years (newest first), each with its months (newest first) and their posts."""
    by_month: dict[tuple[int, int], list[int]] = defaultdict(list)
    for post in posts:
        by_month[(post.article.date.year, post.article.date.month)].append(post.index)
    years: dict[int, list[Month]] = defaultdict(list)
    for (year, month) in sorted(by_month, reverse=True):
        years[year].append(Month(year, month, month_base(year, month),
                                 tuple(by_month[(year, month)])))
    return tuple(Year(year, year_path(year), tuple(months)) for year, months in years.items())


def related_inputs(posts: tuple[Post, ...], count: int) -> str:
    """A digest of all that related posts are ranked from: every post's tags, in order."""
    text = repr((count, RELATED_WINDOW, [post.tag_keys for post in posts]))
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


def _related(posts: tuple[Post, ...], tags: tuple[Term, ...], count: int) -> tuple:
    """For each post, the posts sharing most tags (nearest in time first on ties).

    Only the RELATED_WINDOW nearest posts of each shared tag are candidates, so the
    work grows linearly with the archive even when a tag has thousands of posts.
    """
    if count == 0:
        return tuple(() for _ in posts)
    members = {term.key: term.posts for term in tags}
    size = len(posts) + 1
    related = []
    for post in posts:
        me = post.index
        shared: dict[int, int] = {}
        for key in post.tag_keys:
            ids = members[key]
            at = bisect.bisect_left(ids, me)
            for other in ids[max(0, at - RELATED_WINDOW):at + RELATED_WINDOW + 1]:
                shared[other] = shared.get(other, 0) + 1
        shared.pop(me, None)
        # One integer per candidate orders by most shared tags, then nearest, then index;
        # plain ints let heapq compare in C.
        ranked = heapq.nsmallest(count, [(-n * size + abs(o - me)) * size + o
                                         for o, n in shared.items()])
        related.append(tuple(key % size for key in ranked))
    return tuple(related)
