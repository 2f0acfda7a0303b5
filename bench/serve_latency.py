#!/usr/bin/env python3
"""Save-to-reload latency of `build.py serve`, on the sample site and on a large corpus.

    python bench/serve_latency.py [--sample content] [--count 10000] [--saves 5]
                                  [--work bench/work/serve] [--json FILE] [--skip-large]

For each site: copy or generate it into a scratch project, start `build.py serve --port 0`,
connect to the live-reload websocket the way livereload.js does, then several times: append
a unique line to one article (the save; with `--edit title`, put a unique word into its
title instead, which every listing showing the article shows too; a `slug` line keeping its
address is saved first, unmeasured, as a published site's addresses record would), and measure
  * reload: from the moment the file is written and closed until the server sends the
    websocket "reload" message (what makes the open browser reload), and
  * page:   until the served article page contains the new line;
and, from the server's own log line, the time the rebuild itself took. The debounce
(quiet period, 0.15 s) is part of both figures, as an editor experiences it.
The large corpus comes from make_corpus.py in `../shared/bench/` beside the repository
(--format ours; `--corpus-script PATH` names another). The preview builds into its own
folder in the project's cache (`.cache/preview/site-<pid>`), never into output/.
"""
from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MAKE_CORPUS = ROOT.parent / "shared" / "bench" / "make_corpus.py"
URL_RE = re.compile(r"http://127\.0\.0\.1:(\d+)/")
BUILD_RE = re.compile(r"(?:dựng lại|build) ([\d.,]+) s")


