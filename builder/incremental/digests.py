"""Digests of what each output is made from, computed from the model and the views.

A page enters by its template context (JSON; shared views, bodies and photos by their
`signature`), the search index and the sitemap by the cards and the page list, an article
page by its content key. Templates, settings and code are not here: they are the salt of
the whole record.

Every page also records what it read: the `reads()` of each shared value in its context
(the cards it lists, the photos it shows). While the site's *structure* (its pages, the
order of its posts and their grouping into tags, categories, months and related lists)
stays the same, a page depends only on its own content file and on what it read; so after
a change only the pages that read a changed value, and those of changed files, are made
again, without working out the contexts of the others.
"""
from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING

from ..core.signed import Signed

if TYPE_CHECKING:
    from ..content.loading import Loaded
    from ..site.model import Site
    from ..site.plan import PageSpec
    from ..site.views import SiteViews


def page_digest(spec: PageSpec, context: dict,
                extra: tuple[str, ...] = ()) -> tuple[str, tuple[str, ...]]:
    """A digest of everything a page's template sees, and what the page read (`extra`:
    what it read that its context holds by value, see SiteRenderer.reads).

    JSON, not pickle: pickle's output depends on which equal strings happen to be the
    same object, which differs between a fresh article and one read from the cache.
    Article bodies enter by their signature (see markdown_convert.Body).
    """
    reads: dict[str, None] = dict.fromkeys(extra)

    def signature(value) -> str:
        """How values JSON cannot encode enter the digest: a shared view, a body or a
        photo by its signature (noting what it reads), anything else (dates) by its text."""
        if isinstance(value, Signed):
            reads.update(dict.fromkeys(value.reads()))
            return value.signature()
        return str(value)

    text = json.dumps((spec.kind, context), default=signature)
    return hashlib.blake2b(text.encode("ascii"), digest_size=20).hexdigest(), tuple(reads)


def live_reads(views: SiteViews, photos) -> set[str]:
    """Everything a page may have read, as it is now: every card and every photo."""
    live = {key for card in views.cards + views.page_cards for key in card.reads()}
    live.update(key for photo in photos for key in photo.reads())
    return live


def search_inputs(site: Site, views: SiteViews, specs: list[PageSpec],
                   bodies: bool) -> str:
    """A digest of every post's card (and body) and of the page list: what the search
    index is made from (settings and templates are in the salt)."""
    digest = hashlib.blake2b(digest_size=20)
    for card, item in zip(views.cards + views.page_cards, site.posts + site.pages):
        digest.update(card.signature().encode())
        if bodies:
            digest.update(views.bodies[item.article.source].digest.encode())
    digest.update("\n".join(spec.path for spec in specs).encode())
    return digest.hexdigest()


def combined(*parts: str) -> str:
    """One digest of several."""
    return hashlib.blake2b("|".join(parts).encode(), digest_size=20).hexdigest()


def structure_digest(site: Site, specs: list[PageSpec]) -> str:
    """A digest of the site's structure: every page, the order of the posts and their
    grouping (tags, categories, authors, months, related), the menu. While it holds, what
    a page shows besides its own file comes from the values it read (cards, photos):
    counts, pagination, names and links of terms all come from here."""
    digest = hashlib.blake2b(digest_size=20)
    for spec in specs:
        digest.update(f"{spec.path}|{spec.kind}|{spec.key}|{spec.number}\n".encode())
    for post in site.posts:  # the related lists and groupings name posts by position
        digest.update(f"{post.path}\n".encode())
    digest.update(repr((site.related, site.tags, site.categories, site.years, site.authors,
                        site.menu, [(page.path, page.article.title) for page in site.pages])
                       ).encode())
    return digest.hexdigest()


def article_inputs(site: Site, loaded: Loaded) -> dict[str, str]:
    """Per article page (and page without a date): what its file brings in. The content key (a hash of the file's
    bytes under the current settings and code) stands for every field and the body."""
    return {item.path: loaded.keys.get(item.article.source) or hashlib.blake2b(
        (repr(item.article) + loaded.bodies[item.article.source].digest).encode(
            "utf-8", "surrogatepass"), digest_size=16).hexdigest()
        for item in site.posts + site.pages}
