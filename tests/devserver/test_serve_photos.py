"""The preview makes photo copies only when the browser asks for them."""
from __future__ import annotations

import io
import re

from PIL import Image

from tests.devserver.serve_process import article_page, project, serve  # noqa: F401 (fixtures)
from tests.photos import makers

ARTICLE = "content/2024/dan-van-kheo-duc-hue.md"


def test_photo_copies_are_made_on_request_without_metadata(serve, project):
    photo = makers.camera_jpeg(project / "content/2024/anh-hoi-nghi.jpg")
    path = project / ARTICLE
    path.write_text(path.read_text("utf-8").replace(
        "---\n", "---\nimage: anh-hoi-nghi.jpg\n", 1).rstrip("\n")
        + "\n\n![Quang cảnh hội nghị](anh-hoi-nghi.jpg)\n", "utf-8")
    server = serve()
    page = article_page(server.site, "Quang cảnh hội nghị")
    html = server.text(page)
    copies = re.findall(r'(media/2024/anh-hoi-nghi-[0-9a-f]+-\d+\.(?:jpg|webp))', html)
    assert len(set(copies)) == 6  # 480, 960, 1600 in two formats
    # Nothing encoded before a browser asks: the first page did not wait for photos.
    cache = project / ".cache" / "photos"
    assert not [p for p in cache.rglob("*") if p.suffix in (".jpg", ".webp")]
    status, headers, body = server.request("/" + copies[0])
    assert status == 200 and headers["Content-Type"].startswith("image/")
    with Image.open(io.BytesIO(body)) as image:
        assert not image.getexif() and "xmp" not in image.info
        assert image.width < image.height  # the sideways camera photo stands upright
    made = [p for p in cache.rglob("*") if p.suffix in (".jpg", ".webp")]
    assert len(made) == 1  # only the copy that was asked for
    assert server.request("/media/2024/khong-co-anh-nay-480.jpg")[0] == 404
    assert photo.exists()
