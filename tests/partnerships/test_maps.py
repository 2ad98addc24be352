"""The map's layout (partnerships.maps): markers drawn MARKER_PX wide never overlap on any map
from the narrowest a page draws to the widest, on the real cities and on a Europe twice as
crowded. tests/browser/test_map.py checks the same in Chromium at 360 and 1280 px."""

import random

import pytest

from partnerships import maps
from partnerships.models import PartnerCity
from partnerships.views import KAZANLAK

SCALES = [1 + step / 10 for step in range(int((maps.LARGEST_SCALE - 1) * 10) + 1)]
# Twenty more places around the Balkans and central Europe (capitals and large towns).
CROWDED = [
    ("RS", 44.79, 20.45), ("RO", 44.43, 26.10), ("GR", 37.98, 23.73), ("MK", 41.99, 21.43),
    ("AL", 41.33, 19.82), ("ME", 42.44, 19.26), ("BA", 43.86, 18.41), ("HR", 45.81, 15.98),
    ("SI", 46.05, 14.51), ("HU", 47.50, 19.04), ("AT", 48.21, 16.37), ("SK", 48.15, 17.11),
    ("CZ", 50.08, 14.44), ("PL", 52.23, 21.01), ("DE", 52.52, 13.40), ("IT", 41.90, 12.50),
    ("TR", 41.01, 28.98), ("GR", 40.64, 22.94), ("RO", 46.77, 23.60), ("MD", 47.01, 28.86),
]  # fmt: skip


def city(n, country, latitude, longitude):
    return PartnerCity(
        name=f"Град {n}", slug=f"grad-{n}", country=country, latitude=latitude, longitude=longitude
    )


def drawn(view, scale):
    """Each marker's centre, and Kazanlak's, in px on a map `scale` times the narrowest."""
    width = maps.NARROWEST_PX * scale
    height = width / maps.MAP_ASPECT

    def at(x, y, dx=0, dy=0):
        return (x / 100 * width + dx, y / 100 * height + dy)

    home = at(*view.home) if view.home else None
    return [at(m.x, m.y, m.dx, m.dy) for m in view.markers], home, (width, height)


def assert_apart_at_every_width(city_map):
    for view in city_map.views:
        for scale in SCALES:
            centres, home, (width, height) = drawn(view, scale)
            for i, (x, y) in enumerate(centres):
                assert maps.MARKER_PX / 2 <= x <= width - maps.MARKER_PX / 2
                assert maps.MARKER_PX / 2 <= y <= height - maps.MARKER_PX / 2
                for ox, oy in centres[i + 1 :]:
                    assert max(abs(x - ox), abs(y - oy)) >= maps.MARKER_PX, (view.key, scale)
                if home:
                    clearance = (maps.MARKER_PX + maps.HOME_PX) / 2
                    assert max(abs(x - home[0]), abs(y - home[1])) >= clearance


@pytest.mark.django_db
def test_the_real_cities_are_apart_on_every_width(initial_data):
    city_map = maps.city_map(PartnerCity.objects.published(), home=KAZANLAK)
    assert [view.key for view in city_map.views] == ["world", "europe"]
    assert_apart_at_every_width(city_map)
    moved = {m.city.slug for m in city_map.markers if m.moved}
    assert moved & {"kremona-italiya", "katsago-san-martino-italiya"}
    assert all(abs(m.dx) + abs(m.dy) <= 60 for m in city_map.markers)  # moved, not far


def test_a_europe_twice_as_crowded_is_still_apart_on_every_width():
    cities = [city(n, *place) for n, place in enumerate(CROWDED)]
    cities.append(city(99, "JP", 34.48583, 133.36222))
    city_map = maps.city_map(cities, home=KAZANLAK)
    assert len(city_map.views[1].markers) == len(CROWDED)
    assert_apart_at_every_width(city_map)


def test_a_city_far_from_the_others_is_drawn_at_its_place():
    [view] = maps.city_map([city(1, "JP", 34.48583, 133.36222)], home=KAZANLAK).views
    [marker] = view.markers
    assert not marker.moved and (marker.x, marker.y) == (marker.place_x, marker.place_y)


def test_cities_on_one_spot_and_next_to_kazanlak_are_drawn_apart():
    cities = [city(1, "BG", 42.7, 25.5), city(2, "BG", 42.7, 25.5), city(3, "BG", 42.7, 25.5)]
    city_map = maps.city_map(cities, home=KAZANLAK)
    assert_apart_at_every_width(city_map)
    assert sum(marker.moved for marker in city_map.markers) >= 2
    assert city_map == maps.city_map(cities, home=KAZANLAK)  # the same each time


def test_every_view_has_the_maps_shape_and_no_city_without_coordinates():
    cities = [city(1, "FR", 47.2, -1.6), city(2, "CN", 36.7, 117.1), city(3, "JP", None, None)]
    city_map = maps.city_map(cities, home=KAZANLAK)
    for view in city_map.views:
        _x, _y, width, height = view.box
        assert width / height == pytest.approx(maps.MAP_ASPECT, rel=0.01)
    assert {m.city.slug for m in city_map.markers} == {"grad-1", "grad-2"}
    assert not maps.city_map([city(3, "JP", None, None)], home=KAZANLAK)


def test_a_map_with_more_cities_than_it_can_hold_still_draws_each_on_the_map():
    """The benchmark's thousand cities: markers overlap (the list beside the map names them all),
    and looking for free spots stops after maps.SPREAD_CHECKS comparisons."""
    rng = random.Random(1)
    cities = [
        city(n, "US", round(rng.uniform(-50, 60), 5), round(rng.uniform(-170, 170), 5))
        for n in range(1000)
    ]
    [view] = maps.city_map(cities, home=KAZANLAK).views
    assert len(view.markers) == 1000
    centres, _home, (width, height) = drawn(view, 1)
    assert all(0 < x < width and 0 < y < height for x, y in centres)
