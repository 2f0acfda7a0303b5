"""The search index, made at build time from the site model and the listing views.

The search page loads it with `<script src>` only (no fetch, modules or WebAssembly), so it
works from file://, under any sub-path and on any host. Every file under `search/` is a
script that stores one JSON value under its own name in `self.cnSearchData`:

- `index.js`, loaded with the page: the folding table, how many posts, the names and links
  of tags and categories, and the list of the other files;
- word shards (`w-<prefix>.<hash>.js`): for every word as written (lower case, grouped
  under its folded form), the posts
  that contain it in the title (1), a tag or the category (2) or the summary (4); a shard
  holds the words whose folded form starts with its prefix, prefixes grow until every
  shard is small (small neighbours share a file), so a query loads only its words' shards;
- body shards (`b-…`), only with `[search] full_text = true`: the same for article text;
- post blocks (`p-<n>.<hash>.js`): what a result shows, for BLOCK posts each, loaded only
  for the results on screen.

Posts are numbered in site order (newest first), so a smaller number is a newer post.
Shard names carry a hash of their content, so a cached old shard is never mixed with a
new index. Nothing here writes files: `SearchIndex.files` yields (path, bytes) for the output.
"""
from __future__ import annotations

import functools
import hashlib
import html
import json
import re
from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..site.model import Site
from ..core.search_folding import fold, js_table, words
from ..core.urls import SEARCH_DATA

if TYPE_CHECKING:
    from ..site.views import SiteViews

FOLDER = SEARCH_DATA
INDEX = f"{FOLDER}/index.js"
FORMAT = 1
TITLE, TERMS, SUMMARY = 1, 2, 4  # field bits of a word posting
BLOCK = 100  # posts per block (about 40 KB): a page of results touches a few files
SHARD_CHARS = 60_000  # a shard above this is split by one more letter of its prefix
BODY_PREFIX_MIN = 3  # shorter unfinished words are looked up whole in article text
MAX_WORDS = 32  # words of a query that count (the page packs sums below 64 in one number)
TITLE_SPAN = 32  # title words whose places are kept (as bits of one 32-bit number)
DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_"
_TAG = re.compile(r"<[^>]*>")
_SAFE_NAME = re.compile(r"[a-z0-9]+")


# ----------------------------------------------------------------------- encoding --

def encode_number(value: int) -> str:
    """Base 32, most significant digit first; the last digit is taken from the first half of
    DIGITS and the others from the second half, so numbers need no separator."""
    out = [DIGITS[value & 31]]
    value >>= 5
    while value:
        out.append(DIGITS[32 + (value & 31)])
        value >>= 5
    return "".join(reversed(out))


def decode_numbers(text: str) -> list[int]:
    """Inverse of a run of `encode_number`s."""
    numbers, value = [], 0
    for ch in text:
        digit = DIGITS.index(ch)
        if digit < 32:
            numbers.append(value * 32 + digit)
            value = 0
        else:
            value = value * 32 + digit - 32
    return numbers


@functools.cache
def _short_codes() -> tuple[str, ...]:
    """Codes of the numbers below 2**15, looked up instead of computed (most gaps are small)."""
    return tuple(encode_number(n) for n in range(1 << 15))


def encode_postings(postings: Iterable[tuple[int, int]], with_fields: bool) -> str:
    """Sorted (post, places << 3 | field bits) pairs, each as (gap << 3 | bits) followed,
    for a title, by the word's places in it; without fields, as the gap alone."""
    codes = _short_codes()
    limit, shift = len(codes), 3 if with_fields else 0
    previous, out = -1, []
    for post, value in postings:
        number = (post - previous - 1) << shift | (value & 7)
        out.append(codes[number] if number < limit else encode_number(number))
        if value & TITLE:
            places = value >> 3
            out.append(codes[places] if places < limit else encode_number(places))
        previous = post
    return "".join(out)


def decode_postings(text: str, with_fields: bool) -> list[tuple[int, int]]:
    """Inverse of `encode_postings`; posts without fields get 0."""
    post, out = -1, []
    numbers = iter(decode_numbers(text))
    for number in numbers:
        gap, bits = (number >> 3, number & 7) if with_fields else (number, 0)
        post += gap + 1
        out.append((post, next(numbers) << 3 | bits if bits & TITLE else bits))
    return out


def to_json(value) -> str:
    """Compact JSON that is also a JavaScript expression."""
    data = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    # Older engines end a string literal at these two line separators.
    return data.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def script(name: str, payload: str) -> bytes:
    """A data file: stores the JSON `payload` under `name` in self.cnSearchData."""
    return (f"(self.cnSearchData||(self.cnSearchData={{}}))[{json.dumps(name)}]={payload};\n"
            ).encode()


def data_file(kind: str, key: str, value) -> tuple[str, bytes]:
    """(name, bytes) of the data file holding `value`."""
    payload = to_json(value)
    name = data_name(kind, key, payload)
    return name, script(name, payload)


