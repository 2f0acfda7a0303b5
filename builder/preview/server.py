"""The preview server: livereload's `Server`, hardened, serving the output folder.

livereload answers with tornado's StaticFileHandler (which follows symlinks out of the
root), accepts websockets from any Origin and offers a `/forcereload` URL to anyone. Here
its `application()` is replaced: our own handler serves only files inside the output folder
(`serve_guard.lookup`), checks `Host` against DNS rebinding, and injects the live-reload
script, plus an error overlay while the last build failed, into HTML *responses* (never
into output files). The websocket is livereload's LiveReloadHandler with an Origin check.
The pipeline knows nothing of this: `rebuild.SiteBuilder` calls `pipeline.build`.
"""
from __future__ import annotations

import html
import mimetypes
import re
import sys
import time
from pathlib import Path
from typing import Callable

from livereload import Server
from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from tornado import web
from tornado.ioloop import IOLoop
from tornado.netutil import bind_sockets

from .watching import make_watcher
from .limited_server import LimitedHTTPServer
from .rebuild import QUIET_SECONDS, BuildOutcome, RebuildScheduler, SiteBuilder
from .guard import allowed_host_names, host_allowed, lookup, origin_allowed, url_host
from ..core.i18n import catalogue
from ..core.text import format_number

# How long Ctrl+C waits for a rebuild in flight: enough for a save at any size the preview
# serves quickly; a longer full build is abandoned (its daemon thread ends with the process).
STOP_SECONDS = 15.0
_HEAD_END = re.compile(rb"</head\s*>", re.I)
_BODY_END = re.compile(rb"</body\s*>", re.I)
_OVERLAY_STYLE = (
    "position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;"
    "z-index:2147483647;margin:0;padding:1rem 1.25rem;background:#fff4f4;color:#5c0000;"
    "border-top:4px solid #c00;font:15px/1.5 system-ui,sans-serif;text-align:left;"
    "box-shadow:0 -4px 16px rgba(0,0,0,.25)")
_PRE_STYLE = "white-space:pre-wrap;margin:.5rem 0 0;font:13px/1.45 ui-monospace,monospace"


# ------------------------------------------------------------------ what we inject --

def live_script(port: int) -> bytes:
    """The tag that loads livereload.js, which connects back to this server's websocket."""
    # livereload.js reads host and port from its own URL; `port` covers port 80 (omitted
    # from URLs) too.
    return f'<script src="/livereload.js?port={port}"></script>'.encode()


def overlay_html(problems: tuple[str, ...], language: str) -> bytes:
    """A fixed panel listing the build problems, every byte of them escaped."""
    words = catalogue(language).group("preview")
    lines = "\n".join(html.escape(p) for p in problems)
    return (f'<div id="dev-build-error" role="alert" style="{_OVERLAY_STYLE}">'
            f'<strong>{html.escape(words["error_title"].format(n=len(problems)))}</strong> '
            f'{html.escape(words["error_hint"])}'
            f'<pre style="{_PRE_STYLE}">{lines}</pre></div>').encode()


def error_page(problems: tuple[str, ...], language: str) -> bytes:
    """A whole page for when no good build exists yet."""
    words = catalogue(language).group("preview")
    return (f'<!DOCTYPE html><html lang="{html.escape(language)}"><head><meta charset="utf-8">'
            f'<title>{html.escape(words["no_site"])}</title></head><body>'
            f'<p>{html.escape(words["no_site"])}</p></body></html>').encode()


def inject(page: bytes, script: bytes, overlay: bytes = b"") -> bytes:
    """The page with the script at the end of <head> and the overlay at the end of <body>."""
    head = _HEAD_END.search(page)
    page = (page[:head.start()] + script + page[head.start():]) if head else script + page
    if overlay:
        ends = list(_BODY_END.finditer(page))
        page = (page[:ends[-1].start()] + overlay + page[ends[-1].start():]) if ends \
            else page + overlay
    return page


# -------------------------------------------------------------------- shared state --

class Preview:
    """What the handlers need: the output folder, allowed hosts and the last outcome."""

    def __init__(self, root: Path, bind_host: str, language: str = "vi",
                 allow_hosts: tuple[str, ...] = ()):
        self.root = root
        self.allowed_hosts = allowed_host_names(bind_host, allow_hosts)
        self.script = b""
        self.problems: tuple[str, ...] = ()
        self.language = language
        # media path -> file of a photo copy made on request (builds leave them to it)
        self.photo_copy: Callable[[str], Path | None] | None = None

    def record(self, outcome: BuildOutcome) -> None:
        """Remember the latest outcome: its problems stay on show until a good build."""
        self.problems = () if outcome.ok else outcome.problems
        self.language = outcome.language

    def dress(self, page: bytes) -> bytes:
        """An HTML response body with the live script and, while broken, the overlay."""
        overlay = overlay_html(self.problems, self.language) if self.problems else b""
        return inject(page, self.script, overlay)


