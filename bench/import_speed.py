"""Import time per 1,000 articles for each kind of source `build.py import` reads.

Each archive is generated from the importer's test fixtures (our own Vietnamese articles),
every copy with its own title and source so that none is taken for another:
saved HTML pages, plain-text copies, an RSS feed, a WordPress export, and Hugo, Jekyll and
Pelican sites. Each is imported once, as a user would (a subprocess), into a fresh folder.

    python bench/import_speed.py [--articles 1000] [--kinds text,html,...]
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "importing" / "fixtures"
ARCHIVES = FIXTURES / "archives"


def _title_of(markdown: Path) -> str:
    """The title an expected Markdown file states."""
    return re.search(r'^title: "(.*)"$', markdown.read_text("utf-8"), re.M)[1].replace('\\"', '"')


def make_text(folder: Path, count: int) -> list[str]:
    """Plain-text copies, each fixture copied with a numbered title."""
    copies = sorted((FIXTURES / "text").glob("*.txt"))
    for n in range(count):
        source = copies[n % len(copies)]
        title = _title_of(FIXTURES / "text-expected" / (source.stem + ".md"))
        text = source.read_text("utf-8").replace(title, f"{title} (số {n})", 1)
        (folder / f"{n:05d}-{source.name}").write_text(text, "utf-8", newline="")
    return [str(folder)]


def make_html(folder: Path, count: int) -> list[str]:
    """Saved pages: the Cần Giuộc fixture page with a numbered title and address."""
    page = (FIXTURES / "pages" / "can-giuoc-nong-thon-moi.html").read_text("utf-8")
    title = "Cần Giuộc ra quân “Ngày Chủ nhật xanh”, chung sức xây dựng nông thôn mới"
    assert title in page, "the fixture page changed: update the title here"
    for n in range(count):
        text = page.replace(title, f"{title} (số {n})").replace(".html\"", f"-{n}.html\"")
        (folder / f"trang-{n:05d}.html").write_text(text, "utf-8")
    return [str(folder)]


def make_feed(folder: Path, count: int) -> list[str]:
    """One RSS feed of `count` items."""
    items = "".join(
        f"<item><title>Tân Hưng ra quân làm đường giao thông nông thôn (số {n})</title>"
        f"<link>https://tanhung.example/tin/{n}.html</link>"
        f"<pubDate>Fri, 12 Mar 2021 08:{n % 60:02d}:00 +0700</pubDate><category>Nông thôn mới</category>"
        "<description>&lt;p&gt;Sáng 12/3, huyện Tân Hưng ra quân làm đường giao thông nông thôn tại "
        "các xã biên giới, với sự tham gia của hàng trăm đoàn viên và người dân.&lt;/p&gt;&lt;p&gt;"
        "Kết quả đã hoàn thành 5 km đường bê tông, phục vụ nhu cầu đi lại.&lt;/p&gt;</description></item>"
        for n in range(count))
    feed = folder / "tin.rss"
    feed.write_text(f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                    f"<title>Tin Tân Hưng</title>{items}</channel></rss>", "utf-8")
    return [str(feed)]


def make_wordpress(folder: Path, count: int) -> list[str]:
    """The fixture WordPress export with its posts repeated, each with its own title and link."""
    text = (ARCHIVES / "wordpress" / "export.xml").read_text("utf-8")
    head, _, rest = text.partition("\t<item>")
    items = re.findall(r"\t<item>.*?</item>\n", "\t<item>" + rest, re.S)
    posts = [i for i in items if "<![CDATA[post]]>" in i]
    copies = []
    for n in range(count):
        item = posts[n % len(posts)]
        item = re.sub(r"<title><!\[CDATA\[(.*?)\]\]>", lambda m: f"<title><![CDATA[{m[1]} (số {n})]]>", item)
        copies.append(re.sub(r"/</link>", f"-{n}/</link>", item))
    export = folder / "export.xml"
    export.write_text(head + "".join(copies) + "</channel>\n</rss>\n", "utf-8")
    return [str(export)]


def _site_copies(kind: str, folder: Path, count: int, posts: str) -> list[str]:
    """A Hugo, Jekyll or Pelican fixture site with its articles repeated under new names."""
    site = folder / kind
    shutil.copytree(ARCHIVES / kind, site)
    originals = sorted(p for p in (site / posts).rglob("*.md*") if p.is_file()
                       and not p.name.startswith("_index") and "_drafts" not in p.parts)
    for path in originals:
        path.unlink()
    for n in range(count):
        source = originals[n % len(originals)]
        text = (ARCHIVES / kind / source.relative_to(site)).read_text("utf-8")
        text = re.sub(r"^(title\s*[:=]\s*\"|\"title\": \"|Title: )(.*?)(\"?)$",
                      lambda m: f"{m[1]}{m[2]} (số {n}){m[3]}", text, count=1, flags=re.M)
        text = re.sub(r"\{\{< (?:ref|relref) [^>]*>\}\}|\{%[^%]*(?:post_url|link)[^%]*%\}|\{filename\}[^)]*",
                      "https://example.vn/", text)
        target = source.with_name(f"{source.stem}-{n}{source.suffix}") if source.stem != "index" \
            else source.parent.with_name(f"{source.parent.name}-{n}") / source.name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.stem == "index":
            shutil.copy(ARCHIVES / kind / source.relative_to(site).parent / "doi-thi.png", target.parent)
        target.write_text(text, "utf-8")
    return [str(site)]


KINDS = {
    "text": make_text,
    "html": make_html,
    "feed": make_feed,
    "wordpress": make_wordpress,
    "hugo": lambda folder, count: _site_copies("hugo", folder, count, "content"),
    "jekyll": lambda folder, count: _site_copies("jekyll", folder, count, "_posts"),
    "pelican": lambda folder, count: _site_copies("pelican", folder, count, "content"),
}


def measure(kind: str, count: int) -> tuple[float, int, str]:
    """Seconds to import `count` articles of one kind, how many were written, and the summary."""
    with tempfile.TemporaryDirectory(prefix=f"import-{kind}-") as scratch:
        folder = Path(scratch) / "archive"
        folder.mkdir()
        sources = KINDS[kind](folder, count)
        into = Path(scratch) / "content"
        started = time.perf_counter()
        done = subprocess.run([sys.executable, str(ROOT / "build.py"), "import", *sources,
                               "--into", str(into)], capture_output=True, text=True, cwd=scratch)
        seconds = time.perf_counter() - started
        written = sum(1 for _ in into.rglob("*.md"))
        summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr[-200:]
        return seconds, written, summary


def main() -> None:
    """Measure every kind and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--kinds", default=",".join(KINDS))
    args = parser.parse_args()
    print(f"<!-- started {_now()}, {_load()} -->", flush=True)
    print("| source kind | articles written | seconds | seconds per 1,000 articles |")
    print("|---|---:|---:|---:|")
    for kind in args.kinds.split(","):
        seconds, written, summary = measure(kind, args.articles)
        per_thousand = seconds * 1000 / max(written, 1)
        print(f"| {kind} | {written} | {seconds:.1f} | {per_thousand:.1f} |", flush=True)
        if written != args.articles:
            print(f"<!-- {kind}: {summary} -->", flush=True)
    print(f"<!-- finished {_now()}, {_load()} -->", flush=True)


def _now() -> str:
    """The time, UTC, to the minute."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def _load() -> str:
    """The machine's load average and core count (the figures depend on them)."""
    cores = os.cpu_count() or 0
    if not hasattr(os, "getloadavg"):  # Windows has none
        return f"{cores} cores"
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.1f} {five:.1f} {fifteen:.1f} on {cores} cores"


if __name__ == "__main__":
    main()
