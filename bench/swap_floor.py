"""The least an all-or-nothing build can spend on its output folder, measured alone.

`build` never writes into the published folder: it makes a complete new one and swaps it
in (issue 12, item 3). For an unchanged file that costs a hard link into the new folder,
and after the swap an unlink of the old folder's name. This script does only that for an
existing site (no Python of the generator runs): it links every file of the folder into a
scratch folder beside it, on 1..N threads, then removes the scratch folder, `--runs` times,
and prints medians. Whatever else a one-article build does comes on top of these figures.

With `--spare`, it also measures the floor of a build that starts from the site the last
one replaced (publish/output.py, the spare): every file linked into a spare folder beside
the site (not timed), then the spare looked over twice (for links before the build, for
what to delete before the swap) and each of its files compared with the site's (two file
lookups, on one thread).

    python bench/swap_floor.py /tmp/peerbench/ours-100000/output --threads 1,2,4 --runs 3
    python bench/swap_floor.py /tmp/peerbench/ours-100000/output --threads 2 --spare
"""
from __future__ import annotations

import argparse
import errno
import os
import shutil
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

PART = 512  # files a thread takes at once, as the generator's file threads do


def tree(top: Path) -> tuple[list[str], list[str]]:
    """(every file, every folder) under `top`, relative, folders before their contents."""
    files, folders = [], []
    for current, names, file_names in os.walk(top):
        rel = os.path.relpath(current, top)
        folders.append("" if rel == "." else rel)
        files.extend(os.path.join(rel, name) if rel != "." else name for name in file_names)
        names.sort()
    return files, folders


def link_or_copy(source: str, target: str) -> None:
    """A hard link, or a copy where the file has as many links as its file system allows
    (the build copies too: a picture used by thousands of photos of a generated corpus)."""
    try:
        os.link(source, target)
    except OSError as exc:
        if exc.errno != errno.EMLINK:
            raise
        shutil.copy2(source, target)


def on_threads(function, items: list[str], threads: int) -> None:
    """`function` over parts of `items`, on `threads` threads."""
    parts = [items[i:i + PART] for i in range(0, len(items), PART)]
    if threads < 2:
        for part in parts:
            function(part)
        return
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(function, parts))


def scratch_of(top: Path) -> Path:
    """The folder beside the site that each run links into and removes."""
    return top.parent / f".{top.name}.swap-floor-{os.getpid()}"


def one_run(top: Path, files: list[str], folders: list[str], threads: int) -> tuple[float, float]:
    """Seconds to link every file into a new folder, and to remove that folder."""
    source, target = str(top), str(scratch_of(top))
    started = time.perf_counter()
    for folder in folders:
        os.makedirs(os.path.join(target, folder), exist_ok=True)

    def link(part: list[str]) -> None:
        for rel in part:
            link_or_copy(os.path.join(source, rel), os.path.join(target, rel))

    on_threads(link, files, threads)
    linked = time.perf_counter() - started
    started = time.perf_counter()

    def unlink(part: list[str]) -> None:
        for rel in part:
            os.unlink(os.path.join(target, rel))

    on_threads(unlink, files, threads)
    for folder in sorted(folders, key=lambda f: f.count(os.sep) + bool(f), reverse=True):
        os.rmdir(os.path.join(target, folder) if folder else target)
    return linked, time.perf_counter() - started


def entries(top: str) -> int:
    """How many entries the folder holds, looked over as the build does (scandir)."""
    count, waiting = 0, [top]
    while waiting:
        for entry in os.scandir(waiting.pop()):
            count += 1
            if entry.is_dir(follow_symlinks=False):
                waiting.append(entry.path)
    return count


def spare_run(top: Path, files: list[str], folders: list[str]) -> tuple[float, float]:
    """With a spare of every file (made untimed): seconds to look it over twice, and to
    compare each of its files with the site's."""
    source, target = str(top), str(scratch_of(top))
    for folder in folders:
        os.makedirs(os.path.join(target, folder), exist_ok=True)
    for rel in files:
        link_or_copy(os.path.join(source, rel), os.path.join(target, rel))
    started = time.perf_counter()
    assert entries(target) == entries(target) == len(files) + len(folders) - 1
    walked = time.perf_counter() - started
    started = time.perf_counter()
    linked = 0  # the others were copied (too many links)
    for rel in files:
        linked += os.path.samestat(os.lstat(os.path.join(target, rel)),
                                   os.lstat(os.path.join(source, rel)))
    checked = time.perf_counter() - started
    assert linked > 0
    return walked, checked


def medians(run, top: Path, runs: int) -> tuple[float, float, float, str]:
    """`run()` (two timings) `runs` times, the scratch folder removed after each: the
    median of each timing and of their sums, and every sum."""
    firsts, seconds = [], []
    for _ in range(runs):
        try:
            first, second = run()
        finally:
            shutil.rmtree(scratch_of(top), ignore_errors=True)
        firsts.append(first)
        seconds.append(second)
    totals = [a + b for a, b in zip(firsts, seconds)]
    return (statistics.median(firsts), statistics.median(seconds), statistics.median(totals),
            ", ".join(f"{t:.2f}" for t in totals))


def main(argv: list[str] | None = None) -> int:
    """Measure and print the floor for each thread count."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path, help="a built site (left untouched)")
    parser.add_argument("--threads", default="1,2,4", help="thread counts to try")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--spare", action="store_true",
                        help="also measure a build that starts from the replaced site")
    args = parser.parse_args(argv)
    if not args.output.is_dir():
        parser.error(f"{args.output} is not a folder")
    files, folders = tree(args.output)
    load = f"; load {os.getloadavg()[0]:.2f}" if hasattr(os, "getloadavg") else ""
    print(f"{args.output}: {len(files):,} files in {len(folders):,} folders{load}")
    for threads in (int(t) for t in args.threads.split(",")):
        linked, removed, both, totals = medians(
            lambda threads=threads: one_run(args.output, files, folders, threads),
            args.output, args.runs)
        print(f"{threads} thread(s): link {linked:.2f} s, remove {removed:.2f} s, "
              f"both {both:.2f} s (medians of {args.runs}; totals {totals})")
    if args.spare:
        walked, checked, both, totals = medians(
            lambda: spare_run(args.output, files, folders), args.output, args.runs)
        print(f"spare: two looks over it {walked:.2f} s, compare every file {checked:.2f} s, "
              f"both {both:.2f} s (medians of {args.runs}; totals {totals})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
