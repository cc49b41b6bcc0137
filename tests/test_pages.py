"""The pages residents and professionals see (every fetch also checks the page invariants
in tests/pages.py: one h1, a title, labels, no duplicate ids, nothing from other hosts)."""

import re

import pytest

from tests.conftest import make_settings, serve
from tests.test_loading import VALID_PROVIDER, append_provider


def test_home_has_a_search_box_six_tiles_and_a_way_in_for_professionals(client):
    page, _ = client.page("/")
    forms = page.all("form")
    assert forms[0]["action"] == "/zoek" and forms[0]["method"] == "get"
    assert {i.get("name") for i in page.all("input")} >= {"q", "postcode"}
    tiles = [a["href"] for a in page.all("a") if a.get("class") == "tile"]
    assert tiles == ["/domein/financien", "/domein/jeugd-gezin", "/domein/werken",
                     "/domein/wonen", "/domein/gezondheid", "/domein/sociale-relaties"]
    assert "Geld en rekeningen" in page.text
    assert "Bent u een professional?" in page.text
    assert any(a.get("href") == "/wegwijzer" for a in page.all("a"))


def test_pages_are_dutch_by_default_and_english_on_request(client):
    page, _ = client.page("/")
    assert page.all("html")[0]["lang"] == "nl"
    page, response = client.page("/?lang=en")
    assert page.all("html")[0]["lang"] == "en"
    assert "Money and bills" in page.text and "Find help that suits you" in page.text
    assert response.cookies.get("lang") == "en"
    client.cookies.clear()


def test_a_domain_page_shows_help_near_the_postcode_and_remembers_it(client):
    page, response = client.page("/domein/financien?postcode=2011")
    assert "Hulp bij Haarlem in de buurt" in page.text
    providers = [a["href"] for a in page.all("a") if a["href"].startswith("/aanbieder/")]
    assert providers
    assert response.cookies.get("postcode") == "2011"
    remembered, _ = client.page("/domein/wonen")
    assert "Hulp bij Haarlem in de buurt" in remembered.text
    client.cookies.clear()


def test_a_domain_page_shows_eight_cards_then_more_on_request(client):
    page, response = client.page("/domein/wonen?postcode=2011")
    assert response.text.count('<article class="provider">') == 8
    more = next(a for a in page.all("a") if a.get("hx-get", "").startswith("/domein/wonen?meer=1"))
    assert more["href"].startswith("/domein/wonen?meer=1&postcode=2011")
    everything, whole = client.page(more["href"].split("#")[0])
    total = whole.text.count('<article class="provider">')
    assert total > 8 and "Meer tonen" not in everything.text
    rest = client.get(more["hx-get"], headers={"HX-Request": "true"})
    assert "<html" not in rest.text and rest.text.count('<article class="provider">') == total - 8
    assert "HX-Request" in rest.headers["vary"]


def test_a_domain_page_explains_a_wrong_postcode(client):
    page, _ = client.page("/domein/wonen?postcode=abc")
    assert "We kennen deze postcode niet" in page.text
    assert page.all("input")[0].get("aria-invalid") == "true"


def test_the_wegwijzer_table_has_every_domain_and_role(client):
    page, _ = client.page("/wegwijzer")
    assert len(page.all("tr")) == 7  # header + six domains
    assert len(page.all("td")) == 18
    assert "Transferverpleegkundige" in page.text
    cell_links = [a["href"] for a in page.all("a") if a.get("class") == "cell-link"]
    assert "/wegwijzer/wonen/toeleiden" in cell_links
    assert len(cell_links) == 17  # gezondheid/signaleren is empty in the seed table


def test_a_cell_opens_on_its_own(client):
    page, _ = client.page("/wegwijzer/wonen/toeleiden")
    assert [li for li in page.text.split() if li in {"Vluchtelingenwerk", "Reclassering"}]
    assert "Migrantenzelforganisaties" in page.text
    client.page("/wegwijzer/wonen/nope", status=404)


