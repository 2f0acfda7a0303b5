"""What the renderer hands each template, recorded from a real build of a real site."""
from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path

import jinja2
from jinja2.defaults import DEFAULT_NAMESPACE

from builder.core.config import BuildOptions, load_config
from builder.pipeline import build

GLOBALS = "(globals)"


def flatten(name: str, value, into: set[str]) -> None:
    """`name`, and one level below it: `page.title`, `posts[].title`."""
    into.add(name)
    if isinstance(value, Mapping):
        into.update(f"{name}.{key}" for key in value)
    elif isinstance(value, (list, tuple)):
        for item in value:
            if isinstance(item, Mapping):
                into.update(f"{name}[].{key}" for key in item)


def record_build(site: Path, monkeypatch) -> dict[str, set[str]]:
    """Build `site` in this process and return, per template name, every variable it was
    given (the globals under GLOBALS). Jinja's own Template.render is wrapped to listen."""
    seen: dict[str, set[str]] = defaultdict(set)
    original = jinja2.Template.render

    def listening(template, *args, **kwargs):
        names = seen[template.name]
        for key, value in dict(*args, **kwargs).items():
            flatten(key, value, names)
        for key, value in template.globals.items():
            if key not in DEFAULT_NAMESPACE:
                flatten(key, value, seen[GLOBALS])
        return original(template, *args, **kwargs)

    monkeypatch.setattr(jinja2.Template, "render", listening)
    monkeypatch.chdir(site)
    config = load_config(site / "site.toml")
    build(config, BuildOptions(site / "content", site / "output", jobs=1))
    return dict(seen)
