"""Propose tags: Long An's district and province names, quoted campaign names, declared tags.

District names are matched anywhere (with either tone-mark style, "Hòa" or "Hoà"). A
commune named with its prefix ("xã Mỹ Quý Tây") proposes the district it belongs to.
All tags are spelt with today's tone placement, so "Hoà" and "Hòa" make one tag page;
tag identity and order are the generator's own (builder.core.text), not a second copy.
A quoted name counts as a campaign when a word like "phong trào" or "mô hình" stands
just before it: “Dân vận khéo”, “Ngày vì người nghèo”. Tags are sorted in Vietnamese
alphabetical order, without duplicates.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from builder.core.text import collation_key, fold_lookalikes, term_key
from builder.importing.article import Block, Paragraph

PROVINCE = "Long An"

# Long An's district-level units as they stood before the 2025 reorganisation, which is
# what the archive being imported talks about.
DISTRICTS = (
    "Tân An",
    "Kiến Tường",
    "Bến Lức",
    "Cần Đước",
    "Cần Giuộc",
    "Châu Thành",
    "Đức Hòa",
    "Đức Huệ",
    "Mộc Hóa",
    "Tân Hưng",
    "Tân Thạnh",
    "Tân Trụ",
    "Thạnh Hóa",
    "Thủ Thừa",
    "Vĩnh Hưng",
)

# Communes and towns by district (a hand-kept, partial list). A name found under two
# districts is ambiguous and proposes nothing.
COMMUNES = {
    "Đức Huệ": (
        "Đông Thành",
        "Mỹ Quý Đông",
        "Mỹ Quý Tây",
        "Mỹ Thạnh Đông",
        "Mỹ Thạnh Tây",
        "Mỹ Thạnh Bắc",
        "Bình Hòa Bắc",
        "Bình Hòa Nam",
        "Bình Hòa Hưng",
        "Mỹ Bình",
        "Bình Thành",
    ),
    "Đức Hòa": (
        "Hậu Nghĩa",
        "Hiệp Hòa",
        "Lộc Giang",
        "An Ninh Đông",
        "An Ninh Tây",
        "Tân Mỹ",
        "Đức Lập Thượng",
        "Đức Lập Hạ",
        "Mỹ Hạnh Bắc",
        "Mỹ Hạnh Nam",
        "Hòa Khánh Tây",
        "Hòa Khánh Đông",
        "Hòa Khánh Nam",
        "Đức Hòa Thượng",
        "Đức Hòa Đông",
        "Đức Hòa Hạ",
        "Hựu Thạnh",
    ),
    "Bến Lức": (
        "Thạnh Đức",
        "Thạnh Lợi",
        "Thạnh Hòa",
        "Lương Bình",
        "Lương Hòa",
        "Tân Bửu",
        "An Thạnh",
        "Bình Đức",
        "Mỹ Yên",
        "Thanh Phú",
        "Long Hiệp",
        "Phước Lợi",
        "Nhựt Chánh",
    ),
    "Cần Giuộc": (
        "Phước Lý",
        "Long Thượng",
        "Long Hậu",
        "Phước Hậu",
        "Mỹ Lộc",
        "Phước Lại",
        "Phước Lâm",
        "Thuận Thành",
        "Phước Vĩnh Tây",
        "Phước Vĩnh Đông",
        "Long Phụng",
        "Đông Thạnh",
        "Tân Tập",
        "Trường Bình",
    ),
    "Cần Đước": (
        "Long Trạch",
        "Long Khê",
        "Long Định",
        "Phước Vân",
        "Long Cang",
        "Long Sơn",
        "Tân Trạch",
        "Mỹ Lệ",
        "Tân Lân",
        "Phước Tuy",
        "Long Hựu Đông",
        "Long Hựu Tây",
        "Tân Ân",
        "Phước Đông",
        "Tân Chánh",
    ),
    "Tân Trụ": (
        "Quê Mỹ Thạnh",
        "Lạc Tấn",
        "Bình Trinh Đông",
        "Tân Phước Tây",
        "Bình Lãng",
        "Bình Tịnh",
        "Đức Tân",
        "Nhựt Ninh",
        "An Nhựt Tân",
    ),
    "Châu Thành": (
        "Tầm Vu",
        "Hòa Phú",
        "Bình Quới",
        "Phú Ngãi Trị",
        "Vĩnh Công",
        "Dương Xuân Hội",
        "Long Trì",
        "An Lục Long",
        "Thuận Mỹ",
        "Thanh Phú Long",
        "Thanh Vĩnh Đông",
        "Phước Tân Hưng",
    ),
    "Tân An": (
        "Khánh Hậu",
        "Tân Khánh",
        "Hướng Thọ Phú",
        "Nhơn Thạnh Trung",
        "Lợi Bình Nhơn",
        "Bình Tâm",
        "An Vĩnh Ngãi",
    ),
}

_TAG_LINE = re.compile(r"^\s*(?:từ\s+khóa|từ\s+khoá|tags?|thẻ)\s*:\s*(.+)$", re.IGNORECASE)
_CAMPAIGN_CUE = re.compile(
    r"(?:phong\s+trào|thi\s+đua|cuộc\s+vận\s+động|vận\s+động|mô\s+hình|chương\s+trình|"
    r"danh\s+hiệu|hưởng\s+ứng|chủ\s+đề|chiến\s+dịch|giải\s+thưởng|hội\s+thi|cuộc\s+thi|"
    r"đề\s+án|ngày\s+hội|tháng\s+hành\s+động|câu\s+lạc\s+bộ|công\s+trình)"
    r"[^.!?;“”\"«»]{0,40}$",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"[“\"«]\s*([^“”\"«»\n]{3,80}?)\s*[”\"»]")
_COMMUNE_PREFIX = r"(?:xã|phường|thị\s+trấn|TT\.?)\s+"
_OLD_TONE = re.compile(r"(?<![qQ])([oOuU])([àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸỳýỷỹỵỲÝỶỸỴ])(?!\w)")


def split_tag_lines(blocks: tuple[Block, ...]) -> tuple[tuple[str, ...], tuple[Block, ...]]:
    """Tags a page states in a "Từ khóa: a, b" line, and the body without such lines."""
    declared: list[str] = []
    kept: list[Block] = []
    for block in blocks:
        stated = _TAG_LINE.match(block.plain) if isinstance(block, Paragraph) else None
        if stated:
            declared.extend(t.strip() for t in re.split(r"[,;]", stated.group(1)) if t.strip())
        else:
            kept.append(block)
    return tuple(declared), tuple(kept)


def propose_tags(title: str, text: str, declared: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Tags for an article: places and campaigns found in its words, plus declared ones."""
    words = modern_tones(f"{title}\n{text}")
    return ordered_tags((*_places(words), *_campaigns(words), *declared))


