"""The JSON API of DESIGN.md section 6: shapes, order, and a clear 422 for bad input."""

import pytest

from tests.conftest import make_settings, serve
from tests.test_loading import NEW_PROVIDER, VALID_PROVIDER, append_provider

ROLES = ["toeleiden", "informeren-adviseren", "signaleren"]
DOMAINS = ["financien", "jeugd-gezin", "werken", "wonen", "gezondheid", "sociale-relaties"]


def test_health_names_the_data_version(client):
    body = client.get("/healthz").json()
    assert body["status"] == "ok" and len(body["data_version"]) == 12


def test_domains_carry_the_wegwijzer_cells(client):
    domains = client.get("/api/v1/domains").json()
    assert [d["id"] for d in domains] == DOMAINS
    assert domains[0]["name"] == "Geld en rekeningen"
    for domain in domains:
        assert set(domain) == {"id", "name", "summary", "cells"}
        assert list(domain["cells"]) == ROLES
    by_id = {d["id"]: d for d in domains}
    assert by_id["sociale-relaties"]["cells"]["signaleren"][1] == "Sportvereniging"
    assert "Sportvereniging" in by_id["jeugd-gezin"]["cells"]["signaleren"]
    assert by_id["gezondheid"]["cells"]["signaleren"] == []


def test_domains_in_english_and_unknown_languages_fall_back_to_dutch(client):
    assert client.get("/api/v1/domains?lang=en").json()[0]["name"] == "Money and bills"
    assert client.get("/api/v1/domains?lang=xx").json()[0]["name"] == "Geld en rekeningen"


def test_providers_for_a_haarlem_postcode_are_nearest_first(client):
    providers = client.get("/api/v1/providers?postcode=2011").json()
    assert providers
    required = {"id", "name", "distance_km", "domains", "phone", "website"}
    assert all(required <= set(p) for p in providers)
    local = [p for p in providers if p["reach"] == "local"]
    assert local, "Haarlem has local providers in the sample data"
    distances = [p["distance_km"] for p in local if p["distance_km"] is not None]
    assert distances == sorted(distances)
    reach_order = [{"local": 0, "regional": 1, "national": 2}[p["reach"]] for p in providers]
    assert reach_order == sorted(reach_order)
    # Nothing from Twente shows for Haarlem unless it is national.
    twente = client.get("/api/v1/providers?postcode=7511").json()
    twente_local = {p["id"] for p in twente if p["reach"] == "local"}
    assert not twente_local & {p["id"] for p in local}


def test_a_full_postcode_with_letters_is_accepted(client):
    assert client.get("/api/v1/providers?postcode=2011%20AB").json() == \
        client.get("/api/v1/providers?postcode=2011").json()


def test_providers_filter_by_domain(client):
    found = client.get("/api/v1/providers?postcode=7511&domain=financien").json()
    assert found and all("financien" in item["domains"] for item in found)
    everyone = client.get("/api/v1/providers?postcode=7511").json()
    assert len(found) < len(everyone)


def test_providers_filter_by_spoken_language(fresh_url, data_copy):
    append_provider(data_copy, VALID_PROVIDER.replace(
        "target_groups: [iedereen]", "target_groups: [iedereen]\n    languages: [nl, ar]"))
    with serve(make_settings(fresh_url, data_copy)) as client:
        arabic = client.get("/api/v1/providers?postcode=7511&language=ar").json()
        dutch = client.get("/api/v1/providers?postcode=7511&language=nl").json()
    assert [p["id"] for p in arabic] == ["test-twente"]
    assert "test-twente" in {p["id"] for p in dutch} and len(dutch) > 1


def located(provider_id: str, postcode: str, city: str) -> str:
    """A provider with one office and no service area of its own beyond that office."""
    return NEW_PROVIDER.replace("test-twente", provider_id).replace(
        '"75AB"', f'"{postcode}"').replace("Enschede", city).replace(
        "service_area: {places: [" + city + "]}",
        f"service_area: {{postcode_ranges: [{postcode[:4]}-{postcode[:4]}]}}",
    )


