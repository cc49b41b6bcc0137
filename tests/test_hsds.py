"""The directory in Open Referral HSDS 3.0: the export and the read-only API."""

import csv
import json
from pathlib import Path

import pytest
import yaml

from app.__main__ import main
from app.services import hsds
from app.services.loading import in_memory_catalog
from tests.conftest import DATA_DIR

EXAMPLES = Path(__file__).parent / "data" / "hsds"


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


def test_export_import_export_gives_the_same_file(tmp_path, data_copy, capsys):
    """Every field and every translation survives the round trip."""
    assert main(["export-hsds", str(tmp_path / "first"), "--data-dir", str(data_copy)]) == 0
    imported = tmp_path / "providers.yaml"
    assert main(["import-hsds", str(tmp_path / "first"), "--output", str(imported),
                 "--data-dir", str(data_copy)]) == 0
    assert "left out" not in capsys.readouterr().out
    (data_copy / "providers.yaml").write_text(imported.read_text(encoding="utf-8"),
                                             encoding="utf-8")
    assert main(["export-hsds", str(tmp_path / "second"), "--data-dir", str(data_copy)]) == 0
    first = sorted(path.name for path in (tmp_path / "first").iterdir())
    assert first == sorted(path.name for path in (tmp_path / "second").iterdir())
    assert "services.csv" in first and "datapackage.json" in first
    for name in first:  # the JSON and every table of the CSV package
        assert (tmp_path / "first" / name).read_bytes() == \
            (tmp_path / "second" / name).read_bytes(), name
    catalog = in_memory_catalog(data_copy)
    assert catalog.providers["luisterlijn"].description == \
        in_memory_catalog(DATA_DIR).providers["luisterlijn"].description


@pytest.mark.parametrize("example", ["service_full.json", "service_list.json"])
def test_the_open_referral_examples_import(tmp_path, capsys, example):
    output = tmp_path / "providers.yaml"
    assert main(["import-hsds", str(EXAMPLES / example), "--output", str(output),
                 "--domain", "gezondheid", "--area", "national"]) == 0
    printed = capsys.readouterr().out
    if example == "service_full.json":  # the list holds no locations
        assert "left out: Community Counselling: a location outside the Netherlands" in printed
    (provider,) = yaml.safe_load(output.read_text(encoding="utf-8"))["providers"]
    assert provider["name"] == "Community Counselling"
    assert provider["domains"] == ["gezondheid"]
    assert provider["service_area"] == {"national": True}
    if example == "service_full.json":
        assert provider["phone"] == "+44 1234 234567"


def test_a_service_without_a_domain_is_refused_with_its_line(tmp_path, capsys):
    output = tmp_path / "providers.yaml"
    assert main(["import-hsds", str(EXAMPLES / "service_full.json"),
                 "--output", str(output)]) == 1
    error = capsys.readouterr().err
    line = next(number for number, text in enumerate(
        (EXAMPLES / "service_full.json").read_text(encoding="utf-8").splitlines(), start=1)
        if '"attributes"' in text)
    assert f"service_full.json:{line}: service 'Community Counselling': names no life " \
        "domain" in error
    assert not output.exists()


def test_a_service_the_schema_refuses_is_refused_with_file_line_and_field(tmp_path, capsys):
    broken = tmp_path / "services.json"
    broken.write_text(json.dumps([{"id": hsds.hsds_id("x"), "name": "Zonder status"}],
                                 indent=2), encoding="utf-8")
    assert main(["import-hsds", str(tmp_path), "--output", str(tmp_path / "out.yaml"),
                 "--domain", "werken", "--area", "national"]) == 1
    error = capsys.readouterr().err
    assert "services.json:2: service 'Zonder status': 'status' is a required property" in error
    assert not (tmp_path / "out.yaml").exists()


def test_the_export_is_also_a_tabular_data_package_that_validates(tmp_path):
    """The CSV files read back as the HSDS tables, valid against the tabular schema, their
    links between tables whole, and Arabic text intact."""
    assert main(["export-hsds", str(tmp_path)]) == 0
    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    tables = {}
    for resource in package["resources"]:
        with (tmp_path / resource["path"]).open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            assert reader.fieldnames == [f["name"] for f in resource["schema"]["fields"]]
            numbers = {f["name"] for f in resource["schema"]["fields"] if f["type"] == "number"}
            tables[resource["name"]] = [
                {key: float(value) if key in numbers else value
                 for key, value in row.items() if value != ""} for row in reader]
    assert hsds.schema_errors(tables, "tabular.json") == []
    ids = {name: {row["id"] for row in rows} for name, rows in tables.items()}
    assert len(tables["service"]) == len(json.loads(
        (tmp_path / "services.json").read_text(encoding="utf-8")))
    assert all(row["service_id"] in ids["service"] for row in tables["phone"])
    assert all(row["organization_id"] in ids["organization"] for row in tables["service"])
    assert all(row["taxonomy_term_id"] in ids["taxonomy_term"] for row in tables["attribute"])
    arabic = in_memory_catalog(DATA_DIR).providers["luisterlijn"].description["ar"]
    assert arabic in {row["value"] for row in tables["attribute"]}


def test_the_tabular_schema_refuses_a_bad_table():
    assert hsds.schema_errors({"service": [{"id": "not-a-uuid"}]}, "tabular.json") != []


def test_a_dutch_address_comes_in_without_coordinates_that_lie_elsewhere(tmp_path, capsys):
    service = {
        "id": hsds.hsds_id("test"), "name": "Buurthuis De Brug", "status": "active",
        "service_at_locations": [{"id": hsds.hsds_id("at"), "location": {
            "id": hsds.hsds_id("location"), "location_type": "physical",
            "latitude": 100, "longitude": 101,
            "addresses": [{"id": hsds.hsds_id("address"), "address_1": "Zijlvest 39",
                           "city": "Haarlem", "state_province": "Noord-Holland",
                           "postal_code": "2011 VB", "country": "NL",
                           "address_type": "physical"}]}}],
        "service_areas": [{"id": hsds.hsds_id("area"), "name": "Haarlem",
                           "extent_type": "text", "extent": "place"}],
    }
    (tmp_path / "services.json").write_text(json.dumps([service]), encoding="utf-8")
    output = tmp_path / "providers.yaml"
    assert main(["import-hsds", str(tmp_path), "--output", str(output),
                 "--domain", "sociale-relaties"]) == 0
    (provider,) = yaml.safe_load(output.read_text(encoding="utf-8"))["providers"]
    assert provider["locations"] == [{"address": "Zijlvest 39", "postcode": "2011 VB",
                                      "city": "Haarlem"}]
    assert provider["service_area"] == {"places": ["Haarlem"]}
