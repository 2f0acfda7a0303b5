"""What the fault tests share: tree hashes and listings, small sites, process inspection."""
from __future__ import annotations

import contextlib
import hashlib
import os
import subprocess
import time
from pathlib import Path

from builder.publish.output import MARKER

LEFTOVER_PREFIXES = (".output.staging-", ".output.old-")


def tree_hash(root: Path) -> str:
    """One hash over every path (with its kind) and every file's bytes under `root`."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        kind = "l" if path.is_symlink() else "d" if path.is_dir() else "f"
        digest.update(f"{kind} {path.relative_to(root).as_posix()}\n".encode())
        if kind == "f":
            digest.update(path.read_bytes())
    return digest.hexdigest()


def listing(root: Path, skip: tuple[str, ...] = ()) -> set[str]:
    """Every path under `root` (relative, posix), leaving out the top-level names in `skip`."""
    found = set()
    for path in root.rglob("*"):
        rel = path.relative_to(root).as_posix()
        if rel.split("/")[0] not in skip:
            found.add(rel)
    return found


def leftovers(parent: Path) -> list[str]:
    """Staging or old-site folders a build left beside `output/`."""
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(LEFTOVER_PREFIXES))


def old_site(output: Path, text: str = "trang cũ") -> str:
    """Put a small previous site (with the marker) in `output`; returns its tree hash."""
    output.mkdir(parents=True)
    (output / MARKER).write_text("")
    (output / "index.html").write_text(text, encoding="utf-8")
    (output / "2020").mkdir()
    (output / "2020" / "bai.html").write_text("bài cũ", encoding="utf-8")
    return tree_hash(output)


def article(title: str, date: str = "2020-09-15 15:44", body: str = "Thân bài.",
            **fields: str) -> str:
    """The text of one content file; `fields` are written as given (raw YAML)."""
    lines = [f"title: {title}", f"date: {date}"] + [f"{k}: {v}" for k, v in fields.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body + "\n"


def _parents() -> dict[int, int]:
    """pid -> parent pid of every process, from /proc."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    return parents


def descendants(pid: int) -> set[int]:
    """Every process below `pid` (children, their children, ...)."""
    children: dict[int, list[int]] = {}
    for child, parent in _parents().items():
        children.setdefault(parent, []).append(child)
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def running(pid: int) -> bool:
    """True if `pid` exists and is not a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def wait_gone(pids: set[int], timeout: float = 5.0) -> set[int]:
    """Wait for processes to end; returns those still running at the deadline."""
    deadline = time.monotonic() + timeout
    alive = {p for p in pids if running(p)}
    while alive and time.monotonic() < deadline:
        time.sleep(0.02)
        alive = {p for p in alive if running(p)}
    return alive


def pid_file_of(path: Path) -> str:
    """The text of a lock file (the pid of the build holding it)."""
    return path.read_text().strip() if path.exists() else ""


def env_int(name: str, default: int) -> int:
    """An integer knob from the environment (to run a longer campaign by hand)."""
    return int(os.environ.get(name, default))


@contextlib.contextmanager
def tmpfs(path: Path, size_kb: int):
    """A small RAM file system mounted at `path` (needs root); yields False if it cannot."""
    path.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs",
                              str(path)], capture_output=True).returncode == 0
    try:
        yield mounted
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(path)], check=True)


def remount(path: Path, options: str) -> None:
    """Change the options of a file system mounted by `tmpfs` (e.g. `ro`, `size=8m`)."""
    subprocess.run(["mount", "-o", f"remount,{options}", str(path)], check=True)


def free_bytes(path: Path) -> int:
    """Free space of the file system holding `path`."""
    stats = os.statvfs(path)
    return stats.f_bavail * stats.f_frsize


def build_site(folder: Path, files: dict[str, str | bytes], toml: str = "",
               jobs: int = 1) -> Path:
    """Write `files` under folder/content (and site.toml), build in-process into
    folder/output without a cache; returns the output folder (BuildError propagates)."""
    from builder.core.config import BuildOptions, load_config
    from builder.pipeline import build

    for name, data in files.items():
        path = folder / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    (folder / "site.toml").write_text(toml, encoding="utf-8")
    config = load_config(folder / "site.toml")
    build(config, BuildOptions(content_dir=folder / "content", output_dir=folder / "output",
                               jobs=jobs))
    return folder / "output"


def pages(output: Path) -> dict[str, str]:
    """Every HTML page of a built site: path -> text."""
    return {p.relative_to(output).as_posix(): p.read_text("utf-8")
            for p in sorted(output.rglob("*.html"))}
