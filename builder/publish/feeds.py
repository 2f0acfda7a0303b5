"""Atom feeds from the site model: one for the site, one per tag and one per category.

Feeds are rendered through the Jinja template `feed.xml` (the site's own if its theme has
one, else the built-in), with autoescaping, so every title and body is escaped once.
With a `base_url`, every link and id is absolute. Without one, links are relative to the
feed file (RFC 4287 resolves them against the feed's own address, and `xml:base` on each
entry's content points at its article page), and ids are `tag:` URIs built from the site
title, so the feeds stay valid and their ids stable wherever the site is copied.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Iterator

import jinja2
from markupsafe import escape

from ..core.errors import TemplateError
from ..content.markdown_convert import resolve_refs
from ..site.model import Post, Site
from ..site.render import make_environment, template_problem
from ..site.views import SiteViews
from ..core.text import iso_datetime, slugify
from ..core.urls import (CATEGORIES_INDEX, HOME, SITE_FEED, TAGS_INDEX, absolute_url,
                         author_feed_path, category_feed_path, listing_path, relative,
                         root_prefix, tag_feed_path)

TEMPLATE = "feed.xml"
# A feed with no entries still needs an `updated`; a fixed instant keeps builds identical.
EMPTY_UPDATED = datetime(2000, 1, 1, tzinfo=timezone.utc)


@dataclass(frozen=True)
class Feed:
    """One feed: where it goes, what it is called, which page it mirrors, which posts."""

    path: str
    title: str
    page: str  # the HTML page with the same posts
    posts: tuple[int, ...]  # post indices, newest first


def site_feeds(site: Site, tag_label: str, category_label: str,
               author_label: str = "") -> list[Feed]:
    """Every feed of the site, in a fixed order; each holds the newest `feed_items` posts."""
    limit = site.config.feed_items
    title = site.config.title
    feeds = [Feed(SITE_FEED, title, HOME, tuple(range(min(limit, len(site.posts)))))]
    for term in site.tags:
        feeds.append(Feed(tag_feed_path(term.slug), f"{title} – {tag_label}: {term.name}",
                          listing_path(term.base, 1), term.posts[:limit]))
    for term in site.categories:
        feeds.append(Feed(category_feed_path(term.slug),
                          f"{title} – {category_label}: {term.name}",
                          listing_path(term.base, 1), term.posts[:limit]))
    for term in site.authors:
        feeds.append(Feed(author_feed_path(term.slug), f"{title} – {author_label}: {term.name}",
                          listing_path(term.base, 1), term.posts[:limit]))
    return feeds


def rfc3339(when: datetime, tz) -> str:
    """`2020-09-15T15:44:00+07:00`: seconds precision, in the site time zone."""
    return iso_datetime(when.astimezone(tz))


def tag_authority(title: str) -> str:
    """A DNS-label-like name for `tag:` URIs, from the site title (RFC 4151)."""
    return slugify(title, max_length=63).strip("-") or "site"


class FeedWriter:
    """Renders the feeds of one site; entry views are made once and shared by all feeds."""

    def __init__(self, site: Site, views: SiteViews):
        self.site = site
        self.config = site.config
        self.views = views
        self.base_url = self.config.base_url
        self.authority = tag_authority(self.config.title)
        self.env = make_environment(self.config.template_dirs, xml=True)
        self._entries: dict[int, dict] = {}
        self._template: jinja2.Template | None = None

    def feeds(self) -> list[Feed]:
        """Every feed of the site, in a fixed order."""
        t = self.views.t
        return site_feeds(self.site, t["tag"], t["category"], t["author"])

    def files(self) -> Iterator[tuple[str, bytes]]:
        """(path, bytes) of every feed."""
        for feed in self.feeds():
            yield feed.path, self.render(feed)

    def render(self, feed: Feed) -> bytes:
        """The XML of one feed."""
        try:
            if self._template is None:
                self._template = self.env.get_template(TEMPLATE)
            return self._template.render(self._context(feed)).encode("utf-8")
        except TemplateError:
            raise
        except (jinja2.TemplateError, TypeError, ValueError, AttributeError, KeyError,
                LookupError) as exc:
            raise TemplateError(template_problem(exc)) from None

    def inputs(self, feed: Feed, article_keys: dict[str, str]) -> str:
        """A digest of everything one feed is made from besides settings and templates:
        its own title and pages, and per entry the article (by its content key), its card
        and where its links lead (a linked article may have moved)."""
        digest = hashlib.blake2b(f"{feed.path}|{feed.title}|{feed.page}".encode(
            "utf-8", "surrogatepass"), digest_size=20)
        paths = self.views.ref_paths
        for index in feed.posts:
            post = self.site.posts[index]
            refs = self.views.bodies[post.article.source].refs
            digest.update("|".join((article_keys[post.path],
                                    self.views.cards[index].signature(),
                                    *(paths.get(ref, "") for ref in refs))).encode(
                "utf-8", "surrogatepass"))
        return digest.hexdigest()

    def _id(self, path: str, when: datetime | None = None) -> str:
        """Absolute URL with a base URL, else a `tag:` URI that never depends on the host."""
        if self.base_url:
            return self.base_url + path
        day = f"{when:%Y-%m-%d}" if when and when.year >= 1000 else "2000"
        return f"tag:{self.authority},{day}:{path}"

    def _link(self, feed_path: str, target: str) -> str:
        """Link from a feed to an output file: absolute with a base URL, else relative."""
        return absolute_url(self.base_url, target) if self.base_url else relative(feed_path,
                                                                                  target)

    def _context(self, feed: Feed) -> dict:
        """What `feed.xml` sees for one feed."""
        entries = [self._entry(self.site.posts[i]) for i in feed.posts]
        newest = max((e["updated_at"] for e in entries), default=EMPTY_UPDATED)
        # Links are written `{{ feed.root }}{{ path }}`, like pages write theirs.
        root = self.base_url or root_prefix(feed.path)
        return {"feed": {
            "title": feed.title, "subtitle": self.config.description,
            "language": self.config.language, "root": root,
            "self": self._link(feed.path, feed.path), "page": self._link(feed.path, feed.page),
            "id": self._id(feed.path), "updated": rfc3339(newest, self.config.tz),
            "author": self.config.title, "full": self.config.feed_content == "full",
            "tags_index": TAGS_INDEX, "categories_index": CATEGORIES_INDEX,
            "entries": entries}}

    def _entry(self, post: Post) -> dict:
        """The view of one post as a feed entry (cached: a post appears in several feeds)."""
        if post.index in self._entries:
            return self._entries[post.index]
        a, tz = post.article, self.config.tz
        card = self.views.cards[post.index]
        updated = a.updated or a.date
        terms = [tag["name"] for tag in card["tags"]]
        category = card["category"]["name"] if card["category"] else None
        if category:
            terms.append(category)
        entry = {"title": a.title, "path": post.path, "id": self._id(post.path, a.date),
                 "published": rfc3339(a.date, tz), "updated": rfc3339(updated, tz),
                 "updated_at": updated, "authors": list(a.authors), "categories": terms,
                 # Told apart by their scheme (the listing of all tags or all sections), so
                 # a reader, our own importer included, knows which term is the section.
                 "tags": [tag["name"] for tag in card["tags"]], "category": category,
                 "summary": card["summary"], "content": self._content(post)}
        self._entries[post.index] = entry
        return entry

    def _content(self, post: Post) -> str:
        """Lead photo and body HTML, internal refs absolute with a base URL (else relative
        to the article page, which each entry's `xml:base` names)."""
        if self.config.feed_content != "full":
            return ""
        converted = self.views.bodies[post.article.source]
        paths = self.views.ref_paths
        urls = tuple(self._ref_url(post, paths[ref]) if ref in paths else ""
                     for ref in converted.refs)
        html = resolve_refs(converted.html, urls)
        a = post.article
        if a.image and a.image in paths:
            caption = (f"<figcaption>{escape(a.image_caption)}</figcaption>"
                       if a.image_caption else "")
            html = (f'<figure><img src="{escape(self._ref_url(post, paths[a.image]))}" '
                    f'alt="{escape(a.image_caption or a.title)}">{caption}</figure>\n' + html)
        return html

    def _ref_url(self, post: Post, target: str) -> str:
        """URL of an output file as seen from the post's content in a feed."""
        return self.base_url + target if self.base_url else relative(post.path, target)


def files(site: Site, views: SiteViews) -> Iterator[tuple[str, bytes]]:
    """(path, bytes) of every Atom feed of the site."""
    return FeedWriter(site, views).files()

