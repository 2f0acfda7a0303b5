"""The command line as a user runs it: summary line, English interface, exit codes."""
import json
import re
import shutil
import subprocess
import sys

from tests.conftest import ROOT, run_build_py

GOLDEN = ROOT / "tests" / "golden" / "site"


def test_success_prints_one_vietnamese_summary_line(tmp_path):
    result = run_build_py("build", "--content", str(GOLDEN / "content"), "--config",
                          str(GOLDEN / "site.toml"), "--output", str(tmp_path / "out"))
    assert result.returncode == 0
    # The golden site holds one draft: the second line says so.
    assert re.fullmatch(r"4 bài, \d+ trang, \d+,\d s → \S+\n"
                        r"1 bản nháp không được đăng; dùng --drafts để xem\n", result.stdout)


def test_english_interface_by_setting(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(GOLDEN, site)
    config = site / "site.toml"
    config.write_text('language = "en"\n' + config.read_text(encoding="utf-8"), encoding="utf-8")
    result = run_build_py("build", "--output", "out", cwd=site)
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"4 articles, \d+ pages, \d+\.\d s → out\n"
                        r"1 draft\(s\) not published; use --drafts to see them\n", result.stdout)
    page = next((site / "out" / "2020" / "09").glob("*.html")).read_text(encoding="utf-8")
    assert 'lang="en"' in page and "Tuesday, 15 September 2020 | 15:44 (GMT+7)" in page
    assert ">Home<" in page and "Trang chủ" not in page


