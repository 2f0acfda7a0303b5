"""What keeping a build's model on disk between builds would cost: pickle it, read it back.

A one-shot `build` in a new process works the whole model out again (content entries,
tags, archives, cards, page plan) before it can tell which pages one edit touched. One way
out is to save what the preview's session keeps in memory (`LastBuild`: the content, the
site model, the views with their cards, the page plan) at the end of each build and read
it back in the next. This measures that: one preview-style build of the content folder
(with its cache), then, with the garbage collector off as in a build, how long pickling
and unpickling each part and all of it together takes, and its size.

    python bench/snapshot_cost.py [--project .] [--runs 3] --content C --cache K [--config F]
"""
from __future__ import annotations

import argparse
import gc
import pickle
import statistics
import sys
import tempfile
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    """Build once in memory, then time pickling its parts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, default=Path(__file__).resolve().parents[1])
    parser.add_argument("--runs", type=int, default=3)
    args, site_argv = parser.parse_known_args(argv)
    sys.path.insert(0, str(args.project.resolve()))
    from builder import cli, pipeline  # noqa: E402 - the project named on the command line
    from builder.incremental.session import Session  # noqa: E402
    from builder.publish.output import Staging  # noqa: E402

    # The build command's own site options (--content, --cache, --config, --jobs, ...).
    site_parser = argparse.ArgumentParser(prog="snapshot_cost.py")
    cli.add_site_arguments(site_parser, output=False)
    site_args = site_parser.parse_args(site_argv)
    with tempfile.TemporaryDirectory() as scratch:
        config, options = cli.site_settings(site_args, output_dir=Path(scratch) / "output")
        session = Session(Staging)
        started = time.perf_counter()
        pipeline.build(config, options, session=session)
        print(f"build: {time.perf_counter() - started:.1f} s", file=sys.stderr)
    last = session.last
    parts = {"content (articles, bodies)": last.loaded, "site model": last.site,
             "views (cards)": last.renderer.views, "page plan": last.specs}
    parts["all four together"] = tuple(parts.values())
    gc.disable()
    print("| part | pickle MB | dump s (median) | load s (median) |")
    print("|---|---:|---:|---:|")
    for name, value in parts.items():
        dumps, loads = [], []
        for _ in range(args.runs):
            started = time.perf_counter()
            data = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
            dumps.append(time.perf_counter() - started)
            started = time.perf_counter()
            pickle.loads(data)
            loads.append(time.perf_counter() - started)
            gc.collect()
        print(f"| {name} | {len(data) / 1e6:,.0f} | {statistics.median(dumps):.2f} | "
              f"{statistics.median(loads):.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
