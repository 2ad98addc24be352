"""Facts parsed out of the municipality's page (fixtures/source/), so that the tests compare the
fixtures with the source itself instead of with a second copy of its facts."""

import re
from dataclasses import dataclass
from datetime import date, time
from functools import cache
from pathlib import Path

import phonenumbers

SOURCE = (
    Path(__file__).resolve().parent.parent
    / "fixtures"
    / "source"
    / "international-cooperation.bg.txt"
)

# The two country names in the text that are not today's short names (django-countries' Bulgarian).
COUNTRY_ALIASES = {"Македония": "MK", "Руска федерация": "RU"}


@dataclass(frozen=True)
class City:
    name: str
    country: str
    year: int


@cache
def text():
    return SOURCE.read_text(encoding="utf-8")


def twin_cities():
    """The fourteen cities, with the text's irregular spellings („( Алжир 2016г.)“) handled."""
    paragraph = text().split("побратимена със следните градове:", 1)[1].split("\n", 1)[0]
    pattern = re.compile(
        r"(?P<name>[^(]+?),?\s*\(\s*(?P<country>[^–(\d]+?)\s*(?:–\s*(?:от\s*)?)?(?P<year>\d{4})\s*г\.?\)"
    )
    cities = []
    for match in pattern.finditer(paragraph):
        name = re.sub(r"^[\s,]*(?:и\s+)?(?:град\s+)?", "", match["name"])
        name = name.split(",")[0].strip()  # „Джунанг-гу, СЕУЛ“: the city is the first part
        cities.append(City(name, match["country"].strip(), int(match["year"])))
    return cities


def phone_numbers():
    """Every number in the text in E.164, „0431/98373; 98497“ giving two."""
    numbers = []
    for match in re.finditer(r"(0[\d /]{6,}\d)((?:;\s*\d{5})*)", text()):
        first = phonenumbers.parse(match[1], "BG")
        numbers.append(first)
        for extra in re.findall(r"\d{5}", match[2]):
            area = match[1].split("/")[0]
            numbers.append(phonenumbers.parse(f"{area}/{extra}", "BG"))
    return [phonenumbers.format_number(n, phonenumbers.PhoneNumberFormat.E164) for n in numbers]


def raw_phone_numbers():
    return re.findall(r"0[\d /]{6,}\d", text())


def emails():
    return re.findall(r"[\w.+-]+@[\w-]+\.[a-z]{2,}", text())


def working_hours():
    """{office name: [(opens, closes), ...]} from the „Работно време“ block."""
    block = text().split("Работно време", 1)[1].split("Домашен социален патронаж", 1)[0]
    result = {}
    for label, line in re.findall(r"^([^\n:]+):\s*\n([^\n]+)", block, flags=re.MULTILINE):
        intervals = [
            (time(int(h1), int(m1)), time(int(h2), int(m2)))
            for h1, m1, h2, m2 in re.findall(
                r"(\d{1,2})\.(\d{2})\s*ч?\.?\s*(?:-|до)\s*(\d{1,2})\.(\d{2})", line
            )
        ]
        if intervals:
            result[label.strip()] = intervals
    return result


def initiative_kinds():
    sentence = text().split("съвместни инициативи и проекти –", 1)[1].split(".", 1)[0]
    *items, last = [item.strip() for item in sentence.split(",")]
    return [*items, *last.rsplit(" и ", 1)]


def cooperation_form():
    title = re.search(r"ФОРМУЛЯР\s+(за сътрудничеството[^\n]+)", text())[1].strip()
    day, month, year = re.search(r"публ\. на (\d{2})\.(\d{2})\.(\d{4})", text()).groups()
    return " ".join(("Формуляр " + title).split()), date(int(year), int(month), int(day))


def mayors_for_peace_members():
    return int(re.search(r"„Кметове за мир“, включваща над (\d+) града", text())[1])
