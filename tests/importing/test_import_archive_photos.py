"""Photos anywhere in a Hugo, Jekyll or Pelican article (inside a paragraph, in a figure
shortcode, in raw HTML, behind the generator's own path markers) are copied next to the
imported article when the archive holds them, resolved the way that generator resolves
them; the others are reported with file and line and left out, never left as broken
links; nothing outside the archive folder is read. The site then builds."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import run_build_py

FIXTURES = Path(__file__).parent / "fixtures" / "archives"
PHOTO = (FIXTURES / "hugo" / "static" / "images" / "hoi-nghi.png").read_bytes()
OTHER_PHOTO = (FIXTURES / "jekyll" / "assets" / "img" / "gio-di-cho.png").read_bytes()
_INTRO = "Xã Hựu Thạnh khánh thành cây cầu bê tông mới nối hai ấp, bà con rất phấn khởi. "

# Each generator: its settings file, where photos live (path from the site folder -> which
# photo), the article file and its text. `[LOST]` marks the line of a photo that is missing,
# `[OUT]` the line of one outside the archive folder (a file that does exist, next to it).
SITES = {
    "hugo": {
        "settings": ("hugo.toml", 'title = "Tin"\n'),
        "photos": {"static/images/cau.png": PHOTO, "static/images/le.png": OTHER_PHOTO,
                   "content/posts/bai/ban-do.png": PHOTO + b"bundle",
                   "static/images/so-do.png": PHOTO + b"plan"},
        "article": "content/posts/bai/index.md",
        "text": (
            '+++\ntitle = "Cầu nông thôn mới ở Đức Hòa"\ndate = 2023-05-02T08:00:00+07:00\n+++\n\n'
            + _INTRO + "Ảnh: ![cầu mới](/images/cau.png \"Cầu mới\") do xã cung cấp.\n\n"
            '{{< figure src="/images/le.png" caption="Lễ khánh thành" >}}\n\n'
            '<p>Bản đồ vị trí: <img src="ban-do.png" alt="bản đồ"> (nguồn: xã).</p>\n\n'
            "Sơ đồ ![sơ đồ cầu][So Do] của xã.\n\n[so do]: /images/so-do.png \"Sơ đồ\"\n\n"
            "Ảnh cũ ![ảnh cũ](/images/khong-co.png) đã thất lạc. [LOST]\n\n"
            "Ảnh riêng ![riêng](../../../../rieng.png) không được đọc. [OUT]\n"),
    },
    "jekyll": {
        "settings": ("_config.yml", "title: Tin\n"),
        "photos": {"assets/img/cau.png": PHOTO, "assets/img/le.png": OTHER_PHOTO,
                   "assets/img/ban-do.png": PHOTO + b"map"},
        "article": "_posts/2023-05-02-cau-nong-thon-moi.md",
        "text": (
            "---\ntitle: Cầu nông thôn mới ở Đức Hòa\nlayout: post\n---\n\n"
            + _INTRO + "Ảnh: ![cầu mới]({{ site.baseurl }}/assets/img/cau.png) do xã cung cấp.\n\n"
            "<p>Lễ khánh thành <img src=\"{{ '/assets/img/le.png' | relative_url }}\" alt=\"lễ\"></p>\n\n"
            "Bản đồ: ![bản đồ]({% link assets/img/ban-do.png %}) kèm theo.\n\n"
            "Ảnh cũ ![ảnh cũ]({{ site.url }}{{ site.baseurl }}/assets/img/khong-co.png) đã thất lạc. [LOST]\n\n"
            "Ảnh riêng <img src=\"/../rieng.png\" alt=\"riêng\"> không được đọc. [OUT]\n"),
    },
    "pelican": {
        "settings": ("pelicanconf.py", "SITENAME = 'Tin'\nPATH = 'content'\n"),
        "photos": {"content/images/cau.png": PHOTO, "content/images/le.png": OTHER_PHOTO,
                   "content/2023/ban-do.png": PHOTO + b"attach"},
        "article": "content/2023/cau-nong-thon-moi.md",
        "text": (
            "Title: Cầu nông thôn mới ở Đức Hòa\nDate: 2023-05-02 08:00\n\n"
            + _INTRO + "Ảnh: ![cầu mới]({static}/images/cau.png) do xã cung cấp.\n\n"
            '<p>Lễ khánh thành <img src="{filename}/images/le.png" alt="lễ"></p>\n\n'
            "Bản đồ: ![bản đồ]({attach}ban-do.png) kèm theo.\n\n"
            "Ảnh cũ ![ảnh cũ]({static}/images/khong-co.png) đã thất lạc. [LOST]\n\n"
            "Ảnh riêng ![riêng](file:///tmp/rieng.png) không được đọc. [OUT]\n"),
    },
}


@pytest.fixture(params=sorted(SITES))
def imported(request, tmp_path):
    """One generator's site with photos in every syntax, imported into a fresh site folder."""
    kind = request.param
    spec = SITES[kind]
    old = tmp_path / "old"
    name, settings = spec["settings"]
    files = {name: settings.encode(), spec["article"]: spec["text"].encode("utf-8"), **spec["photos"]}
    for relative, data in files.items():
        (old / relative).parent.mkdir(parents=True, exist_ok=True)
        (old / relative).write_bytes(data)
    secret = b"\x89PNG\r\n\x1a\n" + b"not to be published" * 8
    (tmp_path / "rieng.png").write_bytes(secret)  # just outside the archive folder
    site = tmp_path / "site"
    site.mkdir()
    (site / "site.toml").write_text('title = "Tin phong trào"\n', "utf-8")
    result = run_build_py("import", str(old), "--into", str(site / "content"), cwd=site)
    return kind, old, site, result, secret


