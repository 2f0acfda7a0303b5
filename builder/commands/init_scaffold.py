"""The files `init` writes into a new site folder, as text (path -> content).

Kept as Python text rather than package data so that they travel in the wheel with the
code that writes them. `{version}`, `{date}` and `{year}` are filled in by `init`.
"""
from __future__ import annotations

SITE_TOML = '''\
# Cài đặt của trang tin / Settings of the site. Mọi dòng đều không bắt buộc / every line is
# optional: xoá dấu # để dùng / remove the # to use it. Danh sách đầy đủ / full list: README.

title = "Tin phong trào thi đua"            # tên trang / site name
description = "Tin tức các phong trào thi đua yêu nước"   # dòng giới thiệu / tagline

# Địa chỉ công khai (cần cho sitemap, nguồn tin Atom, liên kết chuẩn) / public address:
# base_url = "https://tin.example.vn/"

language = "vi"                  # "vi" hoặc / or "en": ngôn ngữ giao diện / interface language
timezone = "Asia/Ho_Chi_Minh"    # múi giờ của ngày viết không kèm múi / zone of plain dates
# per_page = 10                  # số bài mỗi trang danh sách / articles per listing page
# related_count = 4              # số tin liên quan dưới mỗi bài / related articles shown
# templates = "templates"        # mẫu giao diện riêng / the site's own templates folder

# [search]
# full_text = false              # tìm cả trong nội dung bài / also search the article text

# [feeds]
# items = 20                     # số bài trong nguồn tin / entries per feed
# content = "full"               # "full" (cả bài) hoặc / or "summary"

# Nơi xuất bản cho `campaign-news deploy` (mật khẩu KHÔNG ghi ở đây: dùng biến môi trường,
# .netrc, khoá SSH) / where `campaign-news deploy` publishes (never put passwords here):
# [deploy]
# target = "sftp://tin@may-chu.example.vn/var/www/tin"
'''

ARTICLE = '''\
---
title: "Chào mừng đến với trang tin phong trào thi đua"
date: {date}
tags: [Thi đua yêu nước]
category: Tin hoạt động
author: Ban biên tập
summary: "Bài viết mẫu: sửa hoặc xoá tệp này, rồi viết bài đầu tiên của đơn vị."
---

Đây là bài viết mẫu của trang tin mới. Mỗi bài là một tệp Markdown trong thư mục
`content/`, phần đầu ghi tiêu đề, ngày đăng, chủ đề và chuyên mục.

Tạo bài mới bằng lệnh `campaign-news new "Tiêu đề bài viết"`, xem thử bằng
`campaign-news serve`, rồi xuất bản bằng `campaign-news deploy`.
'''

PAGE = '''\
---
title: "Giới thiệu"
---

Trang tin đưa tin về các phong trào thi đua yêu nước của đơn vị: gương người tốt, việc tốt,
điển hình tiên tiến và kết quả thực hiện các phong trào.

Liên hệ ban biên tập: ghi địa chỉ, điện thoại và thư điện tử của đơn vị tại đây.
'''

GITIGNORE = '''\
# Tạo ra khi dựng trang / made by the build: never commit them
/output/
/output.*
/.output.*
/.cache/
# Tệp khoá của lần dựng đang chạy / lock files of a running build
*.lock
# Bản đóng gói đọc không cần mạng / offline bundles
*.zip
# Môi trường Python / Python environments
/.venv/
__pycache__/
'''

REQUIREMENTS = '''\
# The generator version this site is built with (the GitHub workflow installs it).
# If your copy comes from a git repository, write its address instead, e.g.
# campaign-news @ git+https://github.com/TO-CHUC/campaign-news@v{version}
campaign-news=={version}
'''

# Builds on every push and every day at 00:05 Vietnam time (17:05 UTC), so an article dated
# in the future appears on its day without anyone pushing.
WORKFLOW = '''\
name: Xuất bản trang tin

on:
  push:
    branches: [main]
  schedule:
    - cron: "5 17 * * *"   # 00:05 giờ Việt Nam mỗi ngày: bài hẹn ngày đăng sẽ hiện đúng ngày
  workflow_dispatch:

permissions:
  contents: read
  pages: write
  id-token: write

concurrency:
  group: pages
  cancel-in-progress: false

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
          cache: pip
      - id: pages
        uses: actions/configure-pages@v5
      - name: Cài trình tạo trang
        run: pip install -r requirements.txt
      - name: Dựng trang
        run: campaign-news build --base-url "${{{{ steps.pages.outputs.base_url }}}}/"
      - uses: actions/upload-pages-artifact@v3
        with:
          path: output

  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{{{ steps.deployment.outputs.page_url }}}}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
'''


def scaffold_files(version: str, date: str, year: str) -> dict[str, str]:
    """Relative path (posix) -> text of every file of a new site."""
    values = {"version": version, "date": date, "year": year}
    return {
        "site.toml": SITE_TOML,
        f"content/{year}/chao-mung-den-voi-trang-tin.md": ARTICLE.format(**values),
        "content/pages/gioi-thieu.md": PAGE,
        ".gitignore": GITIGNORE,
        "requirements.txt": REQUIREMENTS.format(**values),
        ".github/workflows/publish.yml": WORKFLOW.format(**values),
    }
