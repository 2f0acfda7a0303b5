"""The site model: order, slugs and their clashes, terms, archives, related posts."""
from datetime import datetime
from zoneinfo import ZoneInfo

from hypothesis import given, settings, strategies as st

from builder.core.config import SiteConfig
from builder.content.articles import Article
from builder.site.model import build_model, is_published

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def art(source, title, day, tags=(), category=None, slug=None, month=9, year=2020, draft=False):
    return Article(source=source, title=title, date=datetime(year, month, day, 8, 0, tzinfo=TZ),
                   body="x", body_line=5, tags=tuple(tags), category=category, slug=slug,
                   draft=draft)


def model(articles, **config):
    return build_model(articles, SiteConfig(**config), "content")


def test_posts_are_newest_first_with_dated_paths():
    site = model([art("a.md", "Bài A", 1), art("b.md", "Bài B", 2)]).site
    assert [p.path for p in site.posts] == ["2020/09/bai-b.html", "2020/09/bai-a.html"]


def test_generated_slug_clash_gives_the_newer_one_a_suffix_and_a_warning():
    result = model([art("new.md", "Tin tức", 20), art("old.md", "Tin tuc", 3)])
    paths = {p.article.source: p.path for p in result.site.posts}
    assert paths == {"old.md": "2020/09/tin-tuc.html", "new.md": "2020/09/tin-tuc-2.html"}
    assert [str(w) for w in result.warnings] == [
        "content/new.md: title: trùng địa chỉ với content/old.md; bài này được đăng với slug "
        "'tin-tuc-2' (đặt 'slug:' để tự chọn)"]
    assert [w.render("en") for w in result.warnings] == [
        "content/new.md: title: same address as content/old.md; this one is published as "
        "'tin-tuc-2' (set 'slug:' to choose)"]


def test_suffixes_are_stable_when_newer_articles_arrive():
    before = model([art("a.md", "Đà Nẵng", 1), art("b.md", "Da Nang", 2)]).site
    after = model([art("a.md", "Đà Nẵng", 1), art("b.md", "Da Nang", 2),
                   art("c.md", "Đà-Nẵng", 3)]).site
    old = {p.article.source: p.path for p in before.posts}
    new = {p.article.source: p.path for p in after.posts}
    assert all(new[source] == path for source, path in old.items())
    assert new["c.md"] == "2020/09/da-nang-3.html"


def test_explicit_slug_clash_is_an_error_naming_both_files():
    result = model([art("a.md", "A", 1, slug="ha-noi"), art("b.md", "B", 2, slug="ha-noi")])
    assert result.site is None
    assert [str(p) for p in result.problems] == [
        "content/a.md: slug: 'ha-noi' cũng là slug của content/b.md; cả hai sẽ được ghi vào "
        "2020/09/ha-noi.html: hãy đổi một trong hai"]


def test_explicit_slug_wins_over_a_generated_one():
    site = model([art("a.md", "Hà Nội", 1), art("b.md", "Khác", 2, slug="ha-noi")]).site
    paths = {p.article.source: p.path for p in site.posts}
    assert paths == {"b.md": "2020/09/ha-noi.html", "a.md": "2020/09/ha-noi-2.html"}


def test_tags_merge_across_case_and_tone_placement_showing_the_most_used_spelling():
    site = model([art("a.md", "A", 1, ["Đức Hòa"]), art("b.md", "B", 2, ["Đức Hoà"]),
                  art("c.md", "C", 3, ["đức hòa"]), art("d.md", "D", 4, ["Đức Hòa"])]).site
    assert [(t.name, t.slug, len(t.posts)) for t in site.tags] == [("Đức Hòa", "duc-hoa", 4)]


def test_places_that_transliterate_alike_stay_apart_earliest_keeps_the_plain_slug():
    result = model([art("a.md", "A", 5, ["Thanh Hóa"]), art("b.md", "B", 2, ["Thạnh Hóa"])])
    slugs = {t.name: t.slug for t in result.site.tags}
    assert slugs == {"Thạnh Hóa": "thanh-hoa", "Thanh Hóa": "thanh-hoa-2"}
    assert [str(w) for w in result.warnings] == [
        "site.toml: slugs.tags: thẻ 'Thạnh Hóa' và 'Thanh Hóa' có cùng địa chỉ 'thanh-hoa'; "
        "'Thanh Hóa' được đặt là 'thanh-hoa-2' (hãy tự chọn trong [slugs.tags])"]
    assert [w.render("en") for w in result.warnings] == [
        "site.toml: slugs.tags: tags 'Thạnh Hóa' and 'Thanh Hóa' have the same address "
        "'thanh-hoa'; 'Thanh Hóa' gets 'thanh-hoa-2' (choose one in [slugs.tags])"]


def test_slug_overrides_from_site_toml():
    result = model([art("a.md", "A", 5, ["Thanh Hóa"]), art("b.md", "B", 2, ["Thạnh Hóa"])],
                   tag_slugs={"Thạnh Hoá": "huyen-thanh-hoa"})
    assert {t.name: t.slug for t in result.site.tags} == {"Thạnh Hóa": "huyen-thanh-hoa",
                                                         "Thanh Hóa": "thanh-hoa"}
    assert result.warnings == ()


def test_tag_named_index_does_not_take_the_tags_index_page():
    site = model([art("a.md", "A", 1, ["Index"])]).site
    assert site.tags[0].slug == "index-2"


def test_tag_list_is_in_vietnamese_order():
    site = model([art("a.md", "A", 1, ["Đức Huệ", "Dân vận", "An ninh", "Ấp văn hóa", "Bến Lức"])]).site
    assert [t.name for t in site.tags] == ["An ninh", "Ấp văn hóa", "Bến Lức", "Dân vận", "Đức Huệ"]


def test_archive_groups_years_and_months_newest_first():
    site = model([art("a.md", "A", 1, month=1, year=2019), art("b.md", "B", 1, month=9),
                  art("c.md", "C", 2, month=9), art("d.md", "D", 1, month=3)]).site
    assert [(y.year, [(m.month, len(m.posts)) for m in y.months]) for y in site.years] == [
        (2020, [(9, 2), (3, 1)]), (2019, [(1, 1)])]


def test_related_posts_share_most_tags():
    site = model([art("a.md", "A", 1, ["x", "y"]), art("b.md", "B", 2, ["x"]),
                  art("c.md", "C", 3, ["x", "y"]), art("d.md", "D", 4, ["z"])],
                 related_count=2).site
    by_source = {p.article.source: p.index for p in site.posts}
    related = [site.posts[i].article.source for i in site.related[by_source["a.md"]]]
    assert related == ["c.md", "b.md"]
    assert site.related[by_source["d.md"]] == ()


def test_drafts_and_future_articles_are_left_out_unless_asked():
    now = datetime(2020, 9, 10, tzinfo=TZ)
    draft, future = art("a.md", "A", 1, draft=True), art("b.md", "B", 20)
    assert not is_published(draft, now, drafts=False, future=False)
    assert is_published(draft, now, drafts=True, future=False)
    assert not is_published(future, now, drafts=False, future=False)
    assert is_published(future, now, drafts=False, future=True)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.text(max_size=30), st.integers(1, 28),
                          st.lists(st.text(max_size=12), max_size=3)), max_size=25))
def test_no_two_output_paths_are_equal_after_case_folding(entries):
    articles = [art(f"{i}.md", title, day, tags) for i, (title, day, tags) in enumerate(entries)]
    site = model(articles).site
    paths = [p.path for p in site.posts] + [t.base for t in site.tags]
    folded = [p.casefold() for p in paths]
    assert len(folded) == len(set(folded))
