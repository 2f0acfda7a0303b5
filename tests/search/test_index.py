"""The search index files: encoding, shards, and what the build writes."""
from __future__ import annotations

import json
import re
import shutil
import weakref

from hypothesis import given
from hypothesis import strategies as st

from builder import pipeline
from builder.core.config import BuildOptions, load_config
from builder.publish import search
from builder.publish.search import (
    Shard,
    decode_numbers,
    decode_postings,
    encode_number,
    encode_postings,
    plain_text,
    plan_shards,
    script,
)
from tests.search.search_query import IndexFiles, read_data_file, shards_for
from tests.conftest import ROOT, run_build_py

FIXTURE = ROOT / "tests" / "search" / "fixtures" / "site"


@given(st.lists(st.integers(min_value=0, max_value=2**40)))
def test_numbers_round_trip_without_separators(numbers):
    text = "".join(encode_number(n) for n in numbers)
    assert decode_numbers(text) == numbers
    assert set(text) <= set(search.DIGITS)


@given(st.dictionaries(st.integers(0, 50_000),
                       st.tuples(st.integers(1, 7), st.integers(0, 2**32 - 1))))
def test_postings_round_trip_with_field_bits_and_title_places(postings):
    # The places in the title are kept only where the word is in the title.
    pairs = sorted((post, places << 3 | bits if bits & search.TITLE else bits)
                   for post, (bits, places) in postings.items())
    assert decode_postings(encode_postings(pairs, True), True) == pairs


@given(st.sets(st.integers(0, 50_000)))
def test_postings_round_trip_without_fields(posts):
    pairs = [(p, 0) for p in sorted(posts)]
    assert decode_postings(encode_postings(pairs, False), False) == pairs


def test_neighbouring_posts_cost_one_character_each():
    assert len(encode_postings([(n, search.TERMS) for n in range(1000)], True)) == 1000
    assert len(encode_postings([(n, 1 << 3 | search.TITLE) for n in range(1000)], True)) == 2000
    assert len(encode_postings([(n, 0) for n in range(1000)], False)) == 1000


def _home(shards: list[Shard], word: str) -> Shard:
    """The shard a reader's lookup finds for a whole word (longest listed prefix)."""
    listed = [(prefix, shard) for shard in shards for prefix in shard.prefixes]
    return max(((p, s) for p, s in listed if word.startswith(p)), key=lambda ps: len(ps[0]))[1]


words_and_sizes = st.dictionaries(st.text(alphabet="abcdtđ0", min_size=1, max_size=6),
                                  st.integers(1, 400), min_size=1, max_size=200)


@given(words_and_sizes, st.integers(50, 2000))
def test_every_word_is_found_in_its_shard_and_shards_stay_small(sizes, limit):
    shards = plan_shards(sizes, limit)
    placed = [w for shard in shards for w in shard.words]
    assert sorted(placed) == sorted(sizes)
    for word in sizes:
        assert word in _home(shards, word).words
    for shard in shards:
        assert sum(sizes[w] for w in shard.words) <= limit or len(shard.words) == 1


@given(words_and_sizes, st.integers(50, 2000), st.text(alphabet="abcdtđ0", max_size=3))
def test_a_prefix_lookup_reaches_every_word_that_starts_with_it(sizes, limit, typed):
    shards = plan_shards(sizes, limit)
    names = {id(s): str(i) for i, s in enumerate(shards)}
    listed = [[p, names[id(s)]] for s in shards for p in s.prefixes]
    reached = {w for s in shards if names[id(s)] in shards_for(listed, typed, True)
               for w in s.words}
    assert {w for w in sizes if w.startswith(typed)} <= reached


def test_plain_text_drops_tags_and_reads_entities():
    assert plain_text("<p>Đức&nbsp;Huệ <a href='cnref:0'>x</a>&amp;y</p>").split() == [
        "Đức", "Huệ", "x", "&y"]


def test_data_file_escapes_line_separators_and_parses_back(tmp_path):
    value = {"a\u2028b": "Đức </script>"}
    data = script("w-x.1", search.to_json(value))
    assert "\u2028".encode() not in data
    (tmp_path / "f.js").write_bytes(data)
    assert read_data_file(tmp_path / "f.js") == value


# ------------------------------------------------------------------ the built index --

def test_manifest_names_every_file_and_every_file_exists(search_site):
    folder = search_site / "search"
    manifest = read_data_file(folder / "index.js")
    named = set(manifest["posts"]) | {n for _, n in manifest["words"]} | {
        n for _, n in manifest["body"]}
    on_disk = {p.stem for p in folder.glob("*.js")} - {"index"}
    assert named == on_disk
    assert manifest["count"] == 15
    assert manifest["body"], "the fixture site turns full text on"


