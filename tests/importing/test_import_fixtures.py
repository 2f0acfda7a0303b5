"""End to end: each fixture page imports to its expected Markdown, byte for byte."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
import yaml

from builder.content.articles import load_article
from builder.core.config import SiteConfig
from tests.conftest import run_build_py

ROOT = Path(__file__).resolve().parents[2]
PAGES = Path(__file__).parent / "fixtures" / "pages"
EXPECTED = Path(__file__).parent / "fixtures" / "expected"


def markdown_files(root: Path) -> dict[str, bytes]:
    """Every .md file under a folder, by path relative to it, with its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.md"))}


# Each source and the articles it must produce (paths under the content folder).
CASES = {
    "duc-hue-dan-van-kheo.html": [
        "2020/duc-hue-tong-ket-05-nam-thuc-hien-phong-trao-thi-dua-dan-van-kheo-giai-doan-2016-2020.md",
    ],
    "can-giuoc-nong-thon-moi.html": [
        "2025/can-giuoc-ra-quan-ngay-chu-nhat-xanh-chung-suc-xay-dung-nong-thon-moi.md",
    ],
    "thanh-hoa-tin-tuc.rss": [
        "2025/thanh-hoa-phat-dong-phong-trao-thi-dua-chung-tay-vi-nguoi-ngheo-khong-de-ai-bi-bo-lai-phia-sau.md",
        "2024/tan-tru-tuyen-duong-30-guong-nguoi-tot-viec-tot-nam-2024.md",
        "2025/chau-thanh-hoi-thi-dan-van-kheo-cap-huyen-nam-2025.md",
    ],
    "ben-luc-thong-bao.atom": [
        "2025/ben-luc-so-ket-quy-i-phong-trao-thi-dua-ben-luc-chung-suc-xay-dung-do-thi-van-minh.md",
        "2025/hoi-nong-dan-ben-luc-trao-von-ho-tro-hoi-vien-khoi-nghiep.md",
    ],
    "duc-hoa-sao-chep.txt": [
        "2020/duc-hoa-hoi-nghi-dien-hinh-tien-tien-bieu-duong-dan-van-kheo-nam-2020.md",
    ],
    "moc-hoa-trang-cu.htm": [
        "2019/moc-hoa-so-ket-6-thang-phong-trao-thi-dua-chung-suc-xay-dung-nong-thon-moi-nam-2019.md",
    ],
    "tan-tru-sao-chep.txt": [
        "2021/tan-tru-ra-mat-mo-hinh-khu-dan-cu-khong-rac-thai-nhua-tai-xa-binh-tinh.md",
    ],
}
DUC_HUE = CASES["duc-hue-dan-van-kheo.html"][0]
DUC_HUE_SLUG = Path(DUC_HUE).stem


@pytest.mark.parametrize("source", sorted(CASES))
def test_each_fixture_imports_to_its_expected_markdown(source, run_import, tmp_path):
    run = run_import(PAGES / source, "--into", tmp_path)

    assert run.status == 0, run.err
    written = markdown_files(tmp_path)
    assert sorted(written) == sorted(CASES[source])
    for relative, data in written.items():
        assert data.decode("utf-8") == (EXPECTED / relative).read_text(encoding="utf-8"), relative
        assert data == (EXPECTED / relative).read_bytes()


def test_every_expected_file_belongs_to_a_case():
    listed = {path for paths in CASES.values() for path in paths}
    assert set(markdown_files(EXPECTED)) == listed


def test_expected_files_are_nfc_utf8_with_lf_and_one_final_newline():
    for relative, data in markdown_files(EXPECTED).items():
        text = data.decode("utf-8")
        assert "\r" not in text, relative
        assert unicodedata.normalize("NFC", text) == text, relative
        assert text.endswith("\n") and not text.endswith("\n\n"), relative


def test_folder_import_skips_the_page_it_cannot_understand_and_imports_the_rest(run_import, tmp_path):
    run = run_import(PAGES, "--into", tmp_path)

    assert run.status == 1
    assert markdown_files(tmp_path) == markdown_files(EXPECTED)
    skip_lines = [line for line in run.err.splitlines() if "bỏ qua" in line]
    assert skip_lines == [f"{PAGES / 'trang-khong-tim-thay.html'}: bỏ qua: không tìm thấy tiêu đề bài"]
    assert "Traceback" not in run.err
    assert (f"{PAGES / 'moc-hoa-trang-cu.htm'}: ảnh Uploads/2019/so-ket-6-thang.jpg không được lưu "
            "kèm trang, đã bỏ ra") in run.err
    assert run.out.rstrip().splitlines()[-1] == (
        "đã nhập 10 bài, chép 2 ảnh, 5 ảnh trên mạng, 0 bài đã có, bỏ qua 1"
    )


