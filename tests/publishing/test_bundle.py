"""`python build.py bundle`: one deterministic zip that works after unzipping anywhere."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tests.conftest import run_build_py

from .conftest import SITES

FOLDER = "trang-tin"
START = "MO-TRANG-NAY.html"


def make_bundle(target: Path, *extra: str) -> Path:
    """Bundle the `good` fixture into `target`."""
    result = run_build_py("bundle", "--content", str(SITES / "good/content"), "--config",
                          str(SITES / "good/site.toml"), "--output", str(target), *extra)
    assert result.returncode == 0, result.stderr
    assert f"vào {target}; giải nén rồi mở {START}." in result.stdout
    return target


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    """The good fixture as a zip."""
    return make_bundle(tmp_path_factory.mktemp("bundle") / "tin.zip")


def test_layout_start_page_at_the_root_and_the_site_in_one_folder(bundle):
    with zipfile.ZipFile(bundle) as archive:
        names = archive.namelist()
        assert archive.testzip() is None
        start = archive.read(START).decode("utf-8")
    assert names[0] == START
    assert all(n.startswith(f"{FOLDER}/") for n in names[1:])
    assert names[1:] == sorted(names[1:])
    for needed in ("index.html", "404.html", "feeds/atom.xml", "assets/style.css",
                   "tags/duc-hue.html"):
        assert f"{FOLDER}/{needed}" in names
    # the photo's resized copies (named by its content digest), in both formats
    photo = {Path(n).suffix for n in names if n.startswith(f"{FOLDER}/media/2020/images/hoi-nghi-")}
    assert photo == {".jpg", ".webp"}
    assert not any("/." in n for n in names)  # the output marker stays out
    assert f'content="0; url={FOLDER}/index.html"' in start
    assert f'<a href="{FOLDER}/index.html">' in start
    # The folder name is shown in bold, not as escaped markup the reader would see.
    assert f"<b>{FOLDER}</b>" in start and "&lt;b&gt;" not in start


def test_bundle_is_byte_identical_with_fixed_times_and_modes(bundle, tmp_path):
    again = make_bundle(tmp_path / "again.zip")
    assert again.read_bytes() == bundle.read_bytes()
    with zipfile.ZipFile(bundle) as archive:
        infos = archive.infolist()
    # Every entry carries the time the newest article changed (16/03/2021 10:00, +07:00).
    assert {i.date_time for i in infos} == {(2021, 3, 16, 10, 0, 0)}
    assert {i.external_attr >> 16 for i in infos} == {0o644}
    # Photos are stored as they are (already compressed); pages and feeds are deflated.
    by_suffix: dict[str, set] = {}
    for info in infos:
        by_suffix.setdefault(Path(info.filename).suffix, set()).add(info.compress_type)
    assert by_suffix[".jpg"] | by_suffix[".webp"] == {zipfile.ZIP_STORED}
    assert by_suffix[".html"] | by_suffix[".xml"] | by_suffix[".css"] == {zipfile.ZIP_DEFLATED}


def test_bundle_refuses_to_replace_a_file_that_is_not_a_zip(tmp_path):
    precious = tmp_path / "bao-cao.zip"
    precious.write_text("not a zip", "utf-8")
    result = run_build_py("bundle", "--content", str(SITES / "good/content"), "--config",
                          str(SITES / "good/site.toml"), "--output", str(precious))
    assert result.returncode == 1
    assert result.stderr.strip() == (f"{precious}: --output: đã có và không phải tệp zip; "
                                     "không thay thế nó")
    assert precious.read_text("utf-8") == "not a zip"
    other = run_build_py("bundle", "--content", str(SITES / "good/content"), "--config",
                         str(SITES / "good/site.toml"), "--output", str(tmp_path / "x.txt"),
                         "--lang", "en")
    assert other.returncode == 1
    assert "the bundle must be a .zip file" in other.stderr
    assert list(tmp_path.iterdir()) == [precious]  # no partial file left


def test_unzipped_anywhere_it_opens_navigates_and_searches_in_chromium(bundle, tmp_path, page,
                                                                       artifacts_dir):
    # A folder name with spaces and Vietnamese letters, as a USB stick in an office may have.
    where = tmp_path / "Ổ USB" / "tin tức xã"
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(where)
    page.goto((where / START).as_uri())
    page.wait_for_url("**/index.html")
    assert page.url == (where / FOLDER / "index.html").as_uri()
    assert page.locator("h1").first.inner_text()
    # Home → article → tag, clicking as a reader would.
    page.locator("main a", has_text="sơ kết một năm").first.click()
    page.wait_for_url("**/2021/03/*.html")
    assert "sơ kết một năm" in page.locator("h1").inner_text()
    assert page.evaluate("document.querySelector('link[rel=stylesheet]').sheet !== null")
    page.locator("main a", has_text="Đức Huệ").first.click()
    page.wait_for_url("**/tags/duc-hue.html")
    assert page.locator("main a", has_text="Tổng kết 05 năm").count() >= 1
    # The lead photo of an article loads from the unzipped folder.
    page.locator("main a", has_text="Tổng kết 05 năm").first.click()
    page.wait_for_url("**/2020/09/*.html")
    assert page.evaluate("[...document.images].every(i => i.complete && i.naturalWidth > 0)")
    page.screenshot(path=str(artifacts_dir / "bundle-article.png"))
    if (where / FOLDER / "search.html").is_file():  # the search page, once it exists
        page.goto((where / FOLDER / "search.html").as_uri())
        box = page.locator("input[type=search], input[type=text]").first
        box.fill("duc hue")
        box.press("Enter")
        page.locator("a[href*='2020/09/']").first.wait_for(timeout=5000)
    assert page.log.errors == []
    assert page.log.failed == []
