"""Read the dates Vietnamese news pages state, in the shapes their CMSs print them.

Handled: "Thứ 3, 15/09/2020 | 15:44:00 [GMT +7]", "Thứ Tư, 21/05/2025 05:32 (GMT +7)",
"15/09/2020 15:44", "15:44 | 15/09/2020", "ngày 15 tháng 9 năm 2020", ISO 8601 (meta tags,
Atom) and RFC 822 (RSS). Day comes before month, as everywhere in Vietnam. Times without
a zone are on the importing site's clock (its `timezone`, Vietnam time by default); every
result is returned on that clock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


@dataclass(frozen=True)
class FoundDate:
    """A date statement found in a text, and where it stands."""

    when: datetime
    has_time: bool
    start: int
    end: int


_TIME = r"(?P<H>\d{1,2})\s?[:h]\s?(?P<M>\d{2})(?::(?P<S>\d{2}))?"
_DMY = r"(?<![\d/.-])(?P<d>\d{1,2})(?P<sep>[/.-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4})(?![\d/.-]|\.\d)"
_ZONE = r"(?:\s*[\[(]?\s*(?:GMT|UTC)\s*(?P<sign>[+-])\s*(?P<zh>\d{1,2})(?::?(?P<zm>\d{2}))?\s*[\])]?)?"
_BETWEEN = r"\s*(?:[|,–—-]\s*)?(?:lúc\s+|ngày\s+)?"

_DATE_THEN_TIME = re.compile(_DMY + r"(?:" + _BETWEEN + _TIME + r")?" + _ZONE, re.IGNORECASE)
_TIME_THEN_DATE = re.compile(r"(?<!\d)" + _TIME + _BETWEEN + _DMY + _ZONE, re.IGNORECASE)
_WORDS = re.compile(
    r"(?:ngày\s+)?(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s*,?\s+năm\s+(?P<y>\d{4})",
    re.IGNORECASE,
)
_ISO = re.compile(
    r"(?<![\d-])(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"
    r"(?:[T ](?P<H>\d{2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?"
    r"\s*(?P<iso_zone>Z|[+-]\d{2}:?\d{2})?)?(?![\d])"
)
_RFC822 = re.compile(r"\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}")

# What may stand around a date on a date line without making it a sentence.
_DATE_LINE_WORDS = re.compile(
    r"thứ\s*(?:hai|ba|tư|năm|sáu|bảy|bẩy|[2-7])|chủ\s*nhật|\bcn\b|hôm\s+nay|"
    r"ngày\s+(?:đăng|cập\s+nhật|xuất\s+bản)|cập\s+nhật(?:\s+lúc)?|đăng(?:\s+(?:lúc|ngày))?|"
    r"xuất\s+bản|thời\s+gian|lượt\s+xem|ngày|lúc|giờ|gmt|utc|posted|published|updated",
    re.IGNORECASE,
)


def find_dates(text: str, zone: tzinfo = VIETNAM) -> list[FoundDate]:
    """Every valid date statement in the text, in reading order, on the clock of `zone` (also
    the zone of a time that states none); impossible dates are left out."""
    found: list[FoundDate] = []
    for pattern in (_TIME_THEN_DATE, _DATE_THEN_TIME, _ISO, _WORDS):
        for match in pattern.finditer(text):
            date = _to_found(match, zone)
            if date is not None:
                found.append(date)
    return _without_overlaps(found)


def parse_date(text: str, zone: tzinfo = VIETNAM) -> datetime | None:
    """The first date stated in a short text (meta value, feed field, date line), or None;
    on the clock of `zone`, which is also the zone of a time that states none."""
    text = " ".join(text.split())
    if _RFC822.search(text):
        try:
            return on_clock(parsedate_to_datetime(text), zone)
        except (TypeError, ValueError, IndexError):
            pass
    found = find_dates(text, zone)
    return found[0].when if found else None


def date_line(line: str) -> FoundDate | None:
    """The date when the line states nothing but a date (weekday, labels and zone allowed)."""
    found = find_dates(line)
    if len(found) != 1:
        return None
    rest = line[: found[0].start] + " " + line[found[0].end :]
    rest = _DATE_LINE_WORDS.sub(" ", rest)
    leftover_words = re.findall(r"[^\W\d_]+", rest)
    return found[0] if not leftover_words else None


def _to_found(match: re.Match[str], zone: tzinfo) -> FoundDate | None:
    """Turn a regex match into a FoundDate, or None when the date or time cannot exist."""
    parts = match.groupdict()
    has_time = parts.get("H") is not None
    try:
        naive = datetime(
            int(parts["y"]),
            int(parts["m"]),
            int(parts["d"]),
            int(parts["H"]) if has_time else 0,
            int(parts["M"]) if has_time else 0,
            int(parts["S"]) if has_time and parts.get("S") else 0,
        )
        stated = _zone_of(parts)
    except ValueError:
        return None
    if not 1900 <= naive.year <= 2200:
        return None
    aware = naive.replace(tzinfo=stated if stated is not None else zone)
    return FoundDate(on_clock(aware, zone), has_time, match.start(), match.end())


def _zone_of(parts: dict[str, str | None]) -> timezone | None:
    """The stated UTC offset ("GMT +7", "Z", "+07:00"), or None when no zone was stated."""
    iso_zone = parts.get("iso_zone")
    if iso_zone:
        if iso_zone.upper() == "Z":
            return timezone.utc
        sign = -1 if iso_zone[0] == "-" else 1
        digits = iso_zone[1:].replace(":", "")
        return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
    if parts.get("sign"):
        sign = -1 if parts["sign"] == "-" else 1
        return timezone(sign * timedelta(hours=int(parts["zh"]), minutes=int(parts.get("zm") or 0)))
    return None


def on_clock(moment: datetime, zone: tzinfo) -> datetime:
    """The same moment on the clock of `zone`; a naive time is taken to be on it already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=zone)
    return moment.astimezone(zone)


def _without_overlaps(found: list[FoundDate]) -> list[FoundDate]:
    """Keep the longest statement where several patterns matched the same words."""
    kept: list[FoundDate] = []
    for date in sorted(found, key=lambda d: (d.start, -(d.end - d.start))):
        if kept and date.start < kept[-1].end:
            continue
        kept.append(date)
    return kept
