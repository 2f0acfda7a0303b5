"""sftp://user@host[:port]/path through paramiko: keys from the SSH agent and ~/.ssh (or a
password from the environment or .netrc); the host key must be in ~/.ssh/known_hosts."""
from __future__ import annotations

import errno
import posixpath
import socket
from pathlib import Path

from ...core.errors import Text
from .credentials import password_for
from .target import Target
from .transport import DeployFailure, LoginRefused, Transport, Unreachable, staging_name

CONNECT_SECONDS = 15


class SftpTransport(Transport):
    """One SSH connection, one SFTP session; folders created as needed."""

    def __init__(self, target: Target):
        super().__init__()
        self.target = target
        self.client = None
        self.sftp = None
        self.folders: set[str] = set()

    def open(self) -> None:
        """Connect, check the host key, log in, open SFTP."""
        import paramiko

        # paramiko's protocol errors are not OSErrors: a session that breaks mid-way raises them
        self.failures = (OSError, EOFError, paramiko.SSHException)
        client = paramiko.SSHClient()
        client.load_system_host_keys()
        client.set_missing_host_key_policy(paramiko.RejectPolicy())
        self.client = client
        try:
            client.connect(self.target.host, port=self.target.port,
                           username=self.target.user or None,
                           password=password_for(self.target.host, self.target.user),
                           timeout=CONNECT_SECONDS, banner_timeout=CONNECT_SECONDS,
                           auth_timeout=CONNECT_SECONDS)
            self.sftp = client.open_sftp()
        except paramiko.AuthenticationException:
            raise LoginRefused(Text.of("deploy", "ssh_auth"))
        except paramiko.SSHException as exc:
            if "not found in known_hosts" in str(exc):
                raise Unreachable(Text.of("deploy", "host_key_unknown", host=self.target.host))
            raise Unreachable(str(exc)) from None
        except (OSError, socket.timeout) as exc:
            raise Unreachable(exc.strerror or str(exc) or type(exc).__name__) from None
        self.counters.requests += 1

    def _remote(self, path: str) -> str:
        """The absolute path on the server of a path under the target folder."""
        return posixpath.join(self.target.path, path)

    def read(self, path: str) -> bytes | None:
        """The file's bytes, None when missing."""
        self.counters.requests += 1
        try:
            with self.sftp.open(self._remote(path), "rb") as remote:
                return remote.read()
        except OSError as exc:
            if _missing(exc):
                return None
            raise DeployFailure(f"{self._remote(path)}: {exc}") from None

    def _ensure_folder(self, remote: str) -> None:
        """mkdir -p of a server path, remembering what exists (a request per new folder)."""
        if remote in ("/", "") or remote in self.folders:
            return
        self._ensure_folder(posixpath.dirname(remote))
        self.counters.requests += 1
        try:
            self.sftp.mkdir(remote)
        except OSError:
            self.counters.requests += 1
            try:
                if not self.sftp.stat(remote).st_mode & 0o040000:
                    raise DeployFailure(Text.of("deploy", "not_a_folder", path=remote))
            except OSError as exc:
                raise DeployFailure(Text.of("deploy", "folder_not_created", path=remote,
                                            reason=str(exc))) from None
        self.folders.add(remote)

    def upload(self, path: str, source: Path) -> None:
        """Write the file (its folders first)."""
        self._ensure_folder(posixpath.dirname(self._remote(path)))
        size = source.stat().st_size
        try:
            self.sftp.put(str(source), self._remote(path), confirm=False)
        except OSError as exc:
            raise DeployFailure(f"{self._remote(path)}: {exc}") from None
        self.counters.requests += 3 + size // 32768  # open, writes, close
        self.counters.bytes_sent += size

    def write_atomic(self, path: str, data: bytes) -> None:
        """Write beside, then rename over (POSIX rename on OpenSSH)."""
        temporary = staging_name(path)
        self._ensure_folder(posixpath.dirname(self._remote(path)))
        try:
            with self.sftp.open(self._remote(temporary), "wb") as remote:
                remote.write(data)
            self.sftp.posix_rename(self._remote(temporary), self._remote(path))
        except OSError as exc:
            raise DeployFailure(f"{self._remote(path)}: {exc}") from None
        self.counters.requests += 4
        self.counters.bytes_sent += len(data)

    def delete(self, path: str) -> None:
        """Remove the file; gone already is fine."""
        self.counters.requests += 1
        try:
            self.sftp.remove(self._remote(path))
        except OSError as exc:
            if not _missing(exc):
                raise DeployFailure(f"{self._remote(path)}: {exc}") from None

    def close(self) -> None:
        """Close SFTP and SSH."""
        if self.client is not None:
            self.client.close()


def _missing(exc: OSError) -> bool:
    """True when paramiko reports "no such file" (it raises plain IOError with ENOENT)."""
    return isinstance(exc, FileNotFoundError) or getattr(exc, "errno", None) == errno.ENOENT