# ------------------------------------------------------------------------ handlers --

class HostChecked:
    """Refuses requests whose `Host` is not ours (a DNS-rebinding page in a browser)."""

    preview: Preview

    def prepare(self):
        """403 before anything else when the Host header names a foreign site."""
        if not host_allowed(self.request.headers.get("Host"), self.preview.allowed_hosts):
            raise web.HTTPError(403)


class SiteFileHandler(HostChecked, web.RequestHandler):
    """GET/HEAD of files inside the output folder, nothing else."""

    def initialize(self, preview: Preview):
        """Receive the shared state."""
        self.preview = preview

    def set_default_headers(self):
        """Never cached (every save changes pages), never sniffed into another type."""
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Referrer-Policy", "no-referrer")

    async def get(self, path: str):
        """Answer with the file, a redirect, or an error page."""
        found = lookup(self.preview.root, path)
        if found.status == 404 and path.startswith("media/") and self.preview.photo_copy:
            # Photo copies are made when first asked for, off the event loop, so the
            # page and the reload socket never wait for photos nobody looks at.
            made = await IOLoop.current().run_in_executor(None, self.preview.photo_copy, path)
            if made is not None:
                self._send(made.read_bytes(), _content_type(made))
                return
        if found.status == 302:
            # Not permanent: a folder may become a page after the next save.
            self.redirect(found.location, permanent=False)
            return
        if found.status in (403, 414):
            raise web.HTTPError(found.status)
        if found.status == 404:
            self._missing()
            return
        try:
            data = found.file.read_bytes()
        except OSError:
            # The file vanished between lookup and read (a build swapped the folder).
            self._missing()
            return
        self._send(data, _content_type(found.file))

    async def head(self, path: str):
        """Like GET; tornado drops the body of HEAD responses."""
        await self.get(path)

    def _missing(self):
        """The site's own 404 page, or a page listing the problems when there is no site."""
        if not self.preview.root.is_dir() and self.preview.problems:
            self.set_status(503)
            self._send(error_page(self.preview.problems, self.preview.language),
                       "text/html; charset=utf-8")
            return
        self.set_status(404)
        try:
            data = (self.preview.root / "404.html").read_bytes()
        except OSError:
            data = b"<!DOCTYPE html><title>404</title><p>404</p>"
        self._send(data, "text/html; charset=utf-8")

    def _send(self, data: bytes, content_type: str):
        """Write the body; HTML gets the live script and the overlay."""
        if content_type.startswith("text/html"):
            data = self.preview.dress(data)
        self.set_header("Content-Type", content_type)
        self.finish(data)

    def write_error(self, status_code: int, **kwargs):
        """A short plain answer; never a traceback."""
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(f"{status_code} {self._reason}\n")


class GuardedLiveReloadHandler(HostChecked, LiveReloadHandler):
    """livereload's websocket, for pages of this server only."""

    def initialize(self, preview: Preview):
        """Receive the shared state."""
        self.preview = preview

    def check_origin(self, origin: str) -> bool:
        """Same origin only: a page elsewhere must not drive or watch the preview."""
        return origin_allowed(origin, self.request.headers.get("Host"))

    def on_message(self, message):
        """livereload's handshake, ignoring messages that are not its JSON."""
        try:
            super().on_message(message)
        except (ValueError, AttributeError, TypeError):
            pass


class GuardedScriptHandler(HostChecked, LiveReloadJSHandler):
    """livereload.js itself."""

    def initialize(self, preview: Preview):
        """Receive the shared state."""
        self.preview = preview


def _content_type(file: Path) -> str:
    """MIME type from the name; text types in UTF-8."""
    kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    if kind.startswith("text/") or kind in ("application/javascript", "application/json",
                                             "application/xml", "image/svg+xml"):
        kind += "; charset=utf-8"
    return kind


# -------------------------------------------------------------------------- server --

