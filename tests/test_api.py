"""The JSON API of DESIGN.md section 6: shapes, order, and a clear 422 for bad input."""

import pytest

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


def test_providers_filter_by_domain_and_spoken_language(client):
    for item in client.get("/api/v1/providers?postcode=7511&domain=financien").json():
        assert "financien" in item["domains"]
    everyone = client.get("/api/v1/providers").json()
    english = client.get("/api/v1/providers?language=en").json()
    assert 0 < len(english) < len(everyone)


def test_a_small_radius_keeps_far_providers_out(client):
    wide = client.get("/api/v1/providers?postcode=3601&radius_km=300").json()
    narrow = client.get("/api/v1/providers?postcode=3601&radius_km=1").json()
    assert len(narrow) < len(wide)


def test_one_provider_has_all_fields(client):
    first = client.get("/api/v1/providers").json()[0]
    detail = client.get(f"/api/v1/providers/{first['id']}").json()
    assert detail["id"] == first["id"]
    for field in ("description", "target_groups", "languages", "email", "whatsapp",
                  "home_visits", "schedule", "locations", "service_area", "last_verified",
                  "formal", "financing", "independent", "free"):
        assert field in detail


@pytest.mark.parametrize("query, word", [
    ("postcode=abc", "postcode 'abc'"),
    ("postcode=0123", "postcode '0123'"),
    ("postcode=9999", "postcode '9999' does not exist"),
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
