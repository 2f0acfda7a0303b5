"""Where passwords come from: the environment, then ~/.netrc. Never site.toml, never printed."""
from __future__ import annotations

import netrc
import os

PASSWORD_VARIABLE = "CAMPAIGN_NEWS_PASSWORD"


def password_for(host: str, user: str) -> str | None:
    """CAMPAIGN_NEWS_PASSWORD, else the .netrc entry for `host` (and its login), else None."""
    if os.environ.get(PASSWORD_VARIABLE):
        return os.environ[PASSWORD_VARIABLE]
    try:
        entry = netrc.netrc(os.environ.get("NETRC")).authenticators(host)
    except (FileNotFoundError, netrc.NetrcParseError, OSError):
        return None
    if entry and (not user or not entry[0] or entry[0] == user):
        return entry[2]
    return None


def login_for(host: str, user: str) -> str:
    """The user name: from the address, else the .netrc entry, else anonymous."""
    if user:
        return user
    try:
        entry = netrc.netrc(os.environ.get("NETRC")).authenticators(host)
    except (FileNotFoundError, netrc.NetrcParseError, OSError):
        entry = None
    return entry[0] if entry and entry[0] else "anonymous"
