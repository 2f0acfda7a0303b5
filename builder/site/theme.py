"""The theme as Jinja sees it: the site's template folder laid over the built-in theme.

A name such as `article.html` is looked up in the site's folder first, then in the
built-in theme; `builtin/article.html` always names the built-in file, so a site template
can extend or include the one it replaces.
"""
from __future__ import annotations

import re
from pathlib import Path

import jinja2

BUILTIN_PREFIX = "builtin/"
_EXTENDS = re.compile(r"""\{%-?\s*extends\s+["']([^"']+)["']""")


class ThemeLoader(jinja2.BaseLoader):
    """Templates by name from the overlay folders, or from the built-in theme by prefix."""

    def __init__(self, template_dirs: tuple[Path, ...]):
        self.template_dirs = template_dirs
        self.overlay = jinja2.FileSystemLoader([str(d) for d in template_dirs],
                                               followlinks=False)
        self.builtin = jinja2.FileSystemLoader(str(template_dirs[-1]), followlinks=False)

    def get_source(self, environment, template):
        """Source, file name and up-to-date check of one template."""
        if template.startswith(BUILTIN_PREFIX):
            try:
                return self.builtin.get_source(environment, template[len(BUILTIN_PREFIX):])
            except jinja2.TemplateNotFound:
                raise jinja2.TemplateNotFound(template) from None
        return self.overlay.get_source(environment, template)

    def list_templates(self) -> list[str]:
        """Every template name, the built-in ones also under their prefix."""
        return sorted(set(self.overlay.list_templates())
                      | {BUILTIN_PREFIX + name for name in self.builtin.list_templates()})

    def file_of(self, name: str) -> Path | None:
        """The file a template name resolves to, if any."""
        try:
            _, filename, _ = self.get_source(None, name)
        except jinja2.TemplateNotFound:
            return None
        return Path(filename)


def extends_loop(loader: ThemeLoader, start: str) -> list[tuple[str, Path]] | None:
    """The chain of `{% extends %}` from `start` back to a template already in it, if any:
    [(name, file), ...] ending with the repeated one."""
    chain: list[tuple[str, Path]] = []
    seen: set[Path] = set()
    name = start
    while True:
        path = loader.file_of(name)
        if path is None:
            return None
        chain.append((name, path))
        if path in seen:
            return chain
        seen.add(path)
        try:
            found = _EXTENDS.search(path.read_text(encoding="utf-8", errors="replace"))
        except OSError:
            return None
        if not found:
            return None
        name = found[1]
