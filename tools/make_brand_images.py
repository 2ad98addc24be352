"""Draw the site's own icons and its default share image into static/brand/ (Pillow).

    .venv/bin/python tools/make_brand_images.py [FONT.ttf [FONT-BOLD.ttf]]

Everything comes from the site itself: the colours of static/css/site.css and the site's name
in its two languages. The mark is a white „К“ (a K in either alphabet) on the rose of the
header, drawn from the same polygons for every size, so the SVG and the bitmaps match:

- icon.svg              the browser tab icon (any size)
- favicon.ico           16, 32 and 48 px, for browsers and readers that ask for /favicon.ico
- apple-touch-icon.png  180 px, full bleed (iOS rounds the corners itself)
- share.bg.png, share.en.png  1200 × 630, Open Graph and Twitter cards of every page

The share image's text is set in DejaVu Sans (Debian's fonts-dejavu-core, a free licence that puts
no condition on images made with it); only its rendered pixels end up in the repository.
"""

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

OUT = Path(__file__).resolve().parent.parent / "static" / "brand"
FONTS = Path("/usr/share/fonts/truetype/dejavu")

# static/css/site.css
ROSE = "#9b1b4a"
ROSE_DARK = "#6d1234"
ROSE_TINT = "#fbeff3"
LEAF = "#2f5d3a"
WHITE = "#ffffff"

# The mark on a 64 × 64 grid: a rounded square and the three strokes of „К“.
GRID = 64
CORNER = 12
STROKES = [
    [(13, 13), (23, 13), (23, 51), (13, 51)],  # the stem
    [(23, 27), (37, 13), (50, 13), (23, 40)],  # the upper arm (x + y from 50 to 63)
    [(34, 29), (51, 51), (38, 51), (23, 31.6)],  # the lower arm, from inside the upper one
]

NAMES = {
    "bg": ("Община Казанлък", "Международно сътрудничество"),
    "en": ("Municipality of Kazanlak", "International cooperation"),
}


def svg():
    paths = " ".join("M" + " L".join(f"{x} {y}" for x, y in stroke) + " Z" for stroke in STROKES)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {GRID} {GRID}">'
        f'<rect width="{GRID}" height="{GRID}" rx="{CORNER}" fill="{ROSE}"/>'
        f'<path fill="{WHITE}" d="{paths}"/></svg>\n'
    )


def mark(size, *, rounded=True, background=ROSE, ink=WHITE):
    """The mark at `size` px, drawn 8 times larger and scaled down (smooth edges)."""
    big = size * 8
    scale = big / GRID
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if rounded:
        draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=CORNER * scale, fill=background)
    else:
        draw.rectangle((0, 0, big, big), fill=background)
    for stroke in STROKES:
        draw.polygon([(x * scale, y * scale) for x, y in stroke], fill=ink)
    return image.resize((size, size), Image.LANCZOS)


def share_image(language, regular, bold):
    """1200 × 630, the size Facebook, LinkedIn and X show large."""
    width, height = 1200, 630
    image = Image.new("RGB", (width, height), ROSE)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, height - 24, width, height), fill=LEAF)
    emblem = mark(220, background=WHITE, ink=ROSE_DARK)
    image.paste(emblem, (90, (height - 24 - 220) // 2), emblem)
    name, section = NAMES[language]
    left = 90 + 220 + 70
    name_font = fit(bold, name, 76, width - left - 60)
    section_font = fit(regular, section, 48, width - left - 60)
    draw.text((left, 215), name, font=name_font, fill=WHITE)
    draw.text((left, 325), section, font=section_font, fill=ROSE_TINT)
    # A few flat colours: a small palette PNG.
    return image.quantize(colors=48, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)


def fit(path, text, size, room):
    """The font at `size`, or smaller until `text` fits in `room` pixels."""
    while True:
        font = ImageFont.truetype(str(path), size)
        if font.getlength(text) <= room or size <= 24:
            return font
        size -= 2


def main(argv):
    regular = Path(argv[1]) if len(argv) > 1 else FONTS / "DejaVuSans.ttf"
    bold = Path(argv[2]) if len(argv) > 2 else FONTS / "DejaVuSans-Bold.ttf"
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "icon.svg").write_text(svg())
    mark(256).save(OUT / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])
    mark(180, rounded=False).convert("RGB").save(OUT / "apple-touch-icon.png", optimize=True)
    for language in NAMES:
        share_image(language, regular, bold).save(OUT / f"share.{language}.png", optimize=True)
    for path in sorted(OUT.iterdir()):
        print(f"{path.relative_to(OUT.parent.parent)}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main(sys.argv)
