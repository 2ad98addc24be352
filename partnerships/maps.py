"""The partner-city map: which views it has, where each marker is drawn, and how markers that
would cover each other are moved apart.

Places are projected by `geography.map_point` (equirectangular, 720 × 360 units for the world).
Every view is a part of that world map of the same shape (MAP_ASPECT, which the stylesheet's
`.map` rule repeats). Markers are placed in per cent of the view and drawn MARKER_PX wide whatever
the screen's width (WCAG 2.2's 24 × 24 px target size), where a map scaled with the page would
shrink them to a few pixels on a phone.

Markers that would overlap are moved apart by a few px (`spread`), so that they stay apart on
every map from the narrowest a page draws (NARROWEST_PX) to LARGEST_SCALE times as wide (the
stylesheet caps a map's width there); a moved marker keeps a line to the city's exact place.
A region with more cities than its view can hold side by side (about 25 in Europe's view) would
still get overlapping markers: the list of cities beside the map stays complete.

When the cities are both in Europe and elsewhere, the map has two views: the world, where Europe
is a framed area that links to the second view, and Europe enlarged (with any other city inside
its frame). Nine of the fourteen cities are within 27° of longitude of each other: on a world map
on a phone they would be one pile of markers.
"""

import math
from dataclasses import dataclass, field
from functools import cache
from itertools import chain

from . import geography

MAP_ASPECT = 2.2  # width : height of every view (static/css/site.css: `.map { aspect-ratio }`)
MARKER_PX = 24  # a marker's diameter on screen, in CSS px, at every width
GAP_PX = 4  # the least space between two markers, on the narrowest map
HOME_PX = 20  # the diamond that marks Kazanlak, corner to corner
NARROWEST_PX = 280  # a 320 px screen less the page's 1rem margins and the map's border
EDGE_PX = MARKER_PX / 2 + 2  # a marker's centre stays this far inside the map
LARGEST_SCALE = 4  # the widest map, 1120 px (static/css/site.css: `.map { max-width }`)
WORLD_UNITS = (720, 360)
SPREAD_CHECKS = 300_000  # comparisons of two markers per view: about a third of a second


def view_box(points, padding=12, min_width=120, aspect=MAP_ASPECT):
    """The part of the world map (x, y, width, height) that shows every point, with some sea
    around it, at the maps' shape."""
    xs = [x for x, _y in points]
    ys = [y for _x, y in points]
    left, right = min(xs) - padding, max(xs) + padding
    top, bottom = min(ys) - padding, max(ys) + padding
    width = max(right - left, min_width, (bottom - top) * aspect)
    height = width / aspect
    centre_x, centre_y = (left + right) / 2, (top + bottom) / 2
    x = min(max(centre_x - width / 2, 0), WORLD_UNITS[0] - width)
    y = min(max(centre_y - height / 2, 0), WORLD_UNITS[1] - height)
    return (round(x, 1), round(y, 1), round(width, 1), round(height, 1))


def contains(box, point):
    x, y, width, height = box
    return x <= point[0] <= x + width and y <= point[1] <= y + height


def spread(places, obstacles=(), width=NARROWEST_PX, height=NARROWEST_PX / MAP_ASPECT):
    """Where to draw each marker so that no two markers' squares come closer than GAP_PX and
    none covers an obstacle (x, y, clearance), on any map from the narrowest (`places` are in px
    on it) to LARGEST_SCALE times as wide. Each marker in turn takes the nearest free spot to
    its place: preferably a move by the same px at every width (a wider map puts the places
    further apart, and the moved marker stays near its place); where none is free, a move that
    grows with the map. The same places give the same spots.

    Gives (anchor, move) per marker: the marker is drawn `move` px away from `anchor`, a point
    of the narrowest map that a wider map scales with its places. A map with more cities than
    it can hold (a thousand, in the benchmark) stops looking for free spots after SPREAD_CHECKS
    comparisons: the remaining markers are drawn at their places."""
    taken = [((ox, oy), (0.0, 0.0), clearance) for ox, oy, clearance in obstacles]
    spots = []
    checks = 0
    for x, y in places:
        spot = ((_clamp(x, width), _clamp(y, height)), (0, 0))  # if no spot is free
        same_px = (((x, y), move) for move in _moves())
        scaled = (((x + dx, y + dy), (0, 0)) for dx, dy in _moves())
        for anchor, move in chain(same_px, scaled) if checks < SPREAD_CHECKS else ():
            if not (
                EDGE_PX <= anchor[0] + move[0] <= width - EDGE_PX
                and EDGE_PX <= anchor[1] + move[1] <= height - EDGE_PX
            ):
                continue
            checks += len(taken)
            if not any(
                crowded_between(other, other_move, anchor, move, distance)
                for other, other_move, distance in taken
            ):
                spot = (anchor, move)
                break
            if checks >= SPREAD_CHECKS:
                break
        taken.append((*spot, MARKER_PX + GAP_PX))
        spots.append(spot)
    return spots


