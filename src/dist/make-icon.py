#!/usr/bin/env python3
"""Draws assets/caplab-icon.png (256x256): three replicas on a triangle, linked, on a rounded blue tile.
Plain Python (zlib), so it runs anywhere; run again only to change the icon."""
import math, struct, zlib, sys

N = 256
BG, LINK, NODE, RING = (30, 64, 120), (150, 190, 240), (255, 255, 255), (255, 170, 40)
nodes = [(128, 58), (52, 188), (204, 188)]


def inside_tile(x, y, r=44):
    cx = min(max(x, r), N - 1 - r)
    cy = min(max(y, r), N - 1 - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def seg_dist(px, py, a, b):
    (ax, ay), (bx, by) = a, b
    t = max(0, min(1, ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)))
    return math.hypot(px - ax - t * (bx - ax), py - ay - t * (by - ay))


rows = []
for y in range(N):
    row = bytearray([0])
    for x in range(N):
        if not inside_tile(x, y):
            row += bytes((0, 0, 0, 0))
            continue
        c = BG
        if any(seg_dist(x, y, nodes[i], nodes[(i + 1) % 3]) < 6 for i in range(3)):
            c = LINK
        for i, (nx, ny) in enumerate(nodes):
            d = math.hypot(x - nx, y - ny)
            if d < 34:
                c = RING if i == 0 else NODE
            if d < 24:
                c = NODE if i == 0 else BG
        row += bytes(c) + b"\xff"
    rows.append(bytes(row))


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", N, N, 8, 6, 0, 0, 0)) \
    + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b"")
open(sys.argv[1] if len(sys.argv) > 1 else "assets/caplab-icon.png", "wb").write(png)
