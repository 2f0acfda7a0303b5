"""Loading every content file: reuse across builds in one process (the dev server)."""
import contextlib
import os
import pickle
import shutil
import sqlite3
from pathlib import Path

import pytest

from builder.content import loading
from builder.content.loading import CACHED_KINDS, load_all
from builder.core.config import SiteConfig
from builder.core.memo import BuildMemo
from builder.content.markdown_convert import Converted, Converter
from builder.incremental.cache import STORE_NAME, BodyShelf, ContentCache, StoredBody
from builder.workers import CAN_FORK, forked_now, parallel_map


def stored(cache_dir: Path) -> int:
    """How many converted articles the cache folder's store holds."""
    with contextlib.closing(sqlite3.connect(cache_dir / STORE_NAME)) as store:
        return store.execute("SELECT count(*) FROM entries").fetchone()[0]


def write_site(content: Path) -> None:
    """An article showing a photo from its images folder."""
    (content / "images").mkdir(parents=True)
    (content / "images" / "anh.jpg").write_bytes(b"\xff\xd8anh")
    (content / "bai.md").write_text("---\ntitle: Bài có ảnh\ndate: 2024-05-01\n---\n\n"
                                    "![Ảnh hội nghị](images/anh.jpg)\n", encoding="utf-8")


@pytest.mark.parametrize("cached", [False, True], ids=["fresh", "cached"])
def test_a_folder_swapped_for_an_outside_symlink_is_caught_by_the_next_build(tmp_path, cached):
    """A long-running server builds again and again: what it resolved before is not trusted,
    nor is a cached conversion whose photo has moved out of the content folder."""
    content = tmp_path / "content"
    write_site(content)
    cache = (ContentCache(tmp_path / "cache", "salt", CACHED_KINDS, BuildMemo()) if cached
             else None)
    first = load_all(SiteConfig(), content, "content", cache=cache)
    assert first.problems == () and first.bodies["bai.md"].refs == ("images/anh.jpg",)

    outside = tmp_path / "ngoai"
    (content / "images").rename(outside)
    (content / "images").symlink_to(outside, target_is_directory=True)
    if cached:
        assert stored(tmp_path / "cache") == 1
        cache = ContentCache(tmp_path / "cache", "salt", CACHED_KINDS, BuildMemo())
    second = load_all(SiteConfig(), content, "content", cache=cache)
    assert "'images/anh.jpg' trỏ ra ngoài thư mục nội dung" in [
        str(p.message) for p in second.problems]


@pytest.mark.parametrize("change", ["deleted", "outside link", "folder", "inside link"])
def test_a_cached_article_sees_its_photo_change_kind(tmp_path, change):
    """A new process's build checks a cached article's photo against the content folder
    as listed now: gone, a link leading outside or a folder is a problem; a link to
    another photo inside the folder stays a photo."""
    content = tmp_path / "content"
    write_site(content)
    photo = content / "images" / "anh.jpg"
    (tmp_path / "ngoai.jpg").write_bytes(b"\xff\xd8ngoai")
    (content / "images" / "khac.jpg").write_bytes(b"\xff\xd8khac")

    def build():
        """Load with a fresh cache object over the same folder, as a new process does."""
        cache = ContentCache(tmp_path / "cache", "salt", CACHED_KINDS, BuildMemo())
        shelf = BodyShelf(cache, lambda source: b"")
        try:
            return load_all(SiteConfig(), content, "content", cache=cache, shelf=shelf)
        finally:
            shelf.close()

    assert build().problems == ()
    photo.unlink()
    if change == "outside link":
        photo.symlink_to(tmp_path / "ngoai.jpg")
    elif change == "folder":
        photo.mkdir()
    elif change == "inside link":
        photo.symlink_to(content / "images" / "khac.jpg")
    problems = [str(p) for p in build().problems]
    if change == "inside link":
        assert problems == []
    else:
        # A link leading outside is also named itself, by the listing.
        about_article = [p for p in problems if p.startswith("content/bai.md:6:17: ")]
        assert len(about_article) == 1 and "'images/anh.jpg'" in about_article[0]


def edit_second(content: Path) -> None:
    """Write (or rewrite) the second article, with a body that differs each time."""
    (content / "hai.md").write_text("---\ntitle: Bài hai\ndate: 2024-05-02\n---\n\nĐã sửa.\n",
                                    encoding="utf-8")


