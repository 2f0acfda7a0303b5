"""Rows 26-27: template mistakes. The exact messages are fixtures (tests/broken/20, 21, 29:
syntax error, undefined attribute, include reaching outside templates/); here the same
mistakes in other places: a partial included by every listing, a listing page that has
no content file behind it, and the site's output kept as it was.
"""
from __future__ import annotations

import re

import pytest

from builder.core.errors import BuildError
from tests.conftest import ROOT
from tests.faults.helpers import build_site, old_site, tree_hash

ARTICLE = "---\ntitle: Tin\ndate: 2020-01-01\n---\nThân bài.\n"


def with_template(tmp_path, name: str, text: str) -> BuildError:
    """Build a one-article site whose templates/<name> is `text`; the error it gives."""
    folder = tmp_path / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    old = old_site(tmp_path / "output")
    with pytest.raises(BuildError) as caught:
        build_site(tmp_path, {"tin.md": ARTICLE})
    assert tree_hash(tmp_path / "output") == old
    return caught.value


def test_syntax_error_in_a_partial_names_the_partial_and_its_line(tmp_path):
    card = (ROOT / "templates" / "_card.html").read_text("utf-8")
    broken = card.replace("{% endif %}", "", 1)
    line = card[:card.index("{% endif %}")].count("\n") + 1
    error = with_template(tmp_path, "_card.html", broken)
    (problem,) = error.problems
    assert re.match(r".*/templates/_card\.html:\d+: lỗi cú pháp trong mẫu giao diện: ",
                    str(problem)), problem
    assert re.match(r".*/templates/_card\.html:\d+: template syntax error: ",
                    problem.render("en")), problem
    assert problem.line >= line


def test_undefined_value_on_a_page_without_a_content_file(tmp_path):
    listing = (ROOT / "templates" / "listing.html").read_text("utf-8")
    broken = listing.replace("{% block main %}", "{% block main %}{{ page.no_such.name }}", 1)
    line = broken[:broken.index("page.no_such")].count("\n") + 1
    error = with_template(tmp_path, "listing.html", broken)
    shown = [str(p) for p in error.problems]
    assert shown and all(re.match(rf".*/templates/listing\.html:{line}: UndefinedError: ", s)
                         for s in shown), shown


def test_row27_missing_author_is_an_error_not_empty_text(tmp_path):
    article = (ROOT / "templates" / "article.html").read_text("utf-8")
    broken = article.replace("{% block main %}",
                             "{% block main %}<p>{{ post.author.name }}</p>", 1)
    error = with_template(tmp_path, "article.html", broken)
    (problem,) = error.problems
    assert re.fullmatch(r".*/templates/article\.html:\d+: UndefinedError: .*post.* "
                        r"\(khi đang dựng .*content/tin\.md\)", str(problem)), problem
