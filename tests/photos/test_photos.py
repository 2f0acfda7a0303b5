"""Photos through a real build: resized copies, markup, metadata stripped, colours right,
the cache reused, and a cached build identical to a clean one."""
from __future__ import annotations

import hashlib
import os
import re
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from PIL import Image

from builder.core.config import BuildOptions, load_config
from builder import pipeline
from builder.pipeline import build
from builder.photos.store import produce

from . import makers

ARTICLE = """---
title: "Tân Trụ: bàn giao nhà mới cho hộ cận nghèo"
date: 2024-05-02 08:00
tags: [Vì người nghèo]
category: An sinh
image: anh/may-anh.jpg
image_caption: "Bàn giao nhà ở xã Bình Lãng"
---

Đoạn mở đầu về lễ bàn giao nhà.

![Bản in màu CMYK](anh/in-cmyk.jpg)

![Ảnh xám 16 bit](anh/xam-16.png)

![Biểu trưng nền trong suốt](anh/bieu-trung.png)

![Ảnh động](anh/dong.gif)

![Ảnh có hồ sơ màu](anh/ho-so-mau.jpg)

Xem [ảnh gốc](anh/may-anh.jpg).
"""
OTHER = """---
title: "Đức Huệ: đường làng mới"
date: 2024-04-01 08:00
image: anh/ho-so-mau.jpg
---

Nội dung.
"""
METADATA_KEYS = {"exif", "xmp", "XML:com.adobe.xmp", "icc_profile", "photoshop", "comment",
                 "iptc", "Description", "Software"}


def make_site(root: Path, base_url: str = "", images: str = "") -> Path:
    """A site folder with one article showing every kind of photo."""
    content = root / "content" / "2024"
    (content / "anh").mkdir(parents=True)
    (content / "ban-giao-nha.md").write_text(ARTICLE, encoding="utf-8")
    (content / "duong-lang.md").write_text(OTHER, encoding="utf-8")
    makers.camera_jpeg(content / "anh" / "may-anh.jpg")
    makers.cmyk_jpeg(content / "anh" / "in-cmyk.jpg")
    makers.grey16_png(content / "anh" / "xam-16.png")
    makers.transparent_png(content / "anh" / "bieu-trung.png")
    makers.animated_gif(content / "anh" / "dong.gif")
    makers.profiled_jpeg(content / "anh" / "ho-so-mau.jpg")
    settings = f'base_url = "{base_url}"\n' if base_url else ""
    (root / "site.toml").write_text(settings + images, encoding="utf-8")
    return root


def build_site(root: Path, output: str = "output", cache: str | None = ".cache", **kw) -> Path:
    config = load_config(root / "site.toml")
    options = BuildOptions(content_dir=root / "content", output_dir=root / output, jobs=2,
                           cache_dir=root / cache if cache else None, **kw)
    build(config, options, now=datetime(2025, 1, 1, tzinfo=config.tz))
    return root / output


