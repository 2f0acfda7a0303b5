"""Values that enter digests by a short signature instead of their whole data."""
from __future__ import annotations


class Signed:
    """A value a page digest sees by `signature()`: shared views (cards), article bodies,
    photos. A base class, so that digests recognise them by type, not by an attribute."""

    __slots__ = ()

    def signature(self) -> str:
        """A digest of everything the value shows."""
        raise NotImplementedError

    def reads(self) -> tuple[str, ...]:
        """What a page showing the value depends on besides the site's structure and its
        own content file (incremental/digests.py): by default the value as it is now."""
        return (self.signature(),)
