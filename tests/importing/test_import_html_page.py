"""Reading saved HTML pages: title, date, body, category, tags, author."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from builder.importing.article import Heading, Paragraph, Picture
from builder.importing.html_page import read_html

PLUS7 = timezone(timedelta(hours=7))
TITLE = "<h1>Tiêu đề bài viết khá dài</h1>"
LONG = "Ban Dân vận Huyện ủy tổ chức hội nghị tổng kết phong trào thi đua với sự tham dự của nhiều đại biểu."


def page(body: str, head: str = "") -> str:
    return f"<html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>"


def read(html: str):
    return read_html(html, Path("/archive/bai-viet.html"))


def test_the_date_after_the_title_wins_over_the_header_today_date():
    facts = read(
        page(
            "<div class='top'>Thứ Tư, 26/11/2025 10:12</div>"
            "<h1 class='logo'>Cổng thông tin điện tử huyện</h1>"
            "<h2 class='news-title'>Tân Thạnh ra quân chiến dịch Mùa hè xanh</h2>"
            "<span>08/07/2023 07:30</span>"
            f"<div class='news-content'><p>{LONG}</p></div>"
        )
    )
    assert facts.title == "Tân Thạnh ra quân chiến dịch Mùa hè xanh"
    assert facts.published == datetime(2023, 7, 8, 7, 30, tzinfo=PLUS7)


def test_the_header_date_is_not_taken_when_the_page_has_no_title_element():
    facts = read(
        page(
            f"<div class='today'>Thứ Tư, 26/11/2025</div><div class='detail-content'><p>{LONG}</p></div>",
            "<meta property='og:title' content='Hội nghị tổng kết'>",
        )
    )
    assert facts.title == "Hội nghị tổng kết"
    assert facts.published is None


def test_a_meta_date_wins_over_the_shown_one():
    facts = read(
        page(
            f"{TITLE}<span>01/01/2020</span><div class='news-content'><p>{LONG}</p></div>",
            "<meta property='article:published_time' content='2020-01-02T09:00:00+07:00'>",
        )
    )
    assert facts.published == datetime(2020, 1, 2, 9, 0, tzinfo=PLUS7)


def test_a_date_inside_a_long_paragraph_is_not_the_article_date():
    facts = read(page(f"{TITLE}<div class='news-content'><p>Ngày 15/09/2020, {LONG} {LONG}</p></div>"))
    assert facts.published is None


def test_og_title_picks_the_matching_heading_not_the_logo():
    facts = read(
        page(
            "<header><h1>BÁO ẤP</h1></header><h1 class='title'>Cần Đước: Hội thi “Dân vận khéo”</h1>"
            f"<time datetime='2024-03-05T08:00:00+07:00'>5/3/2024</time><article><p>{LONG}</p></article>",
            "<meta property='og:title' content='Cần Đước: Hội thi “Dân vận khéo”'>",
        )
    )
    assert facts.title == "Cần Đước: Hội thi “Dân vận khéo”"
    assert facts.published == datetime(2024, 3, 5, 8, 0, tzinfo=PLUS7)


def test_the_document_title_loses_the_site_name():
    facts = read(
        page(
            f"<div class='news-content'><p>{LONG}</p></div>",
            "<title>Tổng kết phong trào thi đua năm 2023 | Trang tin huyện</title>",
        )
    )
    assert facts.title == "Tổng kết phong trào thi đua năm 2023"


def test_a_document_title_naming_only_the_site_is_no_article_title():
    facts = read(page(f"<div><p>{LONG}</p></div>", "<title>Cổng thông tin điện tử huyện Tân Hưng</title>"))
    assert facts.title == ""


def test_body_is_read_from_the_hinted_element_without_furniture():
    facts = read(
        page(
            f"{TITLE}"
            "<div class='sidebar'><p>Tin nổi bật khác trong tuần của huyện nhà</p></div>"
            "<div class='main'><div class='news-content'>"
            f"<p>{LONG}</p><div class='box-share'>Chia sẻ Facebook</div><p style='display:none'>ẩn</p>"
            "<h3>Kết quả</h3><p><img src='x_files/a.jpg' width='600'><img src='/icons/print.png'>"
            "<img src='x_files/b.jpg' width='16'></p></div></div>"
        )
    )
    assert facts.blocks == (
        Paragraph(LONG, LONG, frozenset()),
        Heading("Kết quả", "Kết quả", 3),
        Picture("x_files/a.jpg"),
    )


def test_without_hints_the_element_with_most_paragraph_text_is_the_body():
    facts = read(
        page(
            f"{TITLE}"
            "<div id='a'><p><a href='/1'>Một tin khác có tiêu đề rất dài ở đây</a></p></div>"
            f"<div id='b'><p>{LONG}</p><p>{LONG}</p></div>"
        )
    )
    assert [b.plain for b in facts.blocks] == [LONG, LONG]


def test_lazy_images_use_their_real_source():
    facts = read(
        page(
            f"{TITLE}<div class='news-content'>"
            f"<p>{LONG}</p><img src='data:image/gif;base64,R0lGODlhAQABAAAAACw=' data-src='https://a.example/1.jpg'>"
            "<img src='/images/blank.gif' data-original='https://a.example/2.jpg'></div>"
        )
    )
    assert [b.src for b in facts.blocks if isinstance(b, Picture)] == [
        "https://a.example/1.jpg",
        "https://a.example/2.jpg",
    ]


def test_links_resolve_against_the_page_address_or_fall_back_to_text():
    body = (
        f"{TITLE}<div class='news-content'><p>{LONG} <a href='/van-ban/12'>Kế hoạch 12</a>"
        " và <a href='#top'>đầu trang</a>.</p></div>"
    )
    with_url = read(page(body, "<link rel='canonical' href='https://huyen.example/tin/1.html'>"))
    without = read(page(body))
    assert with_url.blocks[0].markdown.endswith(
        "[Kế hoạch 12](https://huyen.example/van-ban/12) và đầu trang."
    )
    assert without.blocks[0].markdown.endswith(" Kế hoạch 12 và đầu trang.")
    assert with_url.source == "https://huyen.example/tin/1.html"
    assert without.source == "bai-viet.html"


def test_a_lead_printed_outside_the_body_comes_first():
    facts = read(
        page(
            f"{TITLE}"
            "<h2 class='sapo'>Đoạn dẫn của bài viết nằm ngoài phần thân bài.</h2>"
            f"<div class='detail-content'><p>{LONG}</p></div>"
        )
    )
    assert [b.plain for b in facts.blocks] == ["Đoạn dẫn của bài viết nằm ngoài phần thân bài.", LONG]


def test_category_tags_and_author_the_page_declares():
    facts = read(
        page(
            "<div class='breadcrumb'><a>Trang chủ</a> › <a>Tin tức</a> › <a>Thi đua</a></div>"
            f"{TITLE}<div class='news-content'><p>{LONG}</p></div>"
            "<div class='author'>Tác giả: Bích Trâm</div>"
            "<div class='tag-list'>Từ khóa: <a>Nông thôn mới</a><a>Bến Lức</a></div>",
            "<meta property='article:tag' content='Thi đua'><meta name='author' content='Ban biên tập'>",
        )
    )
    assert facts.category == "Thi đua"
    assert facts.declared_tags == ("Thi đua", "Nông thôn mới", "Bến Lức")
    assert facts.author == "Bích Trâm"
    assert [b.plain for b in facts.blocks] == [LONG]


def test_bold_and_italic_runs_become_markdown_and_are_remembered_as_looks():
    facts = read(
        page(
            f"{TITLE}<div class='news-content'>"
            "<p><strong>Toàn bộ </strong><b>in đậm</b></p><p>Có <em> nghiêng </em>và *sao*</p>"
            "<p><span style='font-weight:bold'>Đậm</span> bằng CSS</p></div>"
        )
    )
    assert [(b.markdown, b.looks) for b in facts.blocks] == [
        ("**Toàn bộ in đậm**", frozenset({"bold"})),
        ("Có *nghiêng* và \\*sao\\*", frozenset()),
        ("**Đậm** bằng CSS", frozenset()),
    ]


def test_a_date_printed_just_above_the_title_is_found():
    facts = read(
        page(
            "<div class='meta'><span>Thứ Tư, 21/05/2025 05:32 (GMT +7)</span></div>"
            f"{TITLE}<div class='news-content'>" + "".join(f"<p>{LONG}</p>" for _ in range(15)) + "</div>"
            "<div class='related-news'><ul><li><a href='/1'>Tin cũ</a> 20/05/2025 08:00</li></ul></div>"
        )
    )
    assert facts.published == datetime(2025, 5, 21, 5, 32, tzinfo=PLUS7)


def test_dates_in_related_news_far_below_the_title_are_not_the_article_date():
    body = "".join(f"<p>Đoạn {n}. {LONG}</p>" for n in range(15))
    facts = read(
        page(
            f"{TITLE}<div class='news-content'>{body}</div>"
            "<div class='related-news'><ul><li><a href='/1'>Tin cũ</a> 20/05/2025 08:00</li></ul></div>"
            "<div class='post-date'>Cập nhật 22/05/2025 09:00</div>"
        )
    )
    assert facts.published == datetime(2025, 5, 22, 9, 0, tzinfo=PLUS7)


def test_an_old_table_layout_reads_once_without_its_menu_cell():
    facts = read(
        page(
            "<table><tr><td class='menu'><a href='/'>Trang chủ</a> | <a href='/tt'>Tin tức</a></td></tr>"
            "<tr><td><table><tr><td>"
            "<span class='tieude'>Mộc Hóa: Sơ kết phong trào thi đua 6 tháng đầu năm</span><br>"
            f"<span>(Cập nhật: 12/07/2019 - 14:20)</span><br><br>{LONG}<br><br>"
            "<center><img src='Uploads/so-ket.jpg'></center><center><i>Quang cảnh buổi sơ kết</i></center>"
            f"<br>{LONG}</td><td class='right'><b>TIN KHÁC</b></td></tr></table></td></tr></table>"
        )
    )
    assert facts.title == "Mộc Hóa: Sơ kết phong trào thi đua 6 tháng đầu năm"
    assert facts.published == datetime(2019, 7, 12, 14, 20, tzinfo=PLUS7)
    texts = [getattr(b, "plain", getattr(b, "src", "")) for b in facts.blocks]
    assert texts == [
        "Mộc Hóa: Sơ kết phong trào thi đua 6 tháng đầu năm",
        "(Cập nhật: 12/07/2019 - 14:20)",
        LONG,
        "Uploads/so-ket.jpg",
        "Quang cảnh buổi sơ kết",
        LONG,
        "TIN KHÁC",
    ]
