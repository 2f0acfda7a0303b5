"""docs/templates.md lists every template of the built-in theme, its blocks and every
variable the renderer hands it: checked both ways against a real build."""
from __future__ import annotations

import re
from pathlib import Path

import jinja2
import pytest
from jinja2 import nodes

from builder.core.config import BUILTIN_TEMPLATES
from tests.conftest import ROOT
from tests.theme.templates_seen import GLOBALS, record_build
from tests.theme.test_site_identity import make_site

DOC = ROOT / "docs" / "templates.md"


def documented() -> dict[str, dict]:
    """Per `## \\`name\\`` section (and `## Globals`): its blocks and its variables."""
    sections: dict[str, dict] = {}
    current = None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^## (?:`([^`]+)`|(Globals))\s*$", line)
        if heading:
            current = sections.setdefault(heading[1] or GLOBALS, {"blocks": None, "vars": set()})
        elif current is not None and line.startswith("Blocks:"):
            current["blocks"] = set(re.findall(r"`([^`]+)`", line))
        elif current is not None and line.startswith("- `"):
            current["vars"].add(re.match(r"- `([^`]+)`", line)[1])
    return sections


def theme_templates() -> list[str]:
    """Every template of the built-in theme (assets are not templates)."""
    return sorted(p.name for p in BUILTIN_TEMPLATES.iterdir() if p.is_file())


def blocks_of(name: str) -> set[str]:
    """The names of the blocks a built-in template defines."""
    source = (BUILTIN_TEMPLATES / name).read_text(encoding="utf-8")
    return {block.name for block in jinja2.Environment().parse(source).find_all(nodes.Block)}


def extends_base(name: str) -> bool:
    return '{% extends "base.html" %}' in (BUILTIN_TEMPLATES / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seen(tmp_path_factory) -> dict[str, set[str]]:
    """A build of a site using every feature: identity, a page, authors, an old address."""
    site = make_site(tmp_path_factory.mktemp("doc-site"))
    article = site / "content" / "2020" / "duc-hue.md"
    article.write_text(article.read_text(encoding="utf-8").replace(
        "author:", "aliases: [/tin-tuc/12345.html]\nauthor:", 1), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        return record_build(site, patch)


def test_every_template_has_its_section_and_no_more():
    assert sorted(set(documented()) - {GLOBALS}) == theme_templates()


@pytest.mark.parametrize("name", theme_templates())
def test_the_blocks_of_each_template_are_the_documented_ones(name):
    assert blocks_of(name) == documented()[name]["blocks"], name


def test_the_required_blocks_are_there():
    assert {"masthead", "nav", "breadcrumbs", "main", "sidebar", "footer"} <= blocks_of("base.html")
    assert {"headline", "byline", "body", "topics", "related"} <= blocks_of("article.html")


@pytest.mark.parametrize("name", theme_templates())
def test_each_template_gets_exactly_the_documented_variables(seen, name):
    doc = documented()
    wanted = set(doc[name]["vars"])
    if extends_base(name):
        wanted |= doc["base.html"]["vars"]
    given = seen.get(name, set())
    if name in ("base.html", "_pagination.html"):
        assert given == set()  # never rendered by itself: it sees its page's variables
        return
    assert sorted(given - wanted) == [], f"{name}: passed but not in docs/templates.md"
    assert sorted(wanted - given) == [], f"{name}: in docs/templates.md but not passed"


def test_the_globals_are_the_documented_ones(seen):
    given = {name for name in seen[GLOBALS] if not name.startswith("t.")}
    wanted = documented()[GLOBALS]["vars"]
    assert sorted(given - wanted) == [], "globals not in docs/templates.md"
    assert sorted(wanted - given) == [], "globals in docs/templates.md but not passed"
