"""The photo plans a build saves for the next build in a new process (photos/store.py)."""
from __future__ import annotations

import json

from builder.core.memo import BuildMemo
from builder.photos import stage, store

from .test_photos import build_site, make_site, tree


def counting(monkeypatch, module, name: str) -> list:
    """Count the calls of `module.name` (the real function still runs)."""
    calls, real = [], getattr(module, name)

    def counted(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def edit_an_article(root) -> None:
    """A new title for an article: every photo stays as it was, and the build works the
    site out, photo stage included (a sentence added to a body alone takes the quick
    path, which plans no photo: quick_build.py)."""
    article = root / "content" / "2024" / "duong-lang.md"
    article.write_text(article.read_text(encoding="utf-8").replace(
        "đường làng mới", "đường làng mới, rộng hơn"), encoding="utf-8")


def test_a_new_build_uses_the_saved_plans_and_equals_a_clean_build(tmp_path, monkeypatch):
    root = make_site(tmp_path, base_url="https://tin.example.vn/")
    build_site(root)
    saved = json.loads((root / ".cache" / "photos" / store.PLANS_FILE).read_text("utf-8"))
    assert len(saved["plans"]) == 6
    plans = counting(monkeypatch, stage, "plan")
    edit_an_article(root)
    build_site(root)  # a one-shot build: a fresh memo, as in a new process
    assert plans == []
    assert tree(root / "output") == tree(build_site(root, "clean", cache=None))


def test_plans_saved_by_other_code_are_made_again(tmp_path, monkeypatch):
    root = make_site(tmp_path)
    build_site(root)
    path = root / ".cache" / "photos" / store.PLANS_FILE
    saved = json.loads(path.read_text("utf-8"))
    path.write_text(json.dumps({**saved, "code": "older code"}), encoding="utf-8")
    plans = counting(monkeypatch, stage, "plan")
    edit_an_article(root)
    build_site(root)
    assert len(plans) == 6
    assert json.loads(path.read_text("utf-8"))["code"] == saved["code"]


def test_a_build_with_nothing_to_do_reads_nothing_of_the_photo_cache(tmp_path, monkeypatch):
    root = make_site(tmp_path)
    build_site(root)
    reads = counting(monkeypatch, store, "_read_json")
    build_site(root)
    assert reads == []
    edit_an_article(root)
    build_site(root)
    assert reads  # the check above could fail: a build with work reads them


def test_a_photo_that_becomes_a_lead_is_planned_again_with_its_sharing_crop(tmp_path):
    """Only a lead photo gets the Open Graph crop: a saved plan made for a photo in the
    body is not reused once an article leads with it, nor the other way round."""
    root = make_site(tmp_path, base_url="https://tin.example.vn/")
    build_site(root)
    media = root / "output" / "media" / "2024" / "anh"
    assert not list(media.glob("in-cmyk-*-og.jpg"))
    article = root / "content" / "2024" / "duong-lang.md"
    led = article.read_text(encoding="utf-8").replace("image: anh/ho-so-mau.jpg",
                                                       "image: anh/in-cmyk.jpg")
    article.write_text(led, encoding="utf-8")
    build_site(root)
    assert len(list(media.glob("in-cmyk-*-og.jpg"))) == 1
    assert tree(root / "output") == tree(build_site(root, "clean", cache=None))
    article.write_text(OTHER_WITHOUT_LEAD, encoding="utf-8")
    build_site(root)
    assert not list(media.glob("in-cmyk-*-og.jpg"))
    assert tree(root / "output") == tree(build_site(root, "clean", cache=None))


OTHER_WITHOUT_LEAD = """---
title: "Đức Huệ: đường làng mới"
date: 2024-04-01 08:00
---

Nội dung.
"""


def test_saved_plans_of_photos_of_one_size_share_their_copies(tmp_path):
    """Read back, photos of one size share the objects of their copies, as planned photos
    do: a path or a copy object per copy of 100,000 photos was 50 MB (bench/RESULTS.md)."""
    root = make_site(tmp_path)
    content = root / "content" / "2024"
    for name in ("mot", "hai"):
        (content / "anh" / f"{name}.jpg").write_bytes(
            (content / "anh" / "may-anh.jpg").read_bytes() + name.encode())
    (content / "ba-anh.md").write_text(
        "---\ntitle: Ba ảnh\ndate: 2024-03-01 08:00\n---\n\n![Một](anh/mot.jpg)\n\n"
        "![Hai](anh/hai.jpg)\n", encoding="utf-8")
    build_site(root)
    plans = store.PhotoStore(root / ".cache", BuildMemo()).plans()
    one, two, camera = (plans[f"2024/anh/{n}.jpg"] for n in ("mot", "hai", "may-anh"))
    assert one.key != two.key and one.stem != two.stem
    assert one.variants is two.variants and one.page_widths is two.page_widths
    # the lead photo's plan has the sharing crop only with a base URL: none here
    assert camera.variants == one.variants
    assert [one.path(v) for v in one.variants] != [two.path(v) for v in two.variants]