@cache
def _moves(step=4, reach=NARROWEST_PX / 2):
    """The moves a marker may make, nearest first."""
    steps = range(-int(reach // step), int(reach // step) + 1)
    moves = [(i * step, j * step) for i in steps for j in steps]
    return sorted(
        (move for move in moves if math.hypot(*move) <= reach),
        key=lambda move: (math.hypot(*move), math.atan2(move[1], move[0])),
    )


def crowded_between(place_a, move_a, place_b, move_b, distance, largest=LARGEST_SCALE):
    """The map widths (as scales of the narrowest, an interval) at which two markers' squares
    are closer than `distance` apart, or None. At scale s a marker is at place × s + move."""
    low, high = 1.0, largest
    for axis in (0, 1):
        slope = place_b[axis] - place_a[axis]
        start = move_b[axis] - move_a[axis]
        if abs(slope) < 1e-9:
            if abs(start) >= distance:
                return None
            continue
        ends = sorted(((-distance - start) / slope, (distance - start) / slope))
        low, high = max(low, ends[0]), min(high, ends[1])
    return (low, high) if high > low else None


def _clamp(value, size):
    return min(max(value, EDGE_PX), size - EDGE_PX)


@dataclass
class Marker:
    """A city on a view. Its marker is drawn (dx, dy) px away from (x, y); the city's place is
    (place_x, place_y); on the narrowest map the marker is at (narrow_x, narrow_y). Places in
    per cent of the view's width and height."""

    city: object
    x: float
    y: float
    dx: float
    dy: float
    place_x: float
    place_y: float
    narrow_x: float
    narrow_y: float
    label_below: bool = False  # the name's side: see `_label_below`

    @property
    def moved(self):
        return self.moved_by_px or self.moved_by_per_cent

    @property
    def moved_by_px(self):
        return math.hypot(self.dx, self.dy) > 0.5

    @property
    def moved_by_per_cent(self):
        return (self.x, self.y) != (self.place_x, self.place_y)

    @property
    def label_anchor(self):
        """The name is written from the marker's left edge near the map's left side, up to its
        right edge near the right side, centred elsewhere, so that it stays inside the map."""
        return "start" if self.narrow_x < 30 else "end" if self.narrow_x > 70 else "middle"

    @property
    def label_dx(self):
        return {"start": -MARKER_PX / 2, "end": MARKER_PX / 2, "middle": 0}[self.label_anchor]

    @property
    def label_dy(self):
        return MARKER_PX / 2 + 18 if self.label_below else -(MARKER_PX / 2 + 6)


@dataclass
class MapView:
    key: str  # "world", "europe" or "all" (a single view)
    box: tuple
    markers: list
    home: tuple | None = None  # Kazanlak, in per cent; None where the inset covers it
    inset: tuple | None = None  # the part shown enlarged (x, y, width, height in per cent)
    inset_count: int = 0  # the cities in it

    @property
    def view_box(self):
        return " ".join(f"{value:.1f}" for value in self.box)


@dataclass
class CityMap:
    """The map of some cities: one view, or the world and Europe; empty without coordinates."""

    views: list = field(default_factory=list)
    marker_radius = MARKER_PX / 2

    def __bool__(self):
        return bool(self.views)

    @property
    def moved(self):
        return any(marker.moved for view in self.views for marker in view.markers)

    @property
    def markers(self):
        return [marker for view in self.views for marker in view.markers]


def city_map(cities, home):
    """The map of `cities` (those with coordinates) around `home`, a (latitude, longitude)."""
    home = geography.map_point(*home)
    placed = [(city, city.map_point) for city in cities if city.has_coordinates]
    if not placed:
        return CityMap()
    european = [point for city, point in placed if city.continent == "EU"]
    if european and len(european) < len(placed):
        europe = view_box([home, *european])
        inside = [(city, point) for city, point in placed if contains(europe, point)]
        outside = [(city, point) for city, point in placed if not contains(europe, point)]
        if outside:
            ex, ey, ew, eh = europe
            corners = [(ex, ey), (ex + ew, ey + eh)]
            world = view_box([*corners, *(point for _city, point in outside)])
            return CityMap(
                [
                    _view("world", world, outside, inset=europe, inset_count=len(inside)),
                    _view("europe", europe, inside, home=home),
                ]
            )
    return CityMap([_view("all", view_box([home, *(p for _c, p in placed)]), placed, home=home)])


def _view(key, box, placed, home=None, inset=None, inset_count=0):
    bx, by, bw, bh = box
    width, height = NARROWEST_PX, NARROWEST_PX / MAP_ASPECT

    def on_screen(point):
        return ((point[0] - bx) / bw * width, (point[1] - by) / bh * height)

    def per_cent(x, y):
        return (round(x / width * 100, 2), round(y / height * 100, 2))

    places = [on_screen(point) for _city, point in placed]
    obstacles = []
    if home:
        home = on_screen(home)
        obstacles.append((*home, (HOME_PX + MARKER_PX) / 2 + GAP_PX))
    spots = spread(places, obstacles)
    drawn = [(ax + dx, ay + dy) for (ax, ay), (dx, dy) in spots]
    markers = []
    for (city, _point), place, (anchor, (dx, dy)), spot in zip(
        placed, places, spots, drawn, strict=True
    ):
        marker = Marker(
            city,
            *per_cent(*anchor),
            round(dx, 1),
            round(dy, 1),
            *per_cent(*place),
            *per_cent(*spot),
        )
        # Beyond what a map can hold (the benchmark's thousand cities), names go by the default.
        crowd = drawn if len(drawn) <= 60 else []
        others = [other for other in crowd if other is not spot] + ([home] if home else [])
        marker.label_below = _label_below(marker, spot, others, height)
        markers.append(marker)
    if inset:
        ix, iy, iw, ih = inset
        inset = (
            *per_cent(*on_screen((ix, iy))),
            round(iw / bw * 100, 2),
            round(ih / bh * 100, 2),
        )
    return MapView(
        key,
        box,
        markers,
        home=per_cent(*home) if home else None,
        inset=inset,
        inset_count=inset_count,
    )


def _label_below(marker, spot, others, height):
    """Whether to write the city's name below its marker rather than above it: on the side where
    it covers fewer other markers (and Kazanlak) on the narrowest map, else below in the map's
    upper part; never where it would leave the map. The name's width is estimated."""
    x, y = spot
    width = len(str(marker.city.name)) * 8.5
    left = {"start": x - MARKER_PX / 2, "end": x + MARKER_PX / 2 - width}.get(
        marker.label_anchor, x - width / 2
    )

    def covered(top):
        return sum(
            left - MARKER_PX / 2 < ox < left + width + MARKER_PX / 2
            and top - MARKER_PX / 2 < oy < top + 18 + MARKER_PX / 2
            for ox, oy in others
        )

    below, above = covered(y + MARKER_PX / 2), covered(y - MARKER_PX / 2 - 18)
    if y + MARKER_PX / 2 + 22 > height:
        return False
    if y - MARKER_PX / 2 - 18 < 0:
        return True
    return below < above or (below == above and y < height * 0.4)
