"""The directory as Open Referral HSDS 3.0: one service per provider, with its organisation,
phones, schedules, service areas, locations and languages, so other directories can
harvest this one.

HSDS has one text per field. The Dutch text goes in the field itself; the translations
travel as attributes of the taxonomy "wegwijzer-translation" (one per field and language),
so they survive an export and an import. The project's own classifications (kind, life
domains, target groups, who it serves) are attributes of "wegwijzer-*" taxonomies.
"""

import csv
import json
import uuid
from functools import lru_cache
from pathlib import Path

from jsonschema import Draft202012Validator

from app.services.catalog import Catalog, ProviderEntry

SCHEMA_DIR = Path(__file__).parent / "hsds_schema"
SERVICES_FILE = "services.json"
WEEKDAYS = {"mo": "MO", "tu": "TU", "we": "WE", "th": "TH", "fr": "FR", "sa": "SA", "su": "SU"}
TRANSLATION_TAXONOMY = "wegwijzer-translation"
# Texts of a provider that have a translation per language, by their HSDS field.
TRANSLATED_FIELDS = {"description": "description", "schedule_note": "schedules.description"}


# HSDS identifiers are UUIDs. Ours are made from the project's own ids, so that every export
# of the same data gives the same identifiers; the provider's id travels as an attribute.
ID_NAMESPACE = uuid.UUID("6f1d6c2e-7a57-4c55-9d0f-8a3f4d3b2e10")


def hsds_id(*parts: str) -> str:
    return str(uuid.uuid5(ID_NAMESPACE, "/".join(parts)))


class InvalidExport(ValueError):
    """A service the export made does not follow the HSDS schema (a bug, not bad data)."""


@lru_cache(maxsize=2)
def _schema(schema_file: str) -> dict:
    return json.loads((SCHEMA_DIR / schema_file).read_text(encoding="utf-8"))


@lru_cache(maxsize=2)
def _validator(schema_file: str) -> Draft202012Validator:
    return Draft202012Validator(_schema(schema_file),
                                format_checker=Draft202012Validator.FORMAT_CHECKER)


def schema_errors(document: dict, schema_file: str = "service.json") -> list[str]:
    """What keeps `document` from being valid HSDS 3.0 (a service, or with "tabular.json"
    the tables of a data package), one line per problem."""
    return [f"{'/'.join(str(p) for p in error.absolute_path) or '(service)'}: {error.message}"
            for error in _validator(schema_file).iter_errors(document)]


def services(catalog: Catalog) -> list[dict]:
    """Every provider as an HSDS service, in the order of the directory."""
    return [service_of(catalog, provider) for provider in catalog.providers.values()]


@lru_cache(maxsize=2)
def catalog_services(catalog: Catalog) -> tuple[list[dict], dict[str, dict]]:
    """The services of a catalog (made once per data version), and the same by HSDS id."""
    found = services(catalog)
    return found, {service["id"]: service for service in found}


def service_of(catalog: Catalog, provider: ProviderEntry) -> dict:
    pid = provider.id
    service = {
        "id": hsds_id("service", pid),
        "name": provider.name,
        "description": provider.description.get("nl", ""),
        "url": provider.website,
        "email": provider.email,
        "status": "active",
        "fees_description": "Gratis" if provider.free else None,
        "assured_date": provider.last_verified.isoformat() if provider.last_verified else None,
        "organization": _drop_empty({
            "id": hsds_id("organization", pid),
            "name": provider.name,
            "description": provider.description.get("nl", ""),
            "website": provider.website,
            "email": provider.email,
        }),
        "phones": [
            _drop_empty({"id": hsds_id("phone", pid), "number": provider.phone, "type": "voice"})
            if provider.phone else None,
            {"id": hsds_id("whatsapp", pid), "number": provider.whatsapp, "type": "text",
             "description": "WhatsApp"} if provider.whatsapp else None,
        ],
        "schedules": [
            _drop_empty({
                "id": hsds_id("schedule", pid, str(number)),
                "freq": "WEEKLY",
                "byday": WEEKDAYS[hours.weekday],
                "opens_at": hours.opens,
                "closes_at": hours.closes,
                "description": (provider.schedule_note or {}).get("nl") if number == 0 else None,
            })
            for number, hours in enumerate(provider.schedule)
        ] or ([{"id": hsds_id("schedule-note", pid),
                "description": provider.schedule_note.get("nl", "")}]
              if provider.schedule_note else []),
        "service_areas": _service_areas(provider),
        "service_at_locations": [
            {"id": hsds_id("service-at-location", pid, str(number)),
             "location": _location(pid, number, location)}
            for number, location in enumerate(provider.locations)
        ],
        "languages": [{"id": hsds_id("language", pid, code), "code": code}
                      for code in provider.languages],
        "attributes": _attributes(catalog, provider),
    }
    service["phones"] = [phone for phone in service["phones"] if phone]
    return _drop_empty(service)


