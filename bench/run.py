#!/usr/bin/env python3
"""Benchmark harness: ours vs Pelican vs Hugo on the same synthetic corpus.

One command:

    python bench/run.py --sizes 1000,4000,10000 --runs 3
    python bench/run.py --sizes 1000 --runs 1 --only ours          # quick check
    python bench/run.py --sizes 10000 --runs 3 --write-results     # update RESULTS.md
    python bench/run.py --profile --sizes 10000                    # profile ours once

For every size N it generates the corpus (make_corpus.py from shared/bench,
same seed for all tools, reused when already there with N articles), installs
the peers when missing (Pelican in a scratch venv, Debian's hugo via apt-get),
writes the peers' site configs exactly as shared/bench/peers.sh does (the
functions write_pelican/write_hugo are read out of peers.sh and run in bash),
and then, --runs times, interleaving the tools run by run (rotating their
order so drift hits all alike), measures for each tool:

    cold      output and caches deleted, full build
    nochange  the same build again, nothing changed
    edit      one sentence appended to one article (the same article for all
              tools), full build command again
    again     a second sentence appended to it, full build command again: an
              editor's next edit (ours then starts from the site the edit build
              replaced, publish/output.py); the article is restored after both

Each build is timed as wall time (perf_counter around the child) and peak RSS
of the child (os.wait4 rusage, i.e. what /usr/bin/time %M reports). Pages are
the .html files in the output after the cold build. The table shows medians
over the runs, the ratios ours/Pelican and ours/Hugo from the same run, the
growth factor from the smallest to the largest size, and the targets.

Stdlib only. Scratch data (venv, corpora, outputs, logs) goes to --scratch
(default $PEERBENCH_DIR or /tmp/peerbench, shared with peers.sh); raw
measurements also go to bench/work/ (git-ignored).
"""
from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import tempfile
import platform
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent          # <project>/bench
PROJECT = HERE.parent                           # <project>
DEFAULT_SHARED = Path(__file__).resolve().parents[2] / "shared" / "bench"
WORK = HERE / "work"                            # git-ignored
TOOLS = ("ours", "pelican", "hugo")
PHASES = ("cold", "nochange", "edit", "again")
PELICAN_VERSION = os.environ.get("PELICAN_VERSION", "4.12.0")
# The sentence appended to the edited article; the token proves the edit reached the output.
EDIT_SENTENCE = ("Cập nhật: đến cuối năm, địa phương tiếp tục nhân rộng mô hình "
                 "và khen thưởng kịp thời các tập thể, cá nhân tiêu biểu (mã {token}).")

# Sizes a target holds at: every size, up to a province's district archive, or from a
# province-sized archive on.
EVERY_SIZE, SMALL, LARGE = (0, None), (0, 99_999), (100_000, None)
GB_IN_MIB = 1e9 / 2**20  # memory is measured in MiB; the "1 GB" is 10^9 bytes

# Targets from the issues (ours, ratios from the same run): round one's, and issue 12's
# absolute ones for the preview's archive sizes.
TARGETS = [
    # (label, metric, peer or None, limit, sizes it holds at)
    ("cold build <= 1.0 x Hugo", "cold", "hugo", 1.0, EVERY_SIZE),
    ("cold build <= 0.2 x Pelican", "cold", "pelican", 0.2, EVERY_SIZE),
    ("no-change rebuild <= 0.2 x Hugo's unchanged rebuild", "nochange", "hugo", 0.2,
     EVERY_SIZE),
    ("one-article edit, full build <= 0.25 x Hugo's rebuild", "edit", "hugo", 0.25,
     EVERY_SIZE),
    ("no-change rebuild <= 1 s", "nochange", None, 1.0, LARGE),
    ("one-sentence edit, full build <= 5 s", "edit", None, 5.0, LARGE),
    ("peak memory <= 300 MB", "peak_mb", None, 300.0, SMALL),
    ("peak memory <= 1 GB (10^9 bytes)", "peak_mb", None, GB_IN_MIB, LARGE),
]


def targets_at(n: int) -> list[tuple[str, str, str | None, float]]:
    """The targets that hold at `n` articles: (label, metric, peer or None, limit)."""
    return [(label, metric, peer, limit) for label, metric, peer, limit, (low, high) in TARGETS
            if low <= n and (high is None or n <= high)]


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# ------------------------------------------------------------------ timing --
class BuildFailed(RuntimeError):
    pass


class TreeMem(threading.Thread):
    """Samples the summed memory of a build's whole process group (--tree-mem).

    ru_maxrss (and GNU time's %M) is the peak of the largest single process: a
    build that forks workers shows only its biggest one. This sums PSS (shared
    pages split between sharers, so forked workers are not double counted;
    RSS where smaps_rollup is unreadable) over every process whose process
    group is the build's, every `interval` seconds, and keeps the peak (KB)."""

    def __init__(self, pgid: int, interval: float = 0.1):
        super().__init__(daemon=True)
        self.pgid, self.interval = pgid, interval
        self.peak_kb = 0
        self.stop = threading.Event()

    def sample(self) -> int:
        total = 0
        for d in os.listdir("/proc"):
            if not d.isdigit():
                continue
            try:
                stat = Path(f"/proc/{d}/stat").read_text()
                if int(stat[stat.rindex(")") + 2:].split()[2]) != self.pgid:
                    continue
                try:
                    text = Path(f"/proc/{d}/smaps_rollup").read_text()
                    m = re.search(r"^Pss:\s+(\d+) kB", text, re.M)
                    total += int(m.group(1)) if m else 0
                except OSError:
                    rss_pages = int(Path(f"/proc/{d}/statm").read_text().split()[1])
                    total += rss_pages * os.sysconf("SC_PAGE_SIZE") // 1024
            except (OSError, ValueError, IndexError):
                continue                          # the process ended meanwhile
        return total

    def run(self) -> None:
        while not self.stop.is_set():
            self.peak_kb = max(self.peak_kb, self.sample())
            self.stop.wait(self.interval)


