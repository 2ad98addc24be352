#!/usr/bin/env python3
"""Generate static/map/world.svg, the world land outline drawn behind the partner-city map.

Data: Natural Earth 1:110m land (public domain, https://www.naturalearthdata.com/),
as packaged in TopoJSON by the npm package ``world-atlas`` 2.x (ISC licence), file
``land-110m.json``. Fetch it once into a temporary directory; it is not kept in the repo::

    cd "$(mktemp -d)" && npm pack world-atlas@2 && tar xzf world-atlas-*.tgz

Regenerate (from the repo root)::

    python3 tools/make_world_outline.py /path/to/package/land-110m.json

An optional second argument gives the output path (default ``static/map/world.svg``,
relative to the repo root, i.e. this script's parent's parent).

Projection: plain equirectangular (plate carrée) at 2 user units per degree,

    x = (longitude + 180) * 2        y = (90 - latitude) * 2

so the whole world is 720 x 360 user units (``viewBox="0 0 720 360"``). The site places
city markers with the same formula, so the two must not diverge. Coordinates are rounded
to 0.1 unit, consecutive duplicate points are dropped, each ring is closed with ``Z``, and
rings lying entirely south of 60°S (Antarctica) are dropped. All land is one
``<path id="land">`` with no fill or style: the page's CSS colours it.

The script only uses the standard library. It decodes TopoJSON itself: quantized,
delta-encoded arcs (``transform.scale`` / ``transform.translate``), arcs referenced by
index with negative indices meaning the reversed arc ``~i``, and GeometryCollection /
Polygon / MultiPolygon objects. Outer rings and holes are given opposite windings so the
default ``nonzero`` fill rule shows the holes (e.g. the Caspian Sea).
"""

from __future__ import annotations

import json
import math
import sys
from itertools import pairwise
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = Path("static/map/world.svg")
ANTARCTIC_LAT = -60.0

Point = tuple[int, int]  # projected coordinates in tenths of a user unit


# --- TopoJSON decoding -------------------------------------------------------------------


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Return every arc as a list of (longitude, latitude) pairs."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if transform:
            sx, sy = transform["scale"]
            tx, ty = transform["translate"]
            x = y = 0
            points = []
            for dx, dy, *_ in arc:
                x += dx
                y += dy
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [(p[0], p[1]) for p in arc]
        arcs.append(points)
    return arcs


def stitch_ring(indices: list[int], arcs: list[list[tuple[float, float]]]) -> list:
    """Join the arcs of one ring; each arc after the first repeats the previous end point."""
    ring: list[tuple[float, float]] = []
    for i in indices:
        arc = arcs[~i][::-1] if i < 0 else arcs[i]
        ring.extend(arc[1:] if ring else arc)
    return ring


def polygons(geometry: dict, arcs: list) -> list[list[list[tuple[float, float]]]]:
    """Return the polygons (lists of rings, outer ring first) of a TopoJSON geometry."""
    kind = geometry.get("type")
    if kind == "GeometryCollection":
        return [p for g in geometry["geometries"] for p in polygons(g, arcs)]
    if kind == "Polygon":
        return [[stitch_ring(r, arcs) for r in geometry["arcs"]]]
    if kind == "MultiPolygon":
        return [[stitch_ring(r, arcs) for r in poly] for poly in geometry["arcs"]]
    return []  # points and lines carry no land


# --- Projection and ring clean-up --------------------------------------------------------


def project(lon: float, lat: float) -> Point:
    """Equirectangular, x = (lon + 180) * 2, y = (90 - lat) * 2, rounded to 0.1 (half up)."""
    return math.floor((lon + 180) * 20 + 0.5), math.floor((90 - lat) * 20 + 0.5)


def clean_ring(ring: list[tuple[float, float]]) -> list[Point]:
    points: list[Point] = []
    for lon, lat in ring:
        p = project(lon, lat)
        if not points or p != points[-1]:
            points.append(p)
    while len(points) > 1 and points[-1] == points[0]:
        points.pop()  # "Z" closes the ring
    return points


def signed_area(points: list[Point]) -> int:
    """Twice the shoelace area; positive means clockwise on screen (y pointing down)."""
    return sum(
        x0 * y1 - x1 * y0
        for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True)
    )


def clip(ring: list[tuple[float, float]], lon: float, keep_east: bool) -> list:
    """Sutherland-Hodgman: keep the part of ``ring`` east (or west) of meridian ``lon``."""

    def inside(p: tuple[float, float]) -> bool:
        return p[0] >= lon if keep_east else p[0] <= lon

    out = []
    for a, b in zip(ring[-1:] + ring[:-1], ring, strict=True):
        if inside(b) != inside(a):
            t = (lon - a[0]) / (b[0] - a[0])
            out.append((lon, a[1] + t * (b[1] - a[1])))
        if inside(b):
            out.append(b)
    return out


