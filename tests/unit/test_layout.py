"""The subpackages of builder/ import one another in one direction only (docs/design.md).

core depends on nothing of ours; the stages (content, photos, site, publish) on core and
the stages before them; the incremental engine on core only; pipeline.py, cli.py,
commands/, preview/ and the `__main__` entry points sit on top. Every module is parsed,
not imported, so the rule holds for modules no test happens to load. Every import counts,
those inside functions too (a lazy import is still a dependency); imports under
`if TYPE_CHECKING:` are only for type names and are allowed everywhere.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "builder"

# What each part of builder/ may import besides itself, and why.
ALLOWED = {
    "core": (set(), "core depends on nothing of ours"),
    # workers.py is the process pool, a primitive on core only: the content stage uses it.
    "workers": ({"core"}, "workers.py is a primitive on core only"),
    "content": ({"core", "workers"}, "the content stage depends on core only"),
    "photos": ({"core", "content"}, "photos depend on core and the content stage"),
    "site": ({"core", "content", "photos"}, "site depends on core, content and photos"),
    "publish": ({"core", "content", "photos", "site"},
                "publish depends on core and the stages before it"),
    "incremental": ({"core"}, "the incremental engine depends on core only "
                              "(the stages it works with are passed in)"),
    "importing": ({"core", "content"}, "importing uses core's text rules and the "
                                       "front-matter writer"),
}
ON_TOP = {"pipeline", "quick_build", "cli", "__main__", "usage_errors", "progress", "commands",
          "preview"}


def part(parts: tuple[str, ...]) -> str:
    """The part of builder/ a module belongs to: its subpackage, or its own name at the top."""
    return parts[0]


def module_parts(path: Path) -> tuple[str, ...]:
    """builder/site/render.py -> ('site', 'render'); builder/cli.py -> ('cli',)."""
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return parts[:-1] if parts[-1] == "__init__" else parts


def every_statement(body: list[ast.stmt]):
    """Every statement, into blocks, functions and classes, but not under
    `if TYPE_CHECKING:`."""
    for node in body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            yield from every_statement(node.orelse)
            continue
        yield node
        for block in ("body", "orelse", "finalbody", "handlers", "cases"):
            inner = getattr(node, block, None)
            if isinstance(inner, list):
                yield from every_statement(inner)


def imported(tree: ast.Module, parts: tuple[str, ...], is_package: bool):
    """(line, target parts) of every import of ours."""
    for node in every_statement(tree.body):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "builder":
                    yield node.lineno, tuple(alias.name.split(".")[1:])
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                if (node.module or "").split(".")[0] != "builder":
                    continue
                base = tuple(node.module.split(".")[1:])
            else:
                package = parts if is_package else parts[:-1]
                base = package[:len(package) - (node.level - 1)]
                base += tuple(node.module.split(".")) if node.module else ()
            if base:
                yield node.lineno, base
            else:  # `from .. import x`: each name is a module of builder/
                for alias in node.names:
                    yield node.lineno, (alias.name,)


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_every_part_of_builder_has_a_rule():
    """A new subpackage or top module must be placed in the layout on purpose."""
    parts = {part(module_parts(path)) for path in modules() if module_parts(path)}
    assert parts <= set(ALLOWED) | ON_TOP


@pytest.mark.parametrize("path", modules(), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_imports_go_one_way(path: Path):
    """No module imports a part of builder/ its rule does not allow."""
    parts = module_parts(path)
    if not parts or part(parts) not in ALLOWED or parts[-1] == "__main__":
        return  # on top, an entry point, or without a rule (test_every_part_…_has_a_rule)
    own = part(parts)
    allowed, rule = ALLOWED[own]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    wrong = [f"line {line}: imports builder.{'.'.join(target)} ({rule})"
             for line, target in imported(tree, parts, path.name == "__init__.py")
             if part(target) != own and part(target) not in allowed]
    assert not wrong, f"{path.relative_to(PACKAGE.parent)}:\n" + "\n".join(wrong)