def test_posts_are_numbered_newest_first_with_what_a_result_shows(search_site):
    index = IndexFiles(search_site)
    records = [index.post(n) for n in range(index.manifest["count"])]
    dates = [r[2] for r in records]
    assert dates == sorted(dates, reverse=True)
    title, url, iso, shown, _summary, category, tags = next(
        r for r in records if r[0].startswith("Thạnh Hóa"))
    assert (title, iso, shown) == ("Thạnh Hóa hoàn thành kế hoạch trồng rừng", "2017-05-05",
                                   "05/05/2017")
    assert (search_site / url).is_file()
    assert index.manifest["terms"][category][0] == "Nông nghiệp - Nông thôn"
    assert [index.manifest["terms"][t][0] for t in tags] == ["Trồng rừng"]
    assert (search_site / index.manifest["terms"][tags[0]][1]).is_file()


def test_word_shards_record_fields_and_title_places(search_site):
    index = IndexFiles(search_site)
    newest_duc_hue_in_title = None
    for _, name in index.manifest["words"]:
        entries = index.shard(name)
        if "hue" in entries:
            assert list(entries["hue"]) == ["huệ"]  # words as written, under their folded form
            postings = dict(decode_postings(entries["hue"]["huệ"], True))
            titles = {index.post(p)[0]: bits for p, bits in postings.items()}
            newest_duc_hue_in_title = titles
    assert newest_duc_hue_in_title == {
        "Hội nghị sơ kết phong trào thi đua 6 tháng": search.SUMMARY,
        "Xã Mỹ Quý Đông đạt chuẩn nông thôn mới": search.TERMS,
        # Second word of the title ("Đức Huệ: …"), and in the tags.
        "Đức Huệ: Tổng kết 05 năm phong trào thi đua “Dân vận khéo”":
            0b10 << 3 | search.TITLE | search.TERMS,
    }


def test_the_same_content_gives_the_same_bytes(search_site, tmp_path):
    out = tmp_path / "again"
    result = run_build_py("build", "--content", str(FIXTURE / "content"), "--output", str(out),
                          "--config", str(FIXTURE / "site.toml"))
    assert result.returncode == 0, result.stderr
    first = {p.name: p.read_bytes() for p in (search_site / "search").iterdir()}
    second = {p.name: p.read_bytes() for p in (out / "search").iterdir()}
    assert first == second


def test_full_text_off_writes_no_body_shards(tmp_path):
    site = shutil.copytree(FIXTURE, tmp_path / "site")
    toml = site / "site.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("full_text = true",
                                                            "full_text = false"),
                    encoding="utf-8")
    out = tmp_path / "out"
    result = run_build_py("build", "--content", str(site / "content"), "--output", str(out),
                          "--config", str(toml))
    assert result.returncode == 0, result.stderr
    manifest = read_data_file(out / "search" / "index.js")
    assert manifest["body"] == []
    assert not list((out / "search").glob("b-*.js"))


def test_the_site_checker_finds_nothing_wrong(search_site):
    # Search page reached through the masthead form; index files are scripts it loads.
    result = run_build_py("check", "--site", str(search_site))
    assert result.returncode == 0, result.stdout + result.stderr


def test_search_page_loads_only_relative_scripts(search_site):
    html = (search_site / "search.html").read_text(encoding="utf-8")
    sources = re.findall(r'<script src="([^"]+)"', html)
    assert sources[-2:] == ["search/index.js", "assets/search.js"]
    assert all(not re.match(r"[a-z]+:|/", src) for src in sources)  # relative, naming files
    assert 'type="module"' not in html and "fetch(" not in (
        search_site / "assets" / "search.js").read_text(encoding="utf-8")


def test_every_page_has_a_search_box_leading_to_the_search_page(search_site):
    article = next((search_site / "2020" / "09").glob("*.html"))
    html = article.read_text(encoding="utf-8")
    form = re.search(r'<form class="site-search" action="([^"]+)" role="search">', html)
    assert form and form.group(1) == "../../search.html"
    assert re.search(r'<label[^>]*for="site-search-q"', html)
    assert 'name="q"' in html
    strings = re.search(r'data-strings="([^"]+)"',
                        (search_site / "search.html").read_text(encoding="utf-8")).group(1)
    assert json.loads(strings.replace("&#34;", '"'))["count"].startswith("{n}")


def test_a_build_lets_go_of_its_index_once_its_files_are_written(tmp_path, monkeypatch):
    # 254 MB at 100,000 articles: held to the end, it stayed beside the feeds and photos.
    made, alive_after, updatable = [], [], []

    class Watched(search.SearchIndex):
        def __init__(self, *args, **options):
            super().__init__(*args, **options)
            made.append(weakref.ref(self))
            updatable.append(self.postings is not None)

    def assets_watched(*args):
        alive_after.append([index() is not None for index in made])
        return copy_assets(*args)

    copy_assets = pipeline._copy_assets
    monkeypatch.setattr(pipeline, "SearchIndex", Watched)
    monkeypatch.setattr(pipeline, "_copy_assets", assets_watched)  # after the index's files
    monkeypatch.chdir(tmp_path)
    pipeline.build(load_config(FIXTURE / "site.toml"),
                   BuildOptions(content_dir=FIXTURE / "content", output_dir=tmp_path / "out",
                                cache_dir=tmp_path / "cache", jobs=1))
    assert len(made) == 1 and alive_after == [[False]]
    assert updatable == [False]  # no postings by post kept: only the preview updates one
    assert (tmp_path / "out" / "search").is_dir()
