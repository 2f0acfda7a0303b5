"""The photo store's digests of photo files: saved once the photo stage is done with them,
then read back from the file when asked again, never lost by letting go of them."""
from __future__ import annotations

import json

from builder.core.memo import BuildMemo
from builder.photos.store import PhotoStore


def test_settled_digests_are_saved_and_read_back_not_recomputed(tmp_path, monkeypatch):
    photo = tmp_path / "anh-hoi-nghi-đức-hòa.jpg"
    photo.write_bytes(b"\xff\xd8" + "ảnh hội nghị".encode())
    store = PhotoStore(tmp_path / "cache", BuildMemo())
    try:
        first = store.digest(str(photo))
        store.settle_digests()
        saved = json.loads((tmp_path / "cache" / "photos" / "digests.json").read_text("utf-8"))
        assert saved[str(photo)][3] == first  # written before the build ends

        def no_hashing(*args, **kwargs):
            raise AssertionError("the photo was read and hashed again")

        monkeypatch.setattr("builder.photos.store.hashlib.blake2b", no_hashing)
        assert store.digest(str(photo)) == first  # from the saved file, not the photo
        assert store.size(str(photo)) == photo.stat().st_size
    finally:
        monkeypatch.undo()
        store.close()