def test_the_report_reads_in_english_with_lang_en(run_import, tmp_path):
    """The same import on a Vietnamese site, its report asked for in English."""
    run = run_import(PAGES, "--into", tmp_path, "--dry-run", "--lang", "en")

    assert run.status == 1
    assert f"{PAGES / 'trang-khong-tim-thay.html'}: skipped: no article title found" in run.err
    assert (f"{PAGES / 'moc-hoa-trang-cu.htm'}: photo Uploads/2019/so-ket-6-thang.jpg was not saved "
            "with the page, left out") in run.err
    assert f"would write {tmp_path / DUC_HUE} (+2 images)\n" in run.out
    assert "remote images kept as links (not downloaded):" in run.out
    assert run.out.rstrip().splitlines()[-1] == (
        "would import 10 articles, 2 images to copy, 5 remote images, 0 already there, 1 skipped"
        " (dry run: nothing written)"
    )
    assert "bỏ qua" not in run.err and "ảnh" not in run.err and "sẽ ghi" not in run.out


def test_images_saved_with_the_page_are_copied_next_to_the_article(run_import, tmp_path):
    run_import(PAGES / "duc-hue-dan-van-kheo.html", "--into", tmp_path)

    images = sorted(p.name for p in (tmp_path / "2020" / "images").iterdir())
    assert images == [f"{DUC_HUE_SLUG}-1.jpg", f"{DUC_HUE_SLUG}-2.png"]  # no logo, no ads
    saved = PAGES / "duc-hue-dan-van-kheo_files"
    assert (tmp_path / "2020" / "images" / images[0]).read_bytes() == (saved / "hoi-nghi.jpg").read_bytes()
    assert (tmp_path / "2020" / "images" / images[1]).read_bytes() == (saved / "trao-thuong.png").read_bytes()


def test_remote_images_stay_links_and_are_listed_in_the_report(run_import, tmp_path):
    run = run_import(PAGES / "can-giuoc-nong-thon-moi.html", "--into", tmp_path)

    article = tmp_path / CASES["can-giuoc-nong-thon-moi.html"][0]
    lines = run.out.splitlines()
    heading = lines.index("ảnh trên mạng giữ nguyên dạng liên kết (không tải về):")
    assert lines[heading + 1 : heading + 3] == [
        f"  {article}: https://cangiuoc-longan.example/uploads/2025/05/ra-quan-phuoc-lam.jpg",
        f"  {article}: https://cangiuoc-longan.example/uploads/2025/05/trong-cay.jpg",
    ]
    assert lines[0] == f"đã ghi {article}"
    assert not (tmp_path / "2025" / "images").exists()


def test_a_second_run_leaves_existing_files_untouched(run_import, tmp_path):
    first = run_import(PAGES / "duc-hue-dan-van-kheo.html", "--into", tmp_path)
    article = tmp_path / DUC_HUE
    article.write_text("edited by hand\n", encoding="utf-8")

    second = run_import(PAGES / "duc-hue-dan-van-kheo.html", "--into", tmp_path)

    assert first.status == 0 and second.status == 0
    assert article.read_text(encoding="utf-8") == "edited by hand\n"
    assert f"{article} đã có, để nguyên" in second.err
    assert "đã ghi" not in second.out
    assert second.out.rstrip().splitlines()[-1] == (
        "đã nhập 0 bài, chép 0 ảnh, 0 ảnh trên mạng, 1 bài đã có, bỏ qua 0")


def test_dry_run_writes_nothing_and_prints_what_it_would_write(run_import, tmp_path):
    into = tmp_path / "content"
    run = run_import(PAGES / "duc-hue-dan-van-kheo.html", "--into", into, "--dry-run")

    assert run.status == 0
    assert not into.exists()
    assert run.out.startswith(f"sẽ ghi {into / DUC_HUE} (+2 ảnh)\n")
    assert (EXPECTED / DUC_HUE).read_text(encoding="utf-8") in run.out
    assert (
        "sẽ chép ./duc-hue-dan-van-kheo_files/hoi-nghi.jpg"
        f" vào {into / '2020' / 'images' / (DUC_HUE_SLUG + '-1.jpg')}" in run.out
    )
    assert run.out.rstrip().endswith("(chạy thử: chưa ghi gì)")


def test_front_matter_reads_back_through_the_generators_own_reader(tmp_path, run_import):
    run_import(PAGES, "--into", tmp_path)

    for path in tmp_path.rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        head = yaml.safe_load(text.split("---\n")[1])
        assert list(head)[:3] == ["title", "date", "tags"]
        assert list(head)[-1] == "source"
        assert all(isinstance(head[key], str) for key in head if key not in {"date", "tags", "aliases"})
        assert all(isinstance(alias, str) for alias in head.get("aliases", []))
        assert all(isinstance(tag, str) for tag in head["tags"])
        source = path.relative_to(tmp_path).as_posix()
        parsed = load_article(tmp_path, source, SiteConfig(), "content")
        assert parsed.problems == () and parsed.warnings == (), source
        article = parsed.article
        assert (article.title, article.tags) == (head["title"], tuple(head["tags"]))
        assert article.summary == head.get("summary")
        assert article.category == head.get("category")
        # The byline's writers, one by one ("Thanh Nhàn, Hữu Đức" is two).
        written = re.split(r"\s+[-–—]\s+|\s*[,;]\s*", head.get("author", ""))
        assert article.authors == tuple(name for name in written if name)
        assert article.extra == {"source": head["source"]}
        assert len(article.aliases) == len(head.get("aliases", []))
        assert article.date == head["date"] and article.date.utcoffset().total_seconds() == 7 * 3600
        assert str(article.date.year) == path.parent.name
        assert article.body.strip()