def run_timed(cmd: list[str], logf: Path, cwd: Path | None = None,
              timeout: float | None = None, env: dict | None = None,
              tree_mem: bool = False) -> tuple[float, int, int | None, float]:
    """Run cmd, output appended to logf.

    Returns (wall s, peak RSS KB, tree peak KB or None, CPU s = user + system of
    the child and the children it waited for).

    Peak RSS comes from wait4() on this very child (the same number GNU time's
    %M prints), so it is per build, not the max over all children so far."""
    with open(logf, "ab") as lf:
        lf.write(f"\n$ {shlex.join(cmd)}\n".encode())
        lf.flush()
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=lf, stderr=subprocess.STDOUT, cwd=cwd,
                             stdin=subprocess.DEVNULL, env=env, start_new_session=True)
        sampler = TreeMem(p.pid) if tree_mem else None
        if sampler:
            sampler.start()
        timed_out = []
        timer = None
        if timeout:
            def kill():
                timed_out.append(True)
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            timer = threading.Timer(timeout, kill)
            timer.start()
        try:
            _, status, ru = os.wait4(p.pid, 0)     # blocking: no polling latency in the wall time
        except BaseException:                      # Ctrl-C / SIGTERM: take the build down too
            try:
                os.killpg(p.pid, signal.SIGKILL)
                os.wait4(p.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            raise
        finally:
            if timer:
                timer.cancel()
            if sampler:
                sampler.stop.set()
                sampler.join()
        wall = time.perf_counter() - t0
        if timed_out:
            p.returncode = -9
            raise BuildFailed(f"timed out after {timeout:.0f} s: {shlex.join(cmd)}")
        p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        tail = logf.read_text(encoding="utf-8", errors="replace").splitlines()[-15:]
        raise BuildFailed(f"exit {p.returncode}: {shlex.join(cmd)}\n    " + "\n    ".join(tail))
    tree = None
    if sampler:
        tree = max(sampler.peak_kb, ru.ru_maxrss)  # a build shorter than one sample
    return wall, ru.ru_maxrss, tree, ru.ru_utime + ru.ru_stime


def loadavg() -> float | None:
    """1-minute load average (other work on the machine skews wall times)."""
    try:
        return float(Path("/proc/loadavg").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


# ------------------------------------------------------------------ corpus --
def load_corpus_module(path: Path):
    spec = importlib.util.spec_from_file_location("make_corpus", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot import corpus script {path}")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def content_dir(tool: str, site: Path) -> Path:
    return site / "content" / "posts" if tool == "hugo" else site / "content"


def corpus_format(tool: str) -> str:
    return {"ours": "ours", "pelican": "pelican", "hugo": "hugo"}[tool]


def count_md(d: Path) -> int:
    return sum(1 for _ in d.rglob("*.md")) if d.is_dir() else 0


def ensure_corpus(mod, tool: str, site: Path, n: int, seed: int) -> None:
    cdir = content_dir(tool, site)
    have = count_md(cdir)
    if have == n:
        log(f"  corpus {site.name}: reusing {n} articles")
        return
    shutil.rmtree(site / "content", ignore_errors=True)
    site.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    rc = mod.main(["--count", str(n), "--out", str(site), "--format", corpus_format(tool),
                   "--seed", str(seed)])
    if rc not in (0, None):
        raise SystemExit(f"corpus script failed for {site}")
    log(f"  corpus {site.name}: generated {n} articles in {time.perf_counter() - t0:.1f} s")


def repair_stale_edit(path: Path) -> None:
    """Undo an edit left behind by a run that was killed hard (SIGKILL) mid-edit."""
    text = path.read_text(encoding="utf-8")
    head = "\n\n" + EDIT_SENTENCE.split("{token}")[0].split("(")[0]
    i = text.find(head)
    if i >= 0 and "benchedit" in text[i:]:
        path.write_text(text[:i] + "\n", encoding="utf-8", newline="\n")
        log(f"  repaired an edit left in {path} by an interrupted run")


def pick_edit_article(cdir: Path) -> str:
    """Same file name in every format; the middle one in sorted order."""
    names = sorted(p.name for p in cdir.glob("*.md"))
    return names[len(names) // 2]


# ------------------------------------------------------------------- peers --
def peers_function(peers_sh: Path, name: str) -> str:
    """Text of one shell function (NAME() { ... } up to a line '}') from peers.sh."""
    text = peers_sh.read_text(encoding="utf-8")
    m = re.search(rf"^{re.escape(name)}\(\) \{{.*?^\}}$", text, re.S | re.M)
    if not m:
        raise SystemExit(f"function {name} not found in {peers_sh}")
    return m.group(0)


def write_peer_config(peers_sh: Path, tool: str, site: Path) -> None:
    fn = {"pelican": "write_pelican", "hugo": "write_hugo"}[tool]
    script = peers_function(peers_sh, fn) + f'\n{fn} "$1"\n'
    subprocess.run(["bash", "-c", script, "bash", str(site)], check=True)


def ensure_pelican(venv: Path, install: bool, logf: Path) -> Path:
    exe = venv / "bin" / "pelican"
    if exe.exists():
        return exe
    if not install:
        raise SystemExit(f"pelican missing in {venv} (and --no-install)")
    log(f"installing Pelican {PELICAN_VERSION} into {venv} ...")
    with open(logf, "ab") as lf:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, stdout=lf, stderr=lf)
        pip = [str(venv / "bin" / "pip"), "install", "-q"]
        r = subprocess.run(pip + [f"pelican[markdown]=={PELICAN_VERSION}"], stdout=lf, stderr=lf)
        if r.returncode != 0:
            log(f"  pelican=={PELICAN_VERSION} unavailable, installing the newest")
            subprocess.run(pip + ["pelican[markdown]"], check=True, stdout=lf, stderr=lf)
    if not exe.exists():
        raise SystemExit(f"pelican install failed, see {logf}")
    return exe


def ensure_hugo(install: bool, logf: Path) -> Path:
    exe = shutil.which("hugo")
    if exe:
        return Path(exe)
    if not install:
        raise SystemExit("hugo missing (and --no-install)")
    log("installing hugo (apt-get) ...")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    with open(logf, "ab") as lf:
        pol = subprocess.run(["apt-cache", "policy", "hugo"], capture_output=True, text=True)
        if not re.search(r"Candidate: [0-9]", pol.stdout):
            subprocess.run(["apt-get", "update", "-qq"], check=True, stdout=lf, stderr=lf, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "hugo"], check=True,
                       stdout=lf, stderr=lf, env=env)
    exe = shutil.which("hugo")
    if not exe:
        raise SystemExit(f"hugo install failed, see {logf}")
    return Path(exe)


def tool_version(cmd: list[str], pattern: str | None = None) -> str:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        s = (out.stdout or out.stderr).strip()
    except (OSError, subprocess.TimeoutExpired):
        return "-"
    if pattern:
        m = re.search(pattern, s)
        return m.group(1) if m else s.splitlines()[0] if s else "-"
    return s.splitlines()[0] if s else "-"


# -------------------------------------------------------------------- ours --
class Ours:
    """How to run the project's own generator; probed once."""

    def __init__(self, project: Path, python: str, extra: list[str]):
        self.project = project
        self.python = python
        self.extra = extra
        self.available = False
        self.reason = ""
        self.has_cache = False
        self.version = "-"
        script = project / "build.py"
        if not script.exists():
            self.reason = f"{script} does not exist yet"
            return
        try:
            r = subprocess.run([python, str(script), "build", "--help"], capture_output=True,
                               text=True, cwd=project, timeout=120)
        except (OSError, subprocess.TimeoutExpired) as e:
            self.reason = f"`build.py build --help` failed: {e}"
            return
        if r.returncode != 0:
            last = (r.stderr or r.stdout).strip().splitlines()[-1:] or ["(no output)"]
            self.reason = f"`build.py build --help` exits {r.returncode}: {last[0]}"
            return
        self.available = True
        self.has_cache = "--cache" in r.stdout
        # Byte-compile the package as pip does when it installs one: otherwise, under
        # PYTHONDONTWRITEBYTECODE (set on the bench machines) every build would compile the
        # generator's own modules from source again, about 0.1 s that no installed copy pays.
        if (project / "builder").is_dir():
            subprocess.run([python, "-m", "compileall", "-q", str(project / "builder")],
                           capture_output=True, cwd=project)
        rev = subprocess.run(["git", "-C", str(project), "rev-parse", "--short", "HEAD"],
                             capture_output=True, text=True)
        dirty = subprocess.run(["git", "-C", str(project), "status", "--porcelain",
                                "--untracked-files=no"], capture_output=True, text=True)
        if rev.returncode != 0 or not rev.stdout.strip():
            self.version = "unknown (not a git checkout)"
        else:
            self.version = rev.stdout.strip() + ("+dirty" if dirty.stdout.strip() else "")

    def cmd(self, site: Path) -> list[str]:
        c = [self.python, str(self.project / "build.py"), "build",
             "--content", str(site / "content"), "--output", str(site / "output")]
        if self.has_cache:
            c += ["--cache", str(site / "cache")]
        return c + self.extra


# ------------------------------------------------------------- tool specs --
class Tool:
    def __init__(self, name: str, site: Path, cmd: list[str], out: Path, clean: list[Path],
                 version: str):
        self.name, self.site, self.cmd, self.out, self.clean = name, site, cmd, out, clean
        self.version = version

    def clean_all(self, aside: Path | None = None) -> None:
        """Remove the output and caches, or with `aside` move them into that folder.

        Why aside is the default for cold builds: on an ext4 without a journal (this
        bench machine's disk), the kernel will not hand out an inode freed in the last
        5 s, or 305 s while its inode-table block is dirty, while it finds another, and
        every new file scans past all of them from the start of its block group
        (`find_inode_bit`, `recently_deleted`). A build that writes its tens of
        thousands of files right after the last output's were deleted spends seconds
        of kernel time there (perf: 22 % of a 10,000-article cold build's samples),
        more for a tool that creates files on many threads at once, and how much
        depends on when writeback last cleaned those blocks. Moving the old output
        aside frees no inode until the run ends, for every tool alike.
        """
        for p in self.clean:
            if aside is None:
                shutil.rmtree(p, ignore_errors=True)
            elif p.exists():
                aside.mkdir(parents=True, exist_ok=True)
                p.rename(aside / f"{self.site.name}-{p.name}-{time.time_ns()}")


def make_tool(name: str, site: Path, ctx) -> Tool:
    if name == "ours":
        return Tool(name, site, ctx.ours.cmd(site), site / "output",
                    [site / "output", site / "cache", site / ".cache"], ctx.ours.version)
    if name == "pelican":
        return Tool(name, site, [str(ctx.pelican), str(site / "content"), "-s",
                                 str(site / "pelicanconf.py"), "-o", str(site / "output"), "-q"],
                    site / "output", [site / "output", site / "cache"], ctx.pelican_version)
    if name == "hugo":
        return Tool(name, site, [str(ctx.hugo), "--quiet", "-s", str(site), "-d",
                                 str(site / "public"), "--cacheDir", str(site / ".hugocache")],
                    site / "public", [site / "public", site / "resources", site / ".hugocache"],
                    ctx.hugo_version)
    raise ValueError(name)


def count_pages(out: Path) -> int:
    return sum(1 for _ in out.rglob("*.html")) if out.is_dir() else 0


def output_contains(out: Path, token: str) -> bool:
    tb = token.encode()
    for p in out.rglob("*.html"):
        try:
            if tb in p.read_bytes():
                return True
        except OSError:
            pass
    return False


# --------------------------------------------------------------- measuring --
def measure_one(tool: Tool, edit_file: Path, run: int, n: int, logdir: Path,
                timeout: float | None, check_edit: bool, tree_mem: bool,
                aside: Path | None = None) -> dict:
    """cold, nochange, edit, again for one tool; returns a record (raises BuildFailed)."""
    logf = logdir / f"{tool.name}-{n}.log"
    rec = {"tool": tool.name, "n": n, "run": run, "load": loadavg()}

    def build(phase: str) -> None:
        rec[phase], rec[phase + "_kb"], tree, rec[phase + "_cpu"] = run_timed(
            tool.cmd, logf, cwd=tool.site, timeout=timeout, tree_mem=tree_mem)
        if tree is not None:
            rec[phase + "_tree_kb"] = tree

    tool.clean_all(aside)
    os.sync()
    build("cold")
    rec["pages"] = count_pages(tool.out)
    build("nochange")
    original = edit_file.read_bytes()
    st = edit_file.stat()
    token = f"benchedit{n}r{run}{int(time.time()) % 100000}"
    try:
        text = original.decode("utf-8").rstrip("\n")
        for phase in ("edit", "again"):  # each sentence added to the one before
            text += "\n\n" + EDIT_SENTENCE.format(token=f"{token}{phase}")
            edit_file.write_bytes((text + "\n").encode("utf-8"))
            build(phase)
            if phase == "edit":
                rec["pages_after_edit"] = count_pages(tool.out)
            rec[f"{phase}_visible"] = (output_contains(tool.out, f"{token}{phase}")
                                       if check_edit else None)
    finally:
        edit_file.write_bytes(original)
        os.utime(edit_file, ns=(st.st_atime_ns, st.st_mtime_ns))
    rec["peak_kb"] = max(rec[p + "_kb"] for p in PHASES)
    if tree_mem:
        rec["tree_peak_kb"] = max(rec[p + "_tree_kb"] for p in PHASES)
    return rec


def target_value(S: dict, records: list, n: int, metric: str, peer: str | None,
                 tree: bool):
    """Ours at `n`: a ratio to `peer` measured in the same runs, else the median itself
    (memory: the stricter of the main process's and the whole tree's peak)."""
    if peer is not None:
        if (n, peer) in S and (n, "ours") in S:
            return paired_ratio(records, n, metric, peer)
        return None
    ours = S.get((n, "ours"), {})
    value = ours.get(metric)
    if metric == "peak_mb" and tree and ours.get("tree_mb") is not None:
        value = max(value, ours["tree_mb"])
    return value


def fmt_s(x) -> str:
    return "-" if x is None else (f"{x:.2f}" if x < 100 else f"{x:.1f}")


def fmt_r(x) -> str:
    return "-" if x is None else f"{x:.2f}"


def summarise(records: list[dict], sizes: list[int], tools: list[str]) -> dict:
    """{(n, tool): {metric: median}} with peak_mb = median over runs of the run's peak."""
    S = {}
    for n in sizes:
        for t in tools:
            rs = [r for r in records if r["n"] == n and r["tool"] == t]
            if not rs:
                continue
            S[(n, t)] = {
                "runs": len(rs),
                "cold": median([r["cold"] for r in rs]),
                "nochange": median([r["nochange"] for r in rs]),
                "edit": median([r["edit"] for r in rs]),
                # None for runs recorded before the phase existed (--report of old files)
                "again": median([r.get("again") for r in rs]),
                "peak_mb": median([r["peak_kb"] / 1024 for r in rs]),
                "tree_mb": median([r["tree_peak_kb"] / 1024 for r in rs if "tree_peak_kb" in r]),
                "cold_cpu": median([r.get("cold_cpu") for r in rs]),
                "load": median([r.get("load") for r in rs]),
                "pages": median([r["pages"] for r in rs]),
                "pages_var": len({r["pages"] for r in rs}) > 1,
                "edit_visible": all(r.get(f"{phase}_visible") is not False
                                    for r in rs for phase in ("edit", "again")),
            }
    return S


def paired_ratio(records: list[dict], n: int, metric: str, peer: str):
    """Median over runs of ours/peer measured in the same run (side by side)."""
    key = {"peak_mb": "peak_kb", "tree_mb": "tree_peak_kb"}.get(metric, metric)
    ours = {r["run"]: r[key] for r in records if r["n"] == n and r["tool"] == "ours" and key in r}
    other = {r["run"]: r[key] for r in records if r["n"] == n and r["tool"] == peer and key in r}
    rs = [ours[k] / other[k] for k in ours if k in other and other[k]]
    return median(rs)


def render_tables(records: list[dict], sizes: list[int], tools: list[str], runs: int,
                  markdown: bool) -> str:
    S = summarise(records, sizes, tools)
    tree = any("tree_peak_kb" in r for r in records)
    lines: list[str] = []

    def table(header: list[str], rows: list[list[str]]) -> None:
        if markdown:
            lines.append("| " + " | ".join(header) + " |")
            lines.append("|" + "|".join("---:" if i else "---" for i in range(len(header))) + "|")
            lines.extend("| " + " | ".join(r) + " |" for r in rows)
        else:
            w = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h)
                 for i, h in enumerate(header)]
            lines.append("  ".join(h.rjust(w[i]) if i else h.ljust(w[i])
                                   for i, h in enumerate(header)))
            for r in rows:
                lines.append("  ".join(c.rjust(w[i]) if i else c.ljust(w[i])
                                       for i, c in enumerate(r)))
        lines.append("")

    # 1. medians
    rows = []
    for n in sizes:
        for t in tools:
            s = S.get((n, t))
            if not s:
                continue
            pages = f"{s['pages']:.0f}" + ("*" if s["pages_var"] else "")
            vis = "" if s["edit_visible"] else " (edit NOT in output)"
            rows.append([t, str(n), fmt_s(s["cold"]), fmt_s(s["nochange"]), fmt_s(s["edit"]) + vis,
                         fmt_s(s["again"]),
                         f"{s['peak_mb']:.0f}"] +
                        ([f"{s['tree_mb']:.0f}" if s["tree_mb"] is not None else "-"] if tree else [])
                        + [pages, f"{1000 * s['cold'] / n:.2f}", fmt_s(s["cold_cpu"]),
                           fmt_r(s["load"]), str(s["runs"])])
    lines.append(f"Medians of {runs} run(s); seconds wall time; peak = max RSS of the build "
                 "process, MB" + ("; tree = peak summed PSS of all its processes, MB" if tree else "")
                 + "; pages = .html files written")
    lines.append("")
    table(["tool", "N", "cold_s", "nochange_s", "edit_s", "again_s", "peak_MB"]
          + (["tree_MB"] if tree else [])
          + ["pages", "cold_ms/article", "cold_cpu_s", "load", "runs"], rows)
    loads = [r["load"] for r in records if r.get("load") is not None]
    cores = os.cpu_count() or 1
    if loads and max(loads) > cores + 1:        # the builds themselves add about 1-2
        lines.append(f"WARNING: the 1-minute load average reached {max(loads):.1f} on {cores} cores "
                     "during these measurements: other work competed for the CPU, wall times are "
                     "inflated and noisy (cold_cpu_s is less affected); prefer the ratios, or "
                     "run again on a quiet machine.")
        lines.append("")

    # 2. ratios ours/peer, same run
    if "ours" in tools:
        rows = []
        for n in sizes:
            for peer in ("pelican", "hugo"):
                if (n, peer) in S and (n, "ours") in S:
                    rows.append([f"ours/{peer}", str(n)] +
                                [fmt_r(paired_ratio(records, n, m, peer))
                                 for m in ("cold", "nochange", "edit", "again", "peak_mb")]
                                + ([fmt_r(paired_ratio(records, n, "tree_mb", peer))] if tree else []))
        if rows:
            lines.append("Ratios ours/peer: median over runs of the ratio measured in the same run "
                         "(< 1 means ours is faster / smaller)")
            lines.append("")
            table(["ratio", "N", "cold", "nochange", "edit", "again", "peak"]
                  + (["tree"] if tree else []),
                  rows)

    # 3. growth small -> large
    if len(sizes) > 1:
        lo, hi = min(sizes), max(sizes)
        rows = []
        for t in tools:
            if (lo, t) in S and (hi, t) in S:
                a, b = S[(lo, t)], S[(hi, t)]
                rows.append([t, f"{lo}->{hi}"] + [
                    fmt_r(b[m] / a[m]) if a[m] else "-" for m in ("cold", "nochange", "edit")] +
                    [fmt_r(hi / lo)])
        if rows:
            lines.append(f"Growth factor {lo} -> {hi} articles (time at {hi} / time at {lo}; "
                         f"linear = {hi / lo:g})")
            lines.append("")
            table(["tool", "sizes", "cold", "nochange", "edit", "linear"], rows)

    # 4. targets, at each size
    if "ours" in tools:
        rows = []
        for size in sorted(sizes):
            for label, metric, peer, limit in targets_at(size):
                v = target_value(S, records, size, metric, peer, tree)
                verdict = "-" if v is None else ("PASS" if v <= limit else "FAIL")
                shown = fmt_r(v) if peer else ("-" if v is None else f"{v:.{2 if v < 100 else 0}f}")
                rows.append([label, str(size), shown, verdict])
        if len(sizes) > 1:
            lo, hi = min(sizes), max(sizes)
            if (lo, "ours") in S and (hi, "ours") in S and S[(lo, "ours")]["cold"]:
                g = S[(hi, "ours")]["cold"] / S[(lo, "ours")]["cold"]
                rows.append([f"cold time grows no faster than linearly ({lo}->{hi}: <= {hi / lo:g})",
                             f"{lo}->{hi}", fmt_r(g), "PASS" if g <= hi / lo else "FAIL"])
        lines.append("Targets (ours)")
        lines.append("")
        table(["target", "N", "value", "verdict"], rows)
    return "\n".join(lines)


