"""Screenshots of every public page, before and after a change, side by side.

    .venv/bin/python tools/compare_screenshots.py BEFORE_URL AFTER_URL [OUTPUT_FOLDER]

Both servers run the site with the fixtures loaded (e.g. a `git worktree` of the older commit on
port 8001 and the current tree on 8002, each `manage.py runserver` on its own SQLite file). The
pages are every address in the AFTER server's sitemap.xml, both languages; each is taken in
Chromium at 360 and 1280 px, full length, on both servers. Each pair is written as one image, the
earlier page on the left and the later on the right (an empty panel where the earlier site had no
such page), into OUTPUT_FOLDER (default var/screenshots/compare/), with an index.txt listing every
image and the two statuses. Nothing leaves the machine: both servers are on loopback.
"""

import re
import shutil
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import urlopen

from PIL import Image, ImageDraw
from playwright.sync_api import sync_playwright

WIDTHS = (360, 1280)
GAP = 24
LABEL_HEIGHT = 28
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def sitemap_paths(base):
    """Every path the sitemap names, its language alternates included, in the sitemap's order."""
    with urlopen(f"{base}/sitemap.xml", timeout=30) as response:
        root = ET.fromstring(response.read())
    paths = []
    for url in root.iter(f"{SITEMAP}url"):
        addresses = [url.findtext(f"{SITEMAP}loc")]
        addresses += [link.get("href") for link in url.iter(f"{XHTML}link")]
        for address in addresses:
            path = urlsplit(address).path
            if path not in paths:
                paths.append(path)
    return paths


def file_name(path, width):
    slug = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"
    return f"{slug}-{width}.png"


def shoot(page, url, target):
    response = page.goto(url, wait_until="load")
    status = response.status if response else 0
    page.screenshot(path=str(target), full_page=True)
    return status


def side_by_side(before, after, target, labels):
    """One image: `before` left, `after` right, each under its label."""
    left = Image.open(before) if before else None
    right = Image.open(after)
    width = right.width * 2 + GAP
    height = max(right.height, left.height if left else 0) + LABEL_HEIGHT
    sheet = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(sheet)
    for x, image, label in ((0, left, labels[0]), (right.width + GAP, right, labels[1])):
        draw.text((x + 8, 8), label, fill="black")
        if image is not None:
            sheet.paste(image, (x, LABEL_HEIGHT))
    draw.rectangle([right.width, 0, right.width + GAP - 1, height], fill="#888888")
    sheet.save(target, optimize=True)


def main(before_base, after_base, output):
    output.mkdir(parents=True, exist_ok=True)
    raw = output / "raw"
    raw.mkdir(exist_ok=True)
    index = []
    with sync_playwright() as playwright:
        # Debian's Chromium, as the browser tests use (Playwright's own download is not used).
        chromium = shutil.which("chromium") or shutil.which("chromium-browser")
        browser = playwright.chromium.launch(
            executable_path=chromium, args=["--no-sandbox", "--disable-background-networking"]
        )
        for width in WIDTHS:
            context = browser.new_context(viewport={"width": width, "height": 800})
            page = context.new_page()
            for path in sitemap_paths(after_base):
                name = file_name(path, width)
                after_shot, before_shot = raw / f"after-{name}", raw / f"before-{name}"
                after_status = shoot(page, f"{after_base}{path}", after_shot)
                before_status = shoot(page, f"{before_base}{path}", before_shot)
                earlier = before_shot if before_status == 200 else None
                labels = (f"before: {path} ({before_status})", f"after: {path} ({after_status})")
                side_by_side(earlier, after_shot, output / name, labels)
                index.append(
                    f"{name}\t{path}\t{width}px\tbefore {before_status}\tafter {after_status}"
                )
                print(index[-1], flush=True)
            context.close()
        browser.close()
    (output / "index.txt").write_text("\n".join(index) + "\n")


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    folder = Path(sys.argv[3]) if len(sys.argv) == 4 else Path("var/screenshots/compare")
    main(sys.argv[1].rstrip("/"), sys.argv[2].rstrip("/"), folder)
