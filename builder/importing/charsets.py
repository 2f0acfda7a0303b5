"""Decode an old page's bytes: UTF-8, UTF-16, the declared charset, or the Vietnamese
encodings old CMSs used (Windows-1258, VISCII), with a warning whenever it is a guess.

Pages often declare one charset and hold another (a Windows-1258 page saying
`<meta charset="utf-8">`). A declared charset is trusted only when it decodes the bytes
cleanly; otherwise each Vietnamese encoding is tried and the one giving the most
Vietnamese letters and the fewest stray signs wins.
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

from builder.core.errors import Text
import viscii  # noqa: F401 - registers the "viscii" codec

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.IGNORECASE)
# Tried in this order; on equal scores the earlier one wins (Windows-1258 is the most used).
FALLBACKS = ("cp1258", "viscii")
_NAMES = {"cp1258": "windows-1258", "viscii": "VISCII"}
_VIETNAMESE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "\u0302", "\u0306",
                     "\u031b"}


_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_WORD = re.compile(r"[^\s\d.,;:!?()\[\]\"'“”‘’–—…«»•·/|-]+")


@dataclass(frozen=True)
class Decoded:
    """A page's text (NFC) and, when its encoding was a guess, a warning saying so."""

    text: str
    warning: Text | None = None


def decode_page(data: bytes) -> Decoded:
    """The page's text: BOM, then UTF-8, then a declared charset that decodes cleanly, then
    the most plausible Vietnamese encoding (with a warning)."""
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return Decoded(_nfc(data.decode(codec, errors="replace")))
    try:
        return Decoded(_nfc(data.decode("utf-8")))
    except UnicodeDecodeError:
        pass
    declared = _declared(data)
    if declared and _codec(declared) not in (None, "utf-8"):
        try:
            return Decoded(_nfc(data.decode(_codec(declared))))
        except UnicodeDecodeError:
            pass
    text, codec = _best_guess(data)
    if declared:
        return Decoded(text, Text.of("import", "charset_wrong", declared=declared, codec=_NAMES[codec]))
    return Decoded(text, Text.of("import", "charset_unsaid", codec=_NAMES[codec]))


def _declared(data: bytes) -> str:
    """The charset the page's markup names, or ""."""
    found = _META_CHARSET.search(data[:4096])
    return found.group(1).decode("ascii", errors="replace") if found else ""


def _codec(name: str) -> str | None:
    """Python's name of a codec, or None when there is no such codec."""
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _best_guess(data: bytes) -> tuple[str, str]:
    """The text and codec of the Vietnamese encoding that reads most like Vietnamese."""
    best: tuple[float, str, str] | None = None
    for codec in FALLBACKS:
        text = _nfc(data.decode(codec, errors="replace"))
        score = plausibility(text)
        if best is None or score > best[0]:
            best = (score, text, codec)
    return best[1], best[2]


def plausibility(text: str) -> float:
    """How Vietnamese a text looks, word by word: each Vietnamese letter counts one, each
    tone mark beyond the one a syllable can carry costs four, each other non-ASCII sign
    (stray "µ", "¸", "®", replacement marks) costs two."""
    score = 0.0
    for word in _WORD.findall(text):
        tones = 0
        for char in word:
            if char < "\x80":
                continue
            if _is_vietnamese_letter(char):
                score += 1
                tones += any(m in _TONE_MARKS for m in unicodedata.normalize("NFD", char))
            else:
                score -= 2
        score -= 4 * max(0, tones - 1)
    return score


def _is_vietnamese_letter(char: str) -> bool:
    """True for đ, Đ and the Latin letters with Vietnamese vowel and tone marks."""
    if char in "đĐ":
        return True
    decomposed = unicodedata.normalize("NFD", char)
    return (len(decomposed) > 1 and decomposed[0].isascii() and decomposed[0].isalpha()
            and all(mark in _VIETNAMESE_MARKS for mark in decomposed[1:]))


def _nfc(text: str) -> str:
    """Text in composed form."""
    return unicodedata.normalize("NFC", text)
