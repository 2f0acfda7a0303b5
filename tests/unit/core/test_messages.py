"""The one message catalogue: both languages complete, placeholders alike, compiled copy fresh."""
from __future__ import annotations

import ast
import gettext
import io
import re
import string
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from builder.core.i18n import LANGUAGES, LOCALE_DIR, catalogue, language_from_environment

ROOT = Path(__file__).resolve().parents[3]


def read(language: str):
    """The .po catalogue of one language, as Babel reads it."""
    with open(LOCALE_DIR / language / "LC_MESSAGES" / "messages.po", "rb") as file:
        return read_po(file)


def entries(language: str) -> dict[tuple[str, str], object]:
    """(group, key) -> translation (a tuple for plural messages)."""
    return {(m.context, m.id if isinstance(m.id, str) else m.id[0]): m.string
            for m in read(language) if m.id}


def fields(text: str) -> set[str]:
    """The `{placeholders}` of a message (and %d, which the footnote string uses)."""
    names = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    return names | set(re.findall(r"%[a-z]", text))


def test_every_message_exists_in_both_languages():
    vi, en = entries("vi"), entries("en")
    assert set(vi) == set(en), {"vi only": set(vi) - set(en), "en only": set(en) - set(vi)}
    assert len(vi) > 100
    for language, found in (("vi", vi), ("en", en)):
        empty = [key for key, value in found.items()
                 if not (all(value) if isinstance(value, tuple) else value)]
        assert not empty, f"{language}: messages with no text: {empty}"


def test_no_message_is_fuzzy_or_a_group_less_key():
    for language in LANGUAGES:
        for message in read(language):
            if message.id:
                assert not message.fuzzy, (language, message.id)
                assert message.context, f"{language}: {message.id} belongs to no group"


# Messages whose languages word a value differently; the caller passes both names.
DIFFERENT_PLACEHOLDERS = {
    ("theme", "in_month"): ({"month", "year"}, {"month_name", "year"}),  # "Tháng 5/2024", "May 2024"
}


def test_both_languages_fill_in_the_same_placeholders():
    vi, en = entries("vi"), entries("en")
    for key, (vietnamese, english) in DIFFERENT_PLACEHOLDERS.items():
        assert (fields(vi[key]), fields(en[key])) == (vietnamese, english)
    for key, english in en.items():
        if key in DIFFERENT_PLACEHOLDERS:
            continue
        english_forms = english if isinstance(english, tuple) else (english,)
        vietnamese = vi[key] if isinstance(vi[key], tuple) else (vi[key],)
        wanted = set().union(*(fields(form) for form in english_forms))
        for form in vietnamese:
            # a Vietnamese form may leave out {n} where the word has no number (one form)
            assert fields(form) - {"n"} == wanted - {"n"}, (key, form, english_forms)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_is_the_edited_one(language):
    """The generator reads the .mo: it must say what the .po says (run `pybabel compile`)."""
    compiled = io.BytesIO()
    write_mo(compiled, read(language))
    compiled.seek(0)
    with open(LOCALE_DIR / language / "LC_MESSAGES" / "messages.mo", "rb") as file:
        shipped = gettext.GNUTranslations(file)
    expected = gettext.GNUTranslations(compiled)
    # the header (entry "") carries dates Babel fills in when it reads; the messages must match
    drop = {"", ("", 0)}
    assert {k: v for k, v in shipped._catalog.items() if k not in drop} == \
        {k: v for k, v in expected._catalog.items() if k not in drop}, (
            f"messages.mo is out of date: pybabel compile -D messages -d builder/locale -l {language}")


def used_keys() -> set[tuple[str, str]]:
    """(group, key) of every `catalogue(...).text/group(...)[...]` call with literal names
    in the package, of every `message(lang, key)` and of every `Text.of(group, key)`."""
    found = set()
    for path in (ROOT / "builder").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                        and node.func.id == "message" and len(node.args) >= 2
                        and isinstance(node.args[1], ast.Constant)):
                    found.add(("command", node.args[1].value))
                continue
            literal = [a.value for a in node.args if isinstance(a, ast.Constant)
                       and isinstance(a.value, str)]
            if node.func.attr == "of" and getattr(node.func.value, "id", "") == "Text" \
                    and len(literal) >= 2 and isinstance(node.args[0], ast.Constant):
                found.add((literal[0], literal[1]))  # a problem's message: Text.of(group, key)
            if node.func.attr in ("text", "plural") and len(literal) >= 2 \
                    and isinstance(node.func.value, ast.Call) \
                    and getattr(node.func.value.func, "id", "") == "catalogue":
                found.add((literal[0], literal[1]))
    return found


