"""A corpus of Vietnamese Markdown articles made from a table of constructs × sentences.

Every construct Python-Markdown and the enabled extensions (tables, footnotes, attr_list,
fenced_code, sane_lists) support appears, and so does each real-world case of issue 15:
e-mail autolinks, escaped targets, inline HTML in a first paragraph and a heading, linked
badges, `/` as the home page, Liquid and Hugo tags, kramdown and reST lines, video embeds,
a local video, a text `href="cnref:0"`, `.markdown`/`.MD` files, a README, `_` files,
drafts and scheduled articles. Each article combines three constructs with three
sentences; every fifth one is written in NFD (decomposed) Unicode.
"""
from __future__ import annotations

import io
import unicodedata
from pathlib import Path

from PIL import Image

SENTENCES = (
    "Sáng 1/5, Ủy ban MTTQ xã Mỹ Quý Đông tổ chức lễ phát động phong trào thi đua yêu nước",
    "Đoàn viên thanh niên huyện Đức Huệ ra quân làm sạch kênh Trà Cú",
    "Hội Liên hiệp Phụ nữ tỉnh trao 120 suất học bổng cho học sinh vượt khó",
    "Ban chỉ đạo tổng kết 5 năm thực hiện phong trào “Dân vận khéo” giai đoạn 2016 – 2020",
    "Nông dân ấp Bình Hòa chuyển đổi 45 ha lúa sang trồng thanh long ruột đỏ",
    "Cựu chiến binh phường 3 góp vốn xây cầu giao thông nông thôn",
    "Trường Tiểu học Lương Hòa đạt chuẩn quốc gia mức độ 2",
    "Công an xã tuyên truyền phòng, chống tội phạm lừa đảo qua mạng",
    "Hợp tác xã Đồng Tiến xuất khẩu lô chanh không hạt đầu tiên sang Hà Lan",
    "Ngày hội Đại đoàn kết toàn dân tộc ở khu dân cư ấp Ông Hiếu",
    "Lực lượng dân quân tự vệ huấn luyện ứng phó triều cường",
    "Thư viện huyện mở phòng đọc sách miễn phí cho người cao tuổi",
)

# Each construct is a Markdown fragment; {a}, {b} and {c} are sentences.
CONSTRUCTS = (
    "# {a}\n\n{b}.",
    "{a}\n=====\n\n{b}\n-----\n\n{c}.",
    "## {a}\n\n### {b}\n\n#### {c}\n\n##### Chi tiết\n\n###### Ghi chú",
    "{a}.  \n{b}, xuống dòng bằng hai dấu cách.",
    "*{a}* và _{b}_, **đậm** và __đậm__, ***vừa đậm vừa nghiêng***.",
    "Mã `xep_loai = \"tốt\"` trong câu: {a}.",
    "{a}:\n\n    so_ho = 120\n    print(so_ho)",
    "```python\n# {a}\ntong = sum([1, 2, 3])\n```",
    "~~~\n{a}\n~~~\n\n```\nkhông ngôn ngữ\n```",
    "> {a}.\n>\n> > {b}.",
    "- {a}\n- {b}\n    - {c}\n    - lồng thêm\n- cuối",
    "1. {a}\n2. {b}\n3. {c}",
    "3. {a}\n4. {b}",
    "* {a}\n\n* {b} (danh sách có đoạn)",
    "{a}.\n\n---\n\n{b}.\n\n***\n\n{c}.",
    "Xem [bài trước](bai-000.md) và [ảnh lễ](anh/le-tong-ket.png \"Lễ tổng kết\").",
    "Theo [báo cáo][bc] và [Đức Huệ][].\n\n[bc]: tai-lieu/bao-cao.pdf \"Báo cáo năm\"\n"
    "[Đức Huệ]: https://ducHue.longan.gov.vn/",
    "Địa chỉ <https://longan.gov.vn/> và <toasoan@baolongan.vn>, <mailto:ban.tin@baolongan.vn>.",
    "![Lễ tổng kết phong trào](anh/le-tong-ket.png)",
    "Ảnh trong dòng ![nhỏ](anh/le-tong-ket.png) giữa câu: {a}.\n\n![Ảnh tham chiếu][anh]\n\n"
    "[anh]: anh/le-tong-ket.png",
    "Dấu \\*không nghiêng\\*, \\_gạch\\_, \\# không phải tiêu đề, \\[ngoặc\\], 5 \\> 3.",
    "Ký hiệu &copy; 2024 &ndash; Báo Long An, &amp; cả AT&T, 3 &lt; 5.",
    "<div class=\"hop-tin\">\n<p>{a}.</p>\n</div>",
    "Sáng 1/5, <strong>Ủy ban MTTQ</strong> tổ chức… <em>{a}</em><br>tổng kết H<sub>2</sub>O.",
    "| Đơn vị | Số hộ | Tỉ lệ |\n|:--|:-:|--:|\n| Mỹ Quý | 120 | 95% |\n| Bình Hòa | 88 | 90% |",
    "{a}[^1] và {b}[^ghi-chu].\n\n[^1]: Nguồn: Ban Tuyên giáo.\n[^ghi-chu]: Số liệu đến 30/6.",
    "## Kết quả nổi bật {{#ket-qua}}\n\n{a}.\n{{: .lead }}",
    "[Liên kết có lớp](https://longan.gov.vn/){{: .ngoai }} — {a}.",
    "<!-- ghi chú của biên tập -->\n\n{a}.",
    "## Kết quả <em>nổi bật</em>\n\n{a}.",
    "[![Build](https://ci.example.org/b.svg)](https://ci.example.org/p)",
    "Tải [báo cáo](tai-lieu/bao-cao\\(1\\).pdf) về máy.",
    "[Trang chủ](/) — {a}.",
    "{{% highlight ruby %}}\nputs 1\n{{% endhighlight %}}\n\n{{% raw %}}{{{{ page.title }}}}{{% endraw %}}",
    "{{{{< youtube dQw4w9WgXcQ >}}}}\n\n{a}.",
    "{a}.\n\n{{: .canh-bao}}\n\n.. note:: {b}",
    "<iframe width=\"560\" height=\"315\" src=\"https://www.youtube.com/embed/dQw4w9WgXcQ\" "
    "title=\"{a}\" allowfullscreen></iframe>",
    "Xem video: <iframe src=\"https://www.facebook.com/plugins/video.php?href=https%3A%2F%2F"
    "www.facebook.com%2Fbaolongan%2Fvideos%2F1234567%2F\"></iframe> ({a}).",
    "<iframe src=\"https://maps.example.com/nhung?x=1\"></iframe>\n\n{a}.",
    "<video src=\"video/le-phat-dong.mp4\" controls></video>\n\n{a}.",
    "Ví dụ: href=\"cnref:0\" chỉ là chữ trong bài; {a}.",
    "Liên kết HTML <a href=\"bai-001.md#ket-qua\">bài sau</a> và <img src=\"anh/le-tong-ket.png\" "
    "alt=\"{a}\">.",
    "<marquee>{a}</marquee>",
)