def test_a_provider_page_shows_how_to_reach_them(client):
    providers = client.get("/api/v1/providers").json()
    with_phone = next(p for p in providers if p["phone"])
    page, _ = client.page(f"/aanbieder/{with_phone['id']}")
    assert with_phone["name"] in page.text
    digits = "".join(ch for ch in with_phone["phone"] if ch.isdigit())
    tel_links = [a["href"] for a in page.all("a") if a["href"].startswith("tel:")]
    assert tel_links and tel_links[0].endswith(digits[1:])


def test_a_provider_without_known_contacts_is_not_offered_and_shows_no_empty_sections(
        fresh_url, data_copy):
    # No phone, e-mail, website or home visits, and no municipality number for Enschede.
    append_provider(data_copy, VALID_PROVIDER.replace(
        "    website: https://www.example.org/test-twente\n", ""))
    with serve(make_settings(fresh_url, data_copy)) as client:
        page, response = client.page("/aanbieder/test-twente")
        _, domain_page = client.page("/domein/financien?postcode=7511")
        nearby = client.get("/api/v1/providers", params={"postcode": "7511"}).json()
        everyone = client.get("/api/v1/providers").json()
    assert "Test Twente" in page.text
    assert "Zo komt u in contact" not in page.text
    assert '<ul class="contact">' not in response.text
    assert "Test Twente" not in domain_page.text
    assert not re.search(r'<ul class="contact">\s*</ul>', domain_page.text)
    assert "test-twente" not in {p["id"] for p in nearby}
    assert "test-twente" in {p["id"] for p in everyone}  # for whoever keeps the directory


def test_unknown_pages_get_a_friendly_404(client):
    page, _ = client.page("/domein/geld", status=404)
    assert "Pagina niet gevonden" in page.text
    page, _ = client.page("/aanbieder/nobody", status=404)
    client.page("/bestaat-niet", status=404)


def test_pages_load_htmx_from_this_site_only(client):
    page, _ = client.page("/")
    scripts = [s["src"] for s in page.all("script")]
    assert scripts == ["/static/vendor/htmx-2.0.8.min.js", "/static/js/read-aloud.js"]
    assert all(client.get(src).status_code == 200 for src in scripts)
    assert "default-src 'self'" in client.get("/").headers["content-security-policy"]


def test_an_unknown_or_absurd_language_falls_back_to_dutch(client):
    for value in ("xx", "a" * 80):
        page, _ = client.page(f"/?lang={value}")
        assert page.all("html")[0]["lang"] == "nl"
    assert client.get(f"/api/v1/domains?lang={'a' * 80}").json()[0]["name"] == \
        "Geld en rekeningen"


def test_the_browser_language_is_the_first_guess(client):
    page, _ = client.page("/", headers={"Accept-Language": "tr-TR,tr;q=0.9,en;q=0.5"})
    assert page.all("html")[0]["lang"] == "tr"
    page, _ = client.page("/", headers={"Accept-Language": "ar"})
    assert (page.all("html")[0]["lang"], page.all("html")[0]["dir"]) == ("ar", "rtl")


def test_a_long_postcode_on_a_page_gets_the_friendly_message(client):
    page, _ = client.page("/domein/wonen?postcode=" + "9" * 40)
    assert "We kennen deze postcode niet" in page.text


@pytest.mark.parametrize("header, language", [
    ("ar;q=0, en;q=0.5", "en"),
    ("ar;q=0", "nl"),  # q=0: not Arabic at all
    ("EN-gb", "en"),
    ("de-DE, fr", "nl"),  # none of ours: Dutch
    ("pl-PL;q=0.8, uk;q=0.9", "uk"),
])
def test_the_browser_language_is_negotiated_as_the_header_says(client, header, language):
    _, response = client.page("/", headers={"Accept-Language": header})
    assert f'<html lang="{language}"' in response.text
