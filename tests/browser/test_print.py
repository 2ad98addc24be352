"""The phone directory prints on one A4 page (Chromium's print-to-PDF, the print stylesheet)."""

import re

import pytest

from tests.factories import make_office

pytestmark = pytest.mark.browser


def page_count(pdf_bytes):
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf_bytes))


def print_to_pdf(run_chromium, tmp_path, url):
    pdf = tmp_path / "page.pdf"
    run_chromium("--no-pdf-header-footer", f"--print-to-pdf={pdf}", url)
    return pdf.read_bytes()


@pytest.mark.parametrize("path", ["/kontakti/", "/en/kontakti/"])
def test_the_directory_prints_on_one_a4_page(live_server, live_data, run_chromium, tmp_path, path):
    pdf = print_to_pdf(run_chromium, tmp_path, live_server.url + path)
    assert page_count(pdf) == 1
    width, height = media_box(pdf)
    assert abs(width - 595.3) < 1 and abs(height - 841.9) < 1  # A4 in points


def media_box(pdf_bytes):
    numbers = re.search(rb"/MediaBox\s*\[([\d.\s]+)\]", pdf_bytes)[1].split()
    return float(numbers[2]), float(numbers[3])


def test_a_directory_three_times_as_long_needs_more_pages(
    live_server, live_data, run_chromium, tmp_path
):
    """Guards the check above: the page counter does see a second page when there is one."""
    for n in range(40):
        make_office(
            phones=["+35943198201"], hours=[(1, "08:00", "17:00")], name=f"Допълнително звено {n}"
        )
    pdf = print_to_pdf(run_chromium, tmp_path, live_server.url + "/kontakti/")
    assert page_count(pdf) > 1