def test_every_photo_in_the_archive_is_copied_and_pointed_at(imported):
    kind, old, site, result, _ = imported
    assert result.returncode == 0, result.stderr
    article = site / "content" / "2023" / "cau-nong-thon-moi-o-duc-hoa.md"
    text = article.read_text("utf-8")
    pointed = re.findall(r"!\[[^\]]*\]\((images/[^)\s]+)|<img [^>]*src=\"(images/[^\"]+)\""
                         r"|^\[[^\]]+\]: (images/\S+)", text, re.MULTILINE)
    copied = {next(p for p in pair if p) for pair in pointed}
    lead = re.search(r"^image: \"?(images/[^\"\n]+)", text, re.MULTILINE)
    if lead:  # a photo alone in its paragraph leads the article
        copied.add(lead.group(1))
    assert sorted((article.parent / path).read_bytes() for path in copied) == sorted(
        SITES[kind]["photos"].values())
    # No reference to the old places is left.
    assert "cau.png" not in text and "le.png" not in text and "ban-do.png" not in text
    assert "so-do.png" not in text
    assert "{{" not in text and "{%" not in text and "{static}" not in text
    assert f"chép {len(copied)} ảnh" in result.stdout


def test_a_missing_photo_and_one_outside_are_reported_with_file_and_line_and_left_out(imported):
    kind, old, site, result, secret = imported
    source = old / SITES[kind]["article"]
    lines = SITES[kind]["text"].split("\n")
    lost = next(n for n, line in enumerate(lines, 1) if "[LOST]" in line)
    out = next(n for n, line in enumerate(lines, 1) if "[OUT]" in line)
    reported = [line for line in result.stderr.splitlines() if ": ảnh " in line]
    assert [line.split(": ảnh ")[0] for line in reported] == [f"{source}: dòng {lost}",
                                                             f"{source}: dòng {out}"]
    assert "khong-co.png" in reported[0] and reported[0].endswith(": đã bỏ ra")
    assert "rieng.png" in reported[1] and ("nằm ngoài thư mục lưu trữ" in reported[1]
                                           or "không nằm trong thư mục lưu trữ" in reported[1])
    text = (site / "content" / "2023" / "cau-nong-thon-moi-o-duc-hoa.md").read_text("utf-8")
    assert "khong-co" not in text and "rieng" not in text
    assert "Ảnh cũ ảnh cũ đã thất lạc." in text  # the alt text stays in the sentence
    published = [p.read_bytes() for p in site.rglob("*") if p.is_file()]
    assert secret not in published


def test_the_imported_article_builds_with_its_photos(imported):
    kind, old, site, result, _ = imported
    built = run_build_py("build", cwd=site)
    assert built.returncode == 0, built.stderr
    assert "error" not in built.stderr.lower()
    page = site / "output" / "2023" / "05" / "cau-nong-thon-moi-o-duc-hoa.html"
    shown = re.findall(r'<img [^>]*src="([^"]+)"', page.read_text("utf-8"))
    # Each photo of the archive is shown (the build makes its own sizes of it), and each
    # one shown is a file of the output.
    assert len(set(shown)) == len(SITES[kind]["photos"])
    for src in shown:
        assert (page.parent / src).resolve().is_file(), src
        assert (page.parent / src).resolve().is_relative_to((site / "output").resolve())