TEXT_PAGES = ("README.md", "_ghi-chu-noi-bo.md", "_nhap/bai-an.md")
# How the (Vietnamese) warnings name each construct the site does not render.
FAILURE_WARNINGS = ("shortcode của Hugo", "thẻ Liquid", "dòng thuộc tính kramdown",
                    "chỉ thị reStructuredText", "iframe", "<marquee>")


def _png(width: int, height: int, color: tuple[int, int, int]) -> bytes:
    """A real PNG, since photos are decoded and resized."""
    data = io.BytesIO()
    Image.new("RGB", (width, height), color).save(data, "PNG")
    return data.getvalue()


def article(number: int) -> tuple[str, str]:
    """(file name, text) of the corpus article `number`."""
    pick = [CONSTRUCTS[(number * step) % len(CONSTRUCTS)] for step in (1, 7, 11)]
    if number < len(CONSTRUCTS):
        pick[0] = CONSTRUCTS[number]  # every construct leads one article
    a, b, c = (SENTENCES[(number + k) % len(SENTENCES)] for k in (0, 5, 9))
    body = "\n\n".join(fragment.format(a=a, b=b, c=c) for fragment in pick)
    extra = ""
    if number % 40 == 17:
        extra = "draft: true\n"
    date = "2099-01-01 08:00" if number % 50 == 33 else f"2024-{number % 12 + 1:02d}-{number % 27 + 1:02d} 08:00"
    title = f"{SENTENCES[number % len(SENTENCES)]} (số {number})"
    text = (f"---\ntitle: \"{title}\"\ndate: {date}\ntags: [Thi đua, {a.split()[0]}]\n"
            f"category: Phong trào\n{extra}---\n\n{body}\n\n## Kết quả\n\nHết bài.\n")
    if number % 5 == 4:
        text = unicodedata.normalize("NFD", text)
    suffix = {3: ".markdown", 8: ".MD", 13: ".Markdown"}.get(number % 20, ".md")
    return f"bai-{number:03d}{suffix}", text


def write_corpus(content: Path, count: int = 160) -> list[str]:
    """Write `count` articles with their photos, files and video; returns the file names."""
    (content / "anh").mkdir(parents=True, exist_ok=True)
    (content / "anh" / "le-tong-ket.png").write_bytes(_png(640, 360, (180, 40, 40)))
    (content / "tai-lieu").mkdir(exist_ok=True)
    (content / "tai-lieu" / "bao-cao.pdf").write_bytes(b"%PDF-1.4\n% bao cao\n")
    (content / "tai-lieu" / "bao-cao(1).pdf").write_bytes(b"%PDF-1.4\n% bao cao 1\n")
    (content / "video").mkdir(exist_ok=True)
    (content / "video" / "le-phat-dong.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42")
    names = []
    for number in range(count):
        name, text = article(number)
        (content / name).write_text(text, encoding="utf-8")
        names.append(name)
    (content / "README.md").write_text("# Thư mục bài\n\nKhông phải bài viết.\n", "utf-8")
    (content / "_ghi-chu-noi-bo.md").write_text("ghi chú riêng, không có front matter\n", "utf-8")
    (content / "_nhap").mkdir(exist_ok=True)
    (content / "_nhap" / "bai-an.md").write_text("không phải bài\n", "utf-8")
    return names
