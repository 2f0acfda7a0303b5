"""Read a plain-text copy of a news page (a browser's "select all, copy") into page facts.

Such a copy is a column of lines: menus, the title, the date line, font-size buttons,
the body (photos gone, their caption lines left), the byline, then the comment widget
and related news. The title is the line just before the article's date line.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import tzinfo
from pathlib import Path

from builder.core.errors import Text
from builder.importing import cruft, dates
from builder.importing.article import NotUnderstood, PageFacts, Paragraph
from builder.importing.captions import looks_like_caption_line
from builder.importing.markdown_out import escape_text

_CRUMB_SEPARATOR = re.compile(r"\s+[>»›/]\s+")
_PARAGRAPH_LENGTH = 60  # characters: shorter lines are menus, buttons and headlines
_PORTAL_NAME = re.compile(r"^(?:cổng|trang)\s+thông\s+tin\b|^báo\s+điện\s+tử\b", re.IGNORECASE)
_PUBLICATION = re.compile(
    r"^(?:báo|tạp\s+chí|cổng\s+thông\s+tin|trang\s+thông\s+tin|đài)\b(?:\s+\S+){0,6}$", re.IGNORECASE
)
_CLOCK = re.compile(r"(?<![\d:])(?P<H>[01]?\d|2[0-3])\s?[:h](?P<M>[0-5]\d)(?![\d:])")
_HOME = re.compile(r"^(?:trang\s+chủ|home)$", re.IGNORECASE)


def read_plain_text(text: str, path: Path, label: str | None = None,
                    zone: tzinfo = dates.VIETNAM) -> PageFacts:
    """The article in a plain-text copy (its date on the clock of `zone`); NotUnderstood when
    no title and date line are found."""
    lines = [" ".join(line.replace("\xa0", " ").split()) for line in text.splitlines()]
    title_at, date_at = _title_and_date(lines)
    found = article_date(lines[date_at], zone)
    # Buttons go first, so that the lead paragraph is the first line of text.
    body = [line for line in lines[date_at + 1 :] if line and not cruft.is_furniture_line(line)]
    return PageFacts(
        label=label or str(path),
        title=lines[title_at],
        published=found.when if found else None,
        blocks=tuple(_paragraph(line, first=index == 0) for index, line in enumerate(body)),
        source=path.name,
        base_dir=path.parent,
        category=_breadcrumb_category(lines[:title_at]),
    )


def _title_and_date(lines: list[str]) -> tuple[int, int]:
    """Line numbers of the title and the article's date line.

    A copy may hold several "headline, then date" pairs: the portal's "today" header
    under the site name or a menu item, news lists in a sidebar. The article's date line
    is the one followed by the most paragraph text before the next such pair.
    """
    candidates: list[tuple[int, int]] = []
    end = len(lines)
    for index, line in enumerate(lines):
        if candidates and cruft.is_tail_marker(line):
            end = index
            break
        previous = _title_line_before(lines, index)
        if line and previous is not None and article_date(line) and _title_like(lines[previous]):
            candidates.append((previous, index))
    if not candidates:
        raise NotUnderstood(Text.of("import", "no_title_and_date"))
    stops = [title_at for title_at, _ in candidates[1:]] + [end]
    weights = [
        sum(len(line) for line in lines[date_at + 1 : stop] if len(line) >= _PARAGRAPH_LENGTH)
        for (_, date_at), stop in zip(candidates, stops, strict=True)
    ]
    best = max(range(len(candidates)), key=lambda n: (weights[n], n))
    return candidates[best]


def article_date(line: str, zone: tzinfo = dates.VIETNAM) -> dates.FoundDate | None:
    """The date a date line states, also when buttons and counters stand on the same line
    ("Thứ 3, 15/09/2020 | 15:44:00 [GMT +7] A A", "Lượt xem: 1.234 | 15/09/2020"), and
    with the time when it stands apart ("Cập nhật lúc 16:20, Thứ Năm, 20/04/2023")."""
    stated = dates.find_dates(line, zone)
    if len(stated) != 1:
        return None
    date = stated[0]
    rest = line[: date.start] + " | " + line[date.end :]
    clock = None if date.has_time else _CLOCK.search(rest)
    if clock:
        rest = rest[: clock.start()] + " " + rest[clock.end() :]
    if dates.date_line(line[date.start : date.end] + " " + cruft.without_widget_words(rest)) is None:
        return None
    if clock:
        when = date.when.replace(hour=int(clock["H"]), minute=int(clock["M"]))
        return replace(date, when=when, has_time=True)
    return date


def _title_line_before(lines: list[str], index: int) -> int | None:
    """The closest filled line before a date line, passing over a publication's name
    ("Báo Long An điện tử") that a mobile share puts between the title and the date."""
    before = _previous_filled(lines, index)
    if before is not None and _PUBLICATION.match(lines[before]):
        return _previous_filled(lines, before)
    return before


def _previous_filled(lines: list[str], index: int) -> int | None:
    """The number of the closest non-empty line before this one."""
    for before in range(index - 1, -1, -1):
        if lines[before]:
            return before
    return None


def _title_like(line: str) -> bool:
    """True for a line that can be a headline: a few words, not a date or a widget."""
    return (
        len(line) >= 15
        and len(line.split()) >= 3
        and not _PORTAL_NAME.match(line)
        and article_date(line) is None
        and not cruft.is_furniture_line(line)
        and not cruft.is_tail_marker(line)
    )


def _paragraph(line: str, first: bool) -> Paragraph:
    """A body line as a paragraph; a caption-like line (not the lead) is marked as a caption."""
    looks = frozenset() if first or not looks_like_caption_line(line) else frozenset({"caption"})
    return Paragraph(escape_text(line), line, looks)


def _breadcrumb_category(head: list[str]) -> str:
    """The last step of a "Trang chủ > Tin tức > Dân vận" line above the title, if any."""
    for line in reversed(head):
        steps = _CRUMB_SEPARATOR.split(line)
        if len(steps) >= 2 and _HOME.match(steps[0]):
            return steps[-1].strip()
    return ""
