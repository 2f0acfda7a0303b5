"""Write front matter the generator's own reader reads back exactly: the one writer used by
`new` and by every importer.

Keys come out in the README's order, then any others in the order given. Every text is
double-quoted with JSON escaping (valid YAML), so nothing is ever coerced (`no`, `0123`,
`1.10` stay text) and no character can break out of its line; lists are written inline;
dates in ISO 8601 with their offset, so they mean the same whatever the site's time zone.
"""
from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Iterable, Mapping, Union

Value = Union[str, bool, datetime, Iterable[str], None]

ORDER = ("title", "date", "updated", "tags", "category", "author", "authors", "summary",
         "image", "image_caption", "slug", "draft", "aliases", "source")
# JSON leaves these raw, but YAML reads them as line breaks or refuses them.
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
_KEY = re.compile(r"^[a-z][a-z0-9_]*$")


def front_matter(fields: Mapping[str, Value], keep_empty: Iterable[str] = ()) -> str:
    """The `---` block for these fields; None, empty texts and empty lists are left out,
    except the keys in `keep_empty`, written as `key:` (a skeleton to fill in)."""
    keys = [k for k in ORDER if k in fields] + [k for k in fields if k not in ORDER]
    lines = ["---"]
    for key in keys:
        if not _KEY.match(key):
            raise ValueError(f"not a front-matter key: {key!r}")
        value = fields[key]
        written = _value(value)
        if written is not None:
            lines.append(f"{key}: {written}")
        elif key in keep_empty:
            lines.append(f"{key}:")
    lines.append("---")
    return "\n".join(lines) + "\n"


def quoted(text: str) -> str:
    """A YAML double-quoted scalar of exactly this text."""
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}",
                            json.dumps(text, ensure_ascii=False))


def iso_date(when: datetime) -> str:
    """`2020-09-15T15:44:00+07:00`: whole seconds, with the offset."""
    if when.tzinfo is None:
        raise ValueError("a date to write needs its time zone")
    return when.replace(microsecond=0).isoformat()


def _value(value: Value) -> str | None:
    """The YAML text of one value, or None when there is nothing to write."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else None
    if isinstance(value, datetime):
        return iso_date(value)
    if isinstance(value, str):
        return quoted(value) if value else None
    items = [item for item in value if item]
    if not items:
        return None
    return "[" + ", ".join(quoted(item) for item in items) + "]"
