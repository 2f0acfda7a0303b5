"""Fixtures of the browser tests: the sample site's pages found by following its links, the
npm tools (axe-core, the Nu validator) installed on first use, and helpers to open pages."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from posixpath import dirname, join, normpath

import pytest

from tests.conftest import ensure_debian_package

ROOT = Path(__file__).resolve().parents[2]
NODE_DIR = ROOT / "tests" / ".node"  # git-ignored
NPM_PACKAGES = ("axe-core@4.14.1", "vnu-jar@26.9.27")  # pinned: a new rule must not fail CI by surprise
ARTICLE = re.compile(r"^\d{4}/\d{2}/[^/]+\.html$")
TAG = re.compile(r"^tags/(?!index\.html)[^/]+\.html$")
CATEGORY = re.compile(r"^categories/(?!index\.html)[^/]+\.html$")
MONTH = re.compile(r"^archive/\d{4}/\d{2}\.html$")
YEAR = re.compile(r"^archive/\d{4}\.html$")


class _Links(HTMLParser):
    """Collects the href of every <a> on a page, in document order."""

    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def links_of(site: Path, page: str) -> list[str]:
    """Output paths (relative to the site root) of the internal links on `page`."""
    parser = _Links()
    parser.feed((site / page).read_text(encoding="utf-8"))
    return [normpath(join(dirname(page), href.split("#")[0])) for href in parser.hrefs
            if not re.match(r"^([a-z][a-z0-9+.-]*:|#|//)", href)]


def first_link(site: Path, page: str, pattern: re.Pattern) -> str:
    """The first link on `page` whose target matches `pattern`."""
    for target in links_of(site, page):
        if pattern.match(target):
            return target
    raise AssertionError(f"no link matching {pattern.pattern} on {page}")


@pytest.fixture(scope="session")
def site_pages(sample_site) -> dict[str, Path]:
    """One page of each kind of the built sample site, found by following links from home
    (so the tests do not depend on the sample's titles). Search only when it was built."""
    home = "index.html"
    articles = [p for p in links_of(sample_site, home) if ARTICLE.match(p)]
    # prefer an article with a lead photo and figures: it shows the most of the theme
    article = next((p for p in articles
                    if 'class="lead-image"' in (sample_site / p).read_text(encoding="utf-8")),
                   articles[0])
    pages = {
        "home": home,
        "article": article,
        "tag": first_link(sample_site, "tags/index.html", TAG),
        "category": first_link(sample_site, "categories/index.html", CATEGORY),
        "archive": "archive/index.html",
        "year": first_link(sample_site, "archive/index.html", YEAR),
        "month": first_link(sample_site, "archive/index.html", MONTH),
        "tags": "tags/index.html",
        "404": "404.html",
    }
    if (sample_site / "search.html").exists():
        pages["search"] = "search.html"
    return {kind: sample_site / path for kind, path in pages.items()}


def load_lazy_images(page) -> None:
    """Scroll through the page so lazily loaded photos arrive (for full-page screenshots)."""
    page.evaluate("""async () => {
        for (let y = 0; y < document.body.scrollHeight; y += window.innerHeight / 2) {
            window.scrollTo(0, y);
            await new Promise(resolve => setTimeout(resolve, 20));
        }
        window.scrollTo(0, 0);
    }""")
    page.wait_for_load_state("networkidle")


# ---------------------------------------------------------------------- npm tools --

def _npm() -> str | None:
    """The npm command, installed with apt-get when missing (CI machines start bare)."""
    if shutil.which("npm") is None and shutil.which("apt-get") is not None:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "install", "-y", "-qq", "npm"], check=False, env=env,
                       stdout=subprocess.DEVNULL)
    return shutil.which("npm")


def npm_tool(relative: str) -> Path | None:
    """A file of the pinned npm packages, installing them into tests/.node on first use;
    None when npm is not available. Install scripts are not run: vnu-jar's would download
    a Java runtime, and the system Java is used instead."""
    target = NODE_DIR / "node_modules" / relative
    if not target.exists():
        npm = _npm()
        if npm is None:
            return None
        NODE_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run([npm, "install", "--prefix", str(NODE_DIR), "--no-save", "--no-audit",
                        "--no-fund", "--ignore-scripts", "--loglevel=error", *NPM_PACKAGES],
                       check=True, timeout=600)
    return target if target.exists() else None


@pytest.fixture(scope="session")
def axe_script() -> Path:
    """axe-core's browser bundle; a missing npm fails (accessibility must be checked)."""
    path = npm_tool("axe-core/axe.min.js")
    assert path is not None, "npm is needed to install axe-core for the accessibility tests"
    return path


def _installed_java() -> str | None:
    """Java from Debian's default-jre-headless, installed when missing (CI starts bare)."""
    if shutil.which("apt-get") is None:
        return None
    ensure_debian_package(Path("/usr/bin/java"), "default-jre-headless")
    return shutil.which("java")


@pytest.fixture(scope="session")
def vnu_command() -> list[str]:
    """The Nu HTML checker run by the system Java; skips without Java or npm."""
    java = shutil.which("java") or _installed_java()
    if java is None:
        pytest.skip("no Java: the Nu validator cannot run here")
    jar = npm_tool("vnu-jar/build/dist/vnu.jar")
    if jar is None:
        pytest.skip("no npm: the Nu validator cannot be installed here")
    return [java, "-jar", str(jar)]
