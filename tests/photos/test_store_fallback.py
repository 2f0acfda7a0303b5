"""The photo store's switch to a scratch folder when the cache cannot be written."""
from __future__ import annotations

from builder.core.memo import BuildMemo
from builder.photos.store import PhotoStore


def test_a_write_that_failed_before_another_thread_switched_is_tried_again(tmp_path):
    """Two photos encoded in parallel both fail in the read-only cache: the first to report
    switches the store, the second must be told to try again there, not that it is stuck."""
    store = PhotoStore(tmp_path / "cache", BuildMemo())
    cache_root = store.root
    try:
        assert store.fall_back(cache_root) is True  # the first thread switches
        assert store.root != cache_root
        assert store.fall_back(cache_root) is True  # the second, late: try the new folder
        assert store.fall_back(store.root) is False  # the scratch folder itself failed
    finally:
        store.close()
