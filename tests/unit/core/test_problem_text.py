"""A problem's message from the catalogue reads in the language of whoever shows it."""
import pickle

from builder.content.loading import CACHED_KINDS
from builder.core.errors import BuildError, Problem, Text
from builder.incremental import plain_data


def missing_photo() -> Problem:
    return Problem("content/tin.md", 4, 8, "image",
                   Text.of("content", "path_not_found", path="anh/lễ-hội.jpg"))


def test_a_problem_renders_in_each_language_and_str_is_vietnamese():
    problem = missing_photo()
    assert problem.render("en") == "content/tin.md:4:8: image: file not found: 'anh/lễ-hội.jpg'"
    assert problem.render("vi") == (
        "content/tin.md:4:8: image: không tìm thấy tệp: 'anh/lễ-hội.jpg'")
    assert str(problem) == problem.render("vi")
    assert str(BuildError(problem)) == problem.render("vi")


def test_a_reason_inside_a_message_follows_the_same_language():
    reason = Text.of("content", "path_outside", path="../x.jpg")
    warning = Problem("content/a.md", 2, None, "link",
                      Text.of("content", "path_left_as_written", reason=reason))
    assert warning.render("en").startswith(
        "content/a.md:2: link: '../x.jpg' points outside the content folder; left as written")
    assert warning.render("vi").startswith(
        "content/a.md:2: link: '../x.jpg' trỏ ra ngoài thư mục nội dung; giữ nguyên như đã viết")


def test_plain_text_messages_still_render_as_they_are():
    assert Problem("site.toml", 3, None, None, "chữ có sẵn").render("en") == "site.toml:3: chữ có sẵn"


def test_problems_with_and_without_texts_sort_together():
    plain = Problem("content/tin.md", 4, 8, "image", "zzz")
    assert sorted([plain, missing_photo()]) == [missing_photo(), plain]


def test_a_text_survives_the_worker_pipe_and_the_cache():
    problem = missing_photo()
    assert pickle.loads(pickle.dumps(problem)) == problem
    again = plain_data.loads(plain_data.dumps(problem, CACHED_KINDS), CACHED_KINDS)
    assert again == problem and again.render("en") == problem.render("en")