def _service_areas(provider: ProviderEntry) -> list[dict]:
    pid = provider.id
    areas = [{"id": hsds_id("area", pid, "national"), "name": "Nederland",
              "extent_type": "text", "extent": "national"}] if provider.national else []
    areas += [{"id": hsds_id("area", pid, "province", name), "name": name, "extent_type": "text",
               "extent": "province"} for name in sorted(provider.provinces)]
    areas += [{"id": hsds_id("area", pid, "place", name), "name": name, "extent_type": "text",
               "extent": "place"} for name in sorted(provider.places)]
    areas += [{"id": hsds_id("area", pid, "postcodes", f"{first:04d}-{last:04d}"),
               "name": f"{first:04d}-{last:04d}", "extent_type": "text",
               "extent": "postcode_range"} for first, last in provider.postcode_ranges]
    return areas


def _location(pid: str, number: int, location) -> dict:
    # An address without a street is still its postcode and place.
    address = {"id": hsds_id("address", pid, str(number)), "address_1": location.address or "",
               "city": location.city, "state_province": "", "postal_code": location.postcode,
               "country": "NL", "address_type": "physical"}
    return _drop_empty({
        "id": hsds_id("location", pid, str(number)),
        "location_type": "physical",
        "name": location.name,
        "latitude": location.latitude,
        "longitude": location.longitude,
        "addresses": [address],
    })


def _attributes(catalog: Catalog, provider: ProviderEntry) -> list[dict]:
    pid = provider.id

    def term(taxonomy: str, value: str, description: str = "") -> dict:
        return {"id": hsds_id("attribute", pid, taxonomy, value),
                "taxonomy_term": {"id": hsds_id("term", taxonomy, value), "name": value,
                                  "description": description or value, "taxonomy": taxonomy},
                "value": value}

    attributes = [term("wegwijzer-id", pid), term("wegwijzer-kind", provider.kind)]
    attributes += [term("wegwijzer-domain", domain) for domain in provider.domains]
    attributes += [term("wegwijzer-target-group", group) for group in provider.target_groups]
    attributes += [term("wegwijzer-financing", source) for source in provider.financing]
    for flag in ("formal", "independent", "free", "names_danger", "home_visits"):
        attributes.append({**term("wegwijzer-flag", flag), "value": json.dumps(
            getattr(provider, flag))})
    if provider.source:
        attributes.append({**term("wegwijzer-source", "contact"), "value": provider.source})
    for field, texts in (("description", provider.description),
                         ("schedule_note", provider.schedule_note or {})):
        for language, text in texts.items():
            if language != "nl":
                attributes.append({
                    "id": hsds_id("attribute", pid, TRANSLATION_TAXONOMY, field, language),
                    "taxonomy_term": {"id": hsds_id("term", TRANSLATION_TAXONOMY, field,
                                                    language),
                                      "name": field, "description": TRANSLATED_FIELDS[field],
                                      "taxonomy": TRANSLATION_TAXONOMY, "language": language},
                    "value": text,
                })
    return attributes