def test_every_message_the_code_names_is_in_the_catalogue():
    known = set(entries("vi"))
    used = used_keys()
    assert ("build", "failed") in used and ("command", "deploy_summary") in used
    assert ("content", "unknown_field") in used
    assert used <= known, used - known


def test_theme_strings_and_messages_in_each_language():
    assert catalogue("vi").group("theme")["home"] == "Trang chủ"
    assert catalogue("en").group("theme")["home"] == "Home"
    assert catalogue("vi").text("check", "ok", pages=3) == "Kiểm tra xong: 3 trang, không có lỗi."
    assert catalogue("fr").language == "en"  # an unknown language reads English


def test_the_language_outside_a_site_comes_from_the_environment():
    assert language_from_environment({}) == "vi"
    assert language_from_environment({"LANG": "en_US.UTF-8"}) == "en"
    assert language_from_environment({"LANG": "C.UTF-8"}) == "vi"
    assert language_from_environment({"LANGUAGE": "fr:en", "LANG": "vi_VN"}) == "en"
    assert language_from_environment({"CAMPAIGN_NEWS_LANG": "vi", "LANG": "en_GB"}) == "vi"


def run(*args: str, cwd: Path, env: dict | None = None):
    """`build.py ARGS` in `cwd`, as an editor runs it."""
    import os
    import subprocess
    import sys

    environ = {k: v for k, v in os.environ.items()
               if k not in ("CAMPAIGN_NEWS_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=cwd,
                          capture_output=True, text=True, env={**environ, **(env or {})},
                          timeout=120)


def test_help_is_in_the_site_language_and_lang_overrides_it(tmp_path):
    (tmp_path / "site.toml").write_text('title = "Tin"\nlanguage = "en"\n', "utf-8")
    english = run("build", "--help", cwd=tmp_path)
    assert english.returncode == 0
    assert "usage: build.py build" in english.stdout and "include drafts" in english.stdout
    vietnamese = run("build", "--help", "--lang", "vi", cwd=tmp_path)
    assert "cách dùng: build.py build" in vietnamese.stdout
    assert "gồm cả bản nháp" in vietnamese.stdout and "tuỳ chọn" in vietnamese.stdout
    assert "include drafts" not in vietnamese.stdout


def test_outside_a_site_the_environment_decides(tmp_path):
    assert "cách dùng:" in run("--help", cwd=tmp_path).stdout  # Vietnamese by default
    assert "usage:" in run("--help", cwd=tmp_path, env={"LANG": "en_US.UTF-8"}).stdout
    made = run("init", "moi", cwd=tmp_path, env={"CAMPAIGN_NEWS_LANG": "en"})
    assert made.returncode == 0 and made.stdout.startswith("New site created in moi."), made.stdout


def test_a_vietnamese_site_reports_in_english_with_lang_en(tmp_path):
    (tmp_path / "site.toml").write_text('title = "Tin"\n', "utf-8")
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "a.md").write_text("---\ntitle: [\n---\n", "utf-8")
    vietnamese = run("build", cwd=tmp_path)
    english = run("build", "--lang", "en", cwd=tmp_path)
    assert vietnamese.returncode == english.returncode == 1
    assert "Không tạo được trang: 1 lỗi" in vietnamese.stderr
    assert "Build failed: 1 problem(s); output was left as it was." in english.stderr


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_command_s_help_is_in_the_catalogue(language):
    """A help text written in the code without its catalogue entry stops the parser."""
    from builder.cli import COMMANDS, make_parser

    for name in COMMANDS:
        parser = make_parser(name, language=language)
        text = parser._subparsers._group_actions[0].choices[name].format_help()
        assert ("cách dùng:" in text) == (language == "vi")
