"""What every transport offers the engine, and the failures it reports."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ...core.errors import Text


class DeployFailure(Exception):
    """A transport could not go on; `reason` is safe to print (never holds a secret): a
    Text of the catalogue (group "deploy"), or the words of a library or server as they are."""

    kind = "deploy_failed"

    def __init__(self, reason: "str | Text"):
        super().__init__(str(reason))
        self.reason = reason


class LoginRefused(DeployFailure):
    """The server refused the credentials."""

    kind = "deploy_auth"


class Unreachable(DeployFailure):
    """No connection to the server."""

    kind = "deploy_unreachable"


@dataclass
class Counters:
    """Requests made to the server and bytes of file data sent, for the summary and bench."""

    requests: int = 0
    bytes_sent: int = 0


def staging_name(path: str) -> str:
    """Where `write_atomic` writes before its rename: one fixed name per file, so a write cut
    short by a kill is overwritten and renamed away by the next deploy, never left behind."""
    return f"{path}.uploading"


class Transport:
    """Files under the target path: read, write (creating folders), delete. Paths are
    posix and relative to the target path, already checked to stay inside it."""

    # What this transport's library raises when the connection or the server fails mid-way;
    # the engine turns any of them into a DeployFailure (a message, never a traceback).
    failures: tuple[type[BaseException], ...] = (OSError, EOFError)

    def __init__(self):
        self.counters = Counters()

    def open(self) -> None:
        """Connect and log in (LoginRefused, Unreachable)."""

    def read(self, path: str) -> bytes | None:
        """The file's bytes, None when it does not exist."""
        raise NotImplementedError

    def upload(self, path: str, source: Path) -> None:
        """Write the local file `source` at `path`."""
        raise NotImplementedError

    def write_atomic(self, path: str, data: bytes) -> None:
        """Replace `path` by `data` so that a reader sees the old bytes or the new ones."""
        raise NotImplementedError

    def delete(self, path: str) -> None:
        """Remove the file; a file already gone is fine."""
        raise NotImplementedError

    def finish(self) -> None:
        """Make the work visible where that is a separate step (git: commit and push)."""

    def close(self) -> None:
        """Disconnect; never raises."""