def machine_info(ctx) -> dict:
    mem = "-"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = f"{int(line.split()[1]) / 1048576:.1f} GiB"
    except OSError:
        pass
    cpu = "-"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    osname = "-"
    try:
        m = re.search(r'^PRETTY_NAME="?([^"\n]*)', Path("/etc/os-release").read_text(), re.M)
        osname = m.group(1) if m else "-"
    except OSError:
        pass
    return {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": platform.machine(), "cores": os.cpu_count(), "cpu": cpu, "memory": mem,
        "os": osname, "kernel": platform.release(),
        "python": platform.python_version() + f" ({sys.executable})",
        "ours_python": ctx.ours_python_version,
        "ours": ctx.ours.version if ctx.ours.available else f"not run ({ctx.ours.reason})",
        "pelican": ctx.pelican_version, "hugo": ctx.hugo_version,
    }


def display_argv(argv: list[str]) -> str:
    """The command line as quoted in RESULTS.md, without where it was written."""
    out, skip = [], False
    for i, x in enumerate(argv):
        if skip:
            skip = False
            continue
        if x == "--write-results":
            skip = i + 1 < len(argv) and not argv[i + 1].startswith("-")
            continue
        if x.startswith("--write-results=") or x == "--report":
            skip = x == "--report"
            continue
        out.append(x)
    return shlex.join(out)


