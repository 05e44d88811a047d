"""Draws Attune's app icons (run once; the PNGs are committed): an equaliser of five bars on green.

The maskable icon fills the whole square and keeps the bars inside the central 80 % "safe zone" that
launchers may crop to a circle; the regular icon has rounded corners of its own.
Usage: python3 scripts/make-icons.py  (needs Pillow)
"""
from PIL import Image, ImageDraw

GREEN = (29, 122, 82, 255)
WHITE = (255, 255, 255, 255)
BARS = [0.45, 0.75, 1.0, 0.6, 0.35]  # relative heights


def draw(size, maskable):
    scale = 4  # draw large, shrink: smooth edges without an anti-aliasing library
    big = size * scale
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    if maskable:
        pen.rectangle([0, 0, big, big], fill=GREEN)
        area = 0.56  # bars stay well inside the 80 % safe zone
    else:
        pen.rounded_rectangle([0, 0, big - 1, big - 1], radius=big * 0.22, fill=GREEN)
        area = 0.64
    width = big * area
    left = (big - width) / 2
    bar = width / (len(BARS) * 1.6)
    gap = (width - bar * len(BARS)) / (len(BARS) - 1)
    floor = big / 2 + width / 2
    for i, height in enumerate(BARS):
        x = left + i * (bar + gap)
        top = floor - width * height
        pen.rounded_rectangle([x, top, x + bar, floor], radius=bar / 2, fill=WHITE)
    return image.resize((size, size), Image.LANCZOS)


for size in (192, 512):
    draw(size, False).save(f"public/icons/icon-{size}.png", optimize=True)
draw(512, True).save("public/icons/maskable-512.png", optimize=True)
draw(180, False).save("public/icons/apple-touch-icon.png", optimize=True)
