"""Every Dutch 4-digit postcode resolves to a place with coordinates."""

import csv

import pytest

from app.services.geo import PostcodeError, locate, postcode_digits
from app.services.ranking import providers_near
from tests.conftest import DATA_DIR


def rows():
    with (DATA_DIR / "postcodes.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_table_covers_the_country():
    table = rows()
    assert len(table) > 4000
    provinces = {row["province"] for row in table}
    assert len(provinces) == 12


@pytest.mark.parametrize("postcode, place, province", [
    ("1011", "Amsterdam", "Noord-Holland"),
    ("2011", "Haarlem", "Noord-Holland"),
    ("3511", "Utrecht", "Utrecht"),
    ("7511", "Enschede", "Overijssel"),
    ("7551", "Hengelo", "Overijssel"),
    ("3601", "Maarssen", "Utrecht"),
    ("3621", "Breukelen", "Utrecht"),
    ("9711", "Groningen", "Groningen"),
    ("6211", "Maastricht", "Limburg"),
])
def test_known_postcodes_resolve_to_their_place(client, postcode, place, province):
    catalog = client.app.state.catalogs.current()
    found = locate(catalog, postcode)
    assert (found.place, found.province) == (place, province)


def test_every_postcode_in_the_table_resolves(client):
    catalog = client.app.state.catalogs.current()
    national = {p.id for p in catalog.providers.values() if p.national}
    assert national
    for row in rows():
        place = locate(catalog, row["postcode"] + " AB")
        assert place.place == row["place"]
        # Wherever someone lives, at least the national lines are offered.
        nearby = providers_near(catalog, place)
        assert {item.provider.id for item in nearby if item.reach == "national"} == national


@pytest.mark.parametrize("text", ["", "abc", "123", "12345", "0123", "2011 A", "2011-AB"])
def test_malformed_postcodes_are_refused(text):
    with pytest.raises(PostcodeError):
        postcode_digits(text)


@pytest.mark.parametrize("text", [
    "2011", "2011AB", "2011 ab", " 2011 AB ",
    "٢٠١١", "٢٠١١ AB",  # Arabic-Indic digits, as an Arabic keyboard types them
    "۲۰۱۱",  # Persian digits
    "２０１１",  # full-width digits
])
def test_written_postcodes_are_understood(text):
    assert postcode_digits(text) == "2011"


def test_a_postcode_in_arabic_digits_finds_help_near_it(client):
    def providers(postcode):
        response = client.get("/api/v1/match", params={"q": "ik heb schulden",
                                                       "postcode": postcode})
        assert response.status_code == 200
        return [provider["id"] for provider in response.json()["providers"]]

    assert providers("٢٠١١") == providers("2011") != []
    page = client.get("/zoek", params={"q": "ik heb schulden", "postcode": "٧٥١١", "lang": "ar"})
    assert page.status_code == 200 and "Enschede" in page.text
