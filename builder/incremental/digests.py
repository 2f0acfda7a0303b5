"""Digests of what each output is made from, computed from the model and the views.

A page enters by its template context (JSON; shared views, bodies and photos by their
`signature`), the search index and the sitemap by the cards and the page list, the site's
shape by every page and card and the grouping of posts, an article page by its content key.
Templates, settings and code are not here: they are the salt of the whole record.
"""
from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING

from .signed import Signed

if TYPE_CHECKING:
    from ..content.loading import Loaded
    from ..site.model import Site
    from ..site.plan import PageSpec
    from ..site.views import SiteViews


def page_digest(spec: PageSpec, context: dict) -> str:
    """A digest of everything a page's template sees.

    JSON, not pickle: pickle's output depends on which equal strings happen to be the
    same object, which differs between a fresh article and one read from the cache.
    Article bodies enter by their signature (see markdown_convert.Body).
    """
    text = json.dumps((spec.kind, context), default=_signature)
    return hashlib.blake2b(text.encode("ascii"), digest_size=20).hexdigest()


def _signature(value) -> str:
    """How values JSON cannot encode enter a page digest: a shared view, a body or a photo
    by its signature, anything else (dates) by its text."""
    return value.signature() if isinstance(value, Signed) else str(value)


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


def shape_digest(site: Site, views: SiteViews, specs: list[PageSpec]) -> str:
    """A digest of the site's shape: every page, every card, the order and grouping of the
    posts (tags, categories, months, related). Pages other than an article's own depend on
    nothing else (besides settings and templates, which are in the salt)."""
    digest = hashlib.blake2b(digest_size=20)
    for spec in specs:
        digest.update(f"{spec.path}|{spec.kind}|{spec.key}|{spec.number}\n".encode())
    for card in views.cards:
        digest.update(card.signature().encode())
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