def test_an_article_linked_from_outside_the_archive_is_not_read(tmp_path):
    old = tmp_path / "old"
    (old / "_posts").mkdir(parents=True)
    (old / "_config.yml").write_text("title: Tin\n", "utf-8")
    (old / "_posts" / "2023-05-02-bai.md").write_text(
        "---\ntitle: Cầu nông thôn mới ở Đức Hòa\n---\n\n" + _INTRO + "\n", "utf-8")
    secret = tmp_path / "2023-05-03-bi-mat.md"
    secret.write_text("---\ntitle: Thư riêng không được đăng\n---\n\nNội dung riêng tư.\n", "utf-8")
    linked = old / "_posts" / secret.name
    try:
        linked.symlink_to(secret)
    except OSError:
        pytest.skip("this system cannot make symbolic links")
    site = tmp_path / "site"
    result = run_build_py("import", str(old), "--into", str(site / "content"), cwd=tmp_path)
    assert result.returncode == 1
    assert f"{linked}: bỏ qua: liên kết tới một tệp nằm ngoài thư mục lưu trữ: không đọc" in result.stderr
    written = [p.read_text("utf-8") for p in (site / "content").rglob("*.md")]
    assert len(written) == 1 and not any("riêng" in text for text in written)


def test_a_lost_reference_style_photo_is_reported_and_left_as_its_alt_text(tmp_path):
    old = tmp_path / "old"
    (old / "_posts").mkdir(parents=True)
    (old / "_config.yml").write_text("title: Tin\n", "utf-8")
    post = old / "_posts" / "2023-05-02-bai.md"
    post.write_text("---\ntitle: Cầu nông thôn mới ở Đức Hòa\n---\n\n" + _INTRO
                    + "Ảnh ![lễ khánh thành][le] đã thất lạc, xem [bài cũ][cu].\n\n"
                    "[le]: /assets/img/le.png\n[cu]: /tin-tuc/cau-moi.html\n", "utf-8")
    site = tmp_path / "site"
    result = run_build_py("import", str(old), "--into", str(site / "content"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"{post}: dòng 7: ảnh /assets/img/le.png không có trong kho lưu trữ" in result.stderr
    text = next((site / "content").rglob("*.md")).read_text("utf-8")
    assert "Ảnh lễ khánh thành đã thất lạc, xem bài cũ." in text
    # The link's old page is no article of the archive (see test_import_archive_links.py).
    assert "[le]:" not in text and "[cu]:" not in text
    assert f"{post}: dòng 8: liên kết /tin-tuc/cau-moi.html không dẫn tới bài nào" in result.stderr


def test_a_photo_name_with_spaces_is_found_in_either_markdown_spelling(tmp_path):
    old = tmp_path / "old"
    (old / "static" / "images").mkdir(parents=True)
    (old / "content" / "posts").mkdir(parents=True)
    (old / "hugo.toml").write_text('title = "Tin"\n', "utf-8")
    (old / "static" / "images" / "Anh Hoi Nghi.PNG").write_bytes(PHOTO)
    (old / "content" / "posts" / "a.md").write_text(
        "---\ntitle: Cầu nông thôn mới ở Đức Hòa\ndate: 2023-05-02\n---\n\n"
        "![Hội nghị](/images/Anh%20Hoi%20Nghi.PNG)\n\n"
        + _INTRO + "Ảnh ![cầu](</images/Anh Hoi Nghi.PNG>) nhắc lại.\n", "utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "site.toml").write_text('title = "Tin phong trào"\n', "utf-8")
    result = run_build_py("import", str(old), "--into", str(site / "content"), cwd=site)
    assert result.returncode == 0, result.stderr
    article = site / "content" / "2023" / "cau-nong-thon-moi-o-duc-hoa.md"
    text = article.read_text("utf-8")
    assert 'image: "images/cau-nong-thon-moi-o-duc-hoa-1.png"' in text  # the lone photo leads
    assert "Ảnh ![cầu](<images/cau-nong-thon-moi-o-duc-hoa-1.png>) nhắc lại." in text  # one copy
    assert (article.parent / "images" / "cau-nong-thon-moi-o-duc-hoa-1.png").read_bytes() == PHOTO
    assert run_build_py("build", cwd=site).returncode == 0
