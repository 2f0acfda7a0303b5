"""Read one source file into articles, or into the reasons its pages were skipped."""

from __future__ import annotations

from dataclasses import replace
from datetime import tzinfo
from pathlib import Path

from builder.core.errors import Text
from builder.importing import dates, hugo, jekyll, pelican
from builder.importing.markdown_archive import read_archive
from builder.importing.article import Article, NotUnderstood, PageFacts, Skipped
from builder.importing.assemble import assemble
from builder.importing.feed import read_feed
from builder.importing.html_page import read_html
from builder.importing.plain_text import read_plain_text
from builder.importing.charsets import decode_page
from builder.importing.sources import Source
from builder.importing.wordpress import read_wordpress

ARCHIVES = {"hugo": hugo.ARCHIVE, "jekyll": jekyll.ARCHIVE, "pelican": pelican.ARCHIVE}


def read_source(source: Source, uploads: Path | None = None,
                zone: tzinfo = dates.VIETNAM) -> list[Article | Skipped]:
    """The articles in a source: one for a page, one per item for a feed or an export
    (`uploads`: a local copy of a WordPress site's wp-content/uploads folder), dated on the
    clock of `zone`, the importing site's time zone."""
    label = str(source.path)
    if source.kind in ARCHIVES:
        return read_archive(source.path, ARCHIVES[source.kind], zone)
    try:
        data = source.path.read_bytes()
    except OSError as error:
        return [Skipped(label, Text.of("import", "cannot_read", error=error.strerror or str(error)))]
    try:
        if source.kind == "feed":
            found: list[PageFacts | Skipped] = list(read_feed(data, source.path, zone))
        elif source.kind == "wordpress":
            found = list(read_wordpress(data, source.path, uploads, zone))
        else:
            decoded = decode_page(data)
            read = read_html if source.kind == "html" else read_plain_text
            facts = read(decoded.text, source.path, zone=zone)
            if decoded.warning:
                facts = replace(facts, warnings=facts.warnings + (decoded.warning,))
            found = [facts]
    except NotUnderstood as reason:
        return [Skipped(label, reason.reason)]
    return [_assembled(item) for item in found]


def _assembled(item: PageFacts | Skipped) -> Article | Skipped:
    """The article made from page facts, or why it could not be made."""
    if isinstance(item, Skipped):
        return item
    try:
        return assemble(item)
    except NotUnderstood as reason:
        return Skipped(item.label, reason.reason)
