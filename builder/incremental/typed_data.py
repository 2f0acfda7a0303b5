"""The content cache's entry format: plain data laid out by the dataclasses' annotations.

An entry of the general format (plain_data) names every object's type and every field,
and its decoder is called for each of them: decoding 100,000 entries took a new
process 5 s of CPU. Here a dataclass is a JSON array of its field values in the order
its annotations give, and the decoder is worked out once per type from those
annotations, so reading an entry is one C-level JSON parse and a walk over known
positions. The guarantees are plain_data's: nothing but the named dataclasses, plain
values, tuples and dates can come out, and a value of the wrong kind at any position
(or the wrong number of fields) makes the whole entry NotPlainData. A field whose
annotation says less than that (an open mapping, `object`, a union of two kinds) is
kept in the general format, inside the array.
"""
from __future__ import annotations

import base64
import collections.abc
import dataclasses
import json
import sys
import types
import typing
from datetime import datetime
from typing import Callable

from . import plain_data
from .plain_data import SHARED_TEXT, NotPlainData
from ..core.frozen import FrozenMap

intern = sys.intern




class TypedCodec:
    """Encode and decode one root dataclass (and the dataclasses its fields name)."""

    def __init__(self, root: type, kinds: tuple[type, ...], bytes_left_out: bool = False):
        self.root = root
        self.kinds = kinds  # for the fields kept in the general format
        # Every bytes field decoded as b"" (its text still checked): for a reader that has
        # no use for them, as decoding an article's compressed body from base64 was a
        # fifth of decoding its whole entry.
        self.bytes_left_out = bytes_left_out
        self._names = {kind: kind.__name__ for kind in kinds}
        self._by_name = {kind.__name__: kind for kind in kinds}
        self._encoders: dict[type, Callable] = {}
        self._decoders: dict[type, Callable] = {}
        self._field_lists: dict[type, list] = {}
        self._encode = self._encoder(root)
        self._decode = self._decoder(root)

    def dumps(self, value) -> bytes:
        """Encode `value` (NotPlainData if it does not match the annotations)."""
        if type(value) is not self.root:
            raise NotPlainData(f"not a {self.root.__name__}")
        return json.dumps(self._encode(value), ensure_ascii=False,
                          separators=(",", ":")).encode("utf-8", "surrogatepass")

    def loads(self, data: bytes):
        """Decode what `dumps` wrote; NotPlainData for anything else."""
        try:
            return self._decode(json.loads(data.decode("utf-8", "surrogatepass")))
        except NotPlainData:
            raise
        except (ValueError, TypeError, KeyError, UnicodeDecodeError, RecursionError) as exc:
            raise NotPlainData(str(exc)) from None

    def loads_fields(self, data: bytes, *paths: tuple[str, ...]) -> list:
        """Only some fields of an entry, each named by its path of field names through
        nested dataclasses (`("body", "packed")`), decoded as `loads` decodes them; None
        for a path through a field that is None. Building the whole entry costs twice
        the parse: a page that needs one body should not build its article too."""
        try:
            root = json.loads(data.decode("utf-8", "surrogatepass"))
            return [self._field(root, path) for path in paths]
        except NotPlainData:
            raise
        except (ValueError, TypeError, KeyError, UnicodeDecodeError, RecursionError) as exc:
            raise NotPlainData(str(exc)) from None

    def _field(self, value, path: tuple[str, ...]):
        """The field at `path` of the parsed entry `value`, decoded."""
        hint = self.root
        for name in path:
            nullable, hint = _optional(hint)
            if nullable and value is None:
                return None
            fields = self._field_list(hint)
            if type(value) is not list or len(value) != len(fields):
                raise NotPlainData(f"not a {hint.__name__}")
            index = [field for field, _ in fields].index(name)
            value, hint = value[index], fields[index][1]
        return self._decoder(hint)(value)

    def _field_list(self, kind: type) -> list[tuple[str, object]]:
        """`_fields(kind)` for a dataclass of this codec, worked out once."""
        if kind not in self._by_name.values():
            raise NotPlainData(f"{getattr(kind, '__name__', kind)} is not a kind of this cache")
        if kind not in self._field_lists:
            self._field_lists[kind] = _fields(kind)
        return self._field_lists[kind]

    # ----------------------------------------------------------------- by annotation --

    def _encoder(self, hint) -> Callable:
        """How to encode a value of the annotated type."""
        if isinstance(hint, type) and dataclasses.is_dataclass(hint):
            return self._dataclass_encoder(hint)
        nullable, inner = _optional(hint)
        if nullable:
            encode = self._encoder(inner)
            return lambda value: None if value is None else encode(value)
        if hint in (str, int, bool):
            return lambda value: _exact(value, hint)
        if hint is bytes:
            return lambda value: base64.b64encode(_exact(value, bytes)).decode("ascii")
        if hint is datetime:
            return lambda value: plain_data.encode_value(_exact(value, datetime), {})["DT"]
        items = _tuple_items(hint)
        if items is not None:
            return self._tuple_encoder(items)
        values = _mapping_values(hint)
        if values is not None:
            part = self._encoder(values)
            return lambda value: [[_exact(key, str), part(item)]
                                  for key, item in _exact(value, FrozenMap).items()]
        names = self._names
        return lambda value: plain_data.encode_value(value, names)  # the general format

    def _decoder(self, hint) -> Callable:
        """How to decode a value of the annotated type (the encoder's inverse)."""
        if isinstance(hint, type) and dataclasses.is_dataclass(hint):
            return self._dataclass_decoder(hint)
        nullable, inner = _optional(hint)
        if nullable:
            decode = self._decoder(inner)
            return lambda data: None if data is None else decode(data)
        if hint is str:
            return _text
        if hint in (int, bool):
            return lambda data: _exact(data, hint)
        if hint is bytes and self.bytes_left_out:
            return lambda data: (_exact(data, str), b"")[1]
        if hint is bytes:
            return lambda data: base64.b64decode(_exact(data, str), validate=True)
        if hint is datetime:
            return lambda data: plain_data.decode_object({"DT": _exact(data, list)}, {})
        items = _tuple_items(hint)
        if items is not None:
            return self._tuple_decoder(items)
        values = _mapping_values(hint)
        if values is not None:
            return self._mapping_decoder(values)
        by_name = self._by_name
        return lambda data: plain_data.from_parsed(data, by_name)

    def _dataclass_encoder(self, kind: type) -> Callable:
        """A dataclass as the array of its fields' values."""
        if kind not in self._encoders:
            if kind not in self._names:
                raise NotPlainData(f"{kind.__name__} is not a kind of this cache")
            self._encoders[kind] = None  # a type that holds itself is not expected here
            fields = _fields(kind)
            parts = [(name, self._encoder(hint)) for name, hint in fields]

            def encode(value, kind=kind, parts=parts):
                """The field values in order."""
                if type(value) is not kind:
                    raise NotPlainData(f"not a {kind.__name__}")
                return [part(getattr(value, name)) for name, part in parts]

            self._encoders[kind] = encode
        return self._encoders[kind]

    def _dataclass_decoder(self, kind: type) -> Callable:
        """The array of field values back into the dataclass, through its __init__."""
        if kind not in self._decoders:
            if kind not in self._by_name.values():
                raise NotPlainData(f"{kind.__name__} is not a kind of this cache")
            self._decoders[kind] = None
            fields = _fields(kind)
            # Most fields are text, numbers or None: checked in one loop, not a call each.
            plain = tuple((index, _PLAIN[hint]) for index, (_, hint) in enumerate(fields)
                          if hint in _PLAIN)
            other = tuple((index, self._decoder(hint)) for index, (_, hint)
                          in enumerate(fields) if hint not in _PLAIN)

            def decode(data, kind=kind, count=len(fields), plain=plain, other=other):
                """Built from exactly its fields, each of its own kind."""
                if type(data) is not list or len(data) != count:
                    raise NotPlainData(f"not a {kind.__name__}")
                for index, allowed in plain:
                    value = data[index]
                    if type(value) not in allowed:
                        raise NotPlainData(f"a {type(value).__name__} in {kind.__name__}")
                    if type(value) is str and len(value) <= SHARED_TEXT:
                        data[index] = intern(value)
                for index, part in other:
                    data[index] = part(data[index])
                # Through __init__, as plain_data does: it keeps the compact layout.
                return kind(*data)

            self._decoders[kind] = decode
        return self._decoders[kind]

    def _mapping_decoder(self, values) -> Callable:
        """Pairs back into a FrozenMap; one of text or whole numbers is the one this
        process already holds, if it does (the field -> line maps of one template)."""
        if values in (str, int):
            def decode(data):
                """Checked pairs as the shared map."""
                return plain_data.shared_map(tuple(
                    (_text(key), _text(value) if values is str else _exact(value, int))
                    for key, value in _exact(data, list)))
            return decode
        part = self._decoder(values)
        return lambda data: FrozenMap.of([(_text(key), part(item)) for key, item
                                          in _exact(data, list)])

    def _tuple_encoder(self, items) -> Callable:
        """A tuple as an array: of one kind (`tuple[X, ...]`) or of fixed kinds."""
        if isinstance(items, list):
            parts = [self._encoder(hint) for hint in items]
            return lambda value: [part(item) for part, item in
                                  zip(parts, _length(_exact(value, tuple), len(parts)))]
        part = self._encoder(items)
        return lambda value: [part(item) for item in _exact(value, tuple)]

    def _tuple_decoder(self, items) -> Callable:
        """The inverse of `_tuple_encoder`."""
        if isinstance(items, list):
            parts = [self._decoder(hint) for hint in items]
            return lambda data: tuple([part(item) for part, item in
                                       zip(parts, _length(_exact(data, list), len(parts)))])
        if items is str:
            def texts(data):
                """A tuple of text."""
                if type(data) is not list:
                    raise NotPlainData("not a tuple")
                for value in data:
                    if type(value) is not str:
                        raise NotPlainData(f"a {type(value).__name__} where text belongs")
                return tuple([intern(v) if len(v) <= SHARED_TEXT else v for v in data])
            return texts
        part = self._decoder(items)
        return lambda data: tuple([part(item) for item in _exact(data, list)])