@pytest.mark.parametrize("same_session", [True, False], ids=["same memo", "another memo"])
def test_the_next_build_of_a_session_takes_unchanged_articles_from_its_memo(tmp_path,
                                                                              same_session):
    """The dev server's rebuilds: unchanged files are not read back from the disk cache,
    and an edited one is converted again. The memory is the session's: a build with another
    memo (another site in the same process) converts every file again."""
    content = tmp_path / "content"
    write_site(content)
    (content / "hai.md").write_text("---\ntitle: Bài hai\ndate: 2024-05-02\n---\n\nLúc đầu.\n",
                                    encoding="utf-8")
    cache_dir = tmp_path / "cache"
    memo = BuildMemo()
    load_all(SiteConfig(), content, "content",
             cache=ContentCache(cache_dir, "salt", CACHED_KINDS, memo))
    shutil.rmtree(cache_dir)
    edit_second(content)
    second_memo = memo if same_session else BuildMemo()
    second = load_all(SiteConfig(), content, "content",
                      cache=ContentCache(cache_dir, "salt", CACHED_KINDS, second_memo))
    assert "Đã sửa." in second.bodies["hai.md"].html
    assert second.bodies["bai.md"].refs == ("images/anh.jpg",)
    # Converted (and so written to the cache) again: only the edited article with the
    # session's memo, both articles without it.
    assert stored(cache_dir) == (1 if same_session else 2)


@pytest.mark.parametrize("summary_length, kept", [(280, 281), (60, 201)])
def test_only_the_part_of_the_lead_a_page_can_show_is_kept(tmp_path, summary_length, kept):
    """A derived summary shows `summary_length` characters and a page's description 200:
    one character more tells that the paragraph goes on; the rest is never held."""
    words = "Phong trào thi đua “Dân vận khéo” lan tỏa khắp các thôn, ấp của huyện."
    paragraph = " ".join([words] * 20)
    (tmp_path / "bai.md").write_text(f"---\ntitle: Bài dài\ndate: 2024-05-01\n---\n\n"
                                     f"{paragraph}\n\nĐoạn hai.\n", encoding="utf-8")
    config = SiteConfig(summary_length=summary_length)
    loaded = load_all(config, tmp_path, "content")
    lead = loaded.bodies["bai.md"].lead_text
    assert len(paragraph) > kept and lead == paragraph[:kept]


def test_no_lead_is_kept_for_an_article_with_its_own_summary(tmp_path):
    """The written summary is the card's text and the page's description: the first
    paragraph is never shown, so none of it is held."""
    for name, summary in (("co.md", "summary: Tóm tắt do biên tập viên viết.\n"),
                          ("khong.md", "")):
        (tmp_path / name).write_text(f"---\ntitle: Bài\ndate: 2024-05-01\n{summary}---\n\n"
                                     "Đoạn mở đầu của bài.\n", encoding="utf-8")
    loaded = load_all(SiteConfig(), tmp_path, "content")
    assert loaded.bodies["co.md"].lead_text == ""
    assert loaded.bodies["khong.md"].lead_text == "Đoạn mở đầu của bài."


def test_new_articles_share_their_names_as_cached_ones_do(tmp_path):
    """A build of new articles holds each tag once, as a build from the cache does."""
    content = tmp_path / "content"
    content.mkdir()
    for name in ("mot.md", "hai.md"):
        (content / name).write_text(f"---\ntitle: Bài {name}\ndate: 2024-05-01\n"
                                    "tags: [Dân vận khéo]\n---\n\nĐoạn.\n", encoding="utf-8")
    cache = ContentCache(tmp_path / "cache", "salt", CACHED_KINDS, BuildMemo())
    one, two = load_all(SiteConfig(), content, "content", cache=cache).articles
    assert one.tags == ("Dân vận khéo",) and one.tags[0] is two.tags[0]
    assert one.lines is two.lines


def test_a_build_in_a_new_process_stores_every_article_its_workers_convert(tmp_path,
                                                                           monkeypatch):
    """A first build reads, converts and stores each file in one pass on all cores, each
    process writing its batches' entries itself: all of them reach the store, and the
    next build (another process: nothing in memory) converts none of them again."""
    content = tmp_path / "content"
    content.mkdir()
    for number in range(300):
        (content / f"bai-{number:03}.md").write_text(
            f"---\ntitle: Tin số {number}\ndate: 2024-05-01\ntags: [Dân vận khéo]\n---\n\n"
            f"Xã thứ {number} hoàn thành phong trào thi đua.\n", encoding="utf-8")
    cache_dir = tmp_path / "cache"
    keys: dict = {}
    first = load_all(SiteConfig(), content, "content", jobs=2,
                     cache=ContentCache(cache_dir, "salt", CACHED_KINDS, BuildMemo()),
                     file_keys=keys)
    assert stored(cache_dir) == 300 and len(keys) == 300

    def never(*args):
        raise AssertionError("converted again")

    monkeypatch.setattr(loading, "process_file", never)
    second = load_all(SiteConfig(), content, "content", jobs=2,
                      cache=ContentCache(cache_dir, "salt", CACHED_KINDS, BuildMemo()),
                      file_keys=keys)
    assert second.articles == first.articles and second.bodies == first.bodies
    assert "Xã thứ 299 hoàn thành" in second.bodies["bai-299.md"].html


