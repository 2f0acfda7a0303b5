"""The TARGET address of `deploy`: parsed and checked into a frozen Target."""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

SCHEMES = ("sftp", "ftp", "ftps", "s3", "git+file", "git+ssh")
DEFAULT_PORTS = {"sftp": 22, "ftp": 21, "ftps": 21}


class TargetError(ValueError):
    """The address cannot be a deploy target: `key` names the reason in the catalogue's
    "deploy_target" group, `values` fill it in (the command prints it in the run's language)."""

    def __init__(self, key: str, **values):
        super().__init__(key)
        self.key = key
        self.values = values


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
        raise TargetError("unknown_scheme", schemes=", ".join(s + "://" for s in SCHEMES))
    if parts.password is not None:
        raise TargetError("password_in_address")
    try:
        port = parts.port
    except ValueError:
        raise TargetError("port_not_number") from None
    path = unquote(parts.path)
    if scheme.startswith("git+"):
        return _git_target(scheme, parts, path, port)
    if parts.query or parts.fragment:
        raise TargetError("query_or_fragment")
    host = parts.hostname or ""
    if not host:
        raise TargetError("no_host")
    folder = _checked_path(path)
    if scheme == "s3":
        return Target("s3", host=host, path=folder, shown=f"s3://{host}/{folder}".rstrip("/"))
    if scheme == "sftp" and not path.startswith("/"):
        raise TargetError("sftp_needs_folder")
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
        raise TargetError("bad_branch", branch=branch)
    inner = scheme.split("+", 1)[1]
    if inner == "file":
        if parts.netloc not in ("", "localhost") or not path:
            raise TargetError("git_file_form")
        repository = path
    else:
        if not parts.hostname or not path:
            raise TargetError("git_ssh_form")
        user = f"{parts.username}@" if parts.username else ""
        repository = f"ssh://{user}{parts.hostname}{f':{port}' if port else ''}{path}"
    return Target(scheme, host=parts.hostname or "", branch=branch, repository=repository,
                  shown=f"{scheme}://{parts.netloc}{path}#{branch}")


def _checked_path(path: str) -> str:
    """The target folder without slashes at its ends; refuses `..` and empty names."""
    names = [name for name in path.split("/") if name not in ("", ".")]
    if any(name == ".." for name in names):
        raise TargetError("dot_dot")
    if any(ord(character) < 32 or ord(character) == 127 for character in path):
        # a line break would end an FTP command early and start another
        raise TargetError("control_character")
    return "/".join(names)
