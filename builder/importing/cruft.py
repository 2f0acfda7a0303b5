"""Recognise the page furniture around an article: buttons, widgets, share bars, related news, ads.

Two kinds of rule: HTML elements whose class or id names furniture (removed before the
body is read), and whole text lines that are furniture whatever the markup (needed for
plain-text copies, and as a safety net for HTML). A "tail marker" line starts the part
of a page below the article (comments, related news): everything from it on is dropped.
"""

from __future__ import annotations

import re
import unicodedata

from builder.importing.article import Block, BulletList, Heading, Paragraph

# Class/id words that name furniture. Matched as whole words of the attribute
# ("box-share", "tin_lienquan"), so "nav" does not hit "canvas".
_FURNITURE_WORDS = (
    "share|sharing|social|socials|sns|like|likes|facebook|fb|zalo|twitter|print|email|mail|"
    "comment|comments|binhluan|binh-luan|ykien|y-kien|feedback|rating|vote|"
    "related|relate|lienquan|lien-quan|tinlienquan|tin-lien-quan|other|others|tinkhac|tin-khac|"
    "more-news|morenews|cungchuyenmuc|samecategory|same-category|"
    "ads|ad|adv|advert|advertisement|advertising|banner|banners|quangcao|quang-cao|qc|sponsor|"
    "nav|navbar|navigation|menu|breadcrumb|breadcrumbs|duongdan|duong-dan|"
    "sidebar|side-bar|widget|toolbar|tools|tool|font-size|fontsize|textsize|text-size|"
    "cochu|co-chu|zoom|footer|topbar|top-bar|pagination|paging|popup|modal|cookie|"
    "login|search|subscribe|newsletter|hotline|counter|view-count|views|luotxem|"
    "tags|tag|tag-list|taglist|keyword|keywords|tukhoa|tu-khoa|author|tacgia|tac-gia|byline"
)
_FURNITURE_ATTR = re.compile(r"(?:^|[\s_-])(?:" + _FURNITURE_WORDS + r")(?:$|[\s_-])", re.IGNORECASE)

_FURNITURE_LINES = [
    r"(?:[AaＡ]\s*[+-]?\s*){2,}",  # font-size buttons: "A A", "A- A+", "A A A"
    r"[-+]?\s*A\s+[-+]?\s*A",
    r"cỡ\s*chữ.*",
    r"\d+\s*/\s*\d+\s*ký\s*tự",
    r"guest|khách",
    r"đang\s+tải\s+dữ\s+liệu.*",
    r"chia\s*sẻ(?:\s+bài\s+viết)?:?|share|tweet|like|thích|lưu|lưu\s+bài(?:\s+viết)?",
    r"facebook|zalo|twitter|email|e-mail|messenger|linkedin|copy\s*link|sao\s+chép\s+liên\s+kết",
    r"nghe\s+(?:đọc\s+)?bài(?:\s+viết)?|nghe\s+đọc|nghe\s+audio|"
    r"in\s+bài(?:\s+viết)?|bản\s+in|in\s+trang|gửi\s+bài(?:\s+viết)?|gửi\s+email|gửi",
    r"quay\s+(?:lại|về)|trở\s+về|trở\s+lại|về\s+trang\s+trước|đầu\s+trang|lên\s+đầu\s+trang",
    r"(?:số\s+)?lượt\s+xem\s*:?\s*[\d.,]*|lượt\s+truy\s+cập\s*:?\s*[\d.,]*",
    r"quảng\s+cáo|advertisement|tài\s+trợ",
    r"đánh\s+giá\s+bài\s+viết.*|bạn\s+đánh\s+giá.*",
    r"họ\s+(?:và\s+)?tên|mã\s+xác\s+nhận|nhập\s+mã.*|gửi\s+ý\s+kiến|hủy|huỷ|đăng\s+nhập",
    r"[|•·\s]+",
]
_FURNITURE_LINE = re.compile(r"(?:" + "|".join(_FURNITURE_LINES) + r")", re.IGNORECASE)

_TAIL_MARKERS = [
    r"ý\s+kiến(?:\s+(?:bạn\s+đọc|của\s+bạn))?\s*(?:\(\s*\d*\s*\))?:?",
    r"(?:gửi\s+|viết\s+)?bình\s+luận(?:\s+của\s+bạn)?\s*(?:\(\s*\d*\s*\))?:?",
    r"(?:các\s+)?(?:tin|bài|tin\s+bài|bài\s+viết)\s+(?:liên\s+quan|cùng\s+chuyên\s+mục|khác|"
    r"đã\s+đưa|mới\s+hơn|cũ\s+hơn|mới\s+nhất|xem\s+nhiều|đọc\s+nhiều|nổi\s+bật)\s*:?",
    r"xem\s+thêm\s*:?|có\s+thể\s+bạn\s+quan\s+tâm\s*:?|đọc\s+tiếp\s*:?",
]
_TAIL_MARKER = re.compile(r"(?:" + "|".join(_TAIL_MARKERS) + r")", re.IGNORECASE)


def is_furniture_attr(class_and_id: str) -> bool:
    """True when an element's class or id names page furniture rather than content."""
    return bool(_FURNITURE_ATTR.search(class_and_id))


def is_furniture_line(line: str) -> bool:
    """True when a whole line is a button, widget label or share link, not article text.

    A row of them ("In bài | Quay lại", "Facebook • Zalo") is furniture too.
    """
    line = _plain(line)
    if not line:
        return False
    parts = [part.strip() for part in re.split(r"[|•·]", line) if part.strip()]
    return all(_FURNITURE_LINE.fullmatch(part) for part in parts)


_WIDGET_WORDS = re.compile(
    r"(?<!\w)(?:" + "|".join(_FURNITURE_LINES[:-1]) + r")(?!\w)|[|•·\[\]]", re.IGNORECASE
)


def without_widget_words(text: str) -> str:
    """The text with button and widget labels ("A A", "Lượt xem: 1.234", "In bài") taken out,
    for lines where they stand beside other text, such as a date line."""
    return " ".join(_WIDGET_WORDS.sub(" ", _plain(text)).split())


def is_tail_marker(line: str) -> bool:
    """True when a line opens the comments or related-news part below an article."""
    return _TAIL_MARKER.fullmatch(_plain(line)) is not None


def strip_furniture(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """Drop furniture lines, and everything from the first tail marker on."""
    kept: list[Block] = []
    for block in blocks:
        text = _block_text(block)
        if text is not None and is_tail_marker(text):
            break
        if text is not None and is_furniture_line(text):
            continue
        kept.append(block)
    return tuple(kept)


def _block_text(block: Block) -> str | None:
    """The text a line rule looks at, or None for blocks line rules never apply to."""
    if isinstance(block, (Paragraph, Heading)):
        return block.plain
    if isinstance(block, BulletList) and len(block.items) == 1:
        return block.items[0]
    return None


def _plain(line: str) -> str:
    """The line with spacing and odd characters evened out, for matching."""
    line = unicodedata.normalize("NFC", line).replace("\xa0", " ")
    return " ".join(line.split()).strip()
