"""The directory in Open Referral HSDS 3.0: the export and the read-only API."""

import json

from app.__main__ import main
from app.services import hsds
from app.services.loading import in_memory_catalog
from tests.conftest import DATA_DIR


def test_the_export_writes_every_provider_as_a_valid_hsds_service(tmp_path, capsys):
    assert main(["export-hsds", str(tmp_path / "out")]) == 0
    written = json.loads((tmp_path / "out" / "services.json").read_text(encoding="utf-8"))
    catalog = in_memory_catalog(DATA_DIR)
    assert len(written) == len(catalog.providers)
    for service in written:
        assert hsds.schema_errors(service) == [], service["name"]
    by_name = {service["name"]: service for service in written}
    ombudsman = by_name["De Nationale ombudsman"]
    assert ombudsman["phones"][0]["number"] == "0800-33 55555"
    assert [language["code"] for language in ombudsman["languages"]] == ["nl"]
    assert ombudsman["service_areas"][0]["name"] == "Nederland"
    assert f"{len(written)} services, valid HSDS 3.0" in capsys.readouterr().out


def test_the_export_is_the_same_every_time(tmp_path):
    main(["export-hsds", str(tmp_path / "a")])
    main(["export-hsds", str(tmp_path / "b")])
    assert (tmp_path / "a" / "services.json").read_bytes() == \
        (tmp_path / "b" / "services.json").read_bytes()


def test_every_language_of_a_text_travels_with_it():
    catalog = in_memory_catalog(DATA_DIR)
    provider = catalog.providers["luisterlijn"]
    service = hsds.service_of(catalog, provider)
    assert service["description"] == provider.description["nl"]
    translations = {(a["taxonomy_term"]["name"], a["taxonomy_term"]["language"]): a["value"]
                    for a in service["attributes"]
                    if a["taxonomy_term"].get("taxonomy") == hsds.TRANSLATION_TAXONOMY}
    for language in ("en", "ar", "tr", "pl", "uk"):
        assert translations[("description", language)] == provider.description[language]
        assert translations[("schedule_note", language)] == provider.schedule_note[language]


def test_a_service_the_schema_refuses_is_named_with_its_field():
    errors = hsds.schema_errors({"id": "not-a-uuid", "name": "X"})
    assert any("status" in line for line in errors)
    assert any(line.startswith("id:") and "uuid" in line for line in errors)


def test_the_api_pages_through_services_as_the_hsds_profile_says(client):
    first = client.get("/api/v1/hsds/services", params={"per_page": 10}).json()
    assert first["page_number"] == 1 and first["first_page"] and not first["last_page"]
    assert first["size"] == 10 and first["total_items"] > 10
    last = client.get("/api/v1/hsds/services",
                      params={"per_page": 10, "page": first["total_pages"]}).json()
    assert last["last_page"] and not last["empty"]
    one = first["contents"][0]
    assert client.get(f"/api/v1/hsds/services/{one['id']}").json() == one
    assert hsds.schema_errors(one) == []


def test_the_hsds_api_refuses_bad_input_clearly(client):
    response = client.get("/api/v1/hsds/services", params={"page": 0})
    assert response.status_code == 422 and "page" in response.json()["detail"]
    missing = client.get("/api/v1/hsds/services/00000000-0000-0000-0000-000000000000")
    assert missing.status_code == 404 and "00000000" in missing.json()["detail"]
