"""Vietnamese text: normalization, slugs, term identity, collation, folding and dates."""
from __future__ import annotations

import hashlib
import re
from functools import lru_cache
import unicodedata
from datetime import datetime, timedelta, timezone

from slugify import slugify as _ascii_slugify

from .errors import Text


SLUG_MAX = 100

# Combining marks that carry the tone (thanh điệu), in the dictionary order of tones:
# ngang (none), huyền, hỏi, ngã, sắc, nặng.
TONE_MARKS = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}

# Letter order of the Vietnamese alphabet, with the Latin letters it lacks (f j w z)
# slotted where an editor would look for them in a mixed list.
ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {ch: i for i, ch in enumerate(ALPHABET)}

# XML 1.0 forbids C0 controls except tab/newline/CR, surrogates, U+FFFE/U+FFFF; C1 controls
# and the BOM are legal there but never wanted in text, so they go too.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\ufffe\uffff\ud800-\udfff]")
_SPACES = re.compile(r"\s+")


def nfc(text: str) -> str:
    """Return `text` in Unicode normalization form C."""
    return unicodedata.normalize("NFC", text)


def clean_text(text: str) -> str:
    """NFC-normalize and drop characters that are illegal in XML or invisible junk."""
    return _ILLEGAL.sub("", nfc(text))


# Punctuation common in Vietnamese titles, as text-unidecode spells it: with these and the
# tone/vowel marks gone, a Vietnamese title is plain ASCII and python-slugify skips its
# costly transliteration step (the result is the same; a property test checks it).
_PUNCTUATION = str.maketrans({"“": '"', "”": '"', "‘": "", "’": "", "–": "-", "—": "-",
                              "…": "...", "\u00a0": " "})


def _strip_marks(text: str) -> str:
    """Drop combining marks after NFD and map đ to d: `Đức Huệ` -> `Duc Hue`."""
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if not "\u0300" <= c <= "\u036f")
    return stripped.replace("Đ", "D").replace("đ", "d")


# Names Windows reserves for devices, whatever the extension (`con.html` too).
WINDOWS_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                              *(f"lpt{i}" for i in range(1, 10))})


@lru_cache(maxsize=65536)
def slugify(text: str, max_length: int = SLUG_MAX) -> str:
    """Transliterate to an ASCII slug `[a-z0-9]+(-[a-z0-9]+)*`; Đ/đ become d, never empty."""
    ascii_text = _strip_marks(fold_lookalikes(text)).translate(_PUNCTUATION)
    # HTML entity decoding scans with a regex of every entity name: only worth it with a '&'.
    entities = "&" in ascii_text
    slug = _ascii_slugify(ascii_text, max_length=max_length, word_boundary=True,
                          entities=entities, decimal=entities, hexadecimal=entities)
    if slug in WINDOWS_RESERVED:
        # Windows can neither make nor unzip `con.html` or `nul.xml` ("Con" is a common
        # Vietnamese word): every generated path segment comes from here, so none is one.
        return f"{slug}-0"
    if slug:
        return slug
    # Titles made only of symbols or scripts with no transliteration still need a stable name.
    return "x-" + hashlib.sha1(nfc(text).encode("utf-8", "surrogatepass")).hexdigest()[:8]


def heading_id(value: str, separator: str = "-") -> str:
    """Heading-id function for Python-Markdown's toc extension (keeps Đ as d)."""
    return slugify(value)


def _split_char(ch: str) -> tuple[str, int]:
    """Split one NFC character into its letter (with vowel marks) and its tone number."""
    decomposed = unicodedata.normalize("NFD", ch)
    tone = 0
    kept = []
    for c in decomposed:
        if c in TONE_MARKS:
            tone = TONE_MARKS[c]
        else:
            kept.append(c)
    return nfc("".join(kept)), tone


# Letters readers cannot tell from a Vietnamese letter, always: the eth and the African D
# draw exactly like Đ, so a tag typed with them is the same tag as with Đ.
_LOOKALIKE_LETTERS = {"\u00d0": "Đ", "\u0189": "Đ"}
# Greek and Cyrillic letters drawn like Latin ones: folded only inside a word that also has
# Latin letters (a stray Cyrillic "о" in "Hòa Bình"); a word wholly in Cyrillic is left alone.
_LOOKALIKE_IN_LATIN = {"а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "х": "x", "у": "y",
                       "і": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "һ": "h", "ο": "o", "ν": "v",
                       "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O",
                       "Р": "P", "С": "C", "Т": "T", "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S",
                       "Α": "A", "Β": "B", "Ε": "E", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
                       "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Χ": "X", "Υ": "Y", "Ζ": "Z"}
