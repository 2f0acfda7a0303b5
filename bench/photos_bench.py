"""Photo weight and cost: what a reader's browser downloads, and what photos cost a build.

    python bench/photos_bench.py [--articles 30] [--photos 200] [--before COMMIT]

For the sample site and a generated site whose articles carry camera-sized photos
(4000×3000 JPEG, 3–5 MB, with EXIF and GPS), it builds the site, opens the front page and
an article from file:// in Chromium (Playwright) at 375 px (a phone, device pixel ratio 2)
and 1280 px (a desktop, ratio 1), and sums the bytes of every image the page loaded, first
as opened and then after scrolling to the end (lazy photos come in). With `--before`, the
same is measured on an older commit of the generator (checked out in a temporary git
worktree) for a before/after comparison, with the bundle size of each. It then times a
cold build of `--photos` camera photos (reported per 1,000) and a build with nothing
changed and one with an article edited. Prints a Markdown section for bench/RESULTS.md.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
VIEWPORTS = {"375 px (phone, DPR 2)": (375, 740, 2), "1280 px (desktop, DPR 1)": (1280, 800, 1)}
CPU_SECONDS: list[float] = []  # user + system time of each build run, in order
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".avif")


def camera_photo(path: Path) -> None:
    """A 12-megapixel JPEG the size a phone camera writes (about 4.6 MB), with EXIF GPS.

    Detail at every scale (noise at four resolutions over shapes and gradients), so that
    resized copies weigh what copies of a real photo weigh: a plain gradient would shrink
    to almost nothing and flatter the figures.
    """
    from PIL import Image

    from tests.photos.makers import GPS_IFD, scene
    size = (4000, 3000)
    layers = [Image.effect_noise((size[0] // s, size[1] // s), 70).resize(
        size, Image.Resampling.BICUBIC) for s in (1, 4, 16, 48)]
    texture = layers[0]
    for number, layer in enumerate(layers[1:], start=2):
        texture = Image.blend(texture, layer, 1 / number)
    colour = Image.merge("RGB", (texture, texture.rotate(180),
                                 texture.transpose(Image.Transpose.FLIP_LEFT_RIGHT)))
    photo = Image.blend(scene(size), colour, 0.45)
    exif = Image.Exif()
    exif[0x0112] = 1
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (10.0, 32.0, 30.0), 3: "E", 4: (106.0, 24.0, 15.0)})
    photo.save(path, "JPEG", quality=93, exif=exif)


def camera_site(root: Path, articles: int, photos_per_article: int = 3) -> Path:
    """Content with `articles` articles, each with a camera lead photo and figures."""
    content = root / "content"
    shutil.rmtree(content, ignore_errors=True)
    (content / "2024" / "anh").mkdir(parents=True)
    shared = content / "2024" / "anh" / "goc.jpg"
    camera_photo(shared)
    data = shared.read_bytes()
    for number in range(articles):
        names = []
        for k in range(photos_per_article):
            name = f"anh-{number:03d}-{k}.jpg"
            # distinct bytes per photo (a changed comment segment), same decode cost
            payload = f"bench {number:04d}-{k:02d}".encode()
            comment = b"\xff\xfe" + struct.pack(">H", len(payload) + 2) + payload
            (content / "2024" / "anh" / name).write_bytes(data[:2] + comment + data[2:])
            names.append(name)
        figures = "\n\n".join(f"![Ảnh {k + 1} của bài {number + 1}](anh/{n})"
                              for k, n in enumerate(names[1:]))
        (content / "2024" / f"bai-{number:03d}.md").write_text(
            f'---\ntitle: "Phong trào thi đua ở xã số {number + 1}"\n'
            f"date: 2024-{1 + number % 12:02d}-{1 + number % 27:02d} 08:00\n"
            f"tags: [Dân vận khéo]\nimage: anh/{names[0]}\n"
            f'image_caption: "Quang cảnh buổi lễ ở xã số {number + 1}"\n---\n\n'
            + "Đoạn mở đầu của bài viết về phong trào thi đua yêu nước. " * 12
            + f"\n\n{figures}\n\n" + "Đoạn kết của bài viết. " * 20 + "\n", encoding="utf-8")
    shared.unlink()
    return content


def build(generator: Path, content: Path, output: Path, cache: Path | None) -> float:
    """Run a generator's build.py; returns the wall time (CPU time goes to CPU_SECONDS)."""
    args = [sys.executable, str(generator / "build.py"), "build", "--content", str(content),
            "--output", str(output), "--config", str(content.parent / "site.toml")]
    args += ["--cache", str(cache)] if cache else ["--no-cache"]
    started, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(args, capture_output=True, text=True, cwd=generator)
    if result.returncode:
        raise SystemExit(result.stderr)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU_SECONDS.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return time.perf_counter() - started


def image_bytes(browser, page_file: Path, viewport) -> tuple[int, int]:
    """KB of images loaded as opened, and after scrolling to the end."""
    width, height, ratio = viewport
    context = browser.new_context(viewport={"width": width, "height": height},
                                  device_scale_factor=ratio)
    page = context.new_page()
    loaded: set[str] = set()
    page.on("requestfinished", lambda request: loaded.add(request.url))
    page.goto(page_file.as_uri(), wait_until="load")
    page.wait_for_timeout(500)
    opened = _weight(loaded)
    for _ in range(40):
        page.mouse.wheel(0, height)
        page.wait_for_timeout(60)
    page.wait_for_timeout(800)
    scrolled = _weight(loaded)
    context.close()
    return opened, scrolled