def _drop_empty(record: dict) -> dict:
    """HSDS leaves out what is not known rather than writing null."""
    return {key: value for key, value in record.items() if value not in (None, [], "")}


def tables(found: list[dict]) -> dict[str, list[dict]]:
    """The services as the tables of an HSDS tabular data package: one row per object,
    nested objects linked by their parent's id."""
    rows: dict[str, list[dict]] = {name: [] for name in (
        "organization", "service", "phone", "schedule", "service_area", "language",
        "service_at_location", "location", "address", "attribute", "taxonomy_term")}
    terms: dict[str, dict] = {}
    for service in found:
        sid = service["id"]
        organization = service["organization"]
        rows["organization"].append(organization)
        rows["service"].append({**_scalars(service), "organization_id": organization["id"]})
        for name, key in (("phone", "phones"), ("schedule", "schedules"),
                          ("service_area", "service_areas"), ("language", "languages")):
            rows[name] += [{**_scalars(item), "service_id": sid} for item in service.get(key, [])]
        for at in service.get("service_at_locations", []):
            location = at["location"]
            rows["service_at_location"].append({"id": at["id"], "service_id": sid,
                                                "location_id": location["id"]})
            rows["location"].append({**_scalars(location), "organization_id": organization["id"]})
            rows["address"] += [{**address, "location_id": location["id"]}
                                for address in location.get("addresses", [])]
        for attribute in service.get("attributes", []):
            term = attribute["taxonomy_term"]
            terms.setdefault(term["id"], term)
            rows["attribute"].append({"id": attribute["id"], "link_id": sid,
                                      "taxonomy_term_id": term["id"], "link_type": "service",
                                      "link_entity": "service", "value": attribute["value"]})
    rows["taxonomy_term"] = list(terms.values())
    return rows


def _scalars(record: dict) -> dict:
    return {key: value for key, value in record.items() if not isinstance(value, list | dict)}


def _columns(table: str) -> tuple[str, list[dict]]:
    """A table's file name and its columns (the schema's fields that are not lists)."""
    items = _schema("tabular.json")["properties"][table]["items"]
    fields = [{"name": name, "type": spec.get("datapackage_type", spec.get("type")),
               **({"format": spec["format"]} if "format" in spec
                  and spec["format"] in ("email", "uri") else {})}
              for name, spec in items["properties"].items()
              if spec.get("type") not in ("array", "object")]
    return items["path"], fields


def write_package(directory: Path, rows: dict[str, list[dict]]) -> None:
    """The tables as CSV files with a datapackage.json that describes them."""
    resources = []
    for table, records in rows.items():
        path, fields = _columns(table)
        names = [column["name"] for column in fields]
        with (directory / path).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=names, extrasaction="raise")
            writer.writeheader()
            for record in records:
                writer.writerow({key: _cell(value) for key, value in record.items()})
        resources.append({"name": table, "path": path, "profile": "tabular-data-resource",
                          "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
                          "schema": {"fields": fields, "primaryKey": "id"}})
    package = {"name": "wegwijzer-directory", "profile": "tabular-data-package",
               "resources": resources}
    (directory / "datapackage.json").write_text(
        json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _cell(value) -> str:
    return "" if value is None else str(value)


def export(catalog: Catalog, directory: Path) -> int:
    """Write services.json, and the same as a CSV data package, to `directory`; every
    service and every table is checked against the schema first, and nothing is written
    when one fails. Returns the number of services."""
    found = services(catalog)
    problems = [f"{service['id']}: {line}" for service in found
                for line in schema_errors(service)]
    rows = tables(found)
    problems += [f"tables: {line}" for line in schema_errors(rows, "tabular.json")]
    if problems:
        raise InvalidExport("\n".join(problems))
    directory.mkdir(parents=True, exist_ok=True)
    (directory / SERVICES_FILE).write_text(
        json.dumps(found, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    write_package(directory, rows)
    return len(found)
