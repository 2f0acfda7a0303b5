"""Real photos for the tests, made with Pillow: a camera JPEG with EXIF (GPS and a
sideways orientation), XMP and IPTC; CMYK; 16-bit greyscale; transparency; animation;
a colour profile other than sRGB."""
from __future__ import annotations

import io
import struct
from pathlib import Path

from PIL import Image, ImageCms, ImageDraw

RED, GREEN = (220, 30, 30), (30, 200, 60)
GPS_IFD = 0x8825
ORIENTATION = 0x0112
XMP = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
       b'22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" '
       b'exif:GPSLatitude="10,32.5N"/></rdf:RDF></x:xmpmeta>')


def scene(size: tuple[int, int]) -> Image.Image:
    """A photo-like picture: gradients and shapes (noise would make unrealistic files);
    the top-left quarter is red, so a rotation shows where that corner went."""
    width, height = size
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    draw = ImageDraw.Draw(image)
    for i in range(0, width, max(1, width // 23)):
        draw.ellipse((i, (i * 7) % height, i + width // 9, (i * 7) % height + height // 9),
                     fill=(40 + i % 180, 90, 160 - i % 120))
    draw.rectangle((0, 0, width // 4, height // 4), fill=RED)
    return image


def _iptc_segment() -> bytes:
    """A JPEG APP13 segment holding IPTC (a city name), as Photoshop writes it."""
    record = b"\x1c\x02\x5a" + struct.pack(">H", 7) + b"Tan Tru"  # 2:90 City
    resource = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(record)) + record
    if len(resource) % 2:
        resource += b"\x00"
    body = b"Photoshop 3.0\x00" + resource
    return b"\xff\xed" + struct.pack(">H", len(body) + 2) + body


def camera_jpeg(path: Path, size=(4000, 3000), orientation: int = 6) -> Path:
    """A camera-sized JPEG shot sideways, with GPS in EXIF, XMP and IPTC."""
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "Camera Maker"
    exif[0x0110] = "Model X"
    gps = exif.get_ifd(GPS_IFD)
    gps[1], gps[2] = "N", (10.0, 32.0, 30.0)
    gps[3], gps[4] = "E", (106.0, 24.0, 15.0)
    out = io.BytesIO()
    scene(size).save(out, "JPEG", quality=92, exif=exif, xmp=XMP)
    data = out.getvalue()
    path.write_bytes(data[:2] + _iptc_segment() + data[2:])
    return path


def cmyk_jpeg(path: Path, size=(1200, 800)) -> Path:
    """A CMYK JPEG (as print shops send them): pure cyan."""
    Image.new("CMYK", size, (255, 0, 0, 0)).save(path, "JPEG", quality=90)
    return path


def grey16_png(path: Path, size=(1000, 700)) -> Path:
    """A 16-bit greyscale PNG at mid grey (32768 of 65535)."""
    Image.new("I;16", size, 32768).save(path, "PNG")
    return path


def transparent_png(path: Path, size=(900, 600)) -> Path:
    """A graphic with a transparent background."""
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((100, 100, 500, 500), fill=(200, 20, 20, 255))
    image.save(path, "PNG")
    return path


def animated_gif(path: Path, frames: int = 3) -> Path:
    """A small animation."""
    images = [Image.new("RGB", (200, 120), (60 * i, 200 - 50 * i, 90)) for i in range(frames)]
    images[0].save(path, "GIF", save_all=True, append_images=images[1:], duration=200, loop=0)
    return path


def swapped_profile() -> bytes:
    """An ICC profile like sRGB but with the red and green primaries swapped, so that a
    correct conversion to sRGB turns stored red into green."""
    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    count = struct.unpack(">I", data[128:132])[0]
    entries = {}
    for i in range(count):
        at = 132 + 12 * i
        entries[bytes(data[at:at + 4])] = at
    red, green = entries[b"rXYZ"], entries[b"gXYZ"]
    data[red + 4:red + 12], data[green + 4:green + 12] = (data[green + 4:green + 12],
                                                          data[red + 4:red + 12])
    return bytes(data)


def profiled_jpeg(path: Path, size=(1000, 700)) -> Path:
    """A red JPEG tagged with the swapped profile: in sRGB it is green."""
    Image.new("RGB", size, (255, 0, 0)).save(path, "JPEG", quality=95,
                                             icc_profile=swapped_profile())
    return path
