"""The site search's results as journalists see them (issue 16, item 4): an office with its numbers
and hours, cities by country, the page's text on concerts. At 360 px in both languages, each
results page fits the screen and passes axe-core's WCAG 2.2 A and AA rules."""

import pytest

from tests.browser import test_accessibility as accessibility

pytestmark = pytest.mark.browser

axe_source = accessibility.axe_source  # the fixture: axe-core's script, or a skip without it
QUERIES = ["факс", "община", "Япония", "концерти", "mayor@kazanlak.bg"]


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_results_fit_a_small_screen_and_pass_wcag_22_aa(
    live_server, live_data, page, axe_source, prefix
):
    page.set_viewport_size({"width": accessibility.SMALL_SCREEN, "height": 800})
    problems = {}
    for query in QUERIES:
        response = page.goto(f"{live_server.url}{prefix}/tarsene/?q={query}")
        assert response.status == 200
        assert page.locator("section[aria-labelledby^='results-'] li").count() > 0, query
        found = accessibility.wider_than_the_screen(page) + accessibility.axe_violations(
            page, axe_source
        )
        if found:
            problems[query] = found
    assert problems == {}