def test_offices_within_the_radius_show_nearest_first(fresh_url, data_copy):
    append_provider(data_copy, located("office-enschede", "7511 AB", "Enschede"))
    append_provider(data_copy, located("office-almelo", "7607 AB", "Almelo"))
    with serve(make_settings(fresh_url, data_copy)) as client:
        near_hengelo = client.get("/api/v1/providers?postcode=7551&radius_km=25").json()
        narrow = client.get("/api/v1/providers?postcode=7551&radius_km=5").json()
        wide = client.get("/api/v1/providers?postcode=7551&radius_km=300").json()
    offices = [p for p in near_hengelo if p["id"].startswith("office-")]
    assert [p["id"] for p in offices] == ["office-enschede", "office-almelo"]
    assert 5 < offices[0]["distance_km"] < offices[1]["distance_km"] < 25
    assert not [p for p in narrow if p["id"].startswith("office-")]
    assert len(wide) >= len(near_hengelo)


def test_one_provider_has_all_fields(client):
    first = client.get("/api/v1/providers").json()[0]
    detail = client.get(f"/api/v1/providers/{first['id']}").json()
    assert detail["id"] == first["id"]
    for field in ("description", "target_groups", "languages", "email", "whatsapp",
                  "home_visits", "schedule", "locations", "service_area", "last_verified",
                  "formal", "financing", "independent", "free", "source"):
        assert field in detail


def test_a_provider_says_where_its_contact_details_come_from(fresh_url, data_copy):
    append_provider(data_copy, VALID_PROVIDER.replace(
        "    last_verified: null", '    phone: "053-1234567"\n'
        "    source: https://www.example.org/contact\n    last_verified: null"))
    with serve(make_settings(fresh_url, data_copy)) as client:
        detail = client.get("/api/v1/providers/test-twente").json()
        other = client.get("/api/v1/providers/juridisch-loket").json()
    assert detail["phone"] == "053-1234567"
    assert detail["source"] == "https://www.example.org/contact"
    assert other["source"] is None  # not checked against a public page


@pytest.mark.parametrize("query, word", [
    ("postcode=abc", "postcode 'abc'"),
    ("postcode=0123", "postcode '0123'"),
    ("postcode=1000", "postcode '1000' does not exist"),
    ("postcode=" + "1" * 30, "postcode"),
    ("radius_km=-1", "radius_km"),
    ("radius_km=far", "radius_km"),
    ("domain=geld", "unknown domain 'geld'"),
    ("language=dutch", "language"),
])
def test_bad_input_gets_422_with_a_clear_detail(client, query, word):
    response = client.get(f"/api/v1/providers?{query}")
    assert response.status_code == 422
    assert word in response.json()["detail"]


def test_an_unknown_provider_is_404_with_a_detail(client):
    response = client.get("/api/v1/providers/does-not-exist")
    assert response.status_code == 404
    assert "does-not-exist" in response.json()["detail"]


def test_the_api_is_documented_by_openapi(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/healthz", "/api/v1/domains", "/api/v1/providers",
            "/api/v1/providers/{provider_id}"} <= set(paths)


def test_the_docs_page_lists_every_operation_without_outside_scripts(client):
    page, _ = client.page("/docs")
    assert "GET /api/v1/providers" in page.text
    assert all(script["src"].startswith("/static/") for script in page.all("script"))


@pytest.mark.parametrize("template, path, params, status", [
    ("/api/v1/match", "/api/v1/match", {}, 422),
    ("/api/v1/providers", "/api/v1/providers", {"postcode": "abc"}, 422),
    ("/api/v1/providers/{provider_id}", "/api/v1/providers/nobody", {}, 404),
    ("/api/v1/hsds/services", "/api/v1/hsds/services", {"page": 0}, 422),
])
def test_the_published_schema_describes_the_error_answers(client, template, path, params,
                                                          status):
    from jsonschema import validate

    spec = client.get("/openapi.json").json()
    documented = spec["paths"][template]["get"]["responses"][str(status)]
    reference = documented["content"]["application/json"]["schema"]["$ref"]
    schema = spec["components"]["schemas"][reference.rsplit("/", 1)[1]]
    response = client.get(path, params=params)
    assert response.status_code == status
    validate(response.json(), schema)


def test_a_method_an_address_does_not_take_says_which_it_does(client):
    response = client.request("DELETE", "/api/v1/domains")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD"
    assert response.json() == {"detail": "Method Not Allowed"}
    page = client.request("DELETE", "/zoek")
    assert page.status_code == 405 and page.headers["allow"] == "GET, HEAD"


def test_a_body_that_is_not_utf8_is_bad_input(client):
    response = client.post("/api/v1/signal-check", content=b"\xff\xfe{",
                           headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    assert response.json() == {"detail": "the body is not valid JSON in UTF-8"}
