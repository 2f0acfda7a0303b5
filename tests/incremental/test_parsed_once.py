"""incremental/store.parsed_once, and the address record a build parses only after it changed."""
from pathlib import Path

import pytest

from builder import pipeline
from builder.content import addresses
from builder.core.config import BuildOptions, SiteConfig
from builder.core.errors import ContentError, Problem, Text
from builder.incremental.store import parsed_once

KINDS = (Problem, Text)


def test_a_parse_is_kept_for_the_same_bytes_and_salt_only(tmp_path):
    memo, calls = tmp_path / "memo.json", []

    def parse(data: bytes):
        calls.append(data)
        return {"bytes": len(data)}, (Problem("content/x", 2, None, None,
                                              Text.of("addresses", "bad_slug")),)

    first = parsed_once(memo, b"a = 1", "salt", lambda: parse(b"a = 1"), KINDS)
    again = parsed_once(memo, b"a = 1", "salt", lambda: parse(b"a = 1"), KINDS)
    assert again == first and len(calls) == 1
    parsed_once(memo, b"a = 2", "salt", lambda: parse(b"a = 2"), KINDS)
    parsed_once(memo, b"a = 2", "other code", lambda: parse(b"a = 2"), KINDS)
    assert calls == [b"a = 1", b"a = 2", b"a = 2"]
    memo.write_bytes(b"\x80 damaged")
    assert parsed_once(memo, b"a = 2", "other code", lambda: parse(b"a = 2"), KINDS) == first


def build(site: Path) -> pipeline.Report:
    """One cached build of the site."""
    return pipeline.build(SiteConfig(), BuildOptions(
        content_dir=site / "content", output_dir=site / "output", cache_dir=site / ".cache",
        jobs=1))


def test_the_record_is_parsed_once_per_change_and_its_problems_stay(tmp_path, monkeypatch):
    content = tmp_path / "content"
    content.mkdir()
    (content / "bai.md").write_text("---\ntitle: Dân vận khéo ở Đức Hòa\ndate: 2024-05-01\n"
                                    "---\n\nNội dung.\n", encoding="utf-8")
    build(tmp_path)  # starts the record
    record = content / addresses.RECORD_NAME
    parses = []
    parse = addresses.parse_addresses

    def counting(data, shown):
        parses.append(data)
        return parse(data, shown)

    monkeypatch.setattr(pipeline, "parse_addresses", counting)
    (content / "bai.md").write_text((content / "bai.md").read_text("utf-8") + "Thêm.\n",
                                    encoding="utf-8")
    build(tmp_path)
    assert len(parses) == 1  # the record the first build wrote: new bytes
    (content / "bai.md").write_text((content / "bai.md").read_text("utf-8") + "Nữa.\n",
                                    encoding="utf-8")
    build(tmp_path)
    assert len(parses) == 1  # same record: not parsed again
    assert (tmp_path / "output" / "2024" / "05" / "dan-van-kheo-o-duc-hoa.html").is_file()

    record.write_text(record.read_text("utf-8") + '"khac.md" = "Không hợp lệ"\n',
                      encoding="utf-8")
    for _ in range(2):  # parsed, then from the memo: the same problem both times
        with pytest.raises(ContentError) as caught:
            build(tmp_path)
        assert [(p.path, p.field, p.message.key) for p in caught.value.problems] == [
            (f"{content}/.addresses.toml", "khac.md", "bad_slug")]
    assert len(parses) == 2