def data_name(kind: str, key: str, payload: str) -> str:
    """`w-du.1a2b3c4d`: kind, readable key and a hash of the content."""
    digest = hashlib.sha1(payload.encode("utf-8")).hexdigest()[:8]
    if not key:
        readable = "all"
    elif _SAFE_NAME.fullmatch(key):
        readable = key
    else:
        readable = "x" + "-".join(f"{ord(c):x}" for c in key)
    return f"{kind}-{readable}.{digest}"


# ------------------------------------------------------------------------ postings --

def _lower_words(text: str) -> set[str]:
    """Distinct lower-case words of a text."""
    return set(words(text.lower()))


def card_words(card: dict) -> dict[str, int]:
    """word -> places << 3 | field bits of one card, over its title, tags and category, and
    summary. Bit n of `places` says that the word is the n-th of the title (from 0, up to
    TITLE_SPAN), so the page can tell query words that stand side by side there."""
    found: dict[str, int] = {}
    for position, word in enumerate(words(card["title"].lower())):
        place = 1 << position if position < TITLE_SPAN else 0
        found[word] = found.get(word, TITLE) | place << 3
    terms = [t["name"] for t in card["tags"]]
    if card["category"]:
        terms.append(card["category"]["name"])
    for bits, text in ((TERMS, " ".join(terms)), (SUMMARY, card["summary"])):
        for word in _lower_words(text):
            found[word] = found.get(word, 0) | bits
    return found


def word_runs(cards: Iterable[dict]) -> dict[str, array]:
    """word -> post number, then what `card_words` gives, for every card holding it, in
    post order: one flat run of machine numbers per word (the index stage of a build of
    100,000 articles grew the process by 72 MB with a dict per word, and a list of
    Python numbers took 36 bytes or more a number where these take 8; bench/RESULTS.md)."""
    runs: dict[str, array] = {}
    for number, card in enumerate(cards):
        for word, value in card_words(card).items():
            run = runs.get(word)
            if run is None:
                run = runs[word] = array("q")
            run.append(number)
            run.append(value)
    return runs


def _pairs(run: array) -> Iterator[tuple[int, int]]:
    """(post, value) of a word's run."""
    return zip(run[::2], run[1::2])


def plain_text(body_html: str) -> str:
    """Text of an article body (tags dropped, entities read)."""
    return html.unescape(_TAG.sub(" ", body_html))


def body_postings(bodies: Iterable[str]) -> dict[str, dict[int, int]]:
    """word -> {post number: 0} over article texts."""
    found: dict[str, list[int]] = defaultdict(list)
    for number, body in enumerate(bodies):
        for word in _lower_words(plain_text(body)):
            found[word].append(number)
    return {word: dict.fromkeys(posts, 0) for word, posts in found.items()}


# -------------------------------------------------------------------------- shards --

@dataclass(frozen=True)
class Shard:
    """One shard file: the folded words it holds, and the prefixes that lead to it."""

    prefixes: tuple[str, ...]
    words: tuple[str, ...]


def plan_shards(sizes: dict[str, int], limit: int = SHARD_CHARS) -> list[Shard]:
    """Group folded words (with their sizes) into shards of at most `limit`, by prefix.

    A word's shard is the one listed under the longest prefix of the word. A group over
    the limit is split by the next letter; neighbouring small groups share a file (listed
    under each of their prefixes); only a single word can make a shard over the limit.
    """
    shards: list[Shard] = []
    _split("", sorted(sizes), sizes, limit, shards)
    return shards


def _split(prefix: str, folded: list[str], sizes: dict[str, int], limit: int,
           shards: list[Shard]) -> None:
    """Shards for the words in `folded`, which all start with `prefix`."""
    if sum(sizes[w] for w in folded) <= limit:
        shards.append(Shard((prefix,), tuple(folded)))
        return
    groups: dict[str, list[str]] = defaultdict(list)
    for word in folded:  # the word equal to the prefix, if any, is its own group ""
        groups[word[len(prefix):len(prefix) + 1]].append(word)
    prefixes: list[str] = []
    members: list[str] = []
    size = 0
    for letter, group in sorted(groups.items()):
        group_size = sum(sizes[w] for w in group)
        if letter and group_size > limit:
            _split(prefix + letter, group, sizes, limit, shards)
            continue
        if members and size + group_size > limit:
            shards.append(Shard(tuple(prefixes), tuple(members)))
            prefixes, members, size = [], [], 0
        prefixes.append(prefix + letter)
        members += group
        size += group_size
    if members:
        shards.append(Shard(tuple(prefixes), tuple(members)))


def shard_files(kind: str, postings: dict[str, dict[int, int]],
                with_fields: bool) -> Iterator[tuple[tuple[str, ...], str, bytes]]:
    """(prefixes, name, bytes) per shard; a shard holds {folded: {word: encoded postings}},
    so the page finds a word without folding the shard's words itself."""
    encoded = {word: encode_postings(sorted(posts.items()), with_fields)
               for word, posts in postings.items()}
    return encoded_shard_files(kind, encoded)