# How a run's cold builds began.
CLEANED = {"aside": "moved aside (removed when the run ended)",
           "delete": "deleted (then sync)"}


def cleaned(meta: dict) -> str:
    """How this run's cold builds began (runs written before --cold-clean deleted)."""
    return CLEANED[meta.get("cold_clean", "delete")]


def results_markdown(records, sizes, tools, runs, info, cmdline: str, cold_began: str) -> str:
    peers_only = "ours" not in tools
    out = ["# Benchmark results", ""]
    if peers_only:
        out += ["**Peers only: these are Pelican's and Hugo's figures; ours was not measured in "
                "this run.** The final table with ours and the ours/peer ratios comes from "
                "the run made once the generator is fast.", ""]
    out += [f"- date: {info['date']} (start of the measurements)",
            f"- machine: `{info['machine']}`, {info['cores']} cores ({info['cpu']}), "
            f"{info['memory']} RAM, {info['os']}, kernel {info['kernel']}",
            f"- harness Python: {info['python']}",
            f"- ours: {info['ours']} (Python {info['ours_python']})",
            f"- Pelican: {info['pelican']}; Hugo: {info['hugo']}",
            f"- command: `python bench/run.py {cmdline}`",
            "- corpus: `shared/bench/make_corpus.py` (same seed and articles for every tool); "
            "peers' configs as in `shared/bench/peers.sh`",
            "- noisy shared machine: compare ratios from the same run, not absolute seconds "
            "across runs", "",
            f"Columns: see `bench/README.md`. cold = output and caches {cold_began}, "
            "then a full build; nochange = the "
            "same build again; edit = one sentence appended to one article, full build command "
            "again.", ""]
    out.append(render_tables(records, sizes, tools, runs, markdown=True))
    return "\n".join(out).rstrip() + "\n"


