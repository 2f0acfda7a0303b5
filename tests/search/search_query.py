"""The ranking rules of the search page, in Python: the reference that tests and the
benchmark hold `assets/search.js` to (the page runs the same steps on the same files).

A query is split into words (folded as the index folds them). Every word must match
(AND): the last one also as the beginning of a word while the reader is still typing it.
Each word scores in its best place in a post: title (4) > tag or category (3) > summary (2)
> article text (1). Posts rank by the sum of those scores, then by how many words match
with the very accents the reader typed ("Dân vận" before "dân văn"; only for words typed
with accents), then by how many neighbouring query words also stand side by side in the
title ("Dân vận khéo" before "Cuộc vận động toàn dân"), then by how many words match whole
rather than by their beginning, then newest first.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from builder.publish.search import FOLDER, TERMS, TITLE, TITLE_SPAN, decode_postings
from builder.core.search_folding import accent_key, fold, nfc, words

_DATA = re.compile(r'^\(self\.cnSearchData\|\|\(self\.cnSearchData=\{\}\)\)\[("[^"]*")\]=(.*);\n$',
                   re.DOTALL)
_ENDS_IN_WORD = re.compile(r"[^\W_]\Z")
SPAN_MASK = (1 << TITLE_SPAN) - 1


@dataclass(frozen=True)
class QueryWord:
    """One word of a query: folded, as typed (lower case), and whether it may be unfinished."""

    folded: str
    typed: str
    prefix: bool

    @property
    def accented(self) -> bool:
        """True if the reader typed marks or đ in it (only then do accents rank)."""
        return fold(self.typed) != self.typed


def parse_query(text: str) -> tuple[QueryWord, ...]:
    """The words of a query; the last is a prefix unless the query ends after it."""
    text = nfc(text)
    typed = words(text.lower())
    still_typing = bool(_ENDS_IN_WORD.search(text))
    seen, out = set(), []
    for i, word in enumerate(typed):
        folded = fold(word)
        item = QueryWord(folded, word, still_typing and i == len(typed) - 1)
        if folded and (folded, item.typed, item.prefix) not in seen:
            seen.add((folded, item.typed, item.prefix))
            out.append(item)
    return tuple(out)


def read_data_file(path: Path):
    """The JSON value a `search/*.js` data file stores."""
    match = _DATA.match(path.read_text(encoding="utf-8"))
    if not match:
        raise ValueError(f"{path} is not a search data file")
    return json.loads(match.group(2))


class IndexFiles:
    """The search index of a built site, read from its output folder as the page reads it."""

    def __init__(self, output_dir: Path):
        self.dir = output_dir / FOLDER
        self.manifest = read_data_file(self.dir / "index.js")
        self._shards: dict[str, dict] = {}

    def shard(self, name: str) -> dict:
        """One shard, parsed once."""
        if name not in self._shards:
            self._shards[name] = read_data_file(self.dir / f"{name}.js")
        return self._shards[name]

    def post(self, number: int) -> list:
        """The record of post `number` (see search.post_record)."""
        block = self.manifest["block"]
        return self.shard(self.manifest["posts"][number // block])[number % block]


def shards_for(shards: list, folded: str, prefix: bool) -> list[str]:
    """Names of the shards that can hold `folded` (and, for a prefix, longer words)."""
    home = max((p for p, _ in shards if folded.startswith(p)), key=len, default=None)
    names = [name for p, name in shards if p == home]
    if prefix:
        names += [name for p, name in shards if p.startswith(folded) and p != home]
    return list(dict.fromkeys(names))


def accent_match(variant: str, word: QueryWord) -> bool:
    """True if `variant` carries the accents typed in `word`, wherever the tone sits; an
    unfinished word matches the beginning, and its tone may still be to come."""
    letters, tone = accent_key(variant)
    want_letters, want_tone = accent_key(word.typed)
    if word.prefix:
        return letters.startswith(want_letters) and want_tone in ("", tone)
    return letters == want_letters and tone == want_tone


def field_score(bits: int) -> int:
    """4 title, 3 tag or category, 2 summary; 1 for article text (no bits)."""
    if bits & TITLE:
        return 4
    if bits & TERMS:
        return 3
    return 2 if bits else 1


def word_matches(index: IndexFiles, word: QueryWord) -> tuple[dict[int, int], dict[int, int]]:
    """Post -> best quality of `word` in it (field score * 4 + accents exact * 2 + whole),
    and post -> places of `word` in its title (bit n: n-th word), where it is there."""
    best: dict[int, int] = {}
    where: dict[int, int] = {}
    kinds = [("words", True, word.prefix)]
    if index.manifest["body"]:
        kinds.append(("body", False,
                      word.prefix and len(word.folded) >= index.manifest["bodyPrefixMin"]))
    for kind, with_fields, prefix in kinds:
        for name in shards_for(index.manifest[kind], word.folded, prefix):
            for folded, variants in index.shard(name).items():
                whole = folded == word.folded
                if not (whole or (prefix and folded.startswith(word.folded))):
                    continue
                for variant, encoded in variants.items():
                    exact = word.accented and accent_match(variant, word)
                    bonus = 2 * exact + whole
                    for post, value in decode_postings(encoded, with_fields):
                        quality = field_score(value & 7) * 4 + bonus
                        if quality > best.get(post, 0):
                            best[post] = quality
                        if value & TITLE:
                            where[post] = where.get(post, 0) | value >> 3
    return best, where


def search(index: IndexFiles, text: str) -> list[int]:
    """Post numbers matching every word of `text`, best first."""
    query = parse_query(text)[:index.manifest["maxWords"]]
    if not query:
        return []
    per_word = [word_matches(index, word) for word in query]
    common = set(per_word[0][0]).intersection(*(best for best, _ in per_word[1:]))
    scores = {}
    for post in common:
        qualities = [best[post] for best, _ in per_word]
        side_by_side = sum(1 for (_, left), (_, right) in pairwise(per_word)
                           if left.get(post, 0) << 1 & right.get(post, 0) & SPAN_MASK)
        scores[post] = (-sum(q >> 2 for q in qualities), -sum(q >> 1 & 1 for q in qualities),
                        -side_by_side, -sum(q & 1 for q in qualities), post)
    return sorted(common, key=scores.__getitem__)