def _weight(urls: set[str]) -> int:
    """Bytes of the image files among loaded file:// URLs."""
    from urllib.parse import unquote, urlsplit
    total = 0
    for url in urls:
        path = unquote(urlsplit(url).path)
        if url.startswith("file:") and path.lower().endswith(IMAGE_SUFFIXES):
            total += os.path.getsize(path)
    return total


def measure_pages(browser, output: Path) -> dict:
    """Image KB for the front page and the first article with a lead photo."""
    article = next(p for p in sorted(output.glob("20*/*/*.html"))
                   if 'class="lead-image"' in p.read_text(encoding="utf-8"))
    found = {}
    for name, page in (("front page", output / "index.html"), ("article", article)):
        for label, viewport in VIEWPORTS.items():
            found[(name, label)] = image_bytes(browser, page, viewport)
    return found


def bundle_size(generator: Path, content: Path, work: Path) -> int:
    """Bytes of the offline bundle zip."""
    target = work / "bundle.zip"
    result = subprocess.run([sys.executable, str(generator / "build.py"), "bundle", "--content",
                             str(content), "--output", str(target)], capture_output=True,
                            text=True, cwd=content.parent)
    if result.returncode:
        raise SystemExit(result.stderr)
    return target.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=30)
    parser.add_argument("--photos", type=int, default=200, help="photos in the cold-build run")
    parser.add_argument("--before", default="", help="commit of the generator to compare with")
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument("--cost-only", action="store_true", help="only the build cost run")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="photos-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    if not args.cost_only:
        measure_weight(args, work)
    measure_cost(args, work)


def measure_weight(args: argparse.Namespace, work: Path) -> None:
    """Image bytes per page and bundle sizes, before and after."""
    generators = {"after": ROOT}
    if args.before:
        old = work / "before-src"
        if not old.exists():
            subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(old),
                            args.before], check=True, capture_output=True)
        generators = {"before": old, "after": ROOT}
    sites = {}
    sample = work / "sample"
    shutil.rmtree(sample, ignore_errors=True)
    sample.mkdir()
    shutil.copytree(ROOT / "content", sample / "content")
    shutil.copy(ROOT / "site.toml", sample / "site.toml")
    sites["sample site"] = sample / "content"
    camera = work / "camera"
    camera.mkdir(exist_ok=True)
    (camera / "site.toml").write_text('title = "Tin thi đua"\n', encoding="utf-8")
    sites[f"camera photos ({args.articles} articles)"] = camera_site(camera, args.articles)

    from playwright.sync_api import sync_playwright
    rows, bundles = [], {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=CHROMIUM_ARGS)
        for site_name, content in sites.items():
            for version, generator in generators.items():
                output = content.parent / f"out-{version}"
                shutil.rmtree(output, ignore_errors=True)
                build(generator, content, output, None)
                for (page, viewport), (opened, scrolled) in measure_pages(browser, output).items():
                    rows.append((site_name, page, viewport, version, opened, scrolled))
                bundles[(site_name, version)] = bundle_size(generator, content, content.parent)
        browser.close()
    if args.before:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force",
                        str(generators["before"])], check=False, capture_output=True)

    print("| site | page | width | version | images as opened, KB | after scrolling to the end, KB |")
    print("|---|---|---|---|---:|---:|")
    for site_name, page, viewport, version, opened, scrolled in rows:
        print(f"| {site_name} | {page} | {viewport} | {version} | {opened / 1024:.0f} | "
              f"{scrolled / 1024:.0f} |")
    print("\n| site | version | bundle zip, MB |\n|---|---|---:|")
    for (site_name, version), size in bundles.items():
        print(f"| {site_name} | {version} | {size / 1e6:.2f} |")



def measure_cost(args: argparse.Namespace, work: Path) -> None:
    """Cold, nothing-changed and one-edit builds of camera photos."""
    cost = work / "cost"
    (cost / "site.toml").parent.mkdir(exist_ok=True)
    (cost / "site.toml").write_text('title = "Tin thi đua"\n', encoding="utf-8")
    content = camera_site(cost, max(1, args.photos // 2), 2)
    photos = len(list(content.rglob("*.jpg")))
    output, cache = cost / "output", cost / ".cache"
    shutil.rmtree(cache, ignore_errors=True)
    cold = build(ROOT, content, output, cache)
    cold_cpu = CPU_SECONDS[-1]
    nochange = build(ROOT, content, output, cache)
    first = sorted(content.rglob("*.md"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\nMột câu mới.\n", encoding="utf-8")
    edit = build(ROOT, content, output, cache)
    print(f"\nCold build of {photos} camera photos (4000×3000, "
          f"{sum(p.stat().st_size for p in content.rglob('*.jpg')) / photos / 1e6:.1f} MB each), "
          f"{os.cpu_count()} cores: {cold:.1f} s = **{cold / photos * 1000:.0f} s per 1,000 "
          f"photos**; nothing changed: {nochange:.2f} s; one article edited: {edit:.2f} s "
          f"(no photo encoded again). CPU time of the cold build {cold_cpu:.0f} s = "
          f"{cold_cpu / cold:.2f} cores busy on average.")


if __name__ == "__main__":
    main()
