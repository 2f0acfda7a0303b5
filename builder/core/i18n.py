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
    "search_label": "Từ cần tìm",
    "search_hint": "Gõ có dấu hay không dấu đều được: “duc hue” tìm ra “Đức Huệ”.",
    "search_count": "{n} bài viết có “{q}”",
    "search_count_one": "1 bài viết có “{q}”",
    "search_none": "Không tìm thấy bài viết nào có “{q}”. Hãy thử ít từ hơn, kiểm tra chính tả, hoặc xem theo chủ đề.",
    "search_loading": "Đang tìm…",
    "search_error": "Không tải được dữ liệu tìm kiếm của trang.",
    "search_more": "Xem thêm kết quả",
    "search_in_text": "Có trong nội dung bài viết",
    "search_needs_js": "Tìm kiếm cần JavaScript. Bạn vẫn có thể xem bài theo chủ đề, chuyên mục hoặc lưu trữ.",
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
    "authors": "Tác giả",
    "all_authors": "Tất cả tác giả",
    "feedback": "Gửi ý kiến",
    "feedback_note": "Gửi ý kiến về bài viết này qua thư điện tử",
    "contact": "Liên hệ",
    "phone": "Điện thoại",
    "email": "Thư điện tử",
    "address": "Địa chỉ",
    "social": "Mạng xã hội",
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
    "text_reset": "Cỡ chữ mặc định",
    "text_size": "Cỡ chữ",
    "sections_nav": "Các chuyên mục",
    "back_to_top": "Lên đầu trang",
    "hot_topics": "Chủ đề nổi bật",
    "feed_link": "Nhận tin mới (Atom)",
    "moved_title": "Bài viết đã chuyển sang địa chỉ mới",
    "moved_text": "Bài viết này nay ở địa chỉ mới. Nếu trang không tự chuyển, hãy bấm vào đây:",
    "bundle_start_file": "MO-TRANG-NAY.html",
    "bundle_folder": "trang-tin",
    "bundle_open": "Mở trang tin",
    "bundle_note": "Bản lưu để đọc không cần mạng. Giữ thư mục {folder} bên cạnh tệp này; "
                   "nếu trang tin không tự mở, bấm vào liên kết trên.",
    "embed_video": "Video",
    "embed_watch": "Xem trên {provider}",
    "embed_play": "▶ Phát video (cần mạng)",
    "photo_empty": "ảnh '{photo}' là tệp rỗng (0 byte): chép lại ảnh gốc",
    "photo_html": "'{photo}' là một trang web (HTML) lưu dưới tên ảnh, không phải ảnh: lưu lại chính bức ảnh",
    "photo_unknown_format": "không đọc được ảnh '{photo}': tệp không phải ảnh JPEG, PNG, GIF hay WebP",
    "photo_truncated": "ảnh '{photo}' bị cắt cụt (tệp không trọn vẹn): chép lại ảnh gốc",
    "photo_broken": "ảnh '{photo}' bị hỏng, không giải mã được ({reason})",
    "photo_too_large": "ảnh '{photo}' có {width}×{height} điểm ảnh ({megapixels} MP), vượt giới hạn {limit} MP (images.max_megapixels): thu nhỏ ảnh trước khi đăng",
    "photo_unreadable": "không mở được ảnh '{photo}': {reason}",
    "photo_large_original": "ảnh gốc '{photo}' nặng {kb} KB (quá {limit} KB): người đọc chỉ tải bản thu nhỏ, nhưng nên lưu ảnh nhẹ hơn",
    "photo_no_alt": "ảnh '{photo}' chưa có lời mô tả (alt): viết mô tả trong ![...]",
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
    "search_label": "Search for",
    "search_hint": "With or without accents: “duc hue” finds “Đức Huệ”.",
    "search_count": "{n} articles with “{q}”",
    "search_count_one": "1 article with “{q}”",
    "search_none": "No articles with “{q}”. Try fewer words, check the spelling, or browse the topics.",
    "search_loading": "Searching…",
    "search_error": "The search data of this site could not be loaded.",
    "search_more": "More results",
    "search_in_text": "Found in the article text",
    "search_needs_js": "Search needs JavaScript. You can still browse by topic, section or date.",
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
    "authors": "Authors",
    "all_authors": "All authors",
    "feedback": "Send feedback",
    "feedback_note": "Send your feedback on this article by e-mail",
    "contact": "Contact",
    "phone": "Phone",
    "email": "E-mail",
    "address": "Address",
    "social": "Social media",
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
    "text_reset": "Default text size",
    "text_size": "Text size",
    "sections_nav": "Sections",
    "back_to_top": "Back to top",
    "hot_topics": "Popular topics",
    "feed_link": "News feed (Atom)",
    "moved_title": "This article has moved",
    "moved_text": "This article has a new address. If the page does not open by itself, follow this link:",
    "bundle_start_file": "OPEN-ME.html",
    "bundle_folder": "site",
    "bundle_open": "Open the news site",
    "bundle_note": "A copy for reading without the internet. Keep the folder {folder} next "
                   "to this file; if the site does not open by itself, use the link above.",
    "embed_video": "Video",
    "embed_watch": "Watch on {provider}",
    "embed_play": "▶ Play the video (needs the internet)",
    "photo_empty": "photo '{photo}' is an empty file (0 bytes): copy the original again",
    "photo_html": "'{photo}' is a web page (HTML) saved under a photo's name, not a photo: save the photo itself",
    "photo_unknown_format": "cannot read photo '{photo}': the file is not a JPEG, PNG, GIF or WebP image",
    "photo_truncated": "photo '{photo}' is cut short (the file is incomplete): copy the original again",
    "photo_broken": "photo '{photo}' is damaged and cannot be decoded ({reason})",
    "photo_too_large": "photo '{photo}' has {width}×{height} pixels ({megapixels} MP), over the {limit} MP limit (images.max_megapixels): make it smaller before publishing",
    "photo_unreadable": "cannot open photo '{photo}': {reason}",
    "photo_large_original": "original photo '{photo}' is {kb} KB (over {limit} KB): readers load only resized copies, but keep originals smaller",
    "photo_no_alt": "photo '{photo}' has no alt text: describe it in ![...]",
}