def encoded_shard_files(kind: str, encoded: dict[str, str]
                        ) -> Iterator[tuple[tuple[str, ...], str, bytes]]:
    """`shard_files` of postings already encoded (word -> encoded postings)."""
    by_folded: dict[str, list[str]] = defaultdict(list)
    sizes: dict[str, int] = defaultdict(int)
    for word in sorted(encoded):
        folded = fold(word)
        by_folded[folded].append(word)
        sizes[folded] += len(word) + len(encoded[word]) + 6  # about as written in JSON
    for shard in plan_shards(sizes):
        content = {folded: {word: encoded[word] for word in by_folded[folded]}
                   for folded in sorted(shard.words)}
        yield (shard.prefixes, *data_file(kind, shard.prefixes[0], content))


# --------------------------------------------------------------------------- index --

def _term_table(cards: list[dict]) -> tuple[list[list[str]], dict[str, int]]:
    """Names and links of every tag and category, numbered by first appearance."""
    table: list[list[str]] = []
    numbers: dict[str, int] = {}
    for card in cards:
        for term in [*card["tags"], *([card["category"]] if card["category"] else [])]:
            if term["url"] not in numbers:
                numbers[term["url"]] = len(table)
                table.append([term["name"], term["url"]])
    return table, numbers


def post_record(card: dict, term_numbers: dict[str, int]) -> list:
    """[title, url, ISO date, shown date, summary, category number or -1, [tag numbers]]."""
    category = term_numbers[card["category"]["url"]] if card["category"] else -1
    return [card["title"], card["url"], card["date_iso"][:10], card["date"], card["summary"],
            category, [term_numbers[t["url"]] for t in card["tags"]]]


class SearchIndex:
    """The search index of one site, kept by the preview between saves: a save that changes
    a few cards (a title, a summary) puts them in without making the index again (the
    word postings of ten thousand cards take most of a second)."""

    def __init__(self, site: Site, views: SiteViews, updatable: bool = True):
        self.site, self.views = site, views
        self.cards = list(views.cards) + list(views.page_cards)
        self.terms, self.term_numbers = _term_table(self.cards)
        runs = word_runs(self.cards)
        # The postings by word and post, which `replace_cards` edits (the preview's); a
        # build only encodes them once.
        self.postings = ({word: dict(_pairs(run)) for word, run in runs.items()}
                         if updatable else None)
        self.encoded: dict[str, str] = {}
        for word in list(runs):  # each run let go once encoded: not all of both at once
            self.encoded[word] = encode_postings(_pairs(runs.pop(word)), True)
        self.blocks = [self._block(start) for start in range(0, len(self.cards), BLOCK)]

    def _block(self, start: int) -> tuple[str, bytes]:
        """(name, bytes) of the post block that starts at card `start`."""
        records = [post_record(c, self.term_numbers) for c in self.cards[start:start + BLOCK]]
        return data_file("p", str(start // BLOCK), records)

    def replace_cards(self, site: Site, views: SiteViews, numbers: Iterable[int]) -> bool:
        """Put in the new cards at `numbers` (the others unchanged, as are the tags and
        categories of all: what the preview's quick path changes); False, leaving the index
        as it was, when the site's cards do not fit that."""
        cards = list(views.cards) + list(views.page_cards)
        if (self.postings is None or len(cards) != len(self.cards)
                or _term_table(cards)[0] != self.terms):
            return False
        changed: set[str] = set()
        for number in set(numbers):
            for word in card_words(self.cards[number]):
                del self.postings[word][number]
                changed.add(word)
            for word, value in card_words(cards[number]).items():
                self.postings.setdefault(word, {})[number] = value
                changed.add(word)
        for word in changed:
            if self.postings[word]:
                self.encoded[word] = encode_postings(sorted(self.postings[word].items()), True)
            else:
                del self.postings[word], self.encoded[word]
        self.site, self.views, self.cards = site, views, cards
        for block in {number // BLOCK for number in numbers}:
            self.blocks[block] = self._block(block * BLOCK)
        return True

    def files(self) -> Iterator[tuple[str, bytes]]:
        """Every file of the index as (output path, bytes); `index.js` comes last."""
        manifest = {"format": FORMAT, "fold": list(js_table()), "digits": DIGITS,
                    "count": len(self.cards), "block": BLOCK, "terms": self.terms,
                    "bodyPrefixMin": BODY_PREFIX_MIN, "maxWords": MAX_WORDS,
                    "posts": [], "words": [], "body": []}
        for name, data in self.blocks:
            manifest["posts"].append(name)
            yield f"{FOLDER}/{name}.js", data
        for prefixes, name, data in encoded_shard_files("w", self.encoded):
            manifest["words"] += [[prefix, name] for prefix in prefixes]
            yield f"{FOLDER}/{name}.js", data
        site, views = self.site, self.views
        if site.config.search_full_text:
            bodies = (views.bodies[item.article.source].html for item in site.posts + site.pages)
            for prefixes, name, data in shard_files("b", body_postings(bodies), False):
                manifest["body"] += [[prefix, name] for prefix in prefixes]
                yield f"{FOLDER}/{name}.js", data
        yield INDEX, script("index", to_json(manifest))
