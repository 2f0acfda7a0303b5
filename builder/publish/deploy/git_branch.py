"""git+file:// and git+ssh://…#branch: the site as the only content of a branch (GitHub
Pages style), committed and pushed. git's own credentials (SSH agent, ~/.ssh) are used.

The branch is fetched into a scratch repository; the plan's uploads and deletions are
applied to its work tree, and one commit is pushed (fast-forward; nothing is forced), so a
deploy interrupted before the push changed nothing on the target.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ...core.errors import Text
from .target import Target
from .transport import DeployFailure, LoginRefused, Transport, Unreachable

GIT_SECONDS = 600
_AUTH_WORDS = ("permission denied", "authentication failed", "could not read username")
_UNREACHABLE_WORDS = ("does not appear to be a git repository", "could not resolve host",
                      "connection refused", "no such file or directory", "not found",
                      "could not read from remote")


class GitTransport(Transport):
    """A scratch clone of one branch; the work becomes one commit, pushed at `finish`."""

    failures = (OSError, subprocess.SubprocessError)  # git missing, killed or timed out

    def __init__(self, target: Target, message: str = "Publish the site"):
        super().__init__()
        self.target = target
        self.message = message
        self.scratch: Path | None = None
        self.exists = False

    def _git(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        """Run git in the scratch repository, never asking on the terminal."""
        env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C",
               "GIT_AUTHOR_NAME": os.environ.get("GIT_AUTHOR_NAME", "campaign-news"),
               "GIT_AUTHOR_EMAIL": os.environ.get("GIT_AUTHOR_EMAIL", "campaign-news@localhost"),
               "GIT_COMMITTER_NAME": os.environ.get("GIT_COMMITTER_NAME", "campaign-news"),
               "GIT_COMMITTER_EMAIL": os.environ.get("GIT_COMMITTER_EMAIL",
                                                     "campaign-news@localhost")}
        self.counters.requests += 1
        result = subprocess.run(["git", *args], cwd=self.scratch, capture_output=True,
                                text=True, env=env, timeout=GIT_SECONDS)
        if check and result.returncode != 0:
            raise self._fail(result.stderr.strip() or result.stdout.strip())
        return result

    def _fail(self, text: str) -> DeployFailure:
        """Sort git's complaint into refused login, unreachable, or other failure."""
        lowered = text.lower()
        lines = text.splitlines()
        last = next((line for line in lines if line.startswith(("fatal:", "error:"))),
                    lines[-1] if lines else Text.of("deploy", "git_failed"))
        if any(word in lowered for word in _AUTH_WORDS):
            return LoginRefused(last)
        if any(word in lowered for word in _UNREACHABLE_WORDS):
            return Unreachable(last)
        return DeployFailure(last)

    def open(self) -> None:
        """A scratch repository holding the branch's last commit (none for a new branch)."""
        if shutil.which("git") is None:
            raise DeployFailure(Text.of("deploy", "git_missing"))
        self.scratch = Path(tempfile.mkdtemp(prefix="campaign-news-deploy-"))
        self._git("init", "-q", "-b", self.target.branch)
        self._git("remote", "add", "origin", self.target.repository)
        heads = self._git("ls-remote", "--heads", "origin", self.target.branch).stdout
        self.exists = bool(heads.strip())
        if self.exists:
            self._git("fetch", "-q", "--depth", "1", "origin", self.target.branch)
            self._git("reset", "-q", "--hard", "FETCH_HEAD")

    def _local(self, path: str, link_may_end_it: bool = False) -> Path:
        """`path` in the work tree. A symbolic link committed in the branch would carry a
        write or a deletion outside the scratch clone: refused, unless it is the very file
        being removed (removing a link does not follow it)."""
        place = self.scratch
        names = path.split("/")
        for index, name in enumerate(names):
            place = place / name
            if place.is_symlink() and not (link_may_end_it and index == len(names) - 1):
                raise DeployFailure(Text.of("deploy", "branch_symlink", path=path))
        return place

    def read(self, path: str) -> bytes | None:
        """The file in the branch's last commit."""
        file = self._local(path)
        return file.read_bytes() if file.is_file() else None

    def upload(self, path: str, source: Path) -> None:
        """Copy into the work tree."""
        destination = self._local(path)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, destination)
        self.counters.bytes_sent += source.stat().st_size

    def write_atomic(self, path: str, data: bytes) -> None:
        """Into the work tree (the commit makes it atomic)."""
        self._local(path).write_bytes(data)

    def delete(self, path: str) -> None:
        """Remove from the work tree."""
        self._local(path, link_may_end_it=True).unlink(missing_ok=True)

    def finish(self) -> None:
        """One commit of the whole tree (with .nojekyll for GitHub Pages), pushed."""
        self._local(".nojekyll").touch()
        self._git("add", "-A")
        self._git("commit", "-q", "-m", self.message)
        self._git("push", "-q", "origin", f"HEAD:refs/heads/{self.target.branch}")

    def close(self) -> None:
        """Remove the scratch repository."""
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)