# The annotations checked in place, and the exact types each allows.
_NONE = type(None)
# (`Optional[str]` is equal to `str | None`, and is found under it.)
_PLAIN = {str: (str,), int: (int,), bool: (bool,), str | None: (str, _NONE),
          int | None: (int, _NONE)}


def _fields(kind: type) -> list[tuple[str, object]]:
    """(name, resolved annotation) of every field of a dataclass, in order."""
    module = sys.modules[kind.__module__]
    hints = typing.get_type_hints(kind, vars(module))
    return [(field.name, hints[field.name]) for field in dataclasses.fields(kind)]


def _optional(hint) -> tuple[bool, object]:
    """(True, X) for `X | None` of one other kind, else (False, hint)."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        others = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        if len(others) == 1 and len(typing.get_args(hint)) == 2:
            return True, others[0]
    return False, hint


def _tuple_items(hint):
    """The item annotation of `tuple[X, ...]`, a list of them for `tuple[A, B]`, or None
    for anything else."""
    if typing.get_origin(hint) is not tuple:
        return None
    args = typing.get_args(hint)
    if len(args) == 2 and args[1] is Ellipsis:
        return args[0]
    return list(args)


def _mapping_values(hint):
    """The value annotation of `Mapping[str, X]` (held as a FrozenMap), else None."""
    if typing.get_origin(hint) is collections.abc.Mapping:
        key, value = typing.get_args(hint)
        if key is str:
            return value
    return None


def _exact(value, kind: type):
    """`value` if it is exactly of `kind` (no True for 1, no list for a tuple)."""
    if type(value) is not kind:
        raise NotPlainData(f"a {type(value).__name__} where a {kind.__name__} belongs")
    return value


def _length(items, count: int):
    """`items` if there are exactly `count` of them."""
    if len(items) != count:
        raise NotPlainData(f"{len(items)} items where {count} belong")
    return items


def _text(data) -> str:
    """Text, short text as the one copy this process keeps of it (see plain_data)."""
    if type(data) is not str:
        raise NotPlainData(f"a {type(data).__name__} where text belongs")
    return intern(data) if len(data) <= SHARED_TEXT else data