assert VI.keys() == EN.keys(), "every interface string needs both languages"

STRINGS = FrozenMap({"vi": FrozenMap(VI), "en": FrozenMap(EN)})


def strings(language: str):
    """The interface strings of `language` ("vi" or "en")."""
    return STRINGS[language]


# ------------------------------------------------------------ command messages --
# What `init`, `new` and `deploy` print, in the site's language (`language` in site.toml;
# `--lang` for `init`, which runs before there is a site).

COMMAND_VI = {
    "init_not_empty": "{path}: thư mục này không trống; `init` chỉ tạo trang mới trong một "
                      "thư mục trống hoặc chưa có.",
    "init_not_folder": "{path}: đã có một tệp trùng tên; hãy chọn tên thư mục khác.",
    "init_cannot": "{path}: không ghi được: {reason}",
    "init_done": "Đã tạo trang tin mới trong {path}. Tiếp theo: cd {path} rồi chạy "
                 "`campaign-news build` (hoặc `campaign-news serve` để xem thử).",
    "deploy_summary": "{uploaded} tệp tải lên, {deleted} tệp xoá, {size} MB, {seconds} s",
    "deploy_dry_run": "(chạy thử: không thay đổi gì trên máy chủ)",
    "deploy_plan_upload": "tải lên  {path}",
    "deploy_plan_delete": "xoá      {path}",
    "deploy_no_target": "chưa có nơi xuất bản: ghi TARGET trên dòng lệnh hoặc `target` trong "
                        "bảng [deploy] của site.toml",
    "deploy_bad_target": "{target}: địa chỉ xuất bản không hợp lệ: {reason}",
    "deploy_not_site": "{path}: không phải thư mục do trình tạo trang làm ra (không có {marker}); "
                       "không xuất bản",
    "deploy_auth": "{target}: máy chủ từ chối đăng nhập ({reason}); không có gì bị xoá",
    "deploy_unreachable": "{target}: không kết nối được ({reason}); không có gì bị xoá",
    "deploy_failed": "{target}: xuất bản dở dang ({reason}); lần chạy sau sẽ làm tiếp",
    "deploy_missing": "{target}: cần gói Python '{package}' cho kiểu địa chỉ này",
    "deploy_foreign_manifest": "{target}: bản kê trên máy chủ hỏng hoặc không phải của công cụ "
                               "này; không ghi đè",
    "deploy_git_failed": "{target}: git báo lỗi: {reason}",
}

COMMAND_EN = {
    "init_not_empty": "{path}: this folder is not empty; `init` makes a new site only in an "
                      "empty or new folder.",
    "init_not_folder": "{path}: a file of that name exists; choose another folder name.",
    "init_cannot": "{path}: cannot write: {reason}",
    "init_done": "New site created in {path}. Next: cd {path} and run `campaign-news build` "
                 "(or `campaign-news serve` to preview it).",
    "deploy_summary": "{uploaded} files uploaded, {deleted} files deleted, {size} MB, {seconds} s",
    "deploy_dry_run": "(dry run: nothing was changed on the server)",
    "deploy_plan_upload": "upload  {path}",
    "deploy_plan_delete": "delete  {path}",
    "deploy_no_target": "no deploy target: give TARGET on the command line or `target` in the "
                        "[deploy] table of site.toml",
    "deploy_bad_target": "{target}: not a valid deploy target: {reason}",
    "deploy_not_site": "{path}: not a folder made by the generator (no {marker} in it); "
                       "not deploying it",
    "deploy_auth": "{target}: the server refused the login ({reason}); nothing was deleted",
    "deploy_unreachable": "{target}: cannot connect ({reason}); nothing was deleted",
    "deploy_failed": "{target}: deploy interrupted ({reason}); the next deploy resumes it",
    "deploy_missing": "{target}: this kind of target needs the Python package '{package}'",
    "deploy_foreign_manifest": "{target}: the manifest on the server is damaged or not this "
                               "tool's; not overwriting it",
    "deploy_git_failed": "{target}: git failed: {reason}",
}

# What the build summary adds when articles were left out (drafts, dated in the future).
LEFT_OUT_VI = {
    "drafts": "{n} bản nháp",
    "future": "{n} bài hẹn giờ",
    "and": " và ",
    "left_out": "{what} không được đăng; dùng {options} để xem",
}
LEFT_OUT_EN = {
    "drafts": "{n} draft(s)",
    "future": "{n} scheduled article(s)",
    "and": " and ",
    "left_out": "{what} not published; use {options} to see them",
}
LEFT_OUT = FrozenMap({"vi": FrozenMap(LEFT_OUT_VI), "en": FrozenMap(LEFT_OUT_EN)})

assert COMMAND_VI.keys() == COMMAND_EN.keys(), "every command message needs both languages"

COMMAND_MESSAGES = FrozenMap({"vi": FrozenMap(COMMAND_VI), "en": FrozenMap(COMMAND_EN)})


def message(language: str, key: str, **values) -> str:
    """A command message in `language` (English for an unknown one), filled in."""
    return COMMAND_MESSAGES.get(language, COMMAND_MESSAGES["en"])[key].format(**values)
