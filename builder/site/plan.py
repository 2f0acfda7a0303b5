"""The plan of a site's pages, apart from rendering: which pages exist, of what kind, where.

A `PageSpec` names one page by its kind and a typed key into the model (a post's index, a
term's key, a `MonthKey`, ...), so nothing downstream parses keys back out of text. The
plan depends on the model only; the renderer, the sitemap and the build cache read it.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from ..core.urls import (ARCHIVE_INDEX, AUTHORS_INDEX, CATEGORIES_INDEX, NOT_FOUND, SEARCH,
                         TAGS_INDEX, listing_path)
from .model import Post, Site


class PageKind(StrEnum):
    """Every kind of page; the value is what templates see as `page.kind`."""

    ARTICLE = "article"
    HOME = "home"
    TAG = "tag"
    CATEGORY = "category"
    AUTHOR = "author"
    YEAR = "year"
    MONTH = "month"
    TAGS = "tags"
    CATEGORIES = "categories"
    AUTHORS = "authors"
    ARCHIVE = "archive"
    NOT_FOUND = "404"
    SEARCH = "search"
    PAGE = "page"
    REDIRECT = "redirect"


# Listings of posts grouped by a term: their key is the term's key in the model.
TERM_KINDS = (PageKind.TAG, PageKind.CATEGORY, PageKind.AUTHOR)
# Pages made from one content file each: their inputs are that file's.
CONTENT_KINDS = (PageKind.ARTICLE, PageKind.PAGE)


class MonthKey(NamedTuple):
    """The key of a month's listing."""

    year: int
    month: int


@dataclass(frozen=True, slots=True)
class PageSpec:
    """One page to render: small and picklable, so workers can render it.

    `key` by kind: ARTICLE a post index; TAG, CATEGORY, AUTHOR a term key; YEAR the year;
    MONTH a MonthKey; PAGE a page index; REDIRECT a redirect index; others None.
    """

    path: str
    kind: PageKind
    key: str | int | MonthKey | None = None
    number: int = 1
    source: str = ""  # content file behind the page, for error messages


def article_spec(post: Post, shown_root: str) -> PageSpec:
    """The page of one post."""
    return PageSpec(post.path, PageKind.ARTICLE, post.index,
                    source=f"{shown_root}/{post.article.source}")


def plan_pages(site: Site, shown_root: str) -> list[PageSpec]:
    """Every page of the site, in a fixed order."""
    per = site.config.per_page
    specs = [article_spec(post, shown_root) for post in site.posts]
    specs += listing_specs("index", PageKind.HOME, None, len(site.posts), per)
    for kind, terms in zip(TERM_KINDS, (site.tags, site.categories, site.authors)):
        for term in terms:
            specs += listing_specs(term.base, kind, term.key, len(term.posts), per)
    for year in site.years:
        specs.append(PageSpec(year.path, PageKind.YEAR, year.year))
        for month in year.months:
            specs += listing_specs(month.base, PageKind.MONTH, MonthKey(month.year, month.month),
                                   len(month.posts), per)
    specs += [PageSpec(TAGS_INDEX, PageKind.TAGS), PageSpec(CATEGORIES_INDEX, PageKind.CATEGORIES),
              PageSpec(ARCHIVE_INDEX, PageKind.ARCHIVE), PageSpec(NOT_FOUND, PageKind.NOT_FOUND),
              PageSpec(SEARCH, PageKind.SEARCH), PageSpec(AUTHORS_INDEX, PageKind.AUTHORS)]
    specs += [PageSpec(page.path, PageKind.PAGE, number,
                       source=f"{shown_root}/{page.article.source}")
              for number, page in enumerate(site.pages)]
    specs += [PageSpec(r.path, PageKind.REDIRECT, n, source=r.source)
              for n, r in enumerate(site.redirects)]
    return specs


def listing_specs(base: str, kind: PageKind, key, count: int, per: int) -> list[PageSpec]:
    """One spec per page of a paginated listing (an empty listing still has page 1)."""
    total = max(1, math.ceil(count / per))
    return [PageSpec(listing_path(base, n), kind, key, n) for n in range(1, total + 1)]
