"""The command line as a user runs it: summary line, English interface, exit codes."""
import re
import shutil

from tests.conftest import ROOT, run_build_py

GOLDEN = ROOT / "tests" / "golden" / "site"


def test_success_prints_one_vietnamese_summary_line(tmp_path):
    result = run_build_py("build", "--content", str(GOLDEN / "content"), "--config",
                          str(GOLDEN / "site.toml"), "--output", str(tmp_path / "out"))
    assert result.returncode == 0
    assert re.fullmatch(r"4 bài, \d+ trang, \d+,\d s → \S+\n", result.stdout)


def test_english_interface_by_setting(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(GOLDEN, site)
    config = site / "site.toml"
    config.write_text('language = "en"\n' + config.read_text(encoding="utf-8"), encoding="utf-8")
    result = run_build_py("build", "--output", "out", cwd=site)
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"4 articles, \d+ pages, \d+\.\d s → out\n", result.stdout)
    page = next((site / "out" / "2020" / "09").glob("*.html")).read_text(encoding="utf-8")
    assert 'lang="en"' in page and "Tuesday, 15 September 2020 | 15:44 (GMT+7)" in page
    assert ">Home<" in page and "Trang chủ" not in page


def test_missing_content_folder_is_an_error_not_a_traceback(tmp_path):
    result = run_build_py("build", "--content", str(tmp_path / "none"), "--output",
                          str(tmp_path / "out"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "content folder not found" in result.stderr


def test_refuses_to_replace_a_folder_it_did_not_make(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "thu.txt").write_text("của tôi")
    result = run_build_py("build", "--content", str(GOLDEN / "content"), "--config",
                          str(GOLDEN / "site.toml"), "--output", str(tmp_path / "docs"))
    assert result.returncode == 1 and "did not make" in result.stderr
    assert (tmp_path / "docs" / "thu.txt").read_text() == "của tôi"
