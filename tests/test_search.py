"""The resident's way from a question to a phone number: /zoek and /api/v1/match."""

import pytest


def test_match_api_has_the_contract_shape(client):
    body = client.get("/api/v1/match", params={"q": "ik kan mijn huur niet betalen",
                                               "postcode": "2011", "lang": "nl"}).json()
    assert set(body) == {"query", "lang", "acute", "possible_danger", "domains", "situations",
                         "providers"}
    assert body["acute"] is None
    assert body["domains"][0]["id"] in {"wonen", "financien"}
    assert {"id", "name", "score"} <= set(body["domains"][0])
    assert {"id", "title", "domains", "score", "matched_on"} <= set(body["situations"][0])
    assert body["providers"] and {"id", "name", "distance_km", "domains", "phone",
                                  "website"} <= set(body["providers"][0])
    scores = [d["score"] for d in body["domains"]]
    assert scores == sorted(scores, reverse=True) and all(0 <= s <= 1 for s in scores)


def test_match_api_puts_crisis_lines_first_for_danger(client):
    body = client.get("/api/v1/match", params={"q": "ik wil dood", "lang": "en"}).json()
    assert body["acute"] is not None
    phones = [c["phone"] for c in body["acute"]["contacts"]]
    assert "0800-0113" in phones and "112" in phones
    assert body["lang"] == "en" and body["acute"]["message"]


@pytest.mark.parametrize("params, word", [
    ({}, "q"),
    ({"q": ""}, "q"),
    ({"q": "x" * 2001}, "q"),
    ({"q": "huur", "postcode": "abc"}, "postcode"),
    ({"q": "huur", "limit": "0"}, "limit"),
])
def test_match_api_refuses_bad_input_with_422(client, params, word):
    response = client.get("/api/v1/match", params=params)
    assert response.status_code == 422
    assert word in response.json()["detail"]


def test_home_search_leads_to_results_with_a_phone_number(client):
    """Three steps: the home page, the question, a phone number to call."""
    home, _ = client.page("/")
    assert home.all("form")[0]["action"] == "/zoek"
    page, response = client.page("/zoek?q=ik+heb+schulden+en+de+deurwaarder+komt&postcode=2011")
    assert "Wat we denken dat uw vraag over gaat" in page.text
    assert "Hulp bij Haarlem in de buurt" in page.text
    assert "gratis" in page.text.lower() and "onafhankelijk" in page.text.lower()
    assert any(a["href"].startswith("tel:") for a in page.all("a"))
    assert any(a["href"] == "/#subjects" for a in page.all("a"))
    assert response.cookies.get("postcode") == "2011"
    client.cookies.clear()


def test_danger_shows_the_crisis_lines_before_everything_else(client):
    page, response = client.page("/zoek?q=ik+wil+niet+meer+leven")
    html = response.text
    assert html.index("0800-0113") < html.index("<h1")
    assert any(a["href"] == "tel:08000113" for a in page.all("a"))


def test_an_htmx_request_gets_only_the_results(client):
    response = client.get("/zoek?q=eenzaam", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.text and "<h2" in response.text
    assert 'hx-swap-oob="true"' in response.text
    assert "HX-Request" in response.headers["vary"]


def test_the_results_page_works_without_a_question_or_with_a_bad_postcode(client):
    client.page("/zoek")
    page, _ = client.page("/zoek?q=huur&postcode=abc")
    assert "We kennen deze postcode niet" in page.text
    page, _ = client.page("/zoek?q=" + "huur+" * 200)
    assert page.title


def test_without_a_postcode_the_free_national_lines_are_shown(client):
    """The postcode may stay empty: help for the whole country then, and a word on how
    to see help nearby."""
    body = client.get("/api/v1/match", params={"q": "ik heb schulden"}).json()
    assert body["providers"]
    assert all(p["reach"] == "national" and p["free"] for p in body["providers"])
    page, response = client.page("/zoek?q=ik+heb+schulden")
    assert "Hulp in heel Nederland" in page.text
    assert "Vul hierboven uw postcode in" in page.text
    nearby = response.text[response.text.index('id="nearby"'):]
    assert 'href="tel:' in nearby and "Landelijk" in nearby


@pytest.mark.parametrize("postcode", ["2011", "7511", "3601"])
def test_specific_help_comes_forward_only_where_it_fits(client, postcode):
    """A food bank fits "no money for food", not rent arrears (issue 10)."""
    def kinds(question):
        body = client.get("/api/v1/match", params={"q": question, "postcode": postcode}).json()
        return [provider["kind"] for provider in body["providers"]]

    assert "voedselbank" not in kinds("ik kan mijn huur niet meer betalen")[:3]
    assert "voedselbank" in kinds("ik heb geen geld voor eten")[:3]


def test_without_a_number_of_its_own_the_municipality_is_called(client):
    """Local help whose own number is not known: the municipality's general number, and
    whom to ask for (issue 10)."""
    body = client.get("/api/v1/providers", params={"postcode": "2011"}).json()
    fallback = [p for p in body if p["phone_is_fallback"]]
    assert fallback and all(p["phone"] == "14 023" and p["municipality"] == "Haarlem"
                            for p in fallback)
    own = [p for p in body if p["phone"] and not p["phone_is_fallback"]]
    assert own and all(p["municipality"] is None for p in own)
    provider = fallback[0]
    page, _ = client.page(f"/aanbieder/{provider['id']}")
    assert "tel:14023" in [a["href"] for a in page.all("a")]
    assert (f"Dit is het nummer van de gemeente Haarlem. Vraag naar {provider['name']}."
            in page.text)


@pytest.mark.parametrize("postcode", ["2011", "7511", "3601"])
def test_every_provider_near_the_seed_towns_can_be_contacted(client, postcode):
    for provider in client.get("/api/v1/providers", params={"postcode": postcode}).json():
        detail = client.get(f"/api/v1/providers/{provider['id']}").json()
        assert detail["phone"] or detail["website"] or detail["email"], provider["id"]


def test_going_back_with_htmx_gets_the_whole_page(client):
    response = client.get("/zoek?q=eenzaam", headers={"HX-Request": "true",
                                                      "HX-History-Restore-Request": "true"})
    assert "<html" in response.text and "<form" in response.text


def test_the_main_domain_of_a_situation_comes_first(client):
    body = client.get("/api/v1/match", params={"q": "ik heb een huurachterstand"}).json()
    assert body["domains"][0]["id"] == "wonen"
    assert body["situations"][0]["domains"][0] == "wonen"


def test_a_very_long_question_does_not_blow_up_the_page(client):
    response = client.get("/zoek?q=" + "huur+" * 4000)
    assert response.status_code == 200 and len(response.text) < 60_000
