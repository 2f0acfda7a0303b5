"""Search folding: the one definition of how text is compared, for the index and the page.

fold(text) = NFC, then one table lookup per character. The table is made here, from the
rule in `fold_char`, and the build writes the same table into the search index, where
`assets/search.js` applies it the same way; so Python and JavaScript cannot disagree
(a browser test checks every code point).

The rule, per character: lower case, drop the combining diacritics U+0300–U+036F
(Vietnamese tones and vowel marks: ă â ê ô ơ ư), and read đ as d. NFC first keeps it
independent of how the text was composed (NFC or NFD input fold the same).
"""
from __future__ import annotations

import functools
import re
import unicodedata

MARKS_FIRST, MARKS_LAST = "\u0300", "\u036f"
# đ, and the letters that old converters and keyboards put in its place: Ð (Icelandic
# eth, drawn exactly like Đ; its lower case is ð) and Ɖ (African D, lower case ɖ).
D_LETTERS = frozenset("đðɖ")
# The five tone marks (huyền, sắc, ngã, hỏi, nặng); the vowel marks ̆ ̂ ̛ are not tones.
TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
# Planes 0–2 hold every character that has a case or a canonical decomposition;
# a test checks that the rule changes nothing above.
TABLE_END = 0x30000
_WORD = re.compile(r"[^\W_]+")


def nfc(text: str) -> str:
    """Return `text` in Unicode normalization form C."""
    return unicodedata.normalize("NFC", text)


def fold_char(ch: str) -> str:
    """The folding rule for one character (the table is made from this)."""
    decomposed = unicodedata.normalize("NFD", ch.lower())
    kept = "".join(c for c in decomposed if not MARKS_FIRST <= c <= MARKS_LAST)
    return "".join("d" if c in D_LETTERS else c for c in nfc(kept))


def _may_change(ch: str) -> bool:
    """Cheap filter: only these characters can fold to something else."""
    decomposition = unicodedata.decomposition(ch)
    return (ch.lower() != ch or (decomposition and not decomposition.startswith("<"))
            or MARKS_FIRST <= ch <= MARKS_LAST or ch in D_LETTERS)


@functools.cache
def fold_table() -> dict[int, str]:
    """Code point -> folded text, for every character that `fold_char` changes."""
    table = {}
    for code in range(TABLE_END):
        if 0xD800 <= code <= 0xDFFF:
            continue
        ch = chr(code)
        if _may_change(ch):
            folded = fold_char(ch)
            if folded != ch:
                table[code] = folded
    return table


def fold(text: str) -> str:
    """Case-, tone- and mark-insensitive `text`, đ read as d: 'Đức Huệ' -> 'duc hue'."""
    return nfc(text).translate(fold_table())


def words(text: str) -> list[str]:
    """The words of `text` (runs of letters and digits) in NFC, as written."""
    return _WORD.findall(nfc(text))


def accent_key(word: str) -> tuple[str, str]:
    """(letters with vowel marks, tone mark) of a lower-case word: where the tone sits does
    not matter, so 'hoà' and 'hòa' give the same key."""
    letters, tone = [], ""
    for c in unicodedata.normalize("NFD", word):
        if c in TONE_MARKS:
            tone = c
        else:
            letters.append(c)
    return nfc("".join(letters)), tone


@functools.cache
def js_table() -> tuple[str, str]:
    """The table as the search page reads it: all source characters, then their folded
    forms separated by spaces (no folded form contains a space)."""
    table = fold_table()
    codes = sorted(table)
    return "".join(chr(c) for c in codes), " ".join(table[c] for c in codes)
