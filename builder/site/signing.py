"""A secret of the user's own that signs cache files whose contents would run as code.

Compiled templates are Python code objects: a file planted in the cache folder (say, a
`.cache/` committed to a shared repository) would run during the build. Each such file
carries an HMAC made with a key that lives outside every project, in the user's private
lock folder; a file without a valid signature is ignored and compiled again.
"""
from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
from functools import lru_cache

from ..core.lock_folder import lock_folder

MAC_SIZE = 32


@lru_cache(maxsize=1)
def user_key() -> bytes | None:
    """This user's signing key, made on first use; None if it cannot be kept privately."""
    folder = lock_folder()
    path = folder / "cache-signing.key"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if os.name != "nt":
            info = os.lstat(folder)
            if info.st_uid != os.getuid() or info.st_mode & 0o077:
                return None
        with contextlib.suppress(FileExistsError):
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as file:
                file.write(secrets.token_bytes(32))
        key = path.read_bytes()
    except OSError:
        return None
    return key if len(key) == 32 else None


def sign(data: bytes) -> bytes | None:
    """`data` with its signature in front, or None without a key."""
    key = user_key()
    if key is None:
        return None
    return hmac.new(key, data, hashlib.sha256).digest() + data


def verified(signed: bytes) -> bytes | None:
    """The data of a signed file if its signature is ours, else None."""
    key = user_key()
    if key is None or len(signed) < MAC_SIZE:
        return None
    mac, data = signed[:MAC_SIZE], signed[MAC_SIZE:]
    expected = hmac.new(key, data, hashlib.sha256).digest()
    return data if hmac.compare_digest(mac, expected) else None