def split_antimeridian(ring: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """Cut a ring that crosses the ±180° meridian into pieces inside [-180, 180].

    world-atlas keeps rings whole across the antimeridian (Chukotka, Wrangel Island,
    Fiji): drawn as-is they would streak across the whole map. The ring is unwrapped to
    continuous longitudes, then it and its copies shifted by ±360° are clipped to the map.
    """
    if all(abs(b[0] - a[0]) <= 180 for a, b in pairwise(ring)):
        return [ring]
    unwrapped = [ring[0]]
    for lon, lat in ring[1:]:
        unwrapped.append((lon + 360 * round((unwrapped[-1][0] - lon) / 360), lat))
    if abs(unwrapped[-1][0] - unwrapped[0][0]) > 1e-9:
        return [ring]  # encircles a pole (only Antarctica does, and it is dropped)
    pieces = []
    for shift in (-360, 0, 360):
        piece = [(lon + shift, lat) for lon, lat in unwrapped]
        piece = clip(clip(piece, -180, keep_east=True), 180, keep_east=False)
        if len(piece) >= 3:
            pieces.append(piece)
    return pieces


def land_rings(topology: dict) -> list[list[Point]]:
    arcs = decode_arcs(topology)
    rings = []
    for obj in topology["objects"].values():
        for polygon in polygons(obj, arcs):
            for n, ring in enumerate(polygon):
                if all(lat < ANTARCTIC_LAT for _, lat in ring):
                    continue
                for piece in split_antimeridian(ring):
                    points = clean_ring(piece)
                    area = signed_area(points)
                    if len(points) < 3 or area == 0:
                        continue  # degenerate after rounding or clipping
                    # Outer rings clockwise, holes anticlockwise, for the nonzero fill rule.
                    if (area > 0) != (n == 0):
                        points.reverse()
                    rings.append(points)
    return rings


# --- Compact path data -------------------------------------------------------------------


def fmt(tenths: int) -> str:
    """Format a value held in tenths: 125 -> "12.5", 120 -> "12", -5 -> "-.5"."""
    sign = "-" if tenths < 0 else ""
    whole, frac = divmod(abs(tenths), 10)
    if not frac:
        return f"{sign}{whole}"
    return f"{sign}{whole or ''}.{frac}"


def needs_space(prev: str | None, nxt: str) -> bool:
    """Whether a separator is needed after a number of class ``prev`` before ``nxt``.

    ``prev`` is None after a command letter, "." if the last number had a decimal point,
    else "0". "1.5.5" reads as 1.5, .5 and "1-2" as 1, -2 (SVG 1.1 path grammar).
    """
    if prev is None or nxt.startswith("-"):
        return False
    return not (nxt.startswith(".") and prev == ".")


# An option is (command letter, numbers, command that implicitly repeats afterwards).
Option = tuple[str, tuple[str, ...], str | None]


def ring_steps(ring: list[Point], prev_start: Point | None) -> list[list[Option]]:
    x0, y0 = ring[0]
    move = [("M", (fmt(x0), fmt(y0)), "L")]
    if prev_start is not None:
        move.append(("m", (fmt(x0 - prev_start[0]), fmt(y0 - prev_start[1])), "l"))
    steps = [move]
    for (px, py), (x, y) in pairwise(ring):
        dx, dy = x - px, y - py
        options: list[Option] = [
            ("L", (fmt(x), fmt(y)), "L"),
            ("l", (fmt(dx), fmt(dy)), "l"),
        ]
        if dy == 0:
            options += [("H", (fmt(x),), "H"), ("h", (fmt(dx),), "h")]
        if dx == 0:
            options += [("V", (fmt(y),), "V"), ("v", (fmt(dy),), "v")]
        steps.append(options)
    steps.append([("Z", (), None)])
    return steps


def encode(steps: list[list[Option]]) -> str:
    """Pick, per segment, the absolute/relative command giving the shortest path data.

    Dynamic programming over the state (command that repeats implicitly, class of the
    last number written), so repeated command letters and separators are counted exactly.
    """
    State = tuple[str | None, str | None]
    cost: dict[State, int] = {(None, None): 0}
    back: list[dict[State, tuple[State, str]]] = []
    for options in steps:
        new_cost: dict[State, int] = {}
        new_back: dict[State, tuple[State, str]] = {}
        for state, so_far in cost.items():
            implicit, prev = state
            for letter, numbers, repeats in options:
                text = ""
                if letter != implicit or letter in "MmZ":
                    text, prev_num = letter, None
                else:
                    prev_num = prev
                for num in numbers:
                    text += (" " if needs_space(prev_num, num) else "") + num
                    prev_num = "." if "." in num else "0"
                target = (repeats, prev_num)
                total = so_far + len(text)
                if target not in new_cost or total < new_cost[target]:
                    new_cost[target] = total
                    new_back[target] = (state, text)
        cost = new_cost
        back.append(new_back)
    state = min(cost, key=cost.__getitem__)
    parts = []
    for step in reversed(back):
        state, text = step[state]
        parts.append(text)
    return "".join(reversed(parts))


def path_data(rings: list[list[Point]]) -> str:
    steps: list[list[Option]] = []
    prev_start = None
    for ring in rings:
        steps += ring_steps(ring, prev_start)
        prev_start = ring[0]  # after "Z" the current point is the ring's start
    return encode(steps)


def render(topology: dict) -> str:
    d = path_data(land_rings(topology))
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 720 360">'
        f'<path id="land" d="{d}"/></svg>\n'
    )


def main(argv: list[str]) -> int:
    if not 2 <= len(argv) <= 3:
        print(f"usage: {argv[0]} LAND_110M_JSON [OUTPUT_SVG]", file=sys.stderr)
        return 2
    source = Path(argv[1])
    output = Path(argv[2]) if len(argv) == 3 else REPO_ROOT / DEFAULT_OUTPUT
    topology = json.loads(source.read_text(encoding="utf-8"))
    if topology.get("type") != "Topology":
        print(f"{source}: not a TopoJSON topology", file=sys.stderr)
        return 1
    svg = render(topology)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(svg, encoding="utf-8")
    print(f"wrote {output} ({len(svg.encode())} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
