"""site/card_codec: a card comes back from the cache as it went, its photo included, so its
signature (and so every page digest that reads it) is the same; anything else is None."""
from __future__ import annotations

import pytest

from builder.core.config import ImageSettings
from builder.photos.plan import Probed, plan
from builder.site.card_codec import decoded, encoded
from builder.site.render import View


def card(photo=None) -> View:
    """A card as SiteRenderer makes one, with Vietnamese text and nested term views."""
    term = {"name": "Đức Huệ", "url": "tags/duc-hue.html", "count": 12, "count_text": "12"}
    return View({"title": "Dân vận khéo ở ấp Rừng Sến", "url": "2024/05/dan-van-kheo.html",
                 "date_iso": "2024-05-04T08:00:00+07:00", "date": "04/05/2024",
                 "dateline": "Thứ bảy, 04/05/2024 - 08:00", "summary": "Tổ dân vận đến từng hộ…",
                 "image": "media/anh-960.jpg" if photo else None, "photo": photo,
                 "image_alt": "Ảnh tổ dân vận", "category": None, "tags": [term],
                 "authors": ["Nguyễn Thị Hồng"], "author_links": [term]})


@pytest.mark.parametrize("with_photo", [False, True])
def test_a_card_comes_back_with_its_signature(with_photo):
    photo = plan("2024/anh.jpg", "a1b2c3d4e5f6", Probed(2000, 1500, False, False),
                 ImageSettings(), open_graph=True) if with_photo else None
    kept = decoded(encoded(card(photo)))
    assert kept == card(photo) and list(kept) == list(card(photo))
    assert kept.signature() == card(photo).signature()
    if with_photo:
        assert kept["photo"] == photo and kept["photo"].og() == photo.og()


@pytest.mark.parametrize("data", [b"not json", b"[1, 2]", b'{"photo": {"source": "x"}}',
                                  b'{"photo": 3}'])
def test_anything_else_is_not_a_card(data):
    assert decoded(data) is None
