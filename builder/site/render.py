"""Pages from the site model through Jinja templates; no file I/O here.

Templates see plain views (dicts of text and root-relative paths), never the model.
Each page gets `root`, the relative prefix back to the output root, and writes links as
`{{ root }}{{ url }}`, so every link is relative and names a file.
"""
from __future__ import annotations

import contextlib
import dataclasses
from dataclasses import dataclass
import hashlib
import math
import re
import traceback
from pathlib import Path
from typing import Mapping
from urllib.parse import quote, urlsplit

import jinja2
from markupsafe import Markup

from ..core.atomic_write import write_atomically
from ..core.config import SiteConfig
from ..core.errors import Problem, TemplateError, Text
from ..core.frozen import FrozenMap
from ..core.signed import Signed
from ..core.i18n import strings
from ..content.loading import DESCRIPTION_LENGTH
from ..content.markdown_convert import Body, Converted, closing_line
from ..photos.markup import body_for, picture
from .plan import PageKind, PageSpec, plan_pages
from .signing import sign, verified
from .views import SiteViews
from .model import Page, Post, Site, Term
from .sharing import news_article, og_locale
from .theme import ThemeLoader, extends_loop
from ..core.text import (clean_text, format_date, format_dateline, format_month,
                         format_number, iso_datetime, term_key)
from ..core.urls import (ARCHIVE_INDEX, ASSETS, CATEGORIES_INDEX, HOME, SEARCH,
                   SEARCH_DATA, TAGS_INDEX, listing_path, month_base, relative, root_prefix)
from ..core.urls import (AUTHORS_INDEX, SITE_FEED, absolute_url, author_feed_path,
                         category_feed_path, tag_feed_path)
from ..core.identity import IMAGE_TYPES, identity_output

TEMPLATES = {PageKind.HOME: "listing.html", PageKind.TAG: "listing.html",
             PageKind.CATEGORY: "listing.html", PageKind.MONTH: "listing.html",
             PageKind.AUTHOR: "listing.html", PageKind.ARTICLE: "article.html",
             PageKind.TAGS: "terms.html", PageKind.CATEGORIES: "terms.html",
             PageKind.AUTHORS: "terms.html", PageKind.ARCHIVE: "archive.html",
             PageKind.YEAR: "year.html", PageKind.NOT_FOUND: "404.html",
             PageKind.SEARCH: "search.html", PageKind.PAGE: "page.html",
             PageKind.REDIRECT: "redirect.html"}


class View(FrozenMap, Signed):
    """A read-only view shared by many pages (a post card); templates read it like a dict.

    Page digests see it by its `signature`, computed once, instead of its whole text. Its
    values sit in a tuple beside its keys, which every view of the same shape shares: a
    dict per card held a copy of the same keys for each of 100,000 cards.
    """

    __slots__ = ("_shape", "_values", "_signature")
    _shapes: dict[tuple, tuple[tuple, dict]] = {}  # keys -> (keys, key -> place)

    def __init__(self, data: Mapping):
        keys = tuple(data)
        shape = View._shapes.get(keys)
        if shape is None:
            shape = View._shapes[keys] = (keys, {key: n for n, key in enumerate(keys)})
        object.__setattr__(self, "_shape", shape)
        object.__setattr__(self, "_values", tuple(data.values()))

    def __getitem__(self, key):
        return self._values[self._shape[1][key]]

    def __iter__(self):
        return iter(self._shape[0])

    def __len__(self) -> int:
        return len(self._values)

    def as_dict(self) -> dict:
        """The view's keys and values as a plain dict."""
        return dict(zip(self._shape[0], self._values))

    def __repr__(self) -> str:
        return f"View({self.as_dict()!r})"

    def __hash__(self) -> int:
        return hash(tuple(sorted(zip(self._shape[0], self._values), key=repr)))

    def __reduce__(self):
        return (View, (self.as_dict(),))

    def signature(self) -> str:
        """A digest of the view's data."""
        try:
            return self._signature
        except AttributeError:
            # Views are built from literals in a fixed key order of plain values, so their
            # repr is deterministic (and several times quicker than sorted JSON). A card's
            # photo enters by what it reads (its file and content key): the repr of a
            # photo and its copies took as long as the rest of the card's.
            data = self.as_dict()
            photo = data.get("photo")
            if isinstance(photo, Signed):
                data["photo"] = photo.reads()
            text = repr(data).encode("utf-8", "surrogatepass")
            object.__setattr__(self, "_signature",
                               hashlib.blake2b(text, digest_size=16).hexdigest())
            return self._signature