# ----------------------------------------------------------------- profile --
def profile_ours(ctx, site: Path, profiler: str, scratch: Path) -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    n = ctx.profile_n
    tool = make_tool("ours", site, ctx)
    base = tool.cmd[1:]                      # build.py build ...
    py = ctx.ours.python
    tools_dir = scratch / "proftools"        # one pip --target folder per profiler
    logf = scratch / "logs" / "profile.log"

    def pip_target(pkg: str, probe: str) -> bool:
        target = tools_dir / pkg
        if (target / probe).exists():
            return True
        log(f"installing {pkg} into {target} (pip --target, using {py}) ...")
        shutil.rmtree(target, ignore_errors=True)
        with open(logf, "ab") as lf:
            r = subprocess.run([py, "-m", "pip", "install", "-q", "--target", str(target), pkg],
                               stdout=lf, stderr=lf)
        return r.returncode == 0 and (target / probe).exists()

    if profiler == "pyinstrument" and not pip_target("pyinstrument", "pyinstrument"):
        log("pyinstrument install failed; falling back to cProfile")
        profiler = "cprofile"
    if profiler == "py-spy" and not pip_target("py-spy", "bin/py-spy"):
        log("py-spy install failed; falling back to cProfile")
        profiler = "cprofile"
    env = dict(os.environ)
    if profiler == "pyinstrument":
        env["PYTHONPATH"] = str(tools_dir / "pyinstrument") + os.pathsep + env.get("PYTHONPATH", "")

    for phase in ("cold", "nochange"):
        if phase == "cold":
            tool.clean_all()
        stem = WORK / f"profile-{n}-{phase}-{stamp}"
        if profiler == "pyinstrument":
            sess = stem.with_suffix(".pyisession")
            cmd = [py, "-m", "pyinstrument", "-r", "session", "-o", str(sess)] + base
        elif profiler == "py-spy":
            cmd = [str(tools_dir / "py-spy" / "bin" / "py-spy"), "record", "--subprocesses",
                   "--rate", "200", "-o", str(stem) + ".svg", "--"] + [py] + base
        else:
            cmd = [py, "-m", "cProfile", "-o", str(stem) + ".pstats"] + base
        wall, kb, _, _ = run_timed(cmd, logf, cwd=site, env=env)
        log(f"  {phase}: {wall:.2f} s under {profiler}, peak {kb / 1024:.0f} MB")
        written = []
        if profiler == "pyinstrument":
            for r, ext in (("text", ".txt"), ("html", ".html")):
                o = str(stem) + ext
                subprocess.run([py, "-m", "pyinstrument", "--load", str(sess), "-r", r, "-o", o],
                               env=env, check=False)
                written.append(o)
            written.append(str(sess))
        elif profiler == "py-spy":
            written.append(str(stem) + ".svg")
        else:
            import pstats
            import io
            buf = io.StringIO()
            pstats.Stats(str(stem) + ".pstats", stream=buf).sort_stats("cumulative").print_stats(60)
            Path(str(stem) + ".txt").write_text(buf.getvalue(), encoding="utf-8")
            written += [str(stem) + ".pstats", str(stem) + ".txt"]
        for w in written:
            log(f"    wrote {w}")


