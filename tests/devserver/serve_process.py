"""A running `build.py serve` on a scratch copy of a small site, with its terminal output.

Not a conftest.py: a second module named `conftest` would shadow tests/conftest.py for the
tests that import helpers from it. Test modules import the fixtures from here by name.
"""
from __future__ import annotations

import asyncio
import http.client
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from builder.preview.server import STOP_SECONDS
from tests.conftest import answer_ctrl_c

ROOT = Path(__file__).resolve().parents[2]
SITE = Path(__file__).resolve().parent / "site"
URL_RE = re.compile(r"http://(\[[^\]]+\]|[^\s:/]+):(\d+)/")


class ServeProcess:
    """`python build.py serve --port 0 ...` in a project folder, read line by line."""

    def __init__(self, project: Path, *args: str):
        self.project = project
        self.lines: list[str] = []          # stdout and stderr, interleaved as they come
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), "serve", "--port", "0", *args],
            cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"}, start_new_session=True,
            preexec_fn=answer_ctrl_c)
        for stream in (self.proc.stdout, self.proc.stderr):
            threading.Thread(target=self._read, args=(stream,), daemon=True).start()
        match = self.wait_for_line(URL_RE, timeout=60)
        self.host = match.group(1).strip("[]")
        self.port = int(match.group(2))

    def _read(self, stream) -> None:
        """Collect one stream's lines."""
        for line in stream:
            self.lines.append(line.rstrip("\n"))

    @property
    def site(self) -> Path:
        """The preview's own folder (inside the cache folder; never output/)."""
        return self.project / ".cache" / "preview" / f"site-{self.proc.pid}"

    @property
    def output(self) -> str:
        """Everything printed so far."""
        return "\n".join(self.lines)

    def wait_for_line(self, pattern, timeout: float = 20, start: int = 0):
        """The first match of `pattern` in a line printed from line `start` on."""
        pattern = re.compile(pattern) if isinstance(pattern, str) else pattern
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.lines[start:]:
                found = pattern.search(line)
                if found:
                    return found
            if self.proc.poll() is not None and not any(
                    pattern.search(line) for line in self.lines[start:]):
                time.sleep(0.2)  # let the reader threads catch the last lines
                raise AssertionError(f"serve exited ({self.proc.returncode}):\n{self.output}")
            time.sleep(0.02)
        raise AssertionError(f"no line matching {pattern.pattern!r} in {timeout} s:\n"
                             f"{self.output}")

    def request(self, path: str, method: str = "GET", headers: dict | None = None,
                host: str | None = None) -> tuple[int, dict, bytes]:
        """One raw HTTP request (the path is sent exactly as given)."""
        conn = http.client.HTTPConnection(host or self.host, self.port, timeout=10)
        try:
            conn.putrequest(method, path, skip_host=bool(headers and "Host" in headers),
                            skip_accept_encoding=True)
            for name, value in (headers or {}).items():
                conn.putheader(name, value)
            conn.endheaders()
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            conn.close()

    def text(self, path: str) -> str:
        """The body of a 200 answer, decoded."""
        status, _, body = self.request(path)
        assert status == 200, (path, status)
        return body.decode("utf-8")

    def wait_for_page(self, path: str, predicate, timeout: float = 20) -> str:
        """Fetch `path` until its text satisfies `predicate`; returns that text."""
        deadline = time.monotonic() + timeout
        text = ""
        while time.monotonic() < deadline:
            status, _, body = self.request(path)
            text = body.decode("utf-8", "replace")
            if predicate(text):
                return text
            time.sleep(0.05)
        raise AssertionError(f"{path} never matched in {timeout} s; last:\n{text[:2000]}\n"
                             f"server said:\n{self.output}")

    def alive(self) -> bool:
        """True while the process runs."""
        return self.proc.poll() is None

    def stop(self) -> None:
        """Ctrl+C, then kill if it lingers longer than the preview may wait for a rebuild
        still running (STOP_SECONDS) before it removes its folder."""
        if self.alive():
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=STOP_SECONDS + 15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@pytest.fixture
def project(tmp_path) -> Path:
    """A scratch copy of the small site with its own copy of the theme (to break it)."""
    folder = tmp_path / "project"
    shutil.copytree(SITE, folder)
    shutil.copytree(ROOT / "templates", folder / "templates")
    return folder


@pytest.fixture
def serve(project):
    """Start `serve` in the project; stopped after the test."""
    started: list[ServeProcess] = []

    def start(*args: str) -> ServeProcess:
        process = ServeProcess(project, *args)
        started.append(process)
        return process

    yield start
    for process in started:
        process.stop()


def article_page(output: Path, needle: str) -> str:
    """URL path of the one built article page containing `needle`."""
    found = [p for p in output.rglob("*.html")
             if re.match(r"\d{4}/\d{2}/", p.relative_to(output).as_posix())
             and needle in p.read_text("utf-8")]
    assert len(found) == 1, found
    return "/" + found[0].relative_to(output).as_posix()


def run_async(make_coroutine):
    """Run a coroutine to its end in a fresh event loop on its own thread, return its result.

    A thread, because Playwright's sync API keeps an event loop running on the main thread
    once the browser fixture exists, and asyncio.run refuses to start inside it.
    """
    outcome = {}

    def target():
        try:
            outcome["value"] = asyncio.run(make_coroutine())
        except BaseException as exc:  # noqa: BLE001 - re-raised on the caller's thread
            outcome["error"] = exc

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