def tree(root: Path) -> dict[str, str]:
    """Every file's digest by path."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def copies(output: Path, stem: str) -> list[Path]:
    """The published copies of one photo (names carry a content digest)."""
    return sorted((output / "media" / "2024" / "anh").glob(f"{stem}-*"))


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = make_site(tmp_path_factory.mktemp("photos"), base_url="https://tin.example.org/")
    build_site(root)
    return root


def test_camera_photo_gets_three_widths_in_two_formats_and_a_sharing_crop(site):
    names = [p.name for p in copies(site / "output", "may-anh")]
    digest = names[0].split("-")[2]
    assert re.fullmatch(r"[0-9a-f]{10}", digest)
    widths = {240, 480, 960, 1600}  # page widths and card widths, never the 3000 px original
    assert names == sorted([f"may-anh-{digest}-{w}.{e}" for w in widths for e in ("jpg", "webp")]
                           + [f"may-anh-{digest}-og.jpg"])
    with Image.open(site / "output/media/2024/anh" / f"may-anh-{digest}-og.jpg") as og:
        assert og.size == (1200, 630)
    # shot sideways (EXIF orientation 6): published upright, so portrait
    with Image.open(site / "output/media/2024/anh" / f"may-anh-{digest}-960.jpg") as image:
        assert image.size == (960, 1280)
        # the stored top-left corner is red; turned 90° clockwise it is at the top right
        assert _near(image.getpixel((950, 10)), makers.RED)
        assert not _near(image.getpixel((10, 10)), makers.RED)


def test_no_published_image_carries_metadata(site):
    published = [p for p in (site / "output/media").rglob("*") if p.is_file()]
    assert len(published) > 20
    for path in published:
        with Image.open(path) as image:
            assert not set(image.info) & METADATA_KEYS, path.name
            assert not image.getexif(), path.name  # no EXIF at all, GPS first of all
            if image.format == "JPEG":
                assert [marker for marker, _ in image.applist] in ([], ["APP0"]), path.name
        assert b"GPS" not in path.read_bytes() and b"Tan Tru" not in path.read_bytes()
    # the original (with its GPS position) is not published at all
    assert not (site / "output/media/2024/anh/may-anh.jpg").exists()


def test_colours_converted_to_srgb(site):
    output = site / "output"
    with Image.open(copies(output, "in-cmyk")[0]) as cmyk:  # pure cyan ink
        assert cmyk.mode == "RGB" and _near(cmyk.convert("RGB").getpixel((5, 5)), (0, 255, 255), 60)
    with Image.open(next(p for p in copies(output, "xam-16") if p.suffix == ".jpg")) as grey:
        assert grey.mode == "L" and abs(grey.getpixel((5, 5)) - 128) <= 2  # scaled, not clipped
    with Image.open(next(p for p in copies(output, "ho-so-mau") if p.suffix == ".jpg")) as tagged:
        # stored red under a profile whose red is sRGB's green
        assert _near(tagged.getpixel((5, 5)), (0, 255, 0), 40)


def test_transparency_kept_in_png_and_webp(site):
    found = copies(site / "output", "bieu-trung")
    assert {p.suffix for p in found} == {".png", ".webp"}
    for path in found:
        with Image.open(path) as image:
            assert image.mode == "RGBA" and image.getpixel((0, 0))[3] == 0


def test_animated_gif_is_published_as_it_is(site):
    [gif] = copies(site / "output", "dong")
    assert gif.read_bytes() == (site / "content/2024/anh/dong.gif").read_bytes()
    with Image.open(gif) as image:
        assert image.n_frames == 3


def test_article_markup(site):
    page = (site / "output/2024/05").glob("*.html").__next__().read_text(encoding="utf-8")
    lead = re.search(r'<figure class="lead-image">\s*(<picture>.*?</picture>)', page, re.S)[1]
    assert '<source type="image/webp" srcset="../../media/2024/anh/may-anh-' in lead
    assert re.search(r'srcset="[^"]*-480\.jpg 480w, [^"]*-960\.jpg 960w, [^"]*-1600\.jpg 1600w"',
                     lead)
    assert 'sizes="(min-width: 45rem) 42rem, calc(100vw - 2rem)"' in lead
    assert 'width="960" height="1280"' in lead and 'fetchpriority="high"' in lead
    assert 'loading="lazy"' not in lead
    figures = re.findall(r"<figure>(.*?)</figure>", page, re.S)
    assert len(figures) == 5
    for figure in figures:
        assert 'loading="lazy"' in figure and 'fetchpriority' not in figure
        assert re.search(r'<img [^>]*width="\d+" height="\d+"', figure)
    gif = next(f for f in figures if "dong-" in f)
    assert "<picture>" not in gif and 'width="200" height="120"' in gif
    transparent = next(f for f in figures if "bieu-trung-" in f)
    assert re.search(r'<img src="[^"]*bieu-trung-[0-9a-f]+-900\.png"', transparent)
    # a plain link to the photo opens its largest resized copy
    assert re.search(r'<a href="../../media/2024/anh/may-anh-[0-9a-f]+-1600\.jpg">ảnh gốc</a>', page)
    # sharing uses the 1200×630 crop
    assert re.search(r'<meta property="og:image" content="https://tin.example.org/media/2024/anh/'
                     r'may-anh-[0-9a-f]+-og\.jpg">', page)


def test_cards_use_the_small_widths(site):
    home = (site / "output/index.html").read_text(encoding="utf-8")
    cards = re.findall(r'<div class="card-image">(.*?)</div>', home, re.S)
    assert cards
    for card in cards:
        widths = re.findall(r" (\d+)w", card)
        assert widths and set(widths) <= {"240", "480"}, card
        assert 'loading="lazy"' in card
    story = re.search(r'<div class="lead-story-image">(.*?)</div>', home, re.S)[1]
    assert 'fetchpriority="high"' in story and "1600w" in story


def test_cached_build_equals_a_clean_build_and_encodes_nothing_again(tmp_path):
    root = make_site(tmp_path)
    build_site(root)
    cached = {p: p.stat().st_mtime_ns for p in (root / ".cache/photos").rglob("*.*")
              if p.suffix in (".jpg", ".webp", ".png")}
    assert cached
    article = root / "content/2024/ban-giao-nha.md"
    article.write_text(article.read_text(encoding="utf-8").replace("Đoạn mở đầu", "Mở đầu"),
                       encoding="utf-8")
    again = build_site(root)
    assert {p: p.stat().st_mtime_ns for p in cached} == cached  # not one encoded again
    clean = build_site(root, output="clean", cache=None)
    assert tree(again) == tree(clean)


def test_published_copies_are_the_cache_files_themselves(tmp_path):
    """A build links the photo cache's copies into the site instead of writing them again;
    a cache removed afterwards takes nothing from the site, and builds it the same."""
    root = make_site(tmp_path)
    out = build_site(root)
    cached = {p.stat().st_ino for p in (root / ".cache/photos").rglob("*") if p.is_file()}
    published = [p for p in (out / "media").rglob("*") if p.is_file()]
    assert len(published) > 10
    assert all(p.stat().st_ino in cached for p in published)
    before = tree(out)
    shutil.rmtree(root / ".cache")
    assert tree(out) == before
    assert tree(build_site(root)) == before


def test_changed_photo_gets_new_names_and_old_copies_are_gone(tmp_path):
    root = make_site(tmp_path)
    old = {p.name for p in copies(build_site(root), "ho-so-mau")}
    makers.profiled_jpeg(root / "content/2024/anh/ho-so-mau.jpg", size=(1100, 700))
    new = {p.name for p in copies(build_site(root), "ho-so-mau")}
    assert new and not old & new


def test_originals_published_only_when_asked(tmp_path):
    root = make_site(tmp_path, images="[images]\npublish_originals = true\nwebp = false\n")
    output = build_site(root)
    original = output / "media/2024/anh/may-anh.jpg"
    assert original.read_bytes() == (root / "content/2024/anh/may-anh.jpg").read_bytes()
    assert not list((output / "media").rglob("*.webp"))
    page = next((output / "2024/05").glob("*.html")).read_text(encoding="utf-8")
    assert '<a href="../../media/2024/anh/may-anh.jpg">ảnh gốc</a>' in page


def test_preview_build_encodes_only_what_the_browser_asks_for(tmp_path):
    root = make_site(tmp_path)
    output = build_site(root, encode_photos=False)
    page = next((output / "2024/05").glob("*.html")).read_text(encoding="utf-8")
    wanted = re.search(r'src="../../(media/2024/anh/may-anh-[0-9a-f]+-960\.jpg)"', page)[1]
    assert not (output / wanted).exists()
    assert not list((root / ".cache/photos").rglob("960.jpg"))
    made = produce(root / ".cache", wanted, quality=78)
    with Image.open(made) as image:
        assert image.size == (960, 1280) and not image.getexif()
    assert len(list((root / ".cache/photos").rglob("*.jpg"))) == 1  # only the one asked for
    assert produce(root / ".cache", "media/2024/anh/khong-co.jpg", quality=78) is None


def _near(pixel, expected, tolerance: int = 30) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, expected))


@pytest.mark.parametrize("language, expected", [
    ("vi", ["cảnh báo: content/2024/ban-giao-nha.md:6:8: image: ảnh gốc 'anh/may-anh.jpg' nặng "
            "{kb} KB (quá 100 KB): người đọc chỉ tải bản thu nhỏ, nhưng nên lưu ảnh nhẹ hơn",
            "cảnh báo: content/2024/ban-giao-nha.md:24: image: ảnh 'anh/khong-mo-ta.png' chưa có "
            "lời mô tả (alt): viết mô tả trong ![...]"]),
    ("en", ["warning: content/2024/ban-giao-nha.md:6:8: image: original photo 'anh/may-anh.jpg' "
            "is {kb} KB (over 100 KB): readers load only resized copies, but keep originals smaller",
            "warning: content/2024/ban-giao-nha.md:24: image: photo 'anh/khong-mo-ta.png' has no "
            "alt text: describe it in ![...]"]),
])
def test_check_warns_about_heavy_originals_and_missing_alt_text(tmp_path, language, expected):
    from tests.conftest import run_build_py

    root = make_site(tmp_path, images=f'language = "{language}"\n'
                                      "[images]\nlarge_original_kb = 100\n")
    article = root / "content/2024/ban-giao-nha.md"
    article.write_text(article.read_text(encoding="utf-8") + "\n![](anh/khong-mo-ta.png)\n",
                       encoding="utf-8")
    makers.transparent_png(root / "content/2024/anh/khong-mo-ta.png", size=(300, 200))
    result = run_build_py("check", "--content", "content", "--config", "site.toml", cwd=root)
    kb = (root / "content/2024/anh/may-anh.jpg").stat().st_size // 1024
    warnings = [line for line in result.stderr.splitlines() if line.startswith(("warning:", "cảnh báo:"))]
    assert warnings == [line.format(kb=kb) for line in expected]
    assert result.returncode == 0, result.stdout
    # a plain build does not print them
    built = run_build_py("build", "--content", "content", "--config", "site.toml", cwd=root)
    assert built.returncode == 0 and "warning" not in built.stderr and "cảnh báo" not in built.stderr


def test_a_build_that_encodes_every_photo_writes_no_index_for_the_preview(tmp_path):
    """The photo index serves the preview's copies made on demand; a build that encodes
    every copy has no use for it (at 100,000 photos writing it took seconds per build)."""
    root = make_site(tmp_path)
    build_site(root)
    assert not (root / ".cache/photos/index.json").exists()
    build_site(root, encode_photos=False)
    assert (root / ".cache/photos/index.json").is_file()


def test_copies_put_in_a_few_at_a_time_make_the_same_site(tmp_path, monkeypatch):
    """A large site's photo copies go into the output a slice at a time: every copy
    still arrives, and a clash between them is still found."""
    root = make_site(tmp_path)
    whole = build_site(root, output="whole")
    monkeypatch.setattr(pipeline, "PHOTO_COPIES_AT_ONCE", 3)
    sliced = build_site(root, output="sliced")
    assert len(list((sliced / "media").rglob("*.webp"))) > 3
    assert tree(sliced) == tree(whole)