# -------------------------------------------------------------------- main --
class Ctx:
    pass


def _terminate(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


def main(argv: list[str] | None = None) -> int:
    signal.signal(signal.SIGTERM, _terminate)      # so an edited article is always restored
    argv = sys.argv[1:] if argv is None else argv
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog="See bench/README.md for the columns.")
    ap.add_argument("--sizes", default="1000,4000,10000", help="corpus sizes (default %(default)s)")
    ap.add_argument("--runs", type=int, default=3, help="repetitions; medians reported (default 3)")
    ap.add_argument("--peers", default="pelican,hugo",
                    help="peers to run alongside ours: pelican,hugo (default), or 'none'")
    ap.add_argument("--only", help="run only these tools (comma list of ours,pelican,hugo)")
    ap.add_argument("--seed", type=int, default=int(os.environ.get("SEED", 0)))
    ap.add_argument("--scratch", type=Path,
                    default=Path(os.environ.get("PEERBENCH_DIR", Path(tempfile.gettempdir()) / "peerbench")),
                    help="scratch folder: venv, corpora, outputs, logs (default $PEERBENCH_DIR "
                         "or peerbench in the system temp folder, /tmp/peerbench on Linux as peers.sh)")
    ap.add_argument("--corpus-script", type=Path, default=DEFAULT_SHARED / "make_corpus.py")
    ap.add_argument("--peers-script", type=Path, default=DEFAULT_SHARED / "peers.sh",
                    help="peers.sh whose write_pelican/write_hugo make the peers' configs")
    ap.add_argument("--project", type=Path, default=PROJECT, help="project with build.py")
    ap.add_argument("--python", default=sys.executable, help="Python that runs ours")
    ap.add_argument("--ours-arg", action="append", default=[],
                    help="extra argument for `build.py build` (repeatable)")
    ap.add_argument("--no-install", action="store_true", help="fail instead of installing peers")
    ap.add_argument("--timeout", type=float, default=1800, help="per build, seconds")
    ap.add_argument("--no-edit-check", action="store_true",
                    help="do not check that the edited sentence reached the output")
    ap.add_argument("--write-results", nargs="?", const=str(HERE / "RESULTS.md"), default=None,
                    metavar="PATH", help="write the Markdown table (default bench/RESULTS.md)")
    ap.add_argument("--profile", action="store_true",
                    help="instead of benchmarking, run ours once (cold, then no-change) under a "
                         "profiler at the largest --sizes; profiles go to bench/work/")
    ap.add_argument("--profiler", choices=["pyinstrument", "py-spy", "cprofile"],
                    default="pyinstrument")
    ap.add_argument("--cold-clean", choices=["aside", "delete"], default="aside",
                    help="before a cold build, move the last output and caches into "
                         "<scratch>/cold-aside, removed when the run ends (default), or "
                         "delete them right away, which on an ext4 without a journal "
                         "charges the build for the kernel's skipping of recently freed "
                         "inodes (see Tool.clean_all)")
    ap.add_argument("--tree-mem", action="store_true",
                    help="also sample the summed PSS of the build's whole process tree "
                         "(for builds that fork workers); adds a tree_MB column")
    ap.add_argument("--report", type=Path, metavar="RAW.jsonl",
                    help="do not run anything: print (and with --write-results write) the "
                         "tables from a raw file that an earlier run left in bench/work/")
    a = ap.parse_args(argv)
    if a.report:
        return report_from_raw(a.report, a.write_results)

    sizes = sorted({int(s) for s in a.sizes.split(",") if s.strip()})
    peers = [] if a.peers.strip() in ("", "none") else [p.strip() for p in a.peers.split(",")]
    tools = ["ours"] + peers
    if a.only:
        tools = [t.strip() for t in a.only.split(",")]
    if a.profile:
        tools = ["ours"]
    for t in tools:
        if t not in TOOLS:
            ap.error(f"unknown tool {t!r} (choose from {', '.join(TOOLS)})")
    tools = [t for t in TOOLS if t in tools]       # fixed order in tables

    scratch = a.scratch.resolve()
    (scratch / "logs").mkdir(parents=True, exist_ok=True)
    WORK.mkdir(parents=True, exist_ok=True)
    install_log = scratch / "logs" / "install.log"

    ctx = Ctx()
    ctx.ours = Ours(a.project.resolve(), a.python, a.ours_arg)
    ctx.ours_python_version = tool_version([a.python, "-c", "import platform;"
                                            "print(platform.python_version())"])
    if "ours" in tools and not ctx.ours.available:
        log(f"NOTICE: skipping ours: {ctx.ours.reason}")
        tools.remove("ours")
        if a.profile:
            return 1
    elif "ours" in tools and not ctx.ours.has_cache:
        log("note: `build.py build` has no --cache option yet; running ours without it")
    ctx.pelican = ctx.hugo = None
    ctx.pelican_version = ctx.hugo_version = "-"
    if "pelican" in tools:
        ctx.pelican = ensure_pelican(scratch / "pelican-venv", not a.no_install, install_log)
        ctx.pelican_version = tool_version([str(ctx.pelican), "--version"])
    if "hugo" in tools:
        ctx.hugo = ensure_hugo(not a.no_install, install_log)
        ctx.hugo_version = tool_version([str(ctx.hugo), "version"], r"(v[0-9][^\s]*)")
    if not tools:
        log("nothing to run")
        return 1
    if any(t in tools for t in ("pelican", "hugo")) and not a.peers_script.exists():
        raise SystemExit(f"peers script not found: {a.peers_script} (use --peers-script)")
    if not a.corpus_script.exists():
        raise SystemExit(f"corpus script not found: {a.corpus_script} (use --corpus-script)")
    corpus = load_corpus_module(a.corpus_script.resolve())

    # ---- corpora and configs
    log(f"tools: {', '.join(tools)}; sizes: {sizes}; "
        f"{'profile' if a.profile else f'runs: {a.runs}'}; scratch: {scratch}")
    if a.profile:
        ctx.profile_n = max(sizes)
        site = scratch / f"ours-{ctx.profile_n}"
        ensure_corpus(corpus, "ours", site, ctx.profile_n, a.seed)
        profile_ours(ctx, site, a.profiler, scratch)
        return 0

    specs: dict[int, dict[str, Tool]] = {}
    edit_name: dict[int, str] = {}
    for n in sizes:
        specs[n] = {}
        for t in tools:
            site = scratch / f"{t}-{n}"
            ensure_corpus(corpus, t, site, n, a.seed)
            if t in ("pelican", "hugo"):
                write_peer_config(a.peers_script, t, site)
            specs[n][t] = make_tool(t, site, ctx)
        names = {pick_edit_article(content_dir(t, specs[n][t].site)) for t in tools}
        if len(names) != 1:
            raise SystemExit(f"corpora differ for N={n}: edit candidates {names}")
        edit_name[n] = names.pop()
        for t in tools:
            repair_stale_edit(content_dir(t, specs[n][t].site) / edit_name[n])
        log(f"  N={n}: edited article = {edit_name[n]}")

    # ---- measure
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    raw_path = WORK / f"raw-{stamp}.jsonl"
    meta = {"meta": machine_info(ctx), "sizes": sizes, "tools": tools, "runs": a.runs,
            "cmdline": display_argv(argv), "cold_clean": a.cold_clean}
    raw_path.write_text(json.dumps(meta, ensure_ascii=False) + "\n", encoding="utf-8")
    records: list[dict] = []
    failed: set[tuple[int, str]] = set()
    aside = scratch / "cold-aside" if a.cold_clean == "aside" else None
    for n in sizes:
        for run in range(1, a.runs + 1):
            k = (run - 1) % len(tools)
            order = tools[k:] + tools[:k]           # rotate the order run by run
            for t in order:
                if (n, t) in failed:
                    continue
                tool = specs[n][t]
                edit_file = content_dir(t, tool.site) / edit_name[n]
                try:
                    rec = measure_one(tool, edit_file, run, n, scratch / "logs", a.timeout,
                                      not a.no_edit_check, a.tree_mem, aside)
                except BuildFailed as e:
                    log(f"  FAILED {t} N={n} run {run}: {e}")
                    failed.add((n, t))
                    continue
                rec["version"] = tool.version
                rec["when"] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
                records.append(rec)
                with open(raw_path, "a", encoding="utf-8") as f:
                    f.write(json.dumps(rec, ensure_ascii=False) + "\n")
                warn = ("" if rec.get("edit_visible") is not False
                        and rec.get("again_visible") is not False else "  EDIT NOT IN OUTPUT")
                tree = f" (tree {rec['tree_peak_kb'] / 1024:.0f})" if "tree_peak_kb" in rec else ""
                log(f"  N={n} run {run} {t:8s} cold {rec['cold']:7.2f} s  nochange "
                    f"{rec['nochange']:7.2f} s  edit {rec['edit']:7.2f} s  again "
                    f"{rec['again']:7.2f} s  peak "
                    f"{rec['peak_kb'] / 1024:6.0f} MB{tree}  pages {rec['pages']}{warn}")

    if aside is not None:
        # After the last build of this run; a run started within about five minutes
        # pays for these freed inodes in its first cold builds (see the README).
        shutil.rmtree(aside, ignore_errors=True)
        os.sync()
    log(f"raw measurements: {raw_path}; build logs: {scratch / 'logs'}")
    report(records, meta, a.write_results)
    return 1 if failed else 0


