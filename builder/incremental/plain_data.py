"""The cache's file format: JSON with a few tags, decoded into known types only.

Nothing read from the cache folder may run code (a planted `pickle` file would: issue 17).
This format can only ever give back plain values (text, numbers, booleans, None),
tuples, lists, dicts, FrozenMaps, bytes, dates and times, and instances of the frozen
dataclasses the caller names, built from their fields. Anything else in a file is an
error, and the entry is simply built again.
"""
from __future__ import annotations

import base64
import dataclasses
import json
import sys
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

from ..core.frozen import FrozenMap


class NotPlainData(ValueError):
    """A value the format cannot hold, or a file that is not in the format."""


def dumps(value, kinds: tuple[type, ...] = ()) -> bytes:
    """Encode `value` (raises NotPlainData for a type outside the format)."""
    return _json(encode_value(value, {kind: kind.__name__ for kind in kinds}))


def _json(data) -> bytes:
    """Compact JSON of encoded data, as `dumps` writes it."""
    return json.dumps(data, separators=(",", ":")).encode("ascii")


def loads(data: bytes, kinds: tuple[type, ...] = ()):
    """Decode what `dumps` wrote; NotPlainData for anything else."""
    by_name = {kind.__name__: kind for kind in kinds}
    try:
        return json.loads(data, object_hook=lambda tagged: decode_object(tagged, by_name))
    except (ValueError, TypeError, KeyError, UnicodeDecodeError, RecursionError) as exc:
        raise NotPlainData(str(exc)) from None


def encode_value(value, names: dict):
    """One value as JSON data; containers and special types as one-key tagged objects."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, tuple):
        return {"T": _encode_items(value, names)}
    if isinstance(value, list):
        return _encode_items(value, names)
    if isinstance(value, (dict, FrozenMap)):
        # A build's record is mostly texts by text (17,661 page digests at 10,000 articles)
        # and lists by text (what each page read): those pairs need no call each.
        pairs = [[k, v] if type(k) is str and type(v) is str
                 else [k, _encode_items(v, names)] if type(k) is str and type(v) is list
                 else [encode_value(k, names), encode_value(v, names)]
                 for k, v in value.items()]
        return {"D" if isinstance(value, dict) else "F": pairs}
    if isinstance(value, bytes):
        return {"B": base64.b64encode(value).decode("ascii")}
    if isinstance(value, datetime):
        return {"DT": [value.replace(tzinfo=None).isoformat(), value.fold, _zone(value)]}
    if isinstance(value, date):
        return {"DA": value.isoformat()}
    if type(value) in names:
        fields = [[f.name, encode_value(getattr(value, f.name), names)]
                  for f in dataclasses.fields(value)]
        return {"C": names[type(value)], "f": fields}
    raise NotPlainData(f"cannot store a {type(value).__name__}")


def _encode_items(items, names: dict) -> list:
    """The items of a tuple or list, texts and whole numbers as they are: most of a
    record's lists are paths, or the indexes of what a page read (2.4 million of them at
    100,000 articles, a call each before)."""
    return [item if type(item) is str or type(item) is int else encode_value(item, names)
            for item in items]


def _zone(moment: datetime):
    """A time zone as data: its IANA key, an offset in seconds, or None."""
    zone = moment.tzinfo
    if zone is None:
        return None
    if isinstance(zone, ZoneInfo):
        return zone.key
    if isinstance(zone, timezone):
        return zone.utcoffset(None).total_seconds()
    raise NotPlainData(f"cannot store the time zone {zone!r}")


def decode_object(tagged: dict, kinds: dict):
    """One tagged JSON object back into its value (called innermost first)."""
    if len(tagged) == 1:
        (tag, data), = tagged.items()
        if tag == "T":
            return tuple([_shared_text(item) for item in data])
        if tag == "D":
            # Text keys held once: a record keys three maps by the same 175,650 page paths
            # at 100,000 articles.
            return {sys.intern(k) if type(k) is str else _hashable(k): v for k, v in data}
        if tag == "F":
            return frozen_map(data)
        if tag == "B":
            return base64.b64decode(data, validate=True)
        if tag == "DA":
            return date.fromisoformat(data)
        if tag == "DT":
            naive, fold, zone = data
            return datetime.fromisoformat(naive).replace(tzinfo=_tz(zone), fold=fold)
    elif len(tagged) == 2 and tagged.get("C") in kinds and "f" in tagged:
        kind = kinds[tagged["C"]]
        fields = {name: _shared_text(value) for name, value in tagged["f"]}
        if not _field_names(kind).issuperset(fields):
            raise NotPlainData(f"unknown fields of {tagged['C']}")
        # Through __init__, not by filling in __dict__: an instance built attribute by
        # attribute keeps the compact shared-key layout, and assigning whole dicts made a
        # one-article build at 10,000 articles hold 18 MB more.
        return kind(**fields)
    raise NotPlainData(f"unknown object {sorted(tagged)[:3]}")


# Text this short is mostly a name many articles share: a tag, a category, an author,
# a front-matter field. Decoded from each entry, every article held its own copies of
# them (a kilobyte of a decoded article's six).
SHARED_TEXT = 64


def _shared_text(value):
    """Short text as the one copy this process keeps of it; anything else as it is."""
    if type(value) is str and len(value) <= SHARED_TEXT:
        return sys.intern(value)
    return value


# Equal small maps of plain values (the field -> line map of articles written from the
# same template) as one object; bounded, since a long preview session decodes on and on.
_MAPS: dict[tuple, FrozenMap] = {}
_MAPS_KEPT = 4096


def frozen_map(pairs: list) -> FrozenMap:
    """A FrozenMap of decoded pairs, the one already made when an equal one of plain
    values was."""
    items = tuple((_shared_text(_hashable(k)), _shared_text(v)) for k, v in pairs)
    # Text keys, and text, whole numbers or None as values: no True standing in for 1.
    if not all(type(k) is str and (type(v) in (str, int) or v is None) for k, v in items):
        return FrozenMap(items)
    return shared_map(items)


def shared_map(items: tuple) -> FrozenMap:
    """The one FrozenMap of these items, which must be text keys with text, whole numbers
    or None as values (the caller has checked)."""
    shared = _MAPS.get(items)
    if shared is None:
        if len(_MAPS) >= _MAPS_KEPT:
            _MAPS.clear()
        shared = _MAPS[items] = FrozenMap(items)
    return shared


def from_parsed(data, kinds: dict):
    """A value already parsed as plain JSON, decoded innermost first as `loads` decodes
    (for formats that keep part of their data in this one)."""
    if type(data) is dict:
        return decode_object({key: from_parsed(value, kinds) for key, value in data.items()},
                             kinds)
    if type(data) is list:
        return [from_parsed(item, kinds) for item in data]
    return data


@lru_cache(maxsize=None)
def _field_names(kind: type) -> frozenset[str]:
    """The fields a dataclass is built from (looked up once: the cache decodes a few
    hundred thousand objects in a build)."""
    return frozenset(f.name for f in dataclasses.fields(kind))


def _hashable(key):
    """A mapping key: lists cannot be keys, tuples can."""
    if isinstance(key, list):
        raise NotPlainData("a list as a mapping key")
    return key


@lru_cache(maxsize=64)
def _tz(zone):
    """The time zone written by `_zone` (one object per zone: every date names one)."""
    if zone is None:
        return None
    if isinstance(zone, str):
        return ZoneInfo(zone)
    return timezone(timedelta(seconds=zone))
