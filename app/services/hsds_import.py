"""HSDS 3.0 in: services (a list, an HSDS API page, or one service) become a providers
file that the loader accepts.

What an HSDS service holds and the directory needs is taken over: name, texts and their
translations, phones, e-mail, website, weekly hours, Dutch addresses, service areas,
languages, and the project's own attributes (kind, life domains, target groups, flags).
What the directory cannot hold (an address abroad, a monthly schedule, an area drawn as
GeoJSON) is left out and reported. A service that the HSDS schema refuses, or that names
no life domain when no default is given, is refused with file, line and field.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import ValidationError

from app.models.data_files import LocationRecord
from app.models.fields import split_postcode
from app.services import hsds
from app.services.sourced_yaml import SourcedYaml, YamlSyntaxError, read_sourced_yaml

PHONE = re.compile(r"^\+?[0-9][0-9 \-]{1,18}[0-9]$")
FLAGS = ("formal", "independent", "free", "names_danger", "home_visits")
DAYS = {value: key for key, value in hsds.WEEKDAYS.items()}
AREA_KINDS = {"national", "province", "place", "postcode_range"}


class ImportRefused(ValueError):
    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass
class Imported:
    providers: list[dict]
    left_out: list[str] = field(default_factory=list)  # what HSDS had and we cannot hold


def read_services(path: Path) -> tuple[SourcedYaml, list, tuple | None]:
    """The services in a file, and the path in the file to the list of them (None: the
    file is one service)."""
    try:
        source = read_sourced_yaml(path, path.name)  # JSON is YAML: lines come with it
    except YamlSyntaxError as error:
        raise ImportRefused([str(error)]) from None
    data = source.data
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        return source, data["contents"], ("contents",)
    if isinstance(data, dict):
        return source, [data], None
    if isinstance(data, list):
        return source, data, ()
    raise ImportRefused([f"{path.name}:1: not a list of HSDS services"])


def import_services(path: Path, default_domains: list[str] | None = None,
                    default_area: str | None = None) -> Imported:
    """`default_domains`, `default_area` ("national" or a place): for services that name
    no life domain, or whose area the directory cannot read (drawn as GeoJSON, abroad)."""
    source, services, prefix = read_services(path)
    errors: list[str] = []
    result = Imported([])
    used_ids: set[str] = set()

    def where(number: int, service, *rest) -> str:
        at = (*rest,) if prefix is None else (*prefix, number, *rest)
        name = service.get("name", f"#{number + 1}") if isinstance(service, dict) else number
        return f"{source.file}:{source.line_of(at)}: service '{name}'"

    for number, service in enumerate(services):
        if not isinstance(service, dict):
            errors.append(f"{where(number, {})}: not an object")
            continue
        refused = hsds.schema_errors(service)
        for line in refused:
            field_path, _, message = line.partition(": ")
            parts = [int(p) if p.isdigit() else p for p in field_path.split("/")
                     if field_path != "(service)"]
            errors.append(f"{where(number, service, *parts)}: {message} (field "
                          f"{field_path})")
        if refused:
            continue
        provider = _provider(service, default_domains, result.left_out)
        if not provider["service_area"] and default_area:
            provider["service_area"] = ({"national": True} if default_area == "national"
                                        else {"places": [default_area]})
        if not provider.get("domains"):
            errors.append(f"{where(number, service, 'attributes')}: names no life domain "
                          "(an attribute of taxonomy wegwijzer-domain); give --domain")
            continue
        base, count = provider["id"], 2
        while provider["id"] in used_ids:
            provider["id"], count = f"{base}-{count}", count + 1
        used_ids.add(provider["id"])
        result.providers.append(provider)
    if errors:
        raise ImportRefused(errors)
    return result


def _provider(service: dict, default_domains, left_out: list[str]) -> dict:
    name = service["name"].strip()
    terms = _terms(service)
    flags = {flag: _flag(terms.get(("wegwijzer-flag", flag))) for flag in FLAGS}
    phones = service.get("phones", [])
    voice = [p for p in phones if p.get("type", "voice") == "voice"]
    whatsapp = [p for p in phones if p.get("type") == "text"]
    provider = {
        "id": (terms.get(("wegwijzer-id",)) or [_slug(name)])[0],
        "name": name,
        "kind": (terms.get(("wegwijzer-kind",)) or ["informatie"])[0],
        "formal": flags["formal"] if flags["formal"] is not None else True,
        "financing": terms.get(("wegwijzer-financing",), []),
        "independent": bool(flags["independent"]),
        "free": flags["free"] if flags["free"] is not None else bool(
            re.search(r"\b(gratis|free)\b", service.get("fees_description", ""), re.I)),
        "names_danger": bool(flags["names_danger"]),
        "description": {"nl": service.get("description", "").strip() or name,
                        **_translations(service, "description")},
        "domains": terms.get(("wegwijzer-domain",)) or list(default_domains or []),
        "target_groups": terms.get(("wegwijzer-target-group",)) or ["iedereen"],
        "languages": [language["code"] for language in service.get("languages", [])
                      if re.fullmatch(r"[a-z]{2}", language.get("code", ""))] or ["nl"],
        "phone": _phone(voice[0]["number"], name, left_out) if voice else None,
        "email": service.get("email"),
        "website": service.get("url"),
        "whatsapp": _phone(whatsapp[0]["number"], name, left_out) if whatsapp else None,
        "home_visits": flags["home_visits"],
        "schedule": _schedule(service.get("schedules", []), name, left_out),
        "schedule_note": _schedule_note(service),
        "locations": _locations(service.get("service_at_locations", []), name, left_out),
        "service_area": _service_area(service.get("service_areas", []), name, left_out),
        "source": (terms.get(("wegwijzer-source", "contact")) or [None])[0],
        "last_verified": service.get("assured_date"),
    }
    # Every provider has a service area and a last_verified, even when empty.
    return {key: value for key, value in provider.items()
            if value not in (None, [], {}) or key in ("service_area", "last_verified")}


def _terms(service: dict) -> dict[tuple, list[str]]:
    """Attribute values by (taxonomy,) and by (taxonomy, term name)."""
    found: dict[tuple, list[str]] = {}
    for attribute in service.get("attributes", []):
        term = attribute.get("taxonomy_term") or {}
        taxonomy, value = term.get("taxonomy"), attribute.get("value")
        if taxonomy and value is not None:
            found.setdefault((taxonomy,), []).append(value)
            found.setdefault((taxonomy, term.get("name")), []).append(value)
    return found


def _flag(values: list[str] | None) -> bool | None:
    return {"true": True, "false": False}.get(values[0]) if values else None


def _translations(service: dict, name: str) -> dict[str, str]:
    return {term["language"]: attribute["value"]
            for attribute in service.get("attributes", [])
            if (term := attribute.get("taxonomy_term") or {}).get("taxonomy")
            == hsds.TRANSLATION_TAXONOMY and term.get("name") == name and term.get("language")}


def _phone(number: str, name: str, left_out: list[str]) -> str | None:
    cleaned = number.strip().strip('"').strip()
    if PHONE.fullmatch(cleaned):
        return cleaned
    left_out.append(f"{name}: phone number '{number}' is not one the directory can dial")
    return None


def _schedule(schedules: list[dict], name: str, left_out: list[str]) -> list[dict]:
    hours = []
    for schedule in schedules:
        opens, closes = schedule.get("opens_at", "")[:5], schedule.get("closes_at", "")[:5]
        days = [day.strip() for day in schedule.get("byday", "").split(",") if day.strip()]
        if schedule.get("freq") == "WEEKLY" and opens and closes and days \
                and all(day in DAYS for day in days):
            hours += [{"weekday": DAYS[day], "opens": opens, "closes": closes} for day in days]
        elif opens or days:
            left_out.append(f"{name}: a schedule other than weekly hours")
    return hours


def _schedule_note(service: dict) -> dict | None:
    notes = [s["description"] for s in service.get("schedules", []) if s.get("description")]
    if not notes:
        return None
    return {"nl": notes[0], **_translations(service, "schedule_note")}


def _locations(at_locations: list[dict], name: str, left_out: list[str]) -> list[dict]:
    locations = []
    for at in at_locations:
        location = at.get("location") or {}
        address = next((a for a in location.get("addresses", [])
                        if a.get("country", "NL").upper() in ("NL", "NLD")), None)
        if address is None or split_postcode(address.get("postal_code", "")) is None:
            left_out.append(f"{name}: a location outside the Netherlands or without postcode")
            continue
        record = {key: value for key, value in {
            "name": location.get("name"),
            "address": address.get("address_1") or None,
            "postcode": address["postal_code"],
            "city": address.get("city"),
            "latitude": location.get("latitude"),
            "longitude": location.get("longitude"),
        }.items() if value is not None}
        try:  # coordinates outside the Netherlands (the data file's rule) are left out
            LocationRecord.model_validate(record)
        except ValidationError:
            record.pop("latitude", None)
            record.pop("longitude", None)
        locations.append(record)
    return locations


def _service_area(areas: list[dict], name: str, left_out: list[str]) -> dict:
    area: dict = {}
    for item in areas:
        kind = item.get("extent") if item.get("extent_type") == "text" else None
        if kind == "national":
            area["national"] = True
        elif kind == "province":
            area.setdefault("provinces", []).append(item["name"])
        elif kind == "place":
            area.setdefault("places", []).append(item["name"])
        elif kind == "postcode_range":
            area.setdefault("postcode_ranges", []).append(item["name"])
        else:
            left_out.append(f"{name}: service area '{item.get('name', '')[:60]}' "
                            "(not a place, province or the country)")
    return area


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "service"


def providers_file(imported: Imported, target_groups: list[dict],
                   municipalities: list[dict]) -> str:
    """A providers.yaml with the imported providers and this directory's target groups and
    municipalities (the providers refer to them)."""
    document = {"target_groups": target_groups}
    if municipalities:
        document["municipalities"] = municipalities
    document["providers"] = imported.providers
    return ("# Imported from HSDS 3.0 by python -m app import-hsds.\n"
            + yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100))