def report(records: list[dict], meta: dict, write_results: str | None) -> None:
    info, sizes, runs = meta["meta"], meta["sizes"], meta["runs"]
    done_tools = [t for t in TOOLS if any(r["tool"] == t for r in records)]
    sizes = [n for n in sizes if any(r["n"] == n for r in records)]
    print()
    print(f"{info['date']}  {info['machine']}, {info['cores']} cores, {info['cpu']}, "
          f"{info['memory']}; Python {info['python'].split()[0]}")
    print(f"ours {info['ours']}; Pelican {info['pelican']}; Hugo {info['hugo']}")
    print(f"before each cold build the last output and caches were {cleaned(meta)}")
    print()
    print(render_tables(records, sizes, done_tools, runs, markdown=False))
    if write_results:
        if not records:
            log("nothing measured; RESULTS.md not written")
        else:
            Path(write_results).write_text(
                results_markdown(records, sizes, done_tools, runs, info, meta["cmdline"],
                                 cleaned(meta)),
                encoding="utf-8")
            log(f"wrote {write_results}")


def report_from_raw(path: Path, write_results: str | None) -> int:
    lines = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    metas = [x for x in lines if "meta" in x]
    records = [x for x in lines if "meta" not in x]
    if not metas:
        raise SystemExit(f"{path}: no meta line (written by an older run.py)")
    report(records, metas[0], write_results)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt as e:
        log(f"\ninterrupted ({e or 'Ctrl-C'}); the running build was stopped and the edited "
            "article restored")
        sys.exit(130)
