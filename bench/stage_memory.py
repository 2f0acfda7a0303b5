"""Where a build's memory goes: the main process's resident size after each stage.

Runs `build.py build ...` in this process, with the pipeline's stage timer wrapped so that
each stage's end also prints the resident set size (Linux: /proc/self/statm), its growth
since the stage before and the process's peak so far. Workers are not counted
(bench/run.py --tree-mem measures the whole process tree); this says which stage of the
main process holds what.

    python bench/stage_memory.py --project . -- build --content C --output O --cache K --timings
"""
from __future__ import annotations

import argparse
import sys
from contextlib import contextmanager
from pathlib import Path

PAGE = 4096


def resident_mb() -> float:
    """This process's resident set size in MB (Linux)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE / 2**20


def peak_mb() -> float:
    """This process's highest resident set size so far, in MB (Linux: ru_maxrss in KB)."""
    import resource  # POSIX only, as is /proc: this tool measures on Linux
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    """Run the build command with the stage timer wrapped."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, default=Path(__file__).resolve().parents[1])
    parser.add_argument("command", nargs=argparse.REMAINDER,
                        help="the arguments of build.py, after --")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    sys.path.insert(0, str(args.project.resolve()))
    from builder import pipeline  # noqa: E402 - the project named on the command line
    from builder.cli import main as build_main  # noqa: E402

    timed = pipeline._stage
    last = [resident_mb()]

    @contextmanager
    def measured(report, name):
        """The pipeline's own stage timer, then the memory at the stage's end."""
        with timed(report, name):
            yield
        now = resident_mb()
        print(f"memory after {name}: {now:,.0f} MB ({now - last[0]:+,.0f}), "
              f"peak so far {peak_mb():,.0f} MB", file=sys.stderr)
        last[0] = now

    pipeline._stage = measured
    return build_main(command)


if __name__ == "__main__":
    sys.exit(main())
