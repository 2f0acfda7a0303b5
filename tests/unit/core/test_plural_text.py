"""A problem whose words depend on a count (Text.plural): the right form in each language."""
from builder.core.errors import Problem, Text
from builder.incremental import plain_data


def test_the_count_chooses_the_english_form_and_vietnamese_has_one():
    one, three = (Problem("content/.addresses.toml",
                          message=Text.plural("addresses", "recorded", n)) for n in (1, 3))
    assert one.render("en") == ("content/.addresses.toml: recorded the address of 1 newly "
                                "published article; commit this file so it never moves")
    assert three.render("en") == ("content/.addresses.toml: recorded the addresses of 3 newly "
                                  "published articles; commit this file so they never move")
    assert str(three) == ("content/.addresses.toml: đã ghi lại địa chỉ của 3 bài mới đăng; "
                          "hãy commit tệp này để các địa chỉ không bao giờ bị đổi")


def test_a_plural_text_survives_the_cache_format():
    # A build with nothing to do says the stored warnings again, in that run's language.
    kinds = (Problem, Text)
    problem = Problem("content/.addresses.toml", message=Text.plural("addresses", "recorded", 2))
    again = plain_data.loads(plain_data.dumps(problem, kinds), kinds)
    assert again == problem
    assert again.render("en").endswith("2 newly published articles; commit this file so they "
                                       "never move")