def test_missing_content_folder_is_an_error_not_a_traceback(tmp_path):
    result = run_build_py("build", "--content", str(tmp_path / "none"), "--output",
                          str(tmp_path / "out"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "--content: không tìm thấy thư mục nội dung" in result.stderr
    english = run_build_py("build", "--lang", "en", "--content", str(tmp_path / "none"),
                           "--output", str(tmp_path / "out"))
    assert english.returncode == 1
    assert "--content: content folder not found" in english.stderr


def test_refuses_to_replace_a_folder_it_did_not_make(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "thu.txt").write_text("của tôi")
    result = run_build_py("build", "--content", str(GOLDEN / "content"), "--config",
                          str(GOLDEN / "site.toml"), "--output", str(tmp_path / "docs"))
    assert result.returncode == 1 and "không do công cụ này tạo ra" in result.stderr
    assert (tmp_path / "docs" / "thu.txt").read_text() == "của tôi"


def _article(path, title, extra=""):
    """One small article file (front matter and a line of body)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: {title}\ndate: 2024-05-01 08:00\n{extra}---\n\nThân bài.\n",
                    encoding="utf-8")


def _left_out_site(root):
    """Two published articles (one `.MD`), two drafts, one scheduled, a README and `_x.md`."""
    content = root / "content"
    _article(content / "2024" / "mot.md", "Bài một")
    _article(content / "2024" / "hai.MD", "Bài hai")
    _article(content / "2024" / "nhap-1.md", "Nháp một", "draft: true\n")
    _article(content / "2024" / "nhap-2.markdown", "Nháp hai", "draft: true\n")
    (content / "2099").mkdir()
    (content / "2099" / "hen-gio.md").write_text(
        "---\ntitle: Hẹn giờ\ndate: 2099-01-01\n---\n\nSau này.\n", encoding="utf-8")
    (content / "README.md").write_text("# Thư mục bài viết\n\nKhông có front matter.\n",
                                       encoding="utf-8")
    (content / "_ghi-chu.md").write_text("ghi chú riêng\n", encoding="utf-8")
    return content


def test_summary_counts_drafts_and_scheduled_articles_left_out(tmp_path):
    content = _left_out_site(tmp_path)
    result = run_build_py("build", "--content", str(content), "--output", str(tmp_path / "out"),
                          cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert re.fullmatch(r"2 bài, \d+ trang, \d+,\d s → \S+", lines[0])
    assert lines[1] == "2 bản nháp và 1 bài hẹn giờ không được đăng; dùng --drafts/--future để xem"
    shown = run_build_py("build", "--content", str(content), "--output", str(tmp_path / "out2"),
                         "--drafts", cwd=tmp_path)
    assert shown.stdout.splitlines()[1] == ("1 bài hẹn giờ không được đăng; dùng --future "
                                            "để xem")
    assert shown.stdout.startswith("4 bài")


def test_summary_of_left_out_articles_in_english(tmp_path):
    content = _left_out_site(tmp_path)
    (tmp_path / "site.toml").write_text('language = "en"\n', encoding="utf-8")
    result = run_build_py("build", "--content", str(content), "--output", str(tmp_path / "out"),
                          cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1] == ("2 draft(s) and 1 scheduled article(s) not "
                                             "published; use --drafts/--future to see them")


def test_a_link_to_a_draft_is_reported_at_its_line_and_column(tmp_path):
    content = _left_out_site(tmp_path)
    (content / "2024" / "mot.md").write_text(
        "---\ntitle: Bài một\ndate: 2024-05-01 08:00\n---\n\nMở đầu.\n\n"
        "Xem thêm [bản nháp](nhap-1.md) sau.\n", encoding="utf-8")
    result = run_build_py("build", "--content", str(content), "--output", str(tmp_path / "out"),
                          cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert ("cảnh báo: content/2024/mot.md:8:21: link: liên kết tới content/2024/nhap-1.md, "
            "bài này chưa được đăng (bản nháp hoặc ngày đăng còn ở tương lai); "
            "đã bỏ liên kết này") in result.stderr.splitlines()
    english = run_build_py("build", "--lang", "en", "--content", str(content), "--output",
                           str(tmp_path / "out-en"), "--no-cache", cwd=tmp_path)
    assert ("warning: content/2024/mot.md:8:21: link: links to content/2024/nhap-1.md, "
            "which is not published (draft or future date); the link is left out"
            ) in english.stderr.splitlines()


def test_timings_name_the_stages_in_the_run_s_language(tmp_path):
    args = ("build", "--content", str(GOLDEN / "content"), "--config", str(GOLDEN / "site.toml"),
            "--no-cache", "--timings")
    vietnamese = run_build_py(*args, "--output", str(tmp_path / "vi"))
    assert vietnamese.returncode == 0, vietnamese.stderr
    line = vietnamese.stderr.splitlines()[-1]
    assert re.match(r"  kiểm tra đầu vào \d+,\d\d s, đọc nội dung \d+,\d\d s, ", line), line
    assert "tạo trang" in line and "chỉ mục tìm kiếm" in line and "search index" not in line
    english = run_build_py(*args, "--output", str(tmp_path / "en"), "--lang", "en")
    line = english.stderr.splitlines()[-1]
    assert re.match(r"  check inputs \d+\.\d\d s, content \d+\.\d\d s, ", line), line
    assert "search index" in line


_COLLECTIONS_AFTER_BUILD = """
import gc, json, sys
from builder import cli, pipeline
collected = []
argv = sys.argv[1:-1]
ending = sys.argv[-1] == "ending"
built = pipeline.build

def build(*args, **kwargs):
    # The build runs without the collector: what it counts is what happens to what the
    # build left, from the build's end on.
    gc.callbacks.append(lambda phase, info: phase == "stop"
                        and collected.append(info["collected"]))
    return built(*args, **kwargs)

pipeline.build = build
code = cli.main(argv, ending_process=ending)
garbage = [[object()] for _ in range(5000)]  # allocations that would start a collection
print(json.dumps({"code": code, "enabled": gc.isenabled(), "frozen": gc.get_freeze_count(),
                  "collected": sum(collected)}))
"""


def _collections_after_build(tmp_path, ending: str) -> dict:
    """Build the golden site through cli.main in a fresh process, then allocate: what the
    cyclic collector did once the build was over."""
    result = subprocess.run(
        [sys.executable, "-c", _COLLECTIONS_AFTER_BUILD, "build", "--content",
         str(GOLDEN / "content"), "--config", str(GOLDEN / "site.toml"), "--output",
         str(tmp_path / ending), ending], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_a_build_that_ends_its_process_leaves_its_garbage_to_the_exit(tmp_path):
    # The scripts' build: no collection walks the model after the build, nor at exit
    # (frozen objects are left out of the interpreter's last collection).
    ending = _collections_after_build(tmp_path, "ending")
    assert ending["code"] == 0 and not ending["enabled"]
    assert ending["collected"] == 0 and ending["frozen"] > 10_000
    # main() called by a process that goes on (the tests, a library user) gets its
    # collector back, and the build's cycles are collected as usual.
    going_on = _collections_after_build(tmp_path, "going-on")
    assert going_on["code"] == 0 and going_on["enabled"] and going_on["frozen"] == 0
    assert going_on["collected"] > 0