_WORD = re.compile(r"\w+")


def _fold_lookalike_word(match: re.Match) -> str:
    """One word with Greek/Cyrillic look-alikes made Latin, if the word has a Latin letter."""
    word = match.group(0)
    if not any(unicodedata.name(c, "").startswith("LATIN") for c in word):
        return word
    return "".join(_LOOKALIKE_IN_LATIN.get(c, c) for c in word)


# Any letter either table replaces: text without one (nearly every title and tag) is
# left as it is without looking at it word by word.
_ANY_LOOKALIKE = re.compile("[" + "".join(_LOOKALIKE_LETTERS) + "".join(_LOOKALIKE_IN_LATIN)
                            + "]")


def fold_lookalikes(text: str) -> str:
    """Replace letters drawn like a Vietnamese letter (Ð U+00D0 for Đ) by that letter; NFC."""
    text = nfc(text)
    if not _ANY_LOOKALIKE.search(text):
        return text
    text = "".join(_LOOKALIKE_LETTERS.get(c, c) for c in text)
    return nfc(_WORD.sub(_fold_lookalike_word, text))


def lookalikes_in(text: str) -> tuple[str, ...]:
    """The look-alike letters `fold_lookalikes` would replace, as `Ð (U+00D0)`, in order."""
    text = nfc(text)
    if not _ANY_LOOKALIKE.search(text):
        return ()
    found = []
    for match in _WORD.finditer(text):
        word = match.group(0)
        latin = any(unicodedata.name(c, "").startswith("LATIN") for c in word)
        found += [c for c in word
                  if c in _LOOKALIKE_LETTERS or (latin and c in _LOOKALIKE_IN_LATIN)]
    return tuple(dict.fromkeys(f"{c} (U+{ord(c):04X})" for c in found))


@lru_cache(maxsize=65536)
def term_key(text: str) -> str:
    """Identity of a tag or category: case, NFC/NFD and tone-mark placement do not matter.

    "Đức Hoà" and "Đức Hòa" give the same key; "Thanh Hóa" and "Thạnh Hóa" do not, nor do
    "Thanh-Hóa" and "Thạnh-Hóa": a syllable ends at every character that is not a letter.
    """
    parts, letters, tone = [], [], 0
    for ch in _SPACES.sub(" ", fold_lookalikes(text).casefold().strip()):
        letter, t = _split_char(ch)
        if letter.isalnum() or not letter:
            letters.append(letter)
            tone = t or tone
            continue
        # The tone belongs to the syllable, not to the vowel that happens to carry it.
        parts.append("".join(letters) + (f"#{tone}" if tone else "") + letter)
        letters, tone = [], 0
    parts.append("".join(letters) + (f"#{tone}" if tone else ""))
    return "".join(parts)


# Primary weights by class, as ICU orders them: spaces, then punctuation and symbols, then
# digits, then letters (a hyphen is a word break, so "An ninh - Quốc phòng" comes before
# "An ninh Tổ quốc", as in dictionaries).
_SPACE, _SYMBOL, _DIGIT, _LETTER, _OTHER = 0, 1 << 22, 2 << 22, 3 << 22, 4 << 22
# The punctuation and symbols of Vietnamese text in ICU's (CLDR root) order; others follow
# by code point.
_PUNCTUATION_ORDER = ("_-–—,;:!¡?¿.…·'‘’\"“”«»()[]{}§¶@*/\\&#%‰†‡•`´^¯¨¸°©®+±÷×<=>¬|¦~¤¢$£¥€")
_PUNCTUATION_RANK = {ch: i for i, ch in enumerate(_PUNCTUATION_ORDER)}


def _primary(low: str) -> int:
    """Primary weight of one lower-case character without its tone."""
    if low in _LETTER_RANK:
        return _LETTER + _LETTER_RANK[low]
    if low.isdigit():
        return _DIGIT + unicodedata.digit(low, 0)
    if low.isspace():
        return _SPACE
    if low in _PUNCTUATION_RANK:
        return _SYMBOL + _PUNCTUATION_RANK[low]
    if unicodedata.category(low)[0] in "PSZC":
        return _SYMBOL + 1000 + ord(low)
    return _OTHER + ord(low)


def collation_key(text: str) -> tuple:
    """Sort key in Vietnamese alphabetical order: letters first, then tones, then case."""
    ranks, tones, cases = [], [], []
    for ch in fold_lookalikes(text).strip():
        letter, tone = _split_char(ch)
        low = letter.lower()
        if not low:  # a lone tone mark that composes with nothing: it only adds its tone
            tones.append(tone)
            continue
        ranks.append(_primary(low[0]))
        tones.append(tone)
        cases.append(0 if letter == low else 1)
    return (tuple(ranks), tuple(tones), tuple(cases), text)


