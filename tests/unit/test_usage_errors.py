"""argparse's own complaints (missing argument, unknown choice, option without its value) read
in the run's language, after the usage line, with exit 2."""
import argparse

import pytest

from builder.usage_errors import parser_class
from tests.conftest import run_build_py

# (arguments, the error line in Vietnamese, the same in English)
MISTAKES = [
    (["new"], "build.py new: lỗi: còn thiếu các đối số bắt buộc: title",
     "build.py new: error: the following arguments are required: title"),
    (["xay-dung"], "build.py: lỗi: đối số COMMAND: lựa chọn không hợp lệ: 'xay-dung' (chọn một "
     "trong 'build', 'check', 'bundle', 'import', 'serve', 'new', 'init', 'deploy')",
     "build.py: error: argument COMMAND: invalid choice: 'xay-dung' (choose from 'build', "
     "'check', 'bundle', 'import', 'serve', 'new', 'init', 'deploy')"),
    (["build", "--khong-co"], "build.py: lỗi: không nhận ra các đối số: --khong-co",
     "build.py: error: unrecognized arguments: --khong-co"),
    (["build", "--jobs", "bốn"], "build.py build: lỗi: đối số --jobs: phải là một số nguyên, "
     "không phải 'bốn'", "build.py build: error: argument --jobs: invalid int value: 'bốn'"),
    (["build", "--output"], "build.py build: lỗi: đối số --output: cần một giá trị đi kèm",
     "build.py build: error: argument --output: expected one argument"),
    (["serve", "--port", "70000"], "build.py serve: lỗi: đối số --port: '70000' không phải số "
     "cổng (0-65535)", "build.py serve: error: argument --port: '70000' is not a port number "
     "(0-65535)"),
]


@pytest.fixture
def vietnamese_site(tmp_path):
    """A folder with a Vietnamese site.toml: the run's messages are Vietnamese."""
    (tmp_path / "site.toml").write_text('title = "Tin Đức Huệ"\nlanguage = "vi"\n', "utf-8")
    return tmp_path


@pytest.mark.parametrize("arguments, vietnamese, english", MISTAKES)
def test_argument_mistakes_are_told_in_the_sites_language(vietnamese_site, arguments,
                                                          vietnamese, english):
    result = run_build_py(*arguments, cwd=vietnamese_site, env={"CAMPAIGN_NEWS_LANG": "en"})
    assert result.returncode == 2 and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines[0].startswith("cách dùng: build.py") and "cách dùng: cách dùng" not in lines[0]
    assert lines[-1] == vietnamese


@pytest.mark.parametrize("arguments, vietnamese, english", MISTAKES)
def test_argument_mistakes_in_english_with_lang(vietnamese_site, arguments, vietnamese, english):
    result = run_build_py(*arguments, "--lang", "en", cwd=vietnamese_site)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith("usage: build.py") and "usage: usage" not in lines[0]
    assert lines[-1] == english


def error_line(parser: argparse.ArgumentParser, arguments: list[str], capsys) -> str:
    """The last line argparse printed when refusing `arguments` (it exits 2)."""
    with pytest.raises(SystemExit) as stopped:
        parser.parse_args(arguments)
    assert stopped.value.code == 2
    return capsys.readouterr().err.splitlines()[-1]


@pytest.mark.parametrize("arguments, vietnamese", [
    (["--cap", "1"], "thu: lỗi: đối số --cap: cần 2 giá trị đi kèm"),
    (["--cap", "1", "2", "--bai"], "thu: lỗi: đối số --bai: cần ít nhất một giá trị đi kèm"),
    (["--cap", "1", "2", "--muc", "x"], "thu: lỗi: đối số --muc: giá trị float không hợp lệ: 'x'"),
    (["--cap", "1", "2", "--nhap", "--dang"],
     "thu: lỗi: đối số --dang: không được dùng cùng với đối số --nhap"),
    (["--cap", "1", "2", "--nhap=co"], "thu: lỗi: đối số --nhap: giá trị 'co' viết kèm bị bỏ qua"),
    (["--cap", "1", "2", "--t", "a"],
     "thu: lỗi: tùy chọn --t chưa rõ ràng, có thể là --tag, --tac-gia"),
    (["--cap", "1", "2"], "thu: lỗi: cần một trong các đối số --nhap --dang"),
])
def test_every_wording_of_this_pythons_argparse_is_known(arguments, vietnamese, capsys):
    """Each kind of refusal argparse has, triggered for real: if a Python release words one
    differently, it would come out in English and this fails."""
    parser = parser_class("vi")(prog="thu")
    parser.add_argument("--cap", nargs=2)
    parser.add_argument("--bai", nargs="+")
    parser.add_argument("--muc", type=float)
    parser.add_argument("--tag")
    parser.add_argument("--tac-gia")
    either = parser.add_mutually_exclusive_group(required=True)
    either.add_argument("--nhap", action="store_true")
    either.add_argument("--dang", action="store_true")
    assert error_line(parser, arguments, capsys) == vietnamese


def test_lang_may_come_before_the_command(vietnamese_site):
    result = run_build_py("--lang", "en", "new", cwd=vietnamese_site)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == MISTAKES[0][2]
    helped = run_build_py("--lang", "en", "build", "--help", cwd=vietnamese_site)
    assert helped.returncode == 0 and "--jobs JOBS" in helped.stdout
    assert helped.stdout.startswith("usage: build.py build")
    # given twice, the last one counts, as argparse keeps it
    twice = run_build_py("--lang", "en", "build", "--lang", "vi", "--jobs", "x",
                         cwd=vietnamese_site)
    assert twice.stderr.splitlines()[-1] == MISTAKES[3][1].replace("bốn", "x")
