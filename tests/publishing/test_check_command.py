"""`python build.py check`: every planted fault in one run, exact messages, exit codes.

Each test runs with the Linux lock and swap and with the portable ones
(CAMPAIGN_NEWS_PORTABLE=1), which `check` uses on Windows and macOS.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from builder.core.portable import PORTABLE_ENV
from tests.conftest import ROOT, run_build_py

from .conftest import SITES, build_fixture

ARTICLE = "2020/09/bai-co-loi-lien-ket.html"
EXTERNAL = "(needs the internet; copy the file into the site)"


@pytest.fixture(autouse=True, params=["linux", "portable"])
def implementation(request, monkeypatch):
    """The lock and swap implementation the `check` processes use."""
    if request.param == "portable":
        monkeypatch.setenv(PORTABLE_ENV, "1")
    else:
        monkeypatch.delenv(PORTABLE_ENV, raising=False)
    return request.param


def line_of(site: Path, page: str, needle: str) -> int:
    """The line of the built page where `needle` first appears."""
    for number, line in enumerate((site / page).read_text("utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {page}")


def planted(site: Path) -> list[str]:
    """The findings the `faults` fixture must give, at the lines where the build put them."""
    def at(needle: str, message: str) -> str:
        return f"{ARTICLE}:{line_of(site, ARTICLE, needle)}: {message}"
    return [
        at("khong-co.html", "broken link to ../../tags/khong-co.html"),
        at("#muc-khong-co", "missing anchor bai-dich.html#muc-khong-co"),
        at("anh-khong-co.jpg", "missing image ../../media/anh-khong-co.jpg"),
        at("example.com/logo.png", f"external resource https://example.com/logo.png {EXTERNAL}"),
        at("thu-vien.js", f"external resource https://cdn.example.com/thu-vien.js {EXTERNAL}"),
    ]


def copy_fixture(name: str, tmp_path: Path) -> Path:
    """A scratch copy of a fixture site, so messages show `content/...` paths."""
    return Path(shutil.copytree(SITES / name, tmp_path / name))


def test_check_reports_every_planted_fault_in_one_run(tmp_path):
    site = copy_fixture("faults", tmp_path)
    result = run_build_py("check", cwd=site)
    assert result.returncode == 1
    # The same content built the same way, to read the lines the faults landed on.
    built = build_fixture("faults", tmp_path / "built")
    assert result.stdout.splitlines() == planted(built)
    assert "Kiểm tra xong: 11 trang, 5 lỗi."  # 11 with search.html in result.stderr


def test_check_of_a_built_folder_finds_unreachable_pages_and_name_clashes(tmp_path):
    built = build_fixture("faults", tmp_path / "built")
    (built / "cu").mkdir()
    (built / "cu/trang-cu.html").write_text('<a href="../index.html">Trang chủ</a>', "utf-8")
    shutil.copy(built / "assets/style.css", built / "assets/Style.css")
    result = run_build_py("check", "--site", str(built), "--config", str(tmp_path / "none.toml"))
    assert result.returncode == 1
    assert result.stdout.splitlines() == sorted(planted(built) + [
        "assets/style.css:1: output-path collision with assets/Style.css (the same name on "
        "case-insensitive disks)",
        "cu/trang-cu.html:1: page unreachable from index.html"])


def test_check_reports_the_build_error_of_two_articles_on_one_path(tmp_path):
    site = copy_fixture("collision", tmp_path)
    result = run_build_py("check", cwd=site)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "content/2020/bai-mot.md:4: slug: 'tong-ket' cũng là slug của "
        "content/2020/bai-hai.md; cả hai sẽ được ghi vào 2020/09/tong-ket.html: "
        "hãy đổi một trong hai"]
    assert "Không tạo được trang để kiểm tra: 1 lỗi." in result.stderr


def test_check_passes_the_good_fixture_with_and_without_base_url(tmp_path):
    site = copy_fixture("good", tmp_path)
    for extra in ((), ("--base-url", "https://example.org/tin-tuc/")):
        result = run_build_py("check", *extra, cwd=site)
        assert (result.returncode, result.stdout) == (0, ""), result.stderr
        assert "không có lỗi" in result.stderr


def test_check_passes_the_sample_site(sample_site):
    result = run_build_py("check", "--site", str(sample_site))
    assert (result.returncode, result.stdout) == (0, ""), result.stdout
    built = run_build_py("check", "--content", str(ROOT / "content"), "--config",
                         str(ROOT / "site.toml"), "--base-url", "https://example.org/tin-tuc/")
    assert (built.returncode, built.stdout) == (0, ""), built.stdout


def test_check_of_a_missing_folder(tmp_path):
    result = run_build_py("check", "--site", str(tmp_path / "nowhere"))
    assert result.returncode == 1
    assert result.stderr.strip() == f"{tmp_path / 'nowhere'}: --site: không có thư mục này"
    english = run_build_py("check", "--site", str(tmp_path / "nowhere"), "--lang", "en")
    assert english.stderr.strip() == f"{tmp_path / 'nowhere'}: --site: folder not found"


def test_check_of_a_folder_built_for_a_sub_path_reads_the_base_from_robots_txt(good_site_base,
                                                                             tmp_path):
    # 404.html links from /tin-tuc/ (it is shown at any depth); no --base-url needed to
    # know that this is allowed.
    result = run_build_py("check", "--site", str(good_site_base), "--config",
                          str(tmp_path / "none.toml"))
    assert (result.returncode, result.stdout) == (0, ""), result.stdout
    (good_site_base / "robots.txt").rename(tmp_path / "robots.txt")
    try:
        result = run_build_py("check", "--site", str(good_site_base), "--config",
                              str(tmp_path / "none.toml"))
    finally:
        (tmp_path / "robots.txt").rename(good_site_base / "robots.txt")
    assert result.returncode == 1
    # Taken for a site at the root of its host, the 404 page's links lead nowhere.
    assert re.search(r"^404\.html:\d+: missing file /tin-tuc/assets/\S+\.css$", result.stdout,
                     re.M), result.stdout
