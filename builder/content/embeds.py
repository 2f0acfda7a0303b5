"""Video embeds as offline-safe cards: a title, the provider and a link, the player on click.

An `<iframe>` from YouTube or Facebook video becomes a card that fetches nothing; the
theme's `embeds.js` puts the provider's player in its place only when the reader clicks
(and builds the player's address itself from the provider and the video id, so a card an
editor forges cannot load anything else). Other iframes are dropped with a warning.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from urllib.parse import parse_qs, urlsplit

_YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "youtube-nocookie.com",
                  "www.youtube-nocookie.com"}
_FACEBOOK_HOSTS = {"facebook.com", "www.facebook.com", "web.facebook.com", "m.facebook.com"}
_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")


@dataclass(frozen=True)
class Embed:
    """A recognised video: which provider, the id the player needs, the reader's link."""

    provider: str  # "youtube" or "facebook"
    video: str  # YouTube video id, or the Facebook video's own https URL
    link: str  # where the reader can watch it in a browser

    @property
    def provider_name(self) -> str:
        """The provider as readers know it."""
        return {"youtube": "YouTube", "facebook": "Facebook"}[self.provider]


def recognise(src: str) -> Embed | None:
    """The video an iframe address shows, if its provider is on the allow-list."""
    parts = urlsplit(src.strip())
    if parts.scheme not in ("http", "https", "") or not parts.netloc:
        return None
    host = parts.netloc.lower()
    if host in _YOUTUBE_HOSTS and parts.path.startswith("/embed/"):
        video = parts.path[len("/embed/"):].strip("/")
        if _YOUTUBE_ID.match(video):
            return Embed("youtube", video, f"https://www.youtube.com/watch?v={video}")
    if host == "youtu.be" and _YOUTUBE_ID.match(parts.path.strip("/")):
        video = parts.path.strip("/")
        return Embed("youtube", video, f"https://www.youtube.com/watch?v={video}")
    if host in _FACEBOOK_HOSTS and parts.path.rstrip("/") == "/plugins/video.php":
        href = (parse_qs(parts.query).get("href") or [""])[0]
        target = urlsplit(href)
        if target.scheme == "https" and target.netloc.lower() in _FACEBOOK_HOSTS:
            return Embed("facebook", href, href)
    return None


def card(embed: Embed, title: str, strings) -> str:
    """The card's HTML: phrasing elements only, so it is valid inside a paragraph too."""
    shown_title = title.strip() or strings["embed_video"]
    watch = strings["embed_watch"].format(provider=embed.provider_name)
    return (f'<span class="embed" data-embed="{embed.provider}" '
            f'data-embed-id="{escape(embed.video)}" '
            f'data-embed-play="{escape(strings["embed_play"])}">'
            f'<span class="embed-provider">{escape(embed.provider_name)}</span> '
            f'<span class="embed-title">{escape(shown_title)}</span> '
            f'<a class="embed-link" href="{escape(embed.link)}">{escape(watch)}</a></span>')
