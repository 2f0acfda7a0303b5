"""One root error for the whole generator, and the problem records it carries."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong (or worth a warning), located in a file."""

    path: str
    line: int | None = None
    col: int | None = None
    field: str | None = None
    message: str = ""

    def __str__(self) -> str:
        """Render as `path:line:col: field: message`, leaving out what is unknown."""
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.col is not None:
                where += f":{self.col}"
        parts = [where]
        if self.field:
            parts.append(self.field)
        parts.append(self.message)
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