def test_a_photo_missing_from_the_saved_folder_is_reported_and_its_caption_kept(run_import, tmp_path):
    page = tmp_path / "bai.html"
    page.write_text(
        "<html><head><title>x</title></head><body><h1>Tân Hưng ra quân làm đường giao thông nông thôn</h1>"
        "<div class='date'>12/03/2021 08:00</div><div class='news-content'>"
        "<p>Sáng 12/3, huyện Tân Hưng ra quân làm đường giao thông nông thôn tại các xã vùng biên giới.</p>"
        "<p><img src='bai_files/mat.jpg' width='500'></p><p><em>Ra quân làm đường</em></p>"
        "<p>Kết quả đã hoàn thành 5 km đường bê tông, phục vụ nhu cầu đi lại của người dân.</p>"
        "</div></body></html>",
        encoding="utf-8",
    )
    run = run_import(page, "--into", tmp_path / "content")

    assert run.status == 0
    assert f"{page}: ảnh bai_files/mat.jpg không được lưu kèm trang, đã bỏ ra" in run.err
    written = (
        tmp_path / "content" / "2021" / "tan-hung-ra-quan-lam-duong-giao-thong-nong-thon.md"
    ).read_text(encoding="utf-8")
    assert "\n*Ra quân làm đường*\n" in written
    assert "mat.jpg" not in written and "image:" not in written


def test_command_line_errors_are_plain_lines_without_traceback(tmp_path):
    missing = tmp_path / "khong-co.html"
    binary = tmp_path / "anh.html"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    result = subprocess.run(
        [sys.executable, "-m", "builder.importing", str(missing), str(binary), "--into", str(tmp_path / "c"),
         "--lang", "en"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )

    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{missing}: skipped: no such file or folder",
        f"{binary}: skipped: not a web page, feed or text file (it looks binary)",
    ]
    vietnamese = subprocess.run(
        [sys.executable, "-m", "builder.importing", str(missing), "--into", str(tmp_path / "c")],
        cwd=ROOT, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert vietnamese.stderr == f"{missing}: bỏ qua: không có tệp hay thư mục này\n"


def test_a_command_line_mistake_exits_with_2(run_import):
    assert run_import("--no-such-option").status == 2
    assert run_import().status == 2


def test_imported_articles_build_into_the_site(tmp_path, run_import):
    content = tmp_path / "content"
    run_import(PAGES, "--into", content)
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "build.py"),
            "build",
            "--content",
            str(content),
            "--output",
            str(tmp_path / "site"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_local_photo_reference_points_at_a_copied_file(run_import, tmp_path):
    run_import(PAGES, "--into", tmp_path)
    references = []
    for article in tmp_path.rglob("*.md"):
        text = article.read_text(encoding="utf-8")
        for target in re.findall(r"\]\((images/[^)]+)\)|^image: \"(images/[^\"]+)\"", text, re.MULTILINE):
            relative = next(part for part in target if part)
            references.append(relative)
            assert (article.parent / relative).is_file(), (article, relative)
    assert len(references) == 2  # the lead photo (front matter) and the one left in the body


def test_build_py_import_runs_the_importer_end_to_end(tmp_path):
    """`python build.py import FILE --into DIR`, as an editor types it, writes the article."""
    result = run_build_py("import", str(PAGES / "tan-tru-sao-chep.txt"), "--into", str(tmp_path))
    assert result.returncode == 0, result.stderr
    written = tmp_path / CASES["tan-tru-sao-chep.txt"][0]
    assert result.stdout.startswith(f"đã ghi {written}\n")
    assert written.read_text(encoding="utf-8").startswith("---\ntitle: ")


def test_the_help_of_import_is_in_the_run_s_language(run_import, capsys):
    """`import --help`: every line from the catalogue, the usage prefix said once."""
    assert run_import("--help").status == 0
    vietnamese = " ".join(capsys.readouterr().out.split())  # argparse wraps lines
    assert vietnamese.startswith("cách dùng: build.py import [-h]")
    assert "--dry-run in ra những gì sẽ ghi; không ghi gì" in vietnamese
    assert "print what would be written" not in vietnamese
    assert run_import("--help", "--lang", "en").status == 0
    english = " ".join(capsys.readouterr().out.split())
    assert english.startswith("usage: build.py import [-h]")
    assert "--dry-run print what would be written; write nothing" in english
