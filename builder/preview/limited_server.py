"""tornado's HTTPServer with a ceiling on open connections and a back-off when the
process runs out of file descriptors.

tornado's own accept loop lets `accept()` fail with EMFILE ("Too many open files") back to
the IOLoop, which logs it and, since the listening socket is still readable, tries again at
once: tens of megabytes of log a second at full CPU. Here accepting pauses instead: at the
connection ceiling until a connection closes, and after EMFILE/ENFILE for a growing
moment (one line in the log per pause).
"""
from __future__ import annotations

import errno
import logging
import socket

from tornado.httpserver import HTTPServer
from tornado.ioloop import IOLoop

from ..core.i18n import DEFAULT_LANGUAGE, catalogue
from ..core.text import format_number

try:
    import resource
except ImportError:  # Windows: no descriptor limit to read
    resource = None  # type: ignore[assignment]

LOG = logging.getLogger("campaign_news.preview")
OUT_OF_DESCRIPTORS = {errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM}
FIRST_PAUSE, LONGEST_PAUSE = 0.05, 2.0  # seconds
DEFAULT_CEILING = 256


def connection_ceiling() -> int:
    """How many connections may be open at once: a share of the descriptor limit that
    leaves room for the rebuilds (files, worker pipes) and the watcher."""
    if resource is None:
        return DEFAULT_CEILING
    soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    if soft == resource.RLIM_INFINITY:
        return DEFAULT_CEILING
    return max(4, min(DEFAULT_CEILING, (soft - 64) // 2))


class LimitedHTTPServer(HTTPServer):
    """An HTTPServer whose accept loop pauses instead of spinning."""

    def initialize(self, *args, max_connections: int | None = None,
                   language: str = DEFAULT_LANGUAGE, **kwargs):
        """tornado's set-up, plus the ceiling, the pause state and the log's language."""
        super().initialize(*args, **kwargs)
        self.max_connections = max_connections or connection_ceiling()
        self.language = language
        self._listening: dict[int, socket.socket] = {}
        self._paused = False
        self._pause = FIRST_PAUSE

    def add_sockets(self, sockets) -> None:
        """Accept on the sockets through our own handler."""
        for sock in sockets:
            sock.setblocking(False)
            self._sockets[sock.fileno()] = sock
            self._listening[sock.fileno()] = sock
            IOLoop.current().add_handler(sock.fileno(), self._ready, IOLoop.READ)
            self._handlers[sock.fileno()] = lambda fd=sock.fileno(): self._stop_watching(fd)

    def _stop_watching(self, fd: int) -> None:
        """What tornado calls on stop(): forget one listening socket."""
        if self._listening.pop(fd, None) is not None and not self._paused:
            IOLoop.current().remove_handler(fd)

    def _ready(self, fd: int, events: int) -> None:
        """A listening socket has connections waiting: take them while there is room."""
        sock = self._listening.get(fd)
        while sock is not None and not self._paused:
            if len(self._connections) >= self.max_connections:
                self._hold(None)
                return
            try:
                connection, address = sock.accept()
            except BlockingIOError:
                return
            except ConnectionAbortedError:
                continue
            except OSError as exc:
                if exc.errno in OUT_OF_DESCRIPTORS:
                    LOG.warning("%s", catalogue(self.language).text(
                        "serve", "descriptors_out", reason=exc.strerror,
                        seconds=format_number(self._pause, self.language, 2)))
                    self._hold(self._pause)
                    self._pause = min(self._pause * 2, LONGEST_PAUSE)
                    return
                raise
            self._pause = FIRST_PAUSE
            self._handle_connection(connection, address)

    def _hold(self, seconds: float | None) -> None:
        """Stop accepting: for `seconds`, or (None) until a connection closes."""
        self._paused = True
        loop = IOLoop.current()
        for fd in self._listening:
            loop.remove_handler(fd)
        if seconds is not None:
            loop.call_later(seconds, self._resume)

    def _resume(self) -> None:
        """Accept again."""
        if not self._paused:
            return
        self._paused = False
        loop = IOLoop.current()
        for fd in self._listening:
            loop.add_handler(fd, self._ready, IOLoop.READ)

    def on_close(self, server_conn) -> None:
        """A connection ended: room for a new one."""
        super().on_close(server_conn)
        if self._paused and len(self._connections) < self.max_connections:
            self._resume()