def ordered_tags(names: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Tags as the site keeps them: spacing evened, one of each (the first spelling wins),
    in Vietnamese dictionary order (the core's collation)."""
    unique: dict[str, str] = {}
    for name in names:
        tag = modern_tones(fold_lookalikes(" ".join(name.split())))
        if tag:
            unique.setdefault(term_key(tag), tag)
    return tuple(sorted(unique.values(), key=collation_key))


def modern_tones(text: str) -> str:
    """Put tone marks where current spelling puts them ("Hoà" becomes "Hòa"); same length."""

    def move(match: re.Match[str]) -> str:
        """ "oà" becomes "òa": the tone goes from the second vowel to the first."""
        vowel, marked = match.group(1), unicodedata.normalize("NFD", match.group(2))
        plain, tone = marked[0], marked[1:]
        return unicodedata.normalize("NFC", vowel + tone) + plain

    return _OLD_TONE.sub(move, unicodedata.normalize("NFC", text))


def _places(text: str) -> list[str]:
    """District and province names in the text, and districts of the communes it names."""
    named = {match.group(1) for match in _district_pattern().finditer(text)}
    found = [name for name in (PROVINCE, *DISTRICTS) if name in named]
    communes = _commune_index()
    by_folded = {commune.casefold(): district for commune, district in communes.items()}
    for match in _commune_pattern(tuple(communes)).finditer(text):
        found.append(by_folded[match.group(1).casefold()])
    return found


@lru_cache(maxsize=1)
def _district_pattern() -> re.Pattern[str]:
    """One pattern for the province and district names as whole words (longest first)."""
    return re.compile(r"(?<!\w)(" + _alternatives((PROVINCE, *DISTRICTS)) + r")(?!\w)")


@lru_cache(maxsize=4)
def _commune_pattern(communes: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for commune names after "xã", "phường" or "thị trấn"."""
    return re.compile(_COMMUNE_PREFIX + "(" + _alternatives(communes) + r")(?!\w)", re.IGNORECASE)


def _alternatives(names: tuple[str, ...]) -> str:
    """Names as regex alternatives, longest first so "Mỹ Thạnh Đông" wins over "Mỹ Thạnh"."""
    return "|".join(re.escape(name) for name in sorted(set(names), key=len, reverse=True))


def _commune_index() -> dict[str, str]:
    """Commune name to district, leaving out names found under more than one district."""
    seen: dict[str, list[str]] = {}
    for district, communes in COMMUNES.items():
        for commune in communes:
            seen.setdefault(commune, []).append(district)
    return {commune: districts[0] for commune, districts in seen.items() if len(districts) == 1}


def _campaigns(text: str) -> list[str]:
    """Quoted names that a campaign word introduces, like phong trào “Dân vận khéo”."""
    found = []
    for match in _QUOTED.finditer(text):
        name = " ".join(match.group(1).split()).strip(" ,")
        before = text[max(0, match.start() - 60) : match.start()]
        if _is_campaign_name(name) and _CAMPAIGN_CUE.search(before):
            found.append(name)
    return found


def _is_campaign_name(name: str) -> bool:
    """A name, not a quoted sentence: 2 to 15 words, capitalised, no sentence punctuation."""
    return 2 <= len(name.split()) <= 15 and name[:1].isupper() and not re.search(r"[.!?;:]", name)
