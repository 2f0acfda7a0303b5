"""One root error for the whole generator, and the problem records it carries."""
from __future__ import annotations

import errno
from dataclasses import dataclass
from pathlib import Path

from .i18n import DEFAULT_LANGUAGE, catalogue


@dataclass(frozen=True)
class Text:
    """A message of the catalogue not yet put into words: group, key and its values.

    Problems carry it so that the same problem reads in the run's language wherever it is
    shown (terminal, preview overlay); a value may itself be a Text (a reason inside a message).
    """

    group: str
    key: str
    values: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, group: str, key: str, **values) -> "Text":
        """The message (group, key) with its `{placeholders}` values."""
        return cls(group, key, tuple(sorted(values.items())))

    def render(self, language: str) -> str:
        """The message in `language`, nested Texts rendered in the same language."""
        return catalogue(language).text(self.group, self.key, **{
            name: render(value, language) for name, value in self.values})

    def __str__(self) -> str:
        return self.render(DEFAULT_LANGUAGE)

    def __lt__(self, other) -> bool:
        return str(self) < str(other)

    def __gt__(self, other) -> bool:
        return str(self) > str(other)


def render(message, language: str):
    """A Text, Problem or anything else in `language` (plain texts are shown as they are,
    a fraction with one decimal the language's way: `4,8` in Vietnamese, `4.8` in English)."""
    if isinstance(message, (Text, Problem)):
        return message.render(language)
    if isinstance(message, float):
        from .text import format_number  # text.py itself raises Texts: imported when used
        return format_number(message, language, 1)
    return message


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong (or worth a warning), located in a file."""

    path: str
    line: int | None = None
    col: int | None = None
    field: str | None = None
    message: "str | Text" = ""

    def __str__(self) -> str:
        """Render as `path:line:col: field: message` in Vietnamese (the default language)."""
        return self.render(DEFAULT_LANGUAGE)

    def render(self, language: str) -> str:
        """Render as `path:line:col: field: message` in `language`, leaving out what is unknown."""
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.col is not None:
                where += f":{self.col}"
        parts = [where]
        if self.field:
            parts.append(self.field)
        parts.append(render(self.message, language))
        return ": ".join(parts)


class BuildError(Exception):
    """Root of every error the generator reports to the user (never a traceback)."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...] | Problem | str):
        if isinstance(problems, (Problem, str)):
            problems = [problems]
        self.problems: tuple[Problem | str, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self):
        """Keep the problems when the error crosses from a worker process to the parent."""
        return (type(self), (self.problems,))


class ConfigError(BuildError):
    """`site.toml` or the command-line options are wrong."""


class ContentError(BuildError):
    """One or more content files are wrong."""


class TemplateError(BuildError):
    """A template failed to compile or to render."""


class OutputError(BuildError):
    """The output folder cannot be written safely."""


class LockError(BuildError):
    """Another build holds the output lock."""


class WorkerError(BuildError):
    """A worker process died before finishing its share of the build."""


def write_error(exc: OSError, path: Path) -> OutputError:
    """A plain-words error for disk full, permissions and the like."""
    known = {errno.ENOSPC: "disk_full", errno.EACCES: "permission_denied",
             errno.EROFS: "read_only", errno.EDQUOT: "quota_exceeded"}.get(exc.errno)
    reason = Text.of("output", known) if known else (exc.strerror or str(exc))
    return OutputError(Problem(str(path), None, None, None,
                               Text.of("output", "cannot_write", reason=reason)))
