"""ftp:// and ftps:// (explicit TLS, certificate checked) through ftplib; the password from
CAMPAIGN_NEWS_PASSWORD or ~/.netrc. Paths are relative to the login folder."""
from __future__ import annotations

import ftplib
import posixpath
import ssl
from pathlib import Path

from .credentials import login_for, password_for
from .target import Target
from .transport import DeployFailure, LoginRefused, Transport, Unreachable, staging_name

CONNECT_SECONDS = 15
BLOCK = 65536


class FtpTransport(Transport):
    """One control connection in binary mode; passive data connections."""

    failures = ftplib.all_errors  # every reply error, OSError and EOFError

    def __init__(self, target: Target):
        super().__init__()
        self.target = target
        self.ftp: ftplib.FTP | None = None
        self.folders: set[str] = set()

    def _command(self, line: str) -> str:
        """Send one command (counted); an error reply becomes DeployFailure."""
        self.counters.requests += 1
        return self.ftp.sendcmd(line)

    def open(self) -> None:
        """Connect, go TLS for ftps://, log in, binary mode."""
        target = self.target
        if target.scheme == "ftps":
            context = ssl.create_default_context()
            self.ftp = ftplib.FTP_TLS(context=context, timeout=CONNECT_SECONDS,
                                      encoding="utf-8")
        else:
            self.ftp = ftplib.FTP(timeout=CONNECT_SECONDS, encoding="utf-8")
        try:
            self.ftp.connect(target.host, target.port)
            self.ftp.login(login_for(target.host, target.user),
                           password_for(target.host, target.user) or "")
            self.counters.requests += 3 if target.scheme == "ftps" else 2
            if target.scheme == "ftps":
                self.ftp.prot_p()
                self.counters.requests += 2
            self._command("TYPE I")
        except ftplib.error_perm as exc:
            if str(exc).startswith("530"):
                raise LoginRefused(str(exc)) from None
            raise DeployFailure(str(exc)) from None
        except ssl.SSLError as exc:
            raise Unreachable(f"TLS: {exc.reason or exc}") from None
        except (OSError, EOFError, ftplib.Error) as exc:
            raise Unreachable(getattr(exc, "strerror", None) or str(exc) or
                              type(exc).__name__) from None

    def _remote(self, path: str) -> str:
        """The path from the login folder."""
        return posixpath.join(self.target.path, path) if self.target.path else path

    def read(self, path: str) -> bytes | None:
        """RETR into memory; a 550 answer means no such file."""
        chunks: list[bytes] = []
        self.counters.requests += 2  # PASV + RETR
        try:
            self.ftp.retrbinary(f"RETR {self._remote(path)}", chunks.append)
        except ftplib.error_perm as exc:
            if str(exc).startswith("550") and not self._listed(self._remote(path)):
                return None
            # 550 also means "permission denied": a manifest that is there but cannot be
            # read must not be taken for a first deploy, which would forget what it owns.
            raise DeployFailure(str(exc)) from None
        except (OSError, EOFError, ftplib.Error) as exc:
            raise DeployFailure(str(exc)) from None
        return b"".join(chunks)

    def _listed(self, remote: str) -> bool:
        """Whether the folder's listing names this file (a folder that cannot be listed, or
        does not exist yet, names nothing)."""
        folder, name = posixpath.split(remote)
        self.counters.requests += 2  # PASV + NLST
        try:
            names = self.ftp.nlst(folder or ".")
        except ftplib.error_perm:
            return False
        except (OSError, EOFError, ftplib.Error) as exc:
            raise DeployFailure(str(exc)) from None
        return any(posixpath.basename(entry) == name for entry in names)

    def _ensure_folder(self, folder: str) -> None:
        """MKD each missing level once (an existing folder answers 550: fine)."""
        if not folder or folder in self.folders:
            return
        self._ensure_folder(posixpath.dirname(folder))
        try:
            self._command(f"MKD {folder}")
        except ftplib.error_perm:
            pass  # already there; a real problem shows up at the upload
        self.folders.add(folder)

    def _store(self, remote: str, file) -> None:
        """STOR from an open binary file."""
        self.counters.requests += 2  # PASV + STOR
        try:
            self.ftp.storbinary(f"STOR {remote}", file, BLOCK)
        except (ftplib.Error, OSError, EOFError) as exc:
            raise DeployFailure(f"{remote}: {exc}") from None

    def upload(self, path: str, source: Path) -> None:
        """Store the file, its folders first."""
        remote = self._remote(path)
        self._ensure_folder(posixpath.dirname(remote))
        with open(source, "rb") as file:
            self._store(remote, file)
        self.counters.bytes_sent += source.stat().st_size

    def write_atomic(self, path: str, data: bytes) -> None:
        """STOR beside, then RNFR/RNTO over the old one."""
        import io

        remote = self._remote(path)
        temporary = staging_name(remote)
        self._ensure_folder(posixpath.dirname(remote))
        self._store(temporary, io.BytesIO(data))
        self.counters.bytes_sent += len(data)
        try:
            self.counters.requests += 2
            self.ftp.rename(temporary, remote)
        except (ftplib.Error, OSError, EOFError) as exc:
            raise DeployFailure(f"{remote}: {exc}") from None

    def delete(self, path: str) -> None:
        """DELE; a 550 (no such file) is fine."""
        try:
            self._command(f"DELE {self._remote(path)}")
        except ftplib.error_perm as exc:
            if not str(exc).startswith("550"):
                raise DeployFailure(str(exc)) from None
        except (OSError, EOFError, ftplib.Error) as exc:
            raise DeployFailure(str(exc)) from None

    def close(self) -> None:
        """QUIT politely, else just close."""
        if self.ftp is None:
            return
        try:
            self.ftp.quit()
        except Exception:  # noqa: BLE001 - a connection that never opened, or already broke
            self.ftp.close()