def write_bodies(content: Path, count: int) -> None:
    """`count` articles with Vietnamese bodies that differ from one another."""
    content.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (content / f"bai-{n}.md").write_text(
            f"---\ntitle: Bài {n}\ndate: 2024-05-{n % 28 + 1:02d}\n---\n\n"
            f"Xã Đức Hòa ra quân đợt {n} của phong trào “Dân vận khéo”.\n\n"
            f"- Hội viên tham gia: {n * 7}\n", encoding="utf-8")


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_build_with_a_shelf_reads_each_body_back_from_the_store(tmp_path, jobs):
    """With a shelf (a build in a new process), the loaded bodies hold no HTML, only a
    stand-in; each gives the same HTML as a load that keeps it, for bodies found in the
    store and for bodies converted in this very load (their entries were written first)."""
    content, cache_dir = tmp_path / "content", tmp_path / "cache"
    write_bodies(content, 80)  # above the pool's minimum, so that workers convert
    kept = load_all(SiteConfig(), content, "content")
    converts: list[str] = []

    def shelf() -> BodyShelf:
        """A shelf on a new cache of the folder, counting what it converts again."""
        return BodyShelf(ContentCache(cache_dir, "salt", CACHED_KINDS, BuildMemo()),
                         lambda source: converts.append(source) or b"")

    for run in ("converted now", "found in the store"):
        loaded = load_all(SiteConfig(), content, "content", jobs=jobs,
                          cache=ContentCache(cache_dir, "salt", CACHED_KINDS, BuildMemo()),
                          shelf=shelf())
        assert set(loaded.bodies) == set(kept.bodies), run
        for source, body in loaded.bodies.items():
            assert isinstance(body.packed, StoredBody), (run, source)
            assert body.html == kept.bodies[source].html, (run, source)
            assert "Đức Hòa" in body.html
        assert converts == [], run


def test_a_body_gone_from_the_store_is_converted_again(tmp_path):
    """An entry removed after the load (another build pruned the store) costs a
    conversion of its file when a page shows it, never a wrong or missing body."""
    content, cache_dir = tmp_path / "content", tmp_path / "cache"
    write_bodies(content, 3)
    config = SiteConfig()
    cache = ContentCache(cache_dir, "salt", CACHED_KINDS, BuildMemo())
    converted_again: list[str] = []

    def convert(source: str) -> bytes:
        """The content stage's own conversion, counted."""
        converted_again.append(source)
        return loading.process_file(content, source, config, "content",
                                    Converter(config.raw_html, config.language)).body.packed

    loaded = load_all(config, content, "content", cache=cache, shelf=BodyShelf(cache, convert))
    expected = {source: body.html for source, body in
                load_all(config, content, "content").bodies.items()}
    ContentCache(cache_dir, "salt", CACHED_KINDS, BuildMemo()).store.keep_only(set())
    assert stored(cache_dir) == 0
    assert {source: body.html for source, body in loaded.bodies.items()} == expected
    assert sorted(converted_again) == sorted(expected)


def html_in_this_process(body: Converted) -> tuple[int, str]:
    """The pid of the process that read a body sent to it, and its HTML."""
    return os.getpid(), body.html


@pytest.mark.skipif(not CAN_FORK, reason="workers are forked processes")
def test_a_stand_in_sent_to_a_forked_worker_reads_its_body_from_the_store_there(tmp_path):
    """A page sent to a worker carries its body's stand-in, not the HTML: the worker,
    forked before the load, reads each body from the store through its own connection."""
    content, cache_dir = tmp_path / "content", tmp_path / "cache"
    write_bodies(content, 80)
    kept = load_all(SiteConfig(), content, "content")
    shelf = BodyShelf(ContentCache(cache_dir, "salt", CACHED_KINDS, BuildMemo()),
                      lambda source: pytest.fail(f"{source} converted again"))
    try:
        with forked_now(2) as pool:  # before the load, as a build forks its page workers
            loaded = load_all(SiteConfig(), content, "content",
                              cache=ContentCache(cache_dir, "salt", CACHED_KINDS, BuildMemo()),
                              shelf=shelf)
            sources = sorted(loaded.bodies)
            sent = pickle.loads(pickle.dumps(loaded.bodies[sources[0]].packed))
            assert isinstance(sent, StoredBody) and sent.shelf is shelf
            results = list(parallel_map(html_in_this_process,
                                        [loaded.bodies[s] for s in sources], 2, chunk=4,
                                        pool=pool))
    finally:
        shelf.close()
    assert [html for _, html in results] == [kept.bodies[s].html for s in sources]
    assert len({pid for pid, _ in results} - {os.getpid()}) == 1  # the worker read some
