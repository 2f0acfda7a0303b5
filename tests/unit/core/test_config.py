"""site.toml: defaults, validation of every key at once, slug tables."""
import pytest

from builder.core.config import BUILTIN_TEMPLATES, load_config
from builder.core.errors import ConfigError
from builder.core.i18n import catalogue


def load(tmp_path, text, **kwargs):
    path = tmp_path / "site.toml"
    path.write_text(text, encoding="utf-8")
    return load_config(path, **kwargs)


def problems(tmp_path, text) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load(tmp_path, text)
    return [p.render("en").replace(str(tmp_path) + "/", "") for p in caught.value.problems]


def test_missing_file_gives_defaults(tmp_path):
    config = load_config(tmp_path / "none.toml")
    assert (config.language, config.timezone, config.per_page, config.raw_html) == (
        "vi", "Asia/Ho_Chi_Minh", 10, "sanitize")
    assert config.templates_dir is None and config.template_dirs == (BUILTIN_TEMPLATES,)


def test_values_are_read(tmp_path):
    config = load(tmp_path, 'title = "Tin Đức Huệ"\nbase_url = "https://x.org/tin-tuc"\n'
                            'language = "en"\nper_page = 5\n[feeds]\nitems = 7\n'
                            '[search]\nfull_text = true\n[slugs.tags]\n"Thạnh Hóa" = "thanh-hoa-h"\n')
    assert config.title == "Tin Đức Huệ" and config.base_url == "https://x.org/tin-tuc/"
    assert (config.language, config.per_page, config.feed_items) == ("en", 5, 7)
    assert config.search_full_text is True
    assert dict(config.tag_slugs) == {"Thạnh Hóa": "thanh-hoa-h"}


def test_every_problem_is_reported_with_its_line(tmp_path):
    assert problems(tmp_path, 'titel = "x"\nper_page = "mười"\nlanguage = "fr"\n'
                              'timezone = "Mars/Olympus"\n[slugs.tags]\n"A" = "Không hợp lệ"\n') == [
        "site.toml:1: titel: unknown setting; did you mean 'title'?",
        "site.toml:2: per_page: must be a whole number",
        'site.toml:6: slugs.tags: \'A\': slug must be lower-case a-z, 0-9 and \'-\' (e.g. \'a\')',
        "site.toml:3: language: must be one of vi, en",
        "site.toml:4: timezone: unknown time zone; use a name like Asia/Ho_Chi_Minh",
    ]


def test_toml_syntax_error_has_line_and_column(tmp_path):
    assert problems(tmp_path, 'title = "x\n') [0].startswith("site.toml:1:")


def test_base_url_from_the_command_line_wins_and_is_checked(tmp_path):
    assert load(tmp_path, 'base_url = "https://a.org/"', base_url="https://b.org/x").base_url == (
        "https://b.org/x/")
    with pytest.raises(ConfigError, match="--base-url"):
        load(tmp_path, "", base_url="ftp://x")


def test_site_templates_override_the_built_in_ones(tmp_path):
    (tmp_path / "templates").mkdir()
    config = load(tmp_path, "")
    assert config.template_dirs == ((tmp_path / "templates").resolve(), BUILTIN_TEMPLATES)


def test_symlinks_out_of_the_templates_folder_are_refused(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "secret.html").write_text("secret")
    (tmp_path / "templates" / "article.html").symlink_to(tmp_path / "secret.html")
    assert problems(tmp_path, "") == [
        "templates/article.html: symbolic link points outside the templates folder; remove it"]


def test_images_table_defaults_and_values(tmp_path):
    defaults = load_config(tmp_path / "none.toml").images
    assert (defaults.widths, defaults.card_widths, defaults.webp, defaults.quality,
            defaults.max_megapixels, defaults.publish_originals) == (
        (480, 960, 1600), (240, 480), True, 78, 50.0, False)
    images = load(tmp_path, "[images]\nwidths = [1200, 600]\nwebp = false\nquality = 70\n"
                            "max_megapixels = 24\npublish_originals = true\n").images
    assert (images.widths, images.webp, images.quality, images.max_megapixels,
            images.publish_originals) == ((600, 1200), False, 70, 24.0, True)


def test_images_table_problems_are_all_reported(tmp_path):
    assert problems(tmp_path, '[images]\nwidths = []\nquality = 0\nwebp = "có"\n'
                              'max_megapixels = -1\nwidht = 3\n') == [
        "site.toml:2: images.widths: must be a list of widths in pixels between 16 and 8000, "
        "e.g. [480, 960, 1600]",
        "site.toml:3: images.quality: must be a whole number from 1 to 100",
        "site.toml:4: images.webp: must be true or false",
        "site.toml:5: images.max_megapixels: must be a number of megapixels above 0 (at most 1000)",
        "site.toml:6: widht: unknown setting; did you mean 'widths'?",
    ]


def test_base_url_with_a_query_or_fragment_is_refused_with_the_reason(tmp_path):
    found = problems(tmp_path, 'base_url = "https://x.org/tin-tuc/?ref=bao"\n')
    assert len(found) == 1
    assert found[0].startswith("site.toml:1:")
    assert "query string" in found[0] and "every absolute link would be wrong" in found[0]
    assert "fragment" in problems(tmp_path, 'base_url = "https://x.org/#top"\n')[0]
    with pytest.raises(ConfigError, match="--base-url.*chuỗi truy vấn"):
        load(tmp_path, "", base_url="https://x.org/?a=1")


def test_a_vietnamese_site_hears_of_its_typo_in_vietnamese(tmp_path):
    with pytest.raises(ConfigError) as caught:
        load(tmp_path, 'titel = "Tin Thạnh Hóa"\n[images]\nquality = 0\n')
    assert [str(p).replace(str(tmp_path) + "/", "") for p in caught.value.problems] == [
        "site.toml:1: titel: không có thiết lập này; có phải ý bạn là 'title'?",
        "site.toml:3: images.quality: phải là một số nguyên từ 1 đến 100"]


def test_every_type_a_setting_can_be_told_to_be_has_both_languages():
    from builder.core import config
    names = {name for _, _, name in config._SCALARS.values()} | {
        name for table in config._TABLES.values() for _, _, name in table.values()}
    for name in names:
        assert catalogue("vi").text("config", name) != catalogue("en").text("config", name)
