"""The TARGET address of `deploy`: parsed and checked into a frozen Target."""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

SCHEMES = ("sftp", "ftp", "ftps", "s3", "git+file", "git+ssh")
DEFAULT_PORTS = {"sftp": 22, "ftp": 21, "ftps": 21}


class TargetError(ValueError):
    """The address cannot be a deploy target; the message says why (English, for the log)."""


@dataclass(frozen=True)
class Target:
    """Where a site goes. `path` is the folder (or key prefix) the site owns, without slashes
    at its ends; `shown` is the address without any password, safe to print."""

    scheme: str
    host: str = ""
    port: int | None = None
    user: str = ""
    path: str = ""
    branch: str = ""
    repository: str = ""  # git: the address git is given
    shown: str = ""


def parse_target(address: str) -> Target:
    """`sftp://user@host:2222/var/www/tin` and friends; raises TargetError."""
    parts = urlsplit(address.strip())
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise TargetError(f"unknown kind of address; use one of "
                          f"{', '.join(s + '://' for s in SCHEMES)}")
    if parts.password is not None:
        raise TargetError("no password in the address: use the environment (CAMPAIGN_NEWS_"
                          "PASSWORD), a .netrc file or an SSH key")
    try:
        port = parts.port
    except ValueError:
        raise TargetError("the port must be a number") from None
    path = unquote(parts.path)
    if scheme.startswith("git+"):
        return _git_target(scheme, parts, path, port)
    if parts.query or parts.fragment:
        raise TargetError("no '?' or '#' part in this kind of address")
    host = parts.hostname or ""
    if not host:
        raise TargetError("the address names no host (or bucket)")
    folder = _checked_path(path)
    if scheme == "s3":
        return Target("s3", host=host, path=folder, shown=f"s3://{host}/{folder}".rstrip("/"))
    if scheme == "sftp" and not path.startswith("/"):
        raise TargetError("give the folder on the server, e.g. sftp://user@host/var/www/tin")
    user = unquote(parts.username or "")
    at = f"{user}@" if user else ""
    shown_port = f":{port}" if port else ""
    return Target(scheme, host=host, port=port or DEFAULT_PORTS[scheme], user=user,
                  path=("/" if scheme == "sftp" else "") + folder,
                  shown=f"{scheme}://{at}{host}{shown_port}/{folder}")


def _git_target(scheme: str, parts, path: str, port: int | None) -> Target:
    """`git+file:///srv/site.git#gh-pages`, `git+ssh://git@github.com/o/r.git#gh-pages`."""
    branch = unquote(parts.fragment) or "gh-pages"
    if not branch.replace("-", "").replace("_", "").replace("/", "").replace(".", "").isalnum():
        raise TargetError(f"'{branch}' is not a usable branch name")
    inner = scheme.split("+", 1)[1]
    if inner == "file":
        if parts.netloc not in ("", "localhost") or not path:
            raise TargetError("write a local repository as git+file:///path/to/repo.git")
        repository = path
    else:
        if not parts.hostname or not path:
            raise TargetError("write it as git+ssh://git@host/owner/repo.git#branch")
        user = f"{parts.username}@" if parts.username else ""
        repository = f"ssh://{user}{parts.hostname}{f':{port}' if port else ''}{path}"
    return Target(scheme, host=parts.hostname or "", branch=branch, repository=repository,
                  shown=f"{scheme}://{parts.netloc}{path}#{branch}")


def _checked_path(path: str) -> str:
    """The target folder without slashes at its ends; refuses `..` and empty names."""
    names = [name for name in path.split("/") if name not in ("", ".")]
    if any(name == ".." for name in names):
        raise TargetError("'..' is not allowed in the target path")
    return "/".join(names)
