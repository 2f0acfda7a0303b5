"""A seeded synthetic corpus of Vietnamese campaign news, for builds big enough to interrupt.

Stdlib only and self-contained (the suite must not depend on files outside the repository).
`write_corpus(folder, count, seed, edition)` writes `count` articles; edition 1 differs
from edition 0 the way a day of editing does: some articles deleted, some retitled
(so they move), some bodies changed, some added.
"""
from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path

PLACES = ["Đức Huệ", "Đức Hòa", "Bến Lức", "Thủ Thừa", "Tân An", "Cần Giuộc", "Cần Đước",
          "Châu Thành", "Tân Trụ", "Thạnh Hóa", "Tân Thạnh", "Mộc Hóa", "Vĩnh Hưng",
          "Tân Hưng", "Kiến Tường"]
CAMPAIGNS = ["Dân vận khéo", "Nông thôn mới", "Đền ơn đáp nghĩa", "Học tập và làm theo Bác",
             "Toàn dân đoàn kết", "Khuyến học", "Vì người nghèo", "Thi đua yêu nước"]
CATEGORIES = ["Dân vận", "Kinh tế", "Văn hóa - Xã hội", "Quốc phòng - An ninh"]
VERBS = ["Tổng kết", "Sơ kết", "Phát động", "Biểu dương", "Triển khai", "Hưởng ứng"]
WORDS = ("phong trào thi đua cán bộ nhân dân xã ấp huyện tỉnh mô hình điển hình tiên tiến "
         "gương người tốt việc tốt nông thôn đường giao thông hộ nghèo khen thưởng học sinh "
         "đoàn kết văn hóa sản xuất kinh doanh hội nông dân phụ nữ thanh niên cựu chiến binh "
         "đạt chuẩn kế hoạch năm giai đoạn kết quả tích cực hiệu quả thiết thực").split()


def _paragraph(rng: random.Random) -> str:
    """A few sentences of plausible words."""
    sentences = []
    for _ in range(rng.randint(2, 4)):
        words = rng.choices(WORDS, k=rng.randint(8, 18))
        sentences.append(" ".join(words).capitalize() + ".")
    return " ".join(sentences)


def _article(number: int, edition: int) -> tuple[str, str] | None:
    """(file name, text) of article `number` in `edition`, or None if deleted there."""
    rng = random.Random(number)
    if edition and number % 20 == 7:
        return None  # deleted
    verb, campaign, place = rng.choice(VERBS), rng.choice(CAMPAIGNS), rng.choice(PLACES)
    title = f"{place}: {verb} phong trào “{campaign}” lần {number}"
    if edition and number % 20 == 11:
        title = f"{place}: {verb} (cập nhật) “{campaign}” lần {number}"  # retitled: moves
    # Eleven hours apart: 10,000 articles span 2005 to mid-2017, none in the future.
    when = datetime(2005, 1, 1) + timedelta(hours=number % 100_000 * 11 + rng.randint(0, 10))
    tags = sorted({place, campaign, rng.choice(PLACES)})
    paragraphs = [_paragraph(rng) for _ in range(rng.randint(3, 6))]
    if edition and number % 20 == 3:
        paragraphs.append("Đoạn bổ sung sau khi biên tập.")  # body changed
    image = ""
    if number % 10 == 0:
        image = f"image: anh/anh-{number % 40}.png\n"
    text = (f"---\ntitle: \"{title}\"\ndate: {when:%Y-%m-%d %H:%M}\n"
            f"tags: [{', '.join(tags)}]\ncategory: {rng.choice(CATEGORIES)}\n"
            f"author: Phóng viên {number % 13}\n{image}---\n\n" + "\n\n".join(paragraphs) + "\n")
    return f"bai-{number:05d}.md", text


def write_corpus(folder: Path, count: int, seed: int = 0, edition: int = 0) -> Path:
    """Write the corpus into `folder` (created); edition 1 adds 5% more articles."""
    folder.mkdir(parents=True, exist_ok=True)
    total = count + (count // 20 if edition else 0)
    for number in range(seed * 100_000, seed * 100_000 + total):
        made = _article(number, edition)
        if made:
            (folder / made[0]).write_text(made[1], encoding="utf-8")
    photos = folder / "anh"
    photos.mkdir(exist_ok=True)
    for index in range(40):
        (photos / f"anh-{index}.png").write_bytes(_png(index))
    return folder


def _png(index: int) -> bytes:
    """A small real PNG, distinct for each index (the build resizes and re-encodes photos,
    so a stand-in that is not an image would be refused)."""
    from io import BytesIO

    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (40 + index, 30), (index * 6, 120, 255 - index * 6)).save(out, "PNG")
    return out.getvalue()