# ----------------------------------------------------------------------------- dates --

_ISO = re.compile(
    r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[T ](?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.(?P<f>\d{1,6}))?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?)?")
_VN = re.compile(
    r"(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})"
    r"(?:\s+(?P<H>\d{1,2})[:h](?P<M>\d{2})(?::(?P<S>\d{2}))?)?")


class DateFormatError(ValueError):
    """A date text that is not in an accepted form or names an impossible day (its one
    argument is the catalogue's Text saying why)."""


def _offset(text: str) -> timedelta:
    """Parse `Z`, `+07:00` or `+0700` into a timedelta."""
    if text == "Z":
        return timedelta(0)
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))


def parse_date(text: str, tz) -> datetime:
    """Read a front-matter date; naive times are taken in the site time zone `tz`."""
    value = text.strip()
    match = _ISO.fullmatch(value) or _VN.fullmatch(value)
    if not match:
        raise DateFormatError(Text.of("content", "date_unreadable", value=value))
    parts = match.groupdict()
    try:
        when = datetime(int(parts["y"]), int(parts["m"]), int(parts["d"]),
                        int(parts["H"] or 0), int(parts["M"] or 0), int(parts["S"] or 0),
                        int((parts.get("f") or "0").ljust(6, "0")))
    except ValueError as exc:
        raise DateFormatError(Text.of("content", "date_impossible", value=value,
                                      reason=str(exc))) from None
    try:
        offset = timezone(_offset(parts["tz"])) if parts.get("tz") else None
    except ValueError:
        raise DateFormatError(Text.of("content", "date_offset", value=value)) from None
    try:
        when = when.replace(tzinfo=offset).astimezone(tz) if offset else when.replace(tzinfo=tz)
        # Every date must also survive the move to UTC (feeds, sorting, timestamps).
        when.astimezone(timezone.utc)
    except OverflowError:
        raise DateFormatError(Text.of("content", "date_calendar_end", value=value)) from None
    return when


WEEKDAYS = {
    "vi": ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")


def iso_datetime(when: datetime) -> str:
    """`2020-09-15T15:44:00+07:00` (RFC 3339, HTML `datetime`), always a whole-minute offset.

    Time zone rules give dates before about 1900 the local mean time (Hồ Chí Minh City:
    +07:06:30), which RFC 3339 and HTML cannot write; such dates move to the next whole
    minute of offset (the same instant, shown up to a minute later).
    """
    total = int(when.utcoffset().total_seconds())
    if total % 60:
        when = when.astimezone(timezone(timedelta(minutes=-(-total // 60))))
    return when.isoformat(timespec="seconds")


def gmt_label(when: datetime) -> str:
    """The offset as newsrooms print it: `GMT+7`, `GMT+5:30`, `GMT-3`."""
    minutes = int(when.utcoffset().total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"GMT{sign}{hours}" + (f":{rest:02d}" if rest else "")


def format_date(when: datetime) -> str:
    """`15/09/2020` (no strftime: it breaks on years before 1000)."""
    return f"{when.day:02d}/{when.month:02d}/{when.year:04d}"


def format_dateline(when: datetime, lang: str = "vi", with_time: bool = True) -> str:
    """`Thứ Ba, 15/09/2020 | 15:44 (GMT+7)` or its English counterpart (time optional)."""
    weekday = WEEKDAYS[lang][when.weekday()]
    day = format_date(when) if lang == "vi" else (
        f"{when.day} {MONTHS_EN[when.month - 1]} {when.year:04d}")
    if not with_time:
        return f"{weekday}, {day}"
    return f"{weekday}, {day} | {when.hour:02d}:{when.minute:02d} ({gmt_label(when)})"


def has_time(text: str) -> bool:
    """True if a date text gives a time of day (`2020-09-15 15:44`), not just a day."""
    match = _ISO.fullmatch(text.strip()) or _VN.fullmatch(text.strip())
    return bool(match and match["H"] is not None)


def format_month(year: int, month: int, lang: str = "vi") -> str:
    """`Tháng 9/2020` or `September 2020`."""
    if lang == "vi":
        return f"Tháng {month}/{year:04d}"
    return f"{MONTHS_EN[month - 1]} {year:04d}"


def format_number(value: float, lang: str = "vi", decimals: int = 0) -> str:
    """Group thousands and mark decimals the local way: `1.234`, `2,3` (vi) or `1,234`, `2.3`."""
    text = f"{value:,.{decimals}f}"
    if lang == "vi":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text
