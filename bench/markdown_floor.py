"""What converting a corpus's bodies costs on one core, from Python-Markdown alone up to
our whole per-file work: the floor under the content stage of a cold build.

A cold build cannot convert faster than Python-Markdown (a fixed dependency) converts
the bodies, and on a machine with C cores not faster than that CPU time over C. This
script measures, one core, each body once (after one warm-up pass over the first
hundred), in the order of the folder:

  plain       markdown.Markdown() with no extension, reset between bodies;
  extensions  the standard extensions our converter loads, with its settings;
  converter   our Converter (the above plus links, images, lead text, checks);
  file        our whole per-file work: read, front matter, convert (process_file).

    python bench/markdown_floor.py /tmp/peerbench/ours-10000/content [--cores 2]
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import markdown

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from builder.content.front_matter import split  # noqa: E402
from builder.content.loading import process_file  # noqa: E402
from builder.content.markdown_convert import Converter  # noqa: E402
from builder.core.config import load_config  # noqa: E402
from builder.workers import default_jobs  # noqa: E402

WARM_UP = 100


def bodies_of(sources: list[Path]) -> list[str]:
    """Each file's Markdown body, cut from its front matter as a build cuts it."""
    return [split(path.read_text(encoding="utf-8"), str(path)).body for path in sources]


def cpu_seconds(work, items: list) -> float:
    """CPU time of `work` over every item, after a warm-up pass over the first few."""
    for item in items[:WARM_UP]:
        work(item)
    start = time.process_time()
    for item in items:
        work(item)
    return time.process_time() - start


def standard_markdown() -> markdown.Markdown:
    """The standard extensions and settings our converter starts from, none of ours."""
    return markdown.Markdown(
        extensions=["tables", "footnotes", "attr_list", "fenced_code", "sane_lists"],
        extension_configs={"tables": {"use_align_attribute": True}}, output_format="html")


def measure(content_dir: Path) -> dict[str, float]:
    """CPU seconds of each level of work over every article of `content_dir`."""
    sources = sorted(content_dir.rglob("*.md"))
    relative = [str(path.relative_to(content_dir)).replace(os.sep, "/") for path in sources]
    bodies = bodies_of(sources)
    config = load_config(None)
    plain, standard = markdown.Markdown(output_format="html"), standard_markdown()
    ours = Converter(config.raw_html, config.language)

    def convert_plain(body: str) -> str:
        plain.reset()
        return plain.convert(body)

    def convert_standard(body: str) -> str:
        standard.reset()
        return standard.convert(body)

    def convert_ours(body: str):
        return ours.convert(body, "a.md", "content/a.md", 1, content_dir)

    def whole_file(source: str):
        return process_file(content_dir, source, config, "content", ours)

    return {"articles": len(sources),
            "plain": cpu_seconds(convert_plain, bodies),
            "extensions": cpu_seconds(convert_standard, bodies),
            "converter": cpu_seconds(convert_ours, bodies),
            "file": cpu_seconds(whole_file, relative)}


def main(argv: list[str] | None = None) -> int:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content", type=Path, help="a corpus's content folder")
    parser.add_argument("--cores", type=int, default=default_jobs(),
                        help="cores a build spreads over (default: a build's --jobs)")
    args = parser.parse_args(argv)
    result = measure(args.content.resolve())
    count = result.pop("articles")
    print(f"{count} articles, one core; 'at best' = CPU over {args.cores} cores")
    print(f"{'level':<11} {'cpu_s':>8} {'ms/article':>11} {'at best, s':>11}")
    for level, seconds in result.items():
        print(f"{level:<11} {seconds:8.2f} {1000 * seconds / count:11.3f} "
              f"{seconds / args.cores:11.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
