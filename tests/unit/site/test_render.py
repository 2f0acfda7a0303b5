"""View signatures: what page digests see of a post card (site/render.py)."""
from __future__ import annotations

import pickle
from dataclasses import replace

from builder.photos.plan import Photo, Variant
from builder.site.render import View


def _photo(source: str = "anh/le-ra-quan.jpg", key: str = "a1" * 20) -> Photo:
    """A photo planned with two copies."""
    variants = (Variant("-640.webp", 640, 427, "webp"), Variant("-640.jpg", 640, 427, "jpeg"))
    return Photo(source, key, f"media/{key[:8]}", 1600, 1067, variants, (640,), (640,))


def _card(**changes) -> View:
    """A card as the renderer makes one, with `changes` to its fields."""
    tag = {"name": "Dân vận khéo", "url": "tags/dan-van-kheo/index.html", "count": 3,
           "count_text": "3"}
    data = {"title": "Xã Đồng Tâm ra quân “Dân vận khéo”", "url": "2026/05/ra-quan.html",
            "date_iso": "2026-05-04T08:00:00+07:00", "date": "04/05/2026",
            "dateline": "Thứ Hai, 04/05/2026", "summary": "Đoàn viên giúp dân sửa đường.",
            "image": "media/anh/le-ra-quan.jpg", "photo": _photo(), "image_alt": "Lễ ra quân",
            "category": None, "tags": [tag], "authors": ["Trần Thị Hoà"],
            "author_links": []}
    data.update(changes)
    return View(data)


def test_equal_cards_have_equal_signatures():
    """Two cards built apart from equal data sign alike (the next build compares them)."""
    assert _card().signature() == _card().signature()


def test_a_changed_field_changes_the_signature():
    """Every field a listing shows is in the signature."""
    base = _card().signature()
    assert _card(title="Xã Đồng Tâm tổng kết").signature() != base
    assert _card(tags=[]).signature() != base
    assert _card(photo=None).signature() != base


def test_the_photo_enters_by_name_and_content():
    """A card's photo is signed by its file and content key: new bytes, another file with
    the same bytes, or one copy more each change the card's signature."""
    base = _card().signature()
    assert _card(photo=_photo(key="b2" * 20)).signature() != base
    assert _card(photo=_photo(source="anh/khac.jpg")).signature() != base
    more = _photo()
    more = replace(more, variants=more.variants + (Variant("-og.jpg", 1200, 630, "og"),))
    assert _card(photo=more).signature() != base


def test_a_view_reads_like_the_dict_it_was_made_from():
    data = _card().as_dict()
    view = View(data)
    assert dict(view) == data and view == data and len(view) == len(data)
    assert list(view) == list(data) and view["title"] == data["title"]
    assert view.get("không có") is None and "tags" in view and "không có" not in view
    assert pickle.loads(pickle.dumps(view)) == view
    assert repr(view) == f"View({data!r})"


def test_views_of_one_shape_share_their_keys():
    one, two = _card(), _card(title="Bến Lức tổng kết")
    assert one._shape is two._shape  # the keys are held once, not per card
    assert View({"title": "x"})._shape is not one._shape
