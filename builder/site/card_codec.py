"""Post cards as plain JSON, for the cache folder (quick_build.py keeps the last build's).

A card's keys keep their order (its signature depends on it); its photo goes by its plan,
in the photo store's format. Nothing read here can run code.
"""
from __future__ import annotations

import json

from ..photos.store import photo_of, plan_data
from .render import View

PHOTO = "photo"  # the one value of a card that is not plain JSON: a Photo or None


def encoded(card: View) -> bytes:
    """A card as JSON, its keys in order."""
    data = card.as_dict()
    photo = data.get(PHOTO)
    if photo is not None:
        data[PHOTO] = plan_data(photo)
    return json.dumps(data, ensure_ascii=False).encode("utf-8", "surrogatepass")


def decoded(data: bytes) -> View | None:
    """A card back from `encoded`, None if `data` is not one."""
    try:
        card = json.loads(data)
        if not isinstance(card, dict):
            return None
        if card.get(PHOTO) is not None:
            card[PHOTO] = photo_of(card[PHOTO])
    except (ValueError, KeyError, TypeError):
        return None
    return View(card)
