"""Writing articles: slugs, front matter, photos, never overwriting."""

from __future__ import annotations

import base64
import re
from datetime import datetime
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from builder.importing.article import Article, Paragraph, Picture
from builder.importing.dates import VIETNAM
from builder.content.front_matter_writer import quoted as _quoted
from builder.importing.writer import plan_article, slug_for, write_plan

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def article(tmp_path: Path, body=(), **changes) -> Article:
    fields = dict(
        label="bai.html",
        title="Đức Huệ: Tổng kết “Dân vận khéo”",
        published=datetime(2020, 9, 15, 15, 44, tzinfo=VIETNAM),
        tags=("Dân vận khéo", "Đức Huệ"),
        category="",
        author="",
        summary="",
        body=tuple(body) or (Paragraph("Nội dung.", "Nội dung."),),
        source="bai.html",
        base_dir=tmp_path,
    )
    fields.update(changes)
    return Article(**fields)


def test_slugs_are_ascii_and_cut_at_a_word_boundary():
    assert slug_for("Đức Huệ: Tổng kết “Dân vận khéo”, giai đoạn 2016 – 2020") == (
        "duc-hue-tong-ket-dan-van-kheo-giai-doan-2016-2020"
    )
    long = slug_for(" ".join(["Đồng chí Nguyễn Văn Hải phát biểu"] * 8))
    assert len(long) <= 100 and not long.endswith("-") and long.startswith("dong-chi-nguyen-van-hai")
    assert long.split("-")[-1] in {"dong", "chi", "nguyen", "van", "hai", "phat", "bieu"}
    assert re.fullmatch(r"x-[0-9a-f]{8}", slug_for("“”!?"))  # never empty, as the core's rule


def test_a_title_windows_reserves_still_gives_a_file_windows_can_make():
    """"Con" is a Vietnamese word and CON a device name on Windows, with any extension."""
    assert slug_for("Con") == "con-0" and slug_for("NUL") == "nul-0"
    assert slug_for("Ðức Hòa") == slug_for("Đức Hòa") == "duc-hoa"  # U+00D0 looks like Đ


def test_front_matter_order_and_quoting(tmp_path):
    plan = plan_article(
        article(
            tmp_path,
            category="Dân vận",
            author="Kim Tiến - Hoàng Anh",
            summary='Lead "quoted" \\ line',
        ),
        tmp_path / "content",
    )
    assert plan.path == tmp_path / "content" / "2020" / "duc-hue-tong-ket-dan-van-kheo.md"
    assert plan.text == (
        "---\n"
        'title: "Đức Huệ: Tổng kết “Dân vận khéo”"\n'
        "date: 2020-09-15T15:44:00+07:00\n"
        'tags: ["Dân vận khéo", "Đức Huệ"]\n'
        'category: "Dân vận"\n'
        'author: "Kim Tiến - Hoàng Anh"\n'
        'summary: "Lead \\"quoted\\" \\\\ line"\n'
        'source: "bai.html"\n'
        "---\n\nNội dung.\n"
    )


@pytest.mark.parametrize("value", ["Yes", "no", "2020", "null", "~", "1e3", "12:30", "@x", "- a", "#x", "'"])
def test_values_yaml_would_coerce_stay_strings(value):
    assert yaml.safe_load(f"k: {_quoted(value)}")["k"] == value


@settings(deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",))))
def test_any_text_survives_the_yaml_round_trip(text):
    assert yaml.safe_load(f"k: {_quoted(text)}")["k"] == text


def test_local_photos_are_copied_and_numbered_remote_ones_listed(tmp_path):
    saved = tmp_path / "bai_files"
    saved.mkdir()
    (saved / "anh 1.JPEG").write_bytes(b"\xff\xd8\xff\xe0jpeg")
    (saved / "khong-duoi").write_bytes(PNG)
    data_uri = "data:image/png;base64," + base64.b64encode(PNG).decode()
    body = (
        Picture("bai_files/anh%201.JPEG", "Quang cảnh hội nghị"),
        Picture("//cdn.example/x.jpg", "Ảnh từ xa"),
        Picture("bai_files/khong-duoi"),
        Picture(data_uri, "Ảnh nhúng"),
        Picture("bai_files/mat.jpg", "Ảnh bị mất"),
        Picture("bai_files/mat-nua.jpg"),
    )
    plan = plan_article(article(tmp_path, body=body), tmp_path / "c")

    slug = "duc-hue-tong-ket-dan-van-kheo"
    assert [(i.path.relative_to(tmp_path / "c").as_posix(), i.origin) for i in plan.images] == [
        (f"2020/images/{slug}-1.jpg", "bai_files/anh%201.JPEG"),
        (f"2020/images/{slug}-2.png", "bai_files/khong-duoi"),
        (f"2020/images/{slug}-3.png", data_uri),
    ]
    assert plan.images[2].data == PNG
    assert plan.remote_images == ("https://cdn.example/x.jpg",)
    assert plan.missing_images == ("bai_files/mat.jpg", "bai_files/mat-nua.jpg")
    body_text = plan.text.split("---\n", 2)[2]
    assert body_text == (  # the first local photo is the lead (front matter), not repeated here
        "\n![Ảnh từ xa](https://cdn.example/x.jpg)\n\n"
        f"![](images/{slug}-2.png)\n\n![Ảnh nhúng](images/{slug}-3.png)\n\n*Ảnh bị mất*\n"
    )
    assert f'image: "images/{slug}-1.jpg"\nimage_caption: "Quang cảnh hội nghị"\n' in plan.text


def test_a_relative_photo_not_saved_becomes_a_remote_link_when_the_page_address_is_known(tmp_path):
    plan = plan_article(
        article(tmp_path, body=(Picture("/uploads/a.jpg"),), source="https://huyen.example/tin/1.html"),
        tmp_path,
    )
    assert plan.remote_images == ("https://huyen.example/uploads/a.jpg",)


def test_writing_never_replaces_an_article(tmp_path):
    plan = plan_article(article(tmp_path), tmp_path / "c")
    write_plan(plan)
    plan.path.write_text("sửa tay\n", encoding="utf-8")
    with pytest.raises(FileExistsError):
        write_plan(plan)
    assert plan.path.read_text(encoding="utf-8") == "sửa tay\n"


def test_a_photo_name_held_by_another_file_moves_to_the_next_number(tmp_path):
    (tmp_path / "a.png").write_bytes(PNG)
    images = tmp_path / "c" / "2020" / "images"
    images.mkdir(parents=True)
    (images / "duc-hue-tong-ket-dan-van-kheo-1.png").write_bytes(b"another photo")
    (images / "duc-hue-tong-ket-dan-van-kheo-2.png").write_bytes(PNG)

    plan = plan_article(article(tmp_path, body=(Picture("a.png"),)), tmp_path / "c")
    write_plan(plan)

    assert [i.path.name for i in plan.images] == ["duc-hue-tong-ket-dan-van-kheo-2.png"]
    assert (images / "duc-hue-tong-ket-dan-van-kheo-1.png").read_bytes() == b"another photo"
