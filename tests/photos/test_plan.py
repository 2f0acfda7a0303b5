"""Planning copies from a photo's header: widths never upscaled, names from the content."""
from builder.core.config import ImageSettings
from builder.photos.plan import Probed, offered_widths, plan

KEY = "0123456789abcdef" * 2


def test_widths_never_upscale_and_keep_the_sharpest_copy():
    assert offered_widths(4000, (480, 960, 1600)) == (480, 960, 1600)
    assert offered_widths(1200, (480, 960, 1600)) == (480, 960, 1200)
    assert offered_widths(1600, (480, 960, 1600)) == (480, 960, 1600)
    assert offered_widths(300, (480, 960, 1600)) == (300,)


def test_plan_names_sizes_and_formats():
    photo = plan("2020/Ảnh Đẹp/Lễ tổng kết.JPG", KEY, Probed(3000, 2000, False, False),
                 ImageSettings(), open_graph=True)
    paths = [photo.path(v) for v in photo.variants]
    assert "media/2020/anh-dep/le-tong-ket-0123456789-960.jpg" in paths
    assert "media/2020/anh-dep/le-tong-ket-0123456789-240.webp" in paths
    assert photo.pick("jpeg", 960).height == 640
    og = photo.og()
    assert (og.width, og.height, photo.path(og)) == (1200, 630,
                                              "media/2020/anh-dep/le-tong-ket-0123456789-og.jpg")
    assert photo.largest().width == 1600 and photo.card_widths == (240, 480)


def test_transparent_photo_falls_back_to_png_and_animation_is_kept_whole():
    graphic = plan("a/logo.png", KEY, Probed(500, 500, True, False),
                   ImageSettings(webp=False), open_graph=False)
    assert {v.format for v in graphic.variants} == {"png"} and graphic.og() is None
    animation = plan("a/dong.gif", KEY, Probed(200, 100, False, True), ImageSettings(), True)
    assert animation.as_is and [animation.path(v) for v in animation.variants] == [
        "media/a/dong-0123456789.gif"]


def test_photos_of_one_size_share_their_copies_and_keep_their_own_names():
    one = plan("a/mot.jpg", KEY, Probed(3000, 2000, False, False), ImageSettings(), False)
    two = plan("b/hai.jpg", "f" * 40, Probed(3000, 2000, False, False), ImageSettings(), False)
    assert one.variants is two.variants and one.card_widths is two.card_widths
    assert one.path(one.largest()) == "media/a/mot-0123456789-1600.jpg"
    assert two.path(two.largest()) == "media/b/hai-ffffffffff-1600.jpg"
    taller = plan("a/mot.jpg", KEY, Probed(3000, 2500, False, False), ImageSettings(), False)
    assert taller.variants is not one.variants
    assert taller.pick("jpeg", 960).height != one.pick("jpeg", 960).height
