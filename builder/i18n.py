"""Interface strings of the theme: Vietnamese first, English by `language = "en"`."""
from __future__ import annotations

from .frozen import FrozenMap

VI = {
    "home": "Trang chủ",
    "tags": "Chủ đề",
    "all_tags": "Tất cả chủ đề",
    "tag": "Chủ đề",
    "categories": "Chuyên mục",
    "all_categories": "Tất cả chuyên mục",
    "category": "Chuyên mục",
    "archive": "Lưu trữ",
    "archive_title": "Lưu trữ theo thời gian",
    "search": "Tìm kiếm",
    "search_placeholder": "Tìm bài viết…",
    "search_button": "Tìm",
    "latest": "Tin mới nhất",
    "articles": "bài viết",
    "article_count": "{n} bài viết",
    "page_of": "Trang {n}/{total}",
    "newer": "« Mới hơn",
    "older": "Cũ hơn »",
    "pagination": "Phân trang",
    "previous_article": "Bài trước",
    "next_article": "Bài sau",
    "related": "Tin liên quan",
    "author": "Tác giả",
    "updated": "Cập nhật",
    "published": "Đăng lúc",
    "skip_to_content": "Bỏ qua, đến nội dung chính",
    "breadcrumb": "Đường dẫn",
    "main_nav": "Điều hướng chính",
    "not_found_title": "Không tìm thấy trang",
    "not_found_text": "Trang bạn tìm không có hoặc đã được chuyển đi.",
    "back_home": "Về trang chủ",
    "in_month": "Tháng {month}/{year}",
    "year": "Năm {year}",
    "months": "các tháng",
    "footer_note": "Trang tin được tạo bằng trình tạo trang tĩnh; đọc được cả khi không có mạng.",
    "footnote_back": "Quay lại chỗ chú thích %d trong bài",
    "lead_photo": "Ảnh minh họa",
    "text_smaller": "Giảm cỡ chữ",
    "text_larger": "Tăng cỡ chữ",
}

EN = {
    "home": "Home",
    "tags": "Topics",
    "all_tags": "All topics",
    "tag": "Topic",
    "categories": "Sections",
    "all_categories": "All sections",
    "category": "Section",
    "archive": "Archive",
    "archive_title": "Archive by date",
    "search": "Search",
    "search_placeholder": "Search articles…",
    "search_button": "Search",
    "latest": "Latest news",
    "articles": "articles",
    "article_count": "{n} articles",
    "page_of": "Page {n} of {total}",
    "newer": "« Newer",
    "older": "Older »",
    "pagination": "Pagination",
    "previous_article": "Previous article",
    "next_article": "Next article",
    "related": "Related news",
    "author": "Author",
    "updated": "Updated",
    "published": "Published",
    "skip_to_content": "Skip to main content",
    "breadcrumb": "Breadcrumb",
    "main_nav": "Main navigation",
    "not_found_title": "Page not found",
    "not_found_text": "The page you are looking for does not exist or has moved.",
    "back_home": "Back to the home page",
    "in_month": "{month_name} {year}",
    "year": "Year {year}",
    "months": "months",
    "footer_note": "Made with a static site generator; readable offline too.",
    "footnote_back": "Back to footnote %d in the text",
    "lead_photo": "Photo",
    "text_smaller": "Smaller text",
    "text_larger": "Larger text",
}

assert VI.keys() == EN.keys(), "every interface string needs both languages"

STRINGS = FrozenMap({"vi": FrozenMap(VI), "en": FrozenMap(EN)})


def strings(language: str):
    """The interface strings of `language` ("vi" or "en")."""
    return STRINGS[language]