YEAR_PAGE_LATEST = 5  # newest posts listed under each month on a year page
CARD_CACHE_SIZE = 12_000  # rendered cards kept per process (about 1 KB each)
ROOT_STAND_IN = "\x01"  # the root prefix in a cached card (text.clean_text removes it)


def signed_in_body(body: str, authors: tuple[str, ...]) -> bool:
    """True when the body already ends with the authors in bold (the newsroom habit), so the
    theme need not print the byline a second time."""
    return signed_with(closing_line(body), authors)


def signed_with(line: str, authors: tuple[str, ...]) -> bool:
    """True when a body's closing bold line names exactly the authors."""
    return bool(line and authors) and _letters(line) == _letters("".join(authors))


def _letters(text: str) -> str:
    """Only the letters and digits, case-folded: "Kim Tiến - Hoàng Anh" ~ "kim tiến, hoàng anh"."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def feedback_link(address: str | None, title: str) -> str | None:
    """A mail link to the newsroom with the article's title as subject ("Gửi ý kiến")."""
    if not address:
        return None
    return f"mailto:{address}?subject={quote(title, safe='')}"


def shown_path(path: Path) -> str:
    """A path as messages show it: relative to the working folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


class ViewEnvironment(jinja2.Environment):
    """Jinja for plain views: `post.title` looks up the key first.

    Jinja's default tries an attribute first and a key only after an AttributeError;
    every value here is a dict or a View, so that order costs an exception per lookup.
    """

    def getattr(self, obj, attribute):
        if type(obj) is dict or isinstance(obj, FrozenMap):
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


class TemplateCodeCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept between builds (compiling the theme costs a tenth of a
    second per build); Jinja checks each against its template's source. A cache folder
    that cannot be written only means compiling again next time.

    Compiled code runs when loaded, so every file is signed with the user's own key
    (site/signing.py) and one without a valid signature is never loaded."""

    def __init__(self, directory: Path):
        directory.mkdir(parents=True, exist_ok=True)
        super().__init__(str(directory))

    def load_bytecode(self, bucket) -> None:
        try:
            with open(self._get_cache_filename(bucket), "rb") as file:
                data = verified(file.read())
        except OSError:
            return
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket) -> None:
        signed = sign(bucket.bytecode_to_string())
        if signed is None:
            return
        with contextlib.suppress(OSError):  # a code cache not written only costs time
            write_atomically(self._get_cache_filename(bucket), signed)


def make_environment(template_dirs: tuple[Path, ...], code_cache: Path | None = None,
                     xml: bool = False) -> jinja2.Environment:
    """The one Jinja environment factory, for pages and feeds: autoescaping and strict;
    templates compile once per process (and, with a `code_cache` folder, once per change of
    the template). `xml`: every printed text is cleaned of characters XML forbids."""
    options = dict(autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True,
                   lstrip_blocks=True, auto_reload=False, keep_trailing_newline=True)
    bytecode = None
    if code_cache is not None:
        # Code compiled under other options (or another Jinja) must not be found.
        flavour = hashlib.blake2b(repr((jinja2.__version__, xml,
                                        sorted(options.items(), key=str)))
                                  .encode(), digest_size=8).hexdigest()
        try:
            bytecode = TemplateCodeCache(code_cache / flavour)
        except OSError:
            bytecode = None
    if xml:  # a last guard, whatever the template prints
        options["finalize"] = _xml_safe
    return ViewEnvironment(
        loader=ThemeLoader(template_dirs), bytecode_cache=bytecode, **options)


def _xml_safe(value):
    """Printed text without the characters XML forbids (the feeds' last guard)."""
    return clean_text(value) if isinstance(value, str) else value


