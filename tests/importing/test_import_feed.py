"""Feeds: each item is an article; an item that cannot be read is skipped alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.core.errors import render
from builder.importing.article import NotUnderstood, Picture
from builder.importing.feed import read_feed

ITEM = """<item><title>{title}</title><link>https://tin.example/{n}.html</link>{date}
<description>&lt;p&gt;Ngày 5/3, huyện Thủ Thừa tổ chức lễ phát động phong trào thi đua năm 2024
với nhiều nội dung.&lt;/p&gt;</description></item>"""


def rss(*items: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>'
        + "".join(items)
        + "</channel></rss>"
    ).encode("utf-8")


def test_an_item_without_a_date_is_skipped_and_the_others_imported(tmp_path, run_import):
    feed = tmp_path / "tin.rss"
    feed.write_bytes(
        rss(
            ITEM.format(
                title="Thủ Thừa phát động thi đua năm 2024",
                n=1,
                date="<pubDate>Tue, 05 Mar 2024 01:00:00 GMT</pubDate>",
            ),
            ITEM.format(title="Bài không có ngày đăng", n=2, date=""),
        )
    )
    run = run_import(feed, "--into", tmp_path / "content")

    assert run.status == 1
    assert run.err == f"{feed} mục 2 “Bài không có ngày đăng”: bỏ qua: không tìm thấy ngày đăng bài\n"
    assert (tmp_path / "content" / "2024" / "thu-thua-phat-dong-thi-dua-nam-2024.md").is_file()


def test_a_feed_with_no_items_is_not_understood():
    with pytest.raises(NotUnderstood, match="nguồn tin không có mục nào"):
        read_feed(rss(), Path("trong.rss"))


def test_categories_enclosure_and_author():
    facts = read_feed(
        rss(
            "<item><title>Tin</title><pubDate>Tue, 05 Mar 2024 01:00:00 GMT</pubDate>"
            "<author>bbt@tin.example (Ban biên tập)</author>"
            "<category>Thi đua</category><category>Giảm nghèo</category>"
            '<enclosure url="https://tin.example/a.jpg" type="image/jpeg" length="1"/>'
            "<description>Nội dung</description></item>"
        ),
        Path("/f/tin.rss"),
    )[0]
    assert facts.category == "Thi đua"
    assert facts.declared_tags == ("Giảm nghèo",)
    assert facts.author == "Ban biên tập"
    assert facts.blocks[0] == Picture("https://tin.example/a.jpg")
    assert facts.source == "tin.rss"
    assert (render(facts.label, "vi"), render(facts.label, "en")) == (
        "/f/tin.rss mục 1 “Tin”", "/f/tin.rss item 1 “Tin”")