class Server:
    """A `build.py serve` process and the lines it prints."""

    def __init__(self, project: Path, timeout: float):
        self.lines: list[str] = []
        started = time.perf_counter()
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), "serve", "--port", "0"], cwd=project,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"})
        threading.Thread(target=self._read, daemon=True).start()
        self.port = int(self.wait(URL_RE, timeout).group(1))
        self.startup = time.perf_counter() - started

    def _read(self) -> None:
        """Collect the output lines."""
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait(self, pattern: re.Pattern, timeout: float, start: int = 0):
        """The first match of `pattern` in the lines printed from `start` on."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.lines[start:]:
                if found := pattern.search(line):
                    return found
            if self.proc.poll() is not None:
                raise SystemExit("serve exited:\n" + "\n".join(self.lines[-30:]))
            time.sleep(0.01)
        raise SystemExit(f"timeout waiting for {pattern.pattern}:\n" + "\n".join(self.lines[-30:]))

    def get(self, path: str) -> str:
        """GET a page's text."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request("GET", path)
            return conn.getresponse().read().decode("utf-8", "replace")
        finally:
            conn.close()

    def stop(self) -> None:
        """Stop the server."""
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def pick_article(project: Path) -> tuple[Path, str]:
    """An article file and the URL path of its page (checked to exist)."""
    from builder.core.config import load_config
    from builder.content.articles import load_article
    from builder.core.text import slugify
    from builder.core.urls import article_path

    config = load_config(project / "site.toml")
    content = project / "content"
    for file in sorted(content.rglob("*.md"))[len(list(content.rglob("*.md"))) // 2:]:
        source = file.relative_to(content).as_posix()
        try:
            article = load_article(content, source, config, "content").article
        except Exception:  # noqa: BLE001 - any readable article will do
            continue
        if article is None or article.draft:
            continue
        path = article_path(article.date.year, article.date.month,
                            article.slug or slugify(article.title))
        if any((site / path).is_file() for site in (project / ".cache" / "preview").glob("site-*")):
            return file, "/" + path
    raise SystemExit("no article page found")


def with_slug(original: str, page: str) -> str:
    """The article with a `slug` line keeping its page's address, as the addresses record of
    a published site does (the generated corpus was never built, so it has no record)."""
    slug = Path(page).stem
    changed = re.sub(r"^title: ", f"slug: {slug}\ntitle: ", original, count=1, flags=re.M)
    if changed == original:
        raise SystemExit("the article has no title line")
    return changed


def saved_text(original: str, token: str, edit: str) -> str:
    """The article with the save's unique token in its body or in its title."""
    if edit == "body":
        return original + f"\n\n{token}\n"
    return re.sub(r"^title: *(['\"]?)", lambda m: f"title: {m.group(1)}{token} ", original,
                  count=1, flags=re.M)


async def next_reload(socket) -> None:
    """Wait for the preview's next "reload" message."""
    while True:
        message = json.loads(await asyncio.wait_for(socket.read_message(), 600))
        if message.get("command") == "reload":
            return


async def measure_saves(server: Server, article: Path, page: str, saves: int,
                        edit: str = "body") -> list[dict]:
    """Save `saves` times; per save the reload and page latencies in seconds."""
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    origin = f"http://127.0.0.1:{server.port}"
    socket = await websocket_connect(HTTPRequest(f"ws://127.0.0.1:{server.port}/livereload",
                                                 headers={"Origin": origin}))
    await socket.write_message(json.dumps({"command": "hello", "protocols": [
        "http://livereload.com/protocols/official-7"]}))
    await socket.read_message()
    await socket.write_message(json.dumps({"command": "info", "url": origin + page}))
    await asyncio.sleep(0.5)
    original = article.read_text("utf-8")
    base = original
    results = []
    try:
        if edit == "title":
            # Not measured: the slug line is a change of address (a full build); then
            # every measured save changes the title alone.
            base = with_slug(original, page)
            article.write_text(base, "utf-8")
            await next_reload(socket)
            await asyncio.sleep(1.0)
        for n in range(saves):
            token = f"bench-token-{n}-{time.time_ns()}"
            start_line = len(server.lines)
            with open(article, "w", encoding="utf-8") as file:
                file.write(saved_text(base, token, edit))
            saved = time.perf_counter()
            await next_reload(socket)
            reload = time.perf_counter() - saved
            while token not in server.get(page):
                await asyncio.sleep(0.005)
            shown = time.perf_counter() - saved
            found = server.wait(BUILD_RE, 10, start_line)
            build = float(found.group(1).replace(".", "").replace(",", ".")
                          if "," in found.group(1) else found.group(1))
            results.append({"reload": reload, "page": shown, "build": build})
            print(f"  save {n + 1}: reload {reload:.3f} s, page {shown:.3f} s, "
                  f"build {build:.3f} s", flush=True)
            await asyncio.sleep(1.0)
    finally:
        article.write_text(original, "utf-8")
        socket.close()
    return results


def run_site(name: str, project: Path, saves: int, timeout: float, edit: str = "body") -> dict:
    """Start serve on a prepared project and measure."""
    print(f"{name}: starting serve in {project}", flush=True)
    server = Server(project, timeout)
    try:
        articles = sum(1 for _ in (project / "content").rglob("*.md"))
        print(f"  first build and start: {server.startup:.1f} s ({articles} files)", flush=True)
        article, page = pick_article(project)
        results = asyncio.run(measure_saves(server, article, page, saves, edit))
    finally:
        server.stop()
    summary = {"site": name, "articles": articles, "edit": edit,
               "startup_s": round(server.startup, 2)}
    for key in ("reload", "page", "build"):
        values = [r[key] for r in results]
        summary[key] = {"median": round(statistics.median(values), 3),
                        "min": round(min(values), 3), "max": round(max(values), 3)}
    return summary


def prepare_sample(sample: Path, work: Path) -> Path:
    """A scratch project with a copy of the sample content and site.toml."""
    project = work / "sample"
    shutil.rmtree(project, ignore_errors=True)
    shutil.copytree(sample, project / "content")
    if (ROOT / "site.toml").is_file():
        shutil.copy(ROOT / "site.toml", project / "site.toml")
    return project


def prepare_large(count: int, work: Path, script: Path = MAKE_CORPUS) -> Path:
    """A scratch project with a generated corpus (generated once per count)."""
    project = work / f"corpus-{count}"
    if not (project / "content").is_dir():
        subprocess.run([sys.executable, str(script), "--count", str(count), "--out",
                        str(project), "--format", "ours"], check=True)
    shutil.rmtree(project / "output", ignore_errors=True)
    if (ROOT / "site.toml").is_file():
        shutil.copy(ROOT / "site.toml", project / "site.toml")
    return project


def main() -> int:
    """Measure both sites and print (and optionally save) the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample", default=str(ROOT / "content"), help="sample content folder")
    parser.add_argument("--count", type=int, default=10000, help="articles in the large corpus")
    parser.add_argument("--saves", type=int, default=5, help="saves measured per site")
    parser.add_argument("--work", default=str(ROOT / "bench" / "work" / "serve"))
    parser.add_argument("--timeout", type=float, default=3600, help="first-build timeout (s)")
    parser.add_argument("--skip-large", action="store_true")
    parser.add_argument("--corpus-script", default=str(MAKE_CORPUS),
                        help="make_corpus.py (default: ../shared/bench/ beside the repository)")
    parser.add_argument("--json", default=None, help="write the figures to this file")
    parser.add_argument("--edit", choices=("body", "title"), default="body",
                        help="what each save changes: a line of the body, or the title")
    args = parser.parse_args()
    work = Path(args.work).resolve()
    work.mkdir(parents=True, exist_ok=True)
    summaries = []
    if Path(args.sample).is_dir():
        summaries.append(run_site("sample", prepare_sample(Path(args.sample), work),
                                  args.saves, args.timeout, args.edit))
    else:
        print(f"no sample content at {args.sample}; skipped", file=sys.stderr)
    if not args.skip_large:
        summaries.append(run_site(f"corpus-{args.count}", prepare_large(args.count, work,
                                                                     Path(args.corpus_script)),
                                  args.saves, args.timeout, args.edit))
    print(json.dumps(summaries, indent=2, ensure_ascii=False))
    if args.json:
        Path(args.json).write_text(json.dumps(summaries, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
