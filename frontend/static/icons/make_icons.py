#!/usr/bin/env python3
"""Draws Turnaki's app icons (a white tooth on teal) with the standard library only.

Run from anywhere: `python3 frontend/static/icons/make_icons.py`. It rewrites
icon-192.png, icon-512.png and icon-maskable-512.png next to itself. The maskable icon
fills the whole square and keeps the tooth inside the central 80 % safe zone, since
launchers crop it to their own shape; the plain icons are a rounded square.
"""
import os
import struct
import zlib

TEAL = (15, 118, 110)  # #0f766e, the app's brand colour
WHITE = (255, 255, 255)
SAMPLES = 4  # per axis: 16 samples a pixel smooth the edges


def capsule(x, y, ax, ay, bx, by, r):
    """Whether (x, y) is within r of the segment a–b."""
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
    return (x - ax - t * dx) ** 2 + (y - ay - t * dy) ** 2 <= r * r


def tooth(x, y):
    """A molar in [-1, 1]², y down: a rounded crown with a dip on top and two roots."""
    crown = (abs(x) / 0.78) ** 4 + (abs(y + 0.22) / 0.5) ** 4 <= 1.0
    dip = x * x + (y + 0.86) ** 2 <= 0.26 ** 2
    roots = capsule(x, y, -0.42, 0.0, -0.3, 0.72, 0.2) or capsule(x, y, 0.42, 0.0, 0.3, 0.72, 0.2)
    gap = abs(x) < 0.14 and y > 0.32
    return (crown and not dip) or (roots and not gap)


def rounded_square(x, y, radius=0.36):
    """The plain icons' tile in [-1, 1]²."""
    qx, qy = max(abs(x) - (1 - radius), 0.0), max(abs(y) - (1 - radius), 0.0)
    return qx * qx + qy * qy <= radius * radius


def draw(size, glyph_scale, full_bleed):
    """RGBA rows of an icon `size` pixels wide."""
    rows = []
    for py in range(size):
        row = bytearray([0])  # PNG filter type: none
        for px in range(size):
            tile = ink = 0
            for sy in range(SAMPLES):
                for sx in range(SAMPLES):
                    x = ((px + (sx + 0.5) / SAMPLES) / size) * 2 - 1
                    y = ((py + (sy + 0.5) / SAMPLES) / size) * 2 - 1
                    if full_bleed or rounded_square(x, y):
                        tile += 1
                        ink += tooth(x / glyph_scale, y / glyph_scale)
            total = SAMPLES * SAMPLES
            if tile == 0:
                row += bytes(4)
                continue
            share = ink / tile
            colour = [round(t + (w - t) * share) for t, w in zip(TEAL, WHITE)]
            row += bytes(colour + [round(255 * tile / total)])
        rows.append(bytes(row))
    return b"".join(rows)


def png(size, pixels):
    """A PNG file of RGBA `pixels`."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(pixels, 9)) + chunk(b"IEND", b"")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    for name, size, scale, bleed in [
        ("icon-192.png", 192, 0.62, False),
        ("icon-512.png", 512, 0.62, False),
        # The safe zone is a circle of radius 0.8; the tooth's far corners stay inside it.
        ("icon-maskable-512.png", 512, 0.52, True),
    ]:
        with open(os.path.join(here, name), "wb") as out:
            out.write(png(size, draw(size, scale, bleed)))


if __name__ == "__main__":
    main()
