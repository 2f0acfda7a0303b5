"""Split a content file into front matter and body, and read the YAML safely with positions.

Every scalar stays text (no YAML 1.1 surprises: `no` is not False, `0123` is not 83);
duplicate keys, aliases and `!!` tags are errors; positions are lines of the file.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Union

import yaml

from ..core.errors import ContentError, Problem, Text

try:  # libyaml's C parser is several times faster; the pure-Python one behaves the same
    _Loader = yaml.CBaseLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.BaseLoader

_FENCE = re.compile(r"^---[ \t]*$")
_CLOSE = re.compile(r"^(---|\.\.\.)[ \t]*$")
MAX_DEPTH = 50  # levels of lists and mappings; real front matter uses two or three
_ALLOWED_TAGS = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}


@dataclass(frozen=True)
class Node:
    """A YAML value with where it was written: `value` is str, tuple of Node or dict."""

    value: Union[str, tuple, dict, None]
    line: int
    col: int
    plain: bool = True  # an unquoted scalar (only those can mean null or a boolean)

    @property
    def is_scalar(self) -> bool:
        """True for text values (including null)."""
        return not isinstance(self.value, (tuple, dict))

    def to_python(self):
        """Plain Python data for templates: str, None, list, dict."""
        if isinstance(self.value, tuple):
            return [item.to_python() for item in self.value]
        if isinstance(self.value, dict):
            return {key: node.to_python() for key, (_, node) in self.value.items()}
        return self.value


@dataclass(frozen=True)
class SplitFile:
    """A content file cut into its YAML block and its Markdown body."""

    yaml_text: str
    yaml_line: int  # file line of the first YAML line
    body: str
    body_line: int  # file line of the first body line


def split(text: str, path: str) -> SplitFile:
    """Cut `text` (LF newlines, no BOM) at its `---` fences; raise ContentError if absent."""
    lines = text.split("\n")
    if not lines or not _FENCE.match(lines[0]):
        raise ContentError(Problem(path, 1, None, None,
                                   Text.of("content", "front_matter_missing")))
    for index in range(1, len(lines)):
        if _CLOSE.match(lines[index]):
            return SplitFile("\n".join(lines[1:index]), 2, "\n".join(lines[index + 1:]),
                             index + 2)
    raise ContentError(Problem(path, 1, None, None,
                               Text.of("content", "front_matter_not_closed")))


_QUOTED_VALUE = re.compile(r"""^(\s*(?:-\s+)?[^\s#"'][^:#]*:\s+|\s*-\s+)(["'])(.*)$""")


def _unclosed_quote(yaml_text: str, before: int) -> tuple[int, int] | None:
    """(line index, column) of a value's opening quote not closed on its own line, at or
    before line index `before`; libyaml reads on into later lines and blames one of them."""
    for index, line in enumerate(yaml_text.split("\n")[:before + 1]):
        match = _QUOTED_VALUE.match(line)
        if not match:
            continue
        quote, rest = match[2], match[3]
        if quote == '"':
            closed = '"' in re.sub(r"\\.", "", rest)  # \" inside is not the end
        else:
            closed = "'" in rest.replace("''", "")  # '' inside is not the end
        if not closed:
            return index, len(match[1])
    return None


def _yaml_problem(exc: Exception, path: str, first_line: int, yaml_text: str = "") -> Problem:
    """Turn a PyYAML error into a Problem at the offending character's line and column."""
    context_mark = getattr(exc, "context_mark", None)
    problem_mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    # PyYAML's own words (`problem`, `context`) are English: they stay as the parser says them.
    if "tab character" in problem and problem_mark is not None:
        # The tab is where the problem is; the context is the value before it.
        tab_line = yaml_text.split("\n")[problem_mark.line] if yaml_text else ""
        column = tab_line.find("\t") if "\t" in tab_line else problem_mark.column
        return Problem(path, first_line + problem_mark.line, column + 1, None,
                       _invalid_yaml(problem, hint=Text.of("content", "yaml_hint_tabs")))
    unclosed = _unclosed_quote(yaml_text, problem_mark.line) if problem_mark else None
    if unclosed is not None:
        return Problem(path, first_line + unclosed[0], unclosed[1] + 1, None,
                       Text.of("content", "yaml_quote_not_closed"))
    # An unclosed `[`, `{` or quote is best shown where it opens; a block mapping opens
    # on the first line, so for it (bad indentation) the place of the problem tells more.
    where: Text | str = ""
    if context and context_mark and ("block" not in context or problem_mark is None):
        mark = context_mark
        where = Text.of("content", "yaml_context_here", context=context)
    else:
        mark = problem_mark or context_mark
        if context and context_mark:
            where = Text.of("content", "yaml_context_line", context=context,
                            line=first_line + context_mark.line)
    hint = (Text.of("content", "yaml_hint_colon") if "mapping values are not allowed" in problem
            else "")
    message = _invalid_yaml(problem, where, hint)
    if mark is None:
        return Problem(path, first_line, None, None, message)
    return Problem(path, first_line + mark.line, mark.column + 1, None, message)


def _invalid_yaml(problem: str, where: Text | str = "", hint: Text | str = "") -> Text:
    """`front matter is not valid YAML: <the parser's words><where it starts><what to do>`."""
    return Text.of("content", "yaml_invalid", problem=problem, where=where, hint=hint)


def parse_yaml(split_file: SplitFile, path: str) -> dict[str, tuple[int, Node]]:
    """Read the YAML block into {key: (key line, value Node)}; raise ContentError."""
    first = split_file.yaml_line
    try:
        deep = _too_deep(split_file.yaml_text)
        if deep is not None:
            raise ContentError(Problem(path, first + deep.line, deep.column + 1, None,
                                       Text.of("content", "front_matter_too_deep",
                                               levels=MAX_DEPTH)))
        root = yaml.compose(split_file.yaml_text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise ContentError(_yaml_problem(exc, path, first, split_file.yaml_text)) from None
    except (ValueError, UnicodeError) as exc:
        raise ContentError(Problem(path, first, None, None, _invalid_yaml(str(exc)))) from None
    if root is None:
        return {}
    if not isinstance(root, yaml.MappingNode):
        raise ContentError(Problem(path, first + root.start_mark.line, root.start_mark.column + 1,
                                   None, Text.of("content", "front_matter_not_mapping")))
    problems: list[Problem] = []
    converted = _convert(root, path, first, set(), problems)
    if problems:
        raise ContentError(problems)
    return converted.value


def _too_deep(text: str):
    """The mark of the first list or mapping nested deeper than MAX_DEPTH, else None.

    Composing builds the tree recursively (libyaml in C, then `_convert`): a few kB of
    `[[[[…` would exhaust the stack, and crash the process outright once deep enough.
    Parse events come one by one, so counting them is safe; it is skipped for ordinary
    front matter, which cannot nest deeper than it has signs that open a level.
    """
    if sum(text.count(sign) for sign in "[{-:?\n") < MAX_DEPTH:
        return None
    try:
        return _first_too_deep(yaml.parse(text, Loader=_Loader))
    except yaml.YAMLError as exc:
        if "nesting depth" not in str(exc):
            raise
        # Newer libyaml refuses 1,000 levels itself, while reading ahead of the events we
        # count; the pure-Python parser has no limit and finds the same mark as older ones.
        return _first_too_deep(yaml.parse(text, Loader=yaml.BaseLoader))


def _first_too_deep(events):
    """The start mark of the first list or mapping event deeper than MAX_DEPTH, else None."""
    depth = 0
    for event in events:
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                return event.start_mark
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1
    return None


def _convert(node, path: str, first: int, seen: set, problems: list) -> Node:
    """Turn a PyYAML node tree into Nodes, reporting aliases, tags and duplicate keys."""
    line, col = first + node.start_mark.line, node.start_mark.column + 1
    if id(node) in seen:
        # The composer hands out the same node object again for every `*alias`;
        # one message per file is enough (an alias bomb would repeat it thousands of times).
        if not any(p.message == _ALIASES_REFUSED for p in problems):
            problems.append(Problem(path, line, col, None, _ALIASES_REFUSED))
        return Node(None, line, col)
    seen.add(id(node))
    if node.tag not in _ALLOWED_TAGS:
        problems.append(Problem(path, line, col, None,
                                Text.of("content", "yaml_tag", tag=_short_tag(node.tag))))
        return Node(None, line, col)
    if isinstance(node, yaml.ScalarNode):
        plain = not node.style  # the C parser says '' where the Python one says None
        value = None if plain and node.value in ("", "~", "null", "Null", "NULL") else node.value
        return Node(value, line, col, plain)
    if isinstance(node, yaml.SequenceNode):
        return Node(tuple(_convert(item, path, first, seen, problems) for item in node.value),
                    line, col)
    mapping: dict[str, tuple[int, Node]] = {}
    for key_node, value_node in node.value:
        key = _convert(key_node, path, first, seen, problems)
        if not key.is_scalar or key.value is None:
            problems.append(Problem(path, key.line, key.col, None,
                                    Text.of("content", "field_name_not_text")))
            continue
        if key.value in mapping:
            problems.append(Problem(path, key.line, key.col, key.value,
                                    Text.of("content", "duplicate_field",
                                            line=mapping[key.value][0])))
            continue
        mapping[key.value] = (key.line, _convert(value_node, path, first, seen, problems))
    return Node(mapping, line, col)


_ALIASES_REFUSED = Text.of("content", "yaml_aliases")


def _short_tag(tag: str) -> str:
    """`tag:yaml.org,2002:python/object` -> `!!python/object`."""
    return "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag
