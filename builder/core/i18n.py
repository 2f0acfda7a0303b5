"""The one message catalogue: every text the generator shows, in Vietnamese and English.

The texts are gettext catalogues, `builder/locale/<language>/LC_MESSAGES/messages.po`, edited
with Babel's tools and read here in their compiled form (`messages.mo`, the standard library's
gettext: fast enough for every command's start). A message is named by its group (gettext's
`msgctxt`: "theme", "build", "command", ...) and a key (its `msgid`); docs/translating.md
says how to add one. tests/unit/core/test_messages.py fails when a message is in one language
only, when the two differ in their `{placeholders}`, or when a `.mo` is older than its `.po`.
"""
from __future__ import annotations

import gettext
import os
from functools import lru_cache
from pathlib import Path
from typing import Mapping

from .frozen import FrozenMap

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "messages"
_CONTEXT_SEPARATOR = "\x04"  # gettext stores "context<EOT>key"
# Variables that may name the language of a command run outside any site (`init`, `--help`).
LANGUAGE_VARIABLES = ("CAMPAIGN_NEWS_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


class Catalogue:
    """The messages of one language, grouped."""

    def __init__(self, language: str, translations: gettext.GNUTranslations):
        self.language = language
        self._translations = translations
        groups: dict[str, dict[str, str]] = {}
        for entry, value in translations._catalog.items():  # noqa: SLF001 (no public listing)
            if isinstance(entry, str) and _CONTEXT_SEPARATOR in entry:
                group, key = entry.split(_CONTEXT_SEPARATOR, 1)
                groups.setdefault(group, {})[key] = value
        self._groups = FrozenMap({g: FrozenMap(keys) for g, keys in groups.items()})

    def group(self, name: str) -> Mapping[str, str]:
        """Every message of one group, by key (the theme's strings are the group "theme")."""
        return self._groups[name]

    def text(self, group: str, key: str, **values) -> str:
        """One message, its `{placeholders}` filled in; KeyError for an unknown message."""
        return self._groups[group][key].format(**values)

    def plural(self, group: str, key: str, count: int, **values) -> str:
        """A message with a plural form chosen for `count` (`{n}` is the count)."""
        found = self._translations.npgettext(group, key, key + "_plural", count)
        if found in (key, key + "_plural"):
            raise KeyError(f"{group}/{key}")
        return found.format(n=count, **values) if "{n}" in found else found.format(**values)


@lru_cache(maxsize=None)
def catalogue(language: str) -> Catalogue:
    """The catalogue of `language` ("vi" or "en"); any other falls back to English."""
    language = language if language in LANGUAGES else "en"
    with open(LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.mo", "rb") as file:
        return Catalogue(language, gettext.GNUTranslations(file))


def language_from_environment(environ: Mapping[str, str] | None = None) -> str:
    """The language for a command run outside a site: the first of LANGUAGE_VARIABLES that
    names Vietnamese or English (`vi_VN.UTF-8`, `en:vi`), else Vietnamese."""
    environ = os.environ if environ is None else environ
    for variable in LANGUAGE_VARIABLES:
        for part in environ.get(variable, "").split(":"):
            code = part.strip().lower()[:2]
            if code in LANGUAGES:
                return code
    return DEFAULT_LANGUAGE


def strings(language: str) -> Mapping[str, str]:
    """The theme's interface strings in `language`."""
    return catalogue(language).group("theme")


def message(language: str, key: str, **values) -> str:
    """A command message ("command" group) in `language`, filled in."""
    return catalogue(language).text("command", key, **values)
