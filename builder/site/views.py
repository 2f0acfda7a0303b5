"""The view data of one site that feeds and the search index share with the pages.

Made once per build from the model (by `render.SiteRenderer`, which also uses them): the
interface strings, a card per post and per page, the converted bodies and where every
content file the site refers to ends up. Feeds and the search index read only these and
the model, never the renderer.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping


@dataclass(frozen=True)
class SiteViews:
    """What the site's extra outputs (feeds, search index) read besides the model."""

    t: Mapping[str, str]  # interface strings in the site's language
    cards: tuple  # one View per post, in post order
    page_cards: tuple  # one View per page (pages without a date), in page order
    bodies: Mapping  # article source -> Converted
    ref_paths: Mapping[str, str]  # content-relative path -> output path (pages and media)