def template_problem(exc: Exception, source: str = "", template: str = "") -> Problem:
    """A Problem naming the template file and line (and the content file being rendered);
    `template` is the page's own template, where a missing one is looked for."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        name, line = exc.filename or exc.name or "?", exc.lineno
        message: Text | str = Text.of("template", "syntax_error", reason=exc.message)
    else:
        name, line = "?", None
        for frame, lineno in traceback.walk_tb(exc.__traceback__):
            filename = frame.f_code.co_filename
            if filename.endswith(".html") or filename.endswith(".xml"):
                name, line = filename, lineno
        if isinstance(exc, jinja2.TemplateNotFound):
            message = Text.of("template", "not_found", name=exc.name)
            if name == "?":
                name = template or "?"
        else:
            # Templates see views as dicts; the class that implements them means nothing there.
            message = re.sub(r"'[\w.]*\b(View|FrozenMap) object'", "'dict object'",
                             f"{type(exc).__name__}: {exc}")
    if name != "?" and Path(name).is_absolute():
        name = shown_path(Path(name))
    if source:
        # Jinja's own words (the syntax fault, an undefined name) stay as Jinja says them.
        message = Text.of("template", "while_rendering", problem=message, source=source)
    return Problem(name, line, None, None, message)


class PageTemplates:
    """The theme's templates with what every page may use (the site's settings, the
    interface strings, cards); renders a page from its context. It needs the settings
    only, not the model: a worker forked before the model exists renders pages with it."""

    def __init__(self, config: SiteConfig, code_cache: Path | None = None,
                 env: jinja2.Environment | None = None):
        self.config = config
        self.t = strings(config.language)
        self.env = env or make_environment(config.template_dirs, code_cache)
        self.env.globals.update(t=self.t, site=self._site_view(), card=self._card_html,
                                picture=picture)
        self._card_cache: dict[tuple, str] = {}

    def render(self, spec: PageSpec, context: dict) -> bytes:
        """Render one page to UTF-8 bytes; raise TemplateError naming template and line."""
        name = TEMPLATES[spec.kind]
        try:
            template = self.env.get_template(name)
            return template.render(context).encode("utf-8")
        except RecursionError as exc:
            raise TemplateError(self._loop_problem(name, spec.source, exc)) from None
        except (jinja2.TemplateError, TypeError, ValueError, AttributeError, KeyError,
                LookupError) as exc:
            raise TemplateError(template_problem(exc, spec.source, name)) from None

    def forget_cards(self, urls: set[str]) -> None:
        """Drop the rendered cards of these posts (their cards changed)."""
        self._card_cache = {key: html for key, html in self._card_cache.items()
                            if key[0] not in urls}

    def _loop_problem(self, name: str, source: str, exc: RecursionError) -> Problem:
        """Where a template extends (or includes) itself, endlessly."""
        chain = extends_loop(self.env.loader, name)
        def told(message: Text) -> Text:
            """The message, naming the page being rendered when there is one."""
            return Text.of("template", "while_rendering", problem=message,
                           source=source) if source else message

        if not chain:  # an include loop: the innermost template line is the include
            found = template_problem(exc)
            return Problem(found.path if found.path != "?" else name, found.line, None, None,
                           told(Text.of("template", "include_loop")))
        path = chain[-2][1]
        text = path.read_text(encoding="utf-8", errors="replace")
        found = re.search(r"\{%-?\s*extends", text)
        line = text.count("\n", 0, found.start()) + 1 if found else None
        first = next(i for i, (_, file) in enumerate(chain) if file == chain[-1][1])
        names = " → ".join(n for n, _ in chain[first:])
        return Problem(shown_path(path), line, None, None,
                       told(Text.of("template", "extends_loop", names=names,
                                    name=chain[-1][0])))

    def _card_html(self, post: View, page: dict, level: int = 2, summary: bool = True) -> Markup:
        """A post card rendered through `_card.html` once, then put on every page.

        A card shows up on a dozen pages (home, its tags, its month, related lists) at
        three or four depths; only the relative prefix to the site root differs. So it is
        rendered with a stand-in root, a control character that cleaned content never
        holds, and each page puts its own prefix in place of it.
        """
        key = (post["url"], level, summary)
        html = self._card_cache.get(key)
        if html is None:
            if len(self._card_cache) > CARD_CACHE_SIZE:
                self._card_cache.clear()
            html = self.env.get_template("_card.html").render(
                post=post, page={"root": ROOT_STAND_IN}, card_level=level,
                no_summary=not summary).strip()
            self._card_cache[key] = html
        return Markup(html.replace(ROOT_STAND_IN, page["root"]))

    def _site_view(self) -> dict:
        """Site-wide values every template may use (the identity from site.toml included)."""
        c = self.config
        favicon = ({"url": identity_output("favicon", c.favicon),
                    "type": IMAGE_TYPES[Path(c.favicon).suffix.lower()]} if c.favicon else None)
        return {"title": c.title, "description": c.description, "language": c.language,
                "base_url": c.base_url, "home": HOME, "tags": TAGS_INDEX,
                "categories": CATEGORIES_INDEX, "archive": ARCHIVE_INDEX,
                "authors": AUTHORS_INDEX,
                "assets": ASSETS, "locale": og_locale(c.language), "search": SEARCH,
                "search_data": SEARCH_DATA,
                "logo": identity_output("logo", c.logo) if c.logo else None, "favicon": favicon,
                "css": list(c.css),
                "footer": list(c.footer), "contact": dict(c.contact),
                "social": [{"name": name, "url": url} for name, url in c.social],
                "feedback_email": c.feedback_email, "extra": c.extra}


@dataclass(frozen=True)
class KeptViews:
    """Views the last build made from the whole site (site/card_store.py): cards by post
    index (those of the pages to render; any other raises LookupError), the masthead's
    sections and the menu."""

    cards: Mapping[int, View]
    sections: list
    menu: list


class SiteRenderer:
    """The template contexts of one site's pages, from its model; `render` a PageSpec.

    With `kept` views, only article pages, from a model that holds just their posts."""

    def __init__(self, site: Site, bodies: Mapping[str, Converted], ref_paths: Mapping[str, str],
                 shown_root: str, code_cache: Path | None = None,
                 env: jinja2.Environment | None = None, photos: Mapping | None = None,
                 templates: PageTemplates | None = None, kept: KeptViews | None = None):
        self.site = site
        self.photos = photos or {}  # content-relative path -> photos.plan.Photo
        self.config = site.config
        self.bodies = bodies
        self.ref_paths = ref_paths  # content-relative path -> output path (pages and media)
        self.shown_root = shown_root
        self.templates = templates or PageTemplates(self.config, code_cache, env)
        self.t = self.templates.t
        self._term_refs: dict[str, dict] = {}
        self._cards_by_path: dict[str, View] | None = None  # for reads(), made when needed
        if kept is not None:  # the article pages of a quick build (quick_build.py)
            self.cards, self.page_cards, self.topics = kept.cards, (), []
            self.sections, self.menu = kept.sections, kept.menu
        else:
            self.cards = tuple(self._card(post) for post in site.posts)
            # Pages without a date are found by search too, after every article.
            self.page_cards = tuple(self._page_card(page) for page in site.pages)
            # The masthead's sections depend on the content, so they go into every page's
            # context (which the build cache digests), not into the globals.
            self.sections = [self._term_ref(t)
                             for t in self._most_used(site.categories, 8, True)]
            self.topics = [self._term_ref(t) for t in self._most_used(site.tags, 8, False)]
            # The menu names tags, categories and pages: it depends on the content too.
            self.menu = [{"name": m.name, "url": m.url, "external": m.external}
                         for m in site.menu]
        self.views = SiteViews(self.t, self.cards, self.page_cards, bodies, ref_paths)
        self._contexts = {
            PageKind.ARTICLE: self._context_article, PageKind.HOME: self._context_home,
            PageKind.TAG: self._context_tag, PageKind.CATEGORY: self._context_category,
            PageKind.AUTHOR: self._context_author, PageKind.YEAR: self._context_year,
            PageKind.MONTH: self._context_month, PageKind.TAGS: self._context_tags,
            PageKind.CATEGORIES: self._context_categories,
            PageKind.AUTHORS: self._context_authors, PageKind.ARCHIVE: self._context_archive,
            PageKind.NOT_FOUND: self._context_not_found, PageKind.SEARCH: self._context_search,
            PageKind.PAGE: self._context_page, PageKind.REDIRECT: self._context_redirect}

    # ------------------------------------------------------------------------ pages --

    def pages(self) -> list[PageSpec]:
        """Every page of the site, in a fixed order (the plan, made from the model)."""
        return plan_pages(self.site, self.shown_root)

    def context(self, spec: PageSpec) -> dict:
        """The template context of one page: plain data, so it can also be digested."""
        try:
            context = self._contexts[spec.kind](spec)
        except (TypeError, ValueError, AttributeError, KeyError, LookupError) as exc:
            raise TemplateError(template_problem(exc, spec.source)) from None
        context["page"] = {**context.get("page", {}), "path": spec.path, "kind": spec.kind,
                           "root": self._root(spec), **self._head_links(spec)}
        context["sections"] = self.sections
        context["menu"] = self.menu
        return context

    def reads(self, spec: PageSpec) -> tuple[str, ...]:
        """What a page read that its context holds by value, not as a shared view: an
        article its own card (spread into it), an old address the card of what it leads
        to (its title). See incremental/digests.py."""
        if spec.kind == PageKind.ARTICLE:
            return self.cards[spec.key].reads()
        if spec.kind == PageKind.REDIRECT:
            if self._cards_by_path is None:
                self._cards_by_path = {card["url"]: card for card in self.cards + self.page_cards}
            card = self._cards_by_path.get(self.site.redirects[spec.key].target)
            return card.reads() if card is not None else ()
        return ()

    def render(self, spec: PageSpec, context: dict | None = None) -> bytes:
        """Render one page to UTF-8 bytes; raise TemplateError naming template and line."""
        return self.templates.render(spec, self.context(spec) if context is None else context)

    def _root(self, spec: PageSpec) -> str:
        """Relative prefix to the site root; the 404 page is shown at any depth, so it is
        absolute when a base URL is known."""
        if spec.kind == "404" and self.config.base_url:
            return urlsplit(self.config.base_url).path
        return root_prefix(spec.path)

    def _head_links(self, spec: PageSpec) -> dict:
        """Feeds a page announces, and its canonical URL (only with a base URL)."""
        feeds = [{"title": self.config.title, "url": SITE_FEED}]
        if spec.kind in ("tag", "category", "author"):
            terms = {"tag": self.site.tags_by_key, "category": self.site.categories_by_key,
                     "author": self.site.authors_by_key}[spec.kind]
            term = terms[spec.key]
            path = {"tag": tag_feed_path, "category": category_feed_path,
                    "author": author_feed_path}[spec.kind]
            feeds.append({"title": f"{self.t[spec.kind]}: {term.name}", "url": path(term.slug)})
        base = self.config.base_url
        if spec.kind == "redirect":  # an old address: its canonical is the post's new one
            target = self.site.redirects[spec.key].target
            return {"feeds": [], "canonical": absolute_url(base, target) if base
                    else relative(spec.path, target)}
        canonical = absolute_url(base, spec.path) if base and spec.kind != "404" else None
        return {"feeds": feeds, "canonical": canonical}

    # ------------------------------------------------------------------------ views --

    @staticmethod
    def _most_used(terms: tuple[Term, ...], limit: int, alphabetical: bool) -> list[Term]:
        """The `limit` terms with most posts (ties in alphabetical order), most used first or
        back in alphabetical order: the masthead's sections and the front page's topics."""
        ranked = sorted(terms, key=lambda term: -len(term.posts))[:limit]
        return [term for term in terms if term in ranked] if alphabetical else ranked

    def _term_ref(self, term: Term) -> dict:
        """Name, link and count of a tag or category (made once per term: cards share it)."""
        ref = self._term_refs.get(term.base)  # a tag and a category may share a key
        if ref is None:
            ref = {"name": term.name, "url": listing_path(term.base, 1), "count": len(term.posts),
                   "count_text": format_number(len(term.posts), self.config.language)}
            self._term_refs[term.base] = ref
        return ref

    def _summary(self, post: Post) -> str:
        """The written summary, else the first paragraph cut at a word boundary."""
        if post.article.summary:
            return post.article.summary
        text = self.bodies[post.article.source].lead_text
        limit = self.config.summary_length
        if len(text) <= limit:
            return text
        return text[:limit].rsplit(" ", 1)[0].rstrip(",.;:–-") + "…"

    def replace_posts(self, site: Site, changed: tuple[int, ...]) -> None:
        """Take a model in which only the posts at `changed` differ, and only in what their
        cards and pages show (the preview's quick path): their cards are made again."""
        self.site = site
        cards = list(self.cards)
        for index in changed:
            cards[index] = self._card(site.posts[index])
        self.cards = tuple(cards)
        self.templates.forget_cards({self.cards[index]["url"] for index in changed})
        self._cards_by_path = None
        self.views = dataclasses.replace(self.views, cards=self.cards)

    def fresh_card(self, post: Post) -> View:
        """The card of a post made again from the bodies now held (the preview's check
        that a body edit left the listings as they were)."""
        return self._card(post)

    def _card(self, post: Post) -> dict:
        """What listings show of a post."""
        a, lang = post.article, self.config.language
        category = self.site.categories_by_key[post.category_key] if post.category_key else None
        return View({
            "title": a.title, "url": post.path, "date_iso": iso_datetime(a.date),
            "date": format_date(a.date),
            "dateline": format_dateline(a.date, lang, a.date_has_time),
            "summary": self._summary(post),
            "image": self.ref_paths.get(a.image) if a.image else None,
            "photo": self.photos.get(a.image) if a.image else None,
            "image_alt": a.image_caption or a.title,
            "category": self._term_ref(category) if category else None,
            "tags": [self._term_ref(self.site.tags_by_key[k]) for k in post.tag_keys],
            "authors": list(a.authors),
            "author_links": [self._term_ref(self.site.authors_by_key[term_key(name)])
                             for name in a.authors],
        })

    def _page_card(self, page: Page) -> View:
        """What search shows of a page without a date: no date, section or topics."""
        a = page.article
        lead = self.bodies[a.source].lead_text
        return View({"title": a.title, "url": page.path, "date_iso": "", "date": "",
                     "summary": a.summary or lead[:self.config.summary_length],
                     "category": None, "tags": []})

    def _body(self, post: Post | Page) -> Body:
        """The article's (or page's) HTML, its placeholders to become links relative to it."""
        converted = self.bodies[post.article.source]
        urls = tuple(relative(post.path, self.ref_paths[ref]) if ref in self.ref_paths else ""
                     for ref in converted.refs)
        return body_for(converted, urls, tuple(self.photos.get(ref) for ref in converted.refs),
                        post.path)

    def _pagination(self, base: str, number: int, count: int) -> dict:
        """Links to the neighbouring and all pages of a listing."""
        total = max(1, math.ceil(count / self.config.per_page))
        return {
            "number": number, "total": total,
            "label": self.t["page_of"].format(n=number, total=total),
            "newer": listing_path(base, number - 1) if number > 1 else None,
            "older": listing_path(base, number + 1) if number < total else None,
            # A window of page links (first, last and two either side), not every page:
            # listing all pages would make a 1,000-page archive quadratic in size.
            "pages": [{"number": n, "url": listing_path(base, n)}
                      for n in sorted({1, total, *range(max(1, number - 2),
                                                       min(total, number + 2) + 1)})],
        }

    def _listing(self, base: str, number: int, indices: tuple[int, ...], title: str,
                 crumbs: list, heading: str | None = None) -> dict:
        """Context of one page of a paginated listing."""
        per = self.config.per_page
        chunk = indices[(number - 1) * per:number * per]
        suffix = f" – {self.t['page_of'].format(n=number, total=math.ceil(len(indices) / per))}"
        return {
            "page": {"title": title + (suffix if number > 1 else ""), "crumbs": crumbs,
                     "description": self.config.description},
            "heading": heading or title,
            "count_text": self.t["article_count"].format(
                n=format_number(len(indices), self.config.language)),
            "posts": [self.cards[i] for i in chunk],
            "pagination": self._pagination(base, number, len(indices)),
        }

    def _home_crumb(self) -> list:
        """The first breadcrumb."""
        return [{"name": self.t["home"], "url": HOME}]

    # ----------------------------------------------------------------- page contexts --

    def _context_home(self, spec: PageSpec) -> dict:
        """The front page: newest posts first."""
        context = self._listing("index", spec.number, range(len(self.site.posts)),
                                self.config.title, [], heading=self.t["latest"])
        context["page"]["is_home"] = True
        context["topics"] = self.topics
        return context

    def _context_tag(self, spec: PageSpec) -> dict:
        """One tag's posts."""
        term = self.site.tags_by_key[spec.key]
        crumbs = self._home_crumb() + [{"name": self.t["tags"], "url": TAGS_INDEX}]
        return self._listing(term.base, spec.number, term.posts,
                             f"{self.t['tag']}: {term.name}", crumbs, heading=term.name)

    def _context_category(self, spec: PageSpec) -> dict:
        """One category's posts."""
        term = self.site.categories_by_key[spec.key]
        crumbs = self._home_crumb() + [{"name": self.t["categories"], "url": CATEGORIES_INDEX}]
        return self._listing(term.base, spec.number, term.posts,
                             f"{self.t['category']}: {term.name}", crumbs, heading=term.name)

    def _context_author(self, spec: PageSpec) -> dict:
        """One author's posts (every byline that names them)."""
        term = self.site.authors_by_key[spec.key]
        crumbs = self._home_crumb() + [{"name": self.t["authors"], "url": AUTHORS_INDEX}]
        return self._listing(term.base, spec.number, term.posts,
                             f"{self.t['author']}: {term.name}", crumbs, heading=term.name)

    def _context_authors(self, spec: PageSpec) -> dict:
        """Every author with the number of their articles."""
        return self._context_terms(self.site.authors, self.t["all_authors"])

    def _context_page(self, spec: PageSpec) -> dict:
        """A page without a date (Giới thiệu, Liên hệ): title and body only."""
        page = self.site.pages[spec.key]
        a = page.article
        converted = self.bodies[a.source]
        image = self.ref_paths.get(a.image) if a.image else None
        return {"page": {"title": a.title, "crumbs": self._home_crumb(),
                         "description": a.summary or converted.lead_text[:DESCRIPTION_LENGTH]},
                "content": {"title": a.title, "body": self._body(page), "lead": a.summary,
                            "image": image, "image_alt": a.image_caption or a.title,
                            "image_caption": a.image_caption, "extra": dict(a.extra)}}

    def _context_month(self, spec: PageSpec) -> dict:
        """One month's posts."""
        year_number, month_number = spec.key
        year = next(y for y in self.site.years if y.year == year_number)
        month = next(m for m in year.months if m.month == month_number)
        title = format_month(year_number, month_number, self.config.language)
        crumbs = self._home_crumb() + [{"name": self.t["archive"], "url": ARCHIVE_INDEX},
                                       {"name": str(year_number), "url": year.path}]
        return self._listing(month.base, spec.number, month.posts, title, crumbs)

    def _context_article(self, spec: PageSpec) -> dict:
        """One article with its neighbours and related posts."""
        post = self.site.posts[spec.key]
        a, lang = post.article, self.config.language
        posts = self.site.posts
        card = self.cards[post.index]
        crumbs = self._home_crumb()
        if card["category"]:
            crumbs.append({"name": card["category"]["name"], "url": card["category"]["url"]})
        article = {
            **dict(card), "body": self._body(post), "image_caption": a.image_caption, "lead": a.summary,
            "updated_iso": iso_datetime(a.updated) if a.updated else None,
            "updated": format_dateline(a.updated, lang) if a.updated else None,
            "extra": dict(a.extra),
            "older": self.cards[post.index + 1] if post.index + 1 < len(posts) else None,
            "newer": self.cards[post.index - 1] if post.index > 0 else None,
            "related": [self.cards[i] for i in self.site.related[post.index]],
        }
        # the closing paragraph holds no internal link, so the unresolved HTML will do
        article["signed_in_body"] = signed_with(self.bodies[a.source].closing_line, a.authors)
        article["feedback"] = feedback_link(self.config.feedback_email, a.title)
        article["month"] = {"name": format_month(a.date.year, a.date.month, lang),
                            "url": listing_path(month_base(a.date.year, a.date.month), 1)}
        base = self.config.base_url  # Open Graph and JSON-LD URLs must be absolute: none without
        photo = card["photo"]
        shared = photo.og() if photo else None  # the 1200×630 crop
        shared_path = photo.path(shared) if shared else card["image"]
        article["image_url"] = absolute_url(base, shared_path) if base and shared_path else None
        article["json_ld"] = news_article(article, self.config.title, lang,
                                          absolute_url(base, post.path) if base else None,
                                          article["image_url"])
        return {"page": {"title": a.title, "crumbs": crumbs, "description": card["summary"]},
                "article": article}

    def _context_terms(self, terms: tuple[Term, ...], title: str) -> dict:
        """All tags or all categories with counts, in Vietnamese alphabetical order."""
        return {"page": {"title": title, "crumbs": self._home_crumb(),
                         "description": self.config.description},
                "heading": title, "terms": [self._term_ref(t) for t in terms]}

    def _context_tags(self, spec: PageSpec) -> dict:
        """The all-tags page."""
        return self._context_terms(self.site.tags, self.t["all_tags"])

    def _context_categories(self, spec: PageSpec) -> dict:
        """The all-categories page."""
        return self._context_terms(self.site.categories, self.t["all_categories"])

    def _year_view(self, year, latest: int = 0) -> dict:
        """A year with its months and counts (and each month's `latest` posts)."""
        lang = self.config.language
        return {"year": year.year, "url": year.path, "count": year.count,
                "count_text": self.t["article_count"].format(n=format_number(year.count, lang)),
                "months": [{"name": format_month(m.year, m.month, lang),
                            "url": listing_path(m.base, 1), "count": len(m.posts),
                            "count_text": self.t["article_count"].format(
                                n=format_number(len(m.posts), lang)),
                            "posts": [self.cards[i] for i in m.posts[:latest]]}
                           for m in year.months]}

    def _context_archive(self, spec: PageSpec) -> dict:
        """All years, each with its months."""
        return {"page": {"title": self.t["archive_title"], "crumbs": self._home_crumb(),
                         "description": self.config.description},
                "heading": self.t["archive_title"],
                "years": [self._year_view(y) for y in self.site.years]}

    def _context_year(self, spec: PageSpec) -> dict:
        """One year, month by month."""
        year = next(y for y in self.site.years if y.year == spec.key)
        title = self.t["year"].format(year=year.year)
        crumbs = self._home_crumb() + [{"name": self.t["archive"], "url": ARCHIVE_INDEX}]
        return {"page": {"title": title, "crumbs": crumbs,
                         "description": self.config.description},
                "heading": title, "year": self._year_view(year, latest=YEAR_PAGE_LATEST)}

    def _context_not_found(self, spec: PageSpec) -> dict:
        """The 404 page."""
        return {"page": {"title": self.t["not_found_title"], "crumbs": [],
                         "description": self.config.description}}

    def _context_redirect(self, spec: PageSpec) -> dict:
        """An old address of a post or page: sends the reader on, with a visible link."""
        redirect = self.site.redirects[spec.key]
        return {"page": {"title": redirect.title, "crumbs": [], "description": ""},
                "target": relative(spec.path, redirect.target)}

    def _context_search(self, spec: PageSpec) -> dict:
        """The search page; the strings its script shows come from the interface table."""
        t = self.t
        script_strings = {"search": t["search"], "count": t["search_count"],
                          "countOne": t["search_count_one"], "none": t["search_none"],
                          "loading": t["search_loading"], "error": t["search_error"],
                          "tags": t["tags"], "inText": t["search_in_text"],
                          "thousands": format_number(1000, self.config.language)[1]}
        return {"page": {"title": t["search"], "crumbs": self._home_crumb(),
                         "description": self.config.description},
                "script_strings": script_strings}