class DevServer(Server):
    """livereload's Server with our handlers, bound to one host, rebuilding on saves."""

    def __init__(self, builder: SiteBuilder, output_dir: Path, host: str, port: int,
                 quiet: float = QUIET_SECONDS, out=None, err=None,
                 ignored: tuple[Path, ...] = (), allow_hosts: tuple[str, ...] = ()):
        super().__init__(watcher=make_watcher())
        # The build's own writes (cache, output) must never count as an edit.
        self.ignored = tuple(Path(p).absolute() for p in (output_dir, *ignored))
        self.builder = builder
        self.host = host
        self.out = out or sys.stdout
        self.err = err or sys.stderr
        self.preview = Preview(output_dir, host, allow_hosts=allow_hosts)
        self.quiet = quiet
        self.scheduler: RebuildScheduler | None = None
        self.watched: set[Path] = set()
        # Bind now, so a port in use is reported before anything else and port 0 works.
        self.sockets = bind_sockets(port, address=host)
        self.port = self.sockets[0].getsockname()[1]
        self.preview.script = live_script(self.port)

    @property
    def url(self) -> str:
        """The address to open in a browser."""
        return f"http://{url_host(self.host)}:{self.port}/"

    def watch_paths(self, paths) -> None:
        """Watch content, templates and site.toml; new ones (a changed `templates`) too."""
        for path in paths:
            path = Path(path).absolute()
            if path not in self.watched:
                self.watched.add(path)
                self.watch(str(path), self._changed, delay="forever", ignore=self._ignored)

    def _ignored(self, path: str) -> bool:
        """True for a file the build itself writes (in the cache or output folder)."""
        return any(Path(path).is_relative_to(folder) for folder in self.ignored)

    def _changed(self, paths=()) -> None:
        """A file event: hand it to the debouncing scheduler."""
        self.scheduler.changed(paths)

    def record(self, outcome: BuildOutcome) -> None:
        """Show an outcome (the first build's, or a rebuild's) to browsers."""
        self.preview.record(outcome)

    def _built(self, outcome: BuildOutcome, paths: tuple[str, ...], first_change: float):
        """After a rebuild: print the result, update the overlay, reload the browsers."""
        was_broken = bool(self.preview.problems)
        self.record(outcome)
        # A failed or recovering build changes the overlay: a full reload shows it.
        path = paths[0] if len(paths) == 1 and outcome.ok and not was_broken else "*"
        LiveReloadHandler.reload_waiters(path)
        total = time.perf_counter() - first_change
        words = catalogue(outcome.language).group("preview")
        if outcome.ok:
            for warning in outcome.warnings:
                print(catalogue(outcome.language).text("build", "warning", warning=warning),
                      file=self.err)
            lang = outcome.language
            print(words["rebuilt"].format(articles=format_number(outcome.articles, lang),
                                          pages=format_number(outcome.pages, lang),
                                          build=format_number(outcome.seconds, lang, 2),
                                          total=format_number(total, lang, 2)),
                  file=self.out, flush=True)
            if self.builder.config is not None:
                self.watch_paths(self.builder.config.template_dirs
                                 + self.builder.config.identity_files)
        else:
            for problem in outcome.problems:
                print(problem, file=self.err)
            print(words["failed"].format(n=len(outcome.problems)), file=self.err, flush=True)

    def application(self, port, host, liveport=None, debug=None, live_css=True):
        """Our handlers on the sockets bound in __init__ (replaces livereload's app)."""
        LiveReloadHandler.watcher = self.watcher
        LiveReloadHandler.live_css = live_css
        state = {"preview": self.preview}
        app = web.Application([
            (r"/livereload", GuardedLiveReloadHandler, state),
            (r"/livereload\.js", GuardedScriptHandler, state),
            (r"/(.*)", SiteFileHandler, state),
        ], debug=False, websocket_max_message_size=64 * 1024)
        server = LimitedHTTPServer(app, max_body_size=64 * 1024, idle_connection_timeout=60,
                                   language=self.preview.language)
        server.add_sockets(self.sockets)
        self.scheduler = RebuildScheduler(self.builder.build, self._built, self.quiet,
                                          language=self.preview.language)
        return app

    def serve_forever(self) -> None:
        """Serve until Ctrl+C (livereload's loop: watcher, websocket, HTTP); then let a build
        still running finish (up to STOP_SECONDS) before the caller removes the folder."""
        try:
            self.serve(port=self.port, host=self.host, debug=False, restart_delay=0)
        finally:
            if getattr(self, "scheduler", None) is not None:
                self.scheduler.stop(STOP_SECONDS)
