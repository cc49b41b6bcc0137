"""Reading and validating the data files.

The files in data/ are the source. They are read whole and checked, cross-references
too, and every error is named by file, line and field; only a valid set becomes a
DataSnapshot, so invalid data never replaces valid data.
"""

import csv
import hashlib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from app.config import PROJECT_DIR
from app.models.data_files import (
    DataSnapshot,
    ExamplesFile,
    Place,
    ProvidersFile,
    Province,
    RedFlagsFile,
    WegwijzersFile,
)
from app.services.bulk import collector_paused
from app.services.sourced_yaml import SourcedYaml, YamlSyntaxError, read_sourced_yaml

DATA_FILES = {
    "wegwijzers": ("wegwijzers.yaml", WegwijzersFile),
    "red_flags": ("red_flags.yaml", RedFlagsFile),
    "providers": ("providers.yaml", ProvidersFile),
    "examples": ("examples.yaml", ExamplesFile),
}
POSTCODES_FILE = "postcodes.csv"
POSTCODE_COLUMNS = ["postcode", "place", "province", "latitude", "longitude"]

# How a record is named in an error: the collection key, its singular, its id field.
_RECORD_NAMES = {
    "domains": "domain",
    "roles": "role",
    "referrers": "referrer",
    "cells": "cell",
    "situations": "situation",
    "signals": "signal",
    "crisis_lines": "crisis line",
    "advice": "advice",
    "target_groups": "target group",
    "providers": "provider",
    "municipalities": "municipality",
}


class DataError(Exception):
    """The data files have errors; each message names file, line and field."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


def read_data(data_dir: Path) -> DataSnapshot:
    """Validate every data file; raise DataError listing all errors found."""
    with collector_paused():
        return _read_data(data_dir)


def _read_data(data_dir: Path) -> DataSnapshot:
    errors: list[str] = []
    postcodes = _read_postcodes(data_dir / POSTCODES_FILE, errors)
    sources: dict[str, SourcedYaml] = {}
    documents: dict[str, BaseModel] = {}
    for key, (filename, schema) in DATA_FILES.items():
        path = data_dir / filename
        shown_as = _shown(path)
        if not path.is_file():
            errors.append(f"{shown_as}: file is missing")
            continue
        try:
            sources[key] = read_sourced_yaml(path, shown_as)
        except YamlSyntaxError as error:
            errors.append(str(error))
            continue
        try:
            documents[key] = schema.model_validate(sources[key].data)
        except ValidationError as error:
            errors.extend(_validation_messages(sources[key], error))
    if not errors:
        errors.extend(_reference_errors(sources, documents, postcodes))
    if errors:
        raise DataError(errors)
    return DataSnapshot(
        version=files_version(data_dir),
        wegwijzers=documents["wegwijzers"],
        red_flags=documents["red_flags"],
        providers=documents["providers"],
        examples=documents["examples"],
        postcodes=postcodes,
    )


def _shown(path: Path) -> str:
    for base in (Path.cwd(), PROJECT_DIR):
        try:
            return str(path.resolve().relative_to(base))
        except ValueError:
            continue
    return str(path)


def files_version(data_dir: Path) -> str:
    """The version of the data files: a hash of their bytes, known before they are read."""
    digest = hashlib.sha256()
    for filename in sorted([name for name, _ in DATA_FILES.values()] + [POSTCODES_FILE]):
        digest.update(filename.encode())
        digest.update((data_dir / filename).read_bytes())
    return digest.hexdigest()[:12]


# --- postcodes.csv --------------------------------------------------------------------


def _read_postcodes(path: Path, errors: list[str]) -> dict[str, Place]:
    shown_as = _shown(path)
    if not path.is_file():
        errors.append(f"{shown_as}: file is missing")
        return {}
    areas: dict[str, Place] = {}
    provinces = set(Province.__args__)
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != POSTCODE_COLUMNS:
            errors.append(f"{shown_as}:1: the header must be {','.join(POSTCODE_COLUMNS)}")
            return {}
        for row in reader:
            where = f"{shown_as}:{reader.line_num}"
            code = row["postcode"] or ""
            if not (len(code) == 4 and code.isdigit() and code[0] != "0"):
                errors.append(f"{where}: postcode '{code}' is not a 4-digit Dutch postcode")
                continue
            if code in areas:
                errors.append(f"{where}: postcode '{code}' appears twice")
                continue
            if row["province"] not in provinces:
                errors.append(f"{where}: province '{row['province']}' is not a Dutch province")
                continue
            if not row["place"]:
                errors.append(f"{where}: postcode '{code}' has no place (field place)")
                continue
            coordinates = _coordinates(row, where, errors)
            if coordinates:
                latitude, longitude = coordinates
                areas[code] = Place(postcode=code, place=row["place"],
                                    province=row["province"], latitude=latitude,
                                    longitude=longitude)
    return areas


def _coordinates(row: dict, where: str, errors: list[str]) -> tuple[float, float] | None:
    try:
        latitude, longitude = float(row["latitude"]), float(row["longitude"])
    except (TypeError, ValueError):
        errors.append(f"{where}: latitude and longitude must be numbers (field latitude)")
        return None
    if not (50.7 <= latitude <= 53.6 and 3.3 <= longitude <= 7.3):
        errors.append(f"{where}: {latitude},{longitude} lies outside the Netherlands")
        return None
    return latitude, longitude


# --- error messages -------------------------------------------------------------------


def _located(source: SourcedYaml, path: tuple, message: str) -> str:
    """`file:line: provider 'x': message (field a[0].b)` for a value at `path`."""
    line = source.line_of(path)
    subject, field_path = "", path
    if len(path) >= 2 and path[0] in _RECORD_NAMES and isinstance(path[1], int):
        record = (source.data or {}).get(path[0], [])[path[1]]
        label = _RECORD_NAMES[path[0]]
        record_id = _record_id(record)
        subject = f"{label} '{record_id}': " if record_id else f"{label} #{path[1] + 1}: "
        field_path = path[2:]
    field = _field_name(field_path)
    return f"{source.file}:{line}: {subject}{message}" + (f" (field {field})" if field else "")


def _record_id(record) -> str | None:
    if not isinstance(record, dict):
        return None
    if "domain" in record and "role" in record:
        return f"{record['domain']}/{record['role']}"
    return record.get("id", record.get("level", record.get("name")))


def _field_name(path: tuple) -> str:
    name = ""
    for part in path:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name


def _validation_messages(source: SourcedYaml, error: ValidationError) -> list[str]:
    messages = []
    for detail in error.errors():
        path = tuple(part for part in detail["loc"] if part != "[key]")
        messages.append(_located(source, path, _describe(detail)))
    return messages


def _describe(detail: dict[str, Any]) -> str:
    kind, message, given = detail["type"], detail["msg"], detail.get("input")
    if kind == "missing":
        return "a required field is missing"
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "value_error":
        return message.removeprefix("Value error, ")
    if isinstance(given, str | int | float | bool) or given is None:
        shown = repr(given)
        return f"{message}, not {shown[:60]}"
    return message


# --- cross-references -----------------------------------------------------------------


def _reference_errors(
    sources: dict[str, SourcedYaml],
    documents: dict[str, Any],
    postcodes: dict[str, Place],
) -> list[str]:
    wegwijzers: WegwijzersFile = documents["wegwijzers"]
    red_flags: RedFlagsFile = documents["red_flags"]
    providers: ProvidersFile = documents["providers"]
    errors: list[str] = []

    def error(key: str, path: tuple, message: str) -> None:
        errors.append(_located(sources[key], path, message))

    for key, collection in [
        ("wegwijzers", "domains"), ("wegwijzers", "roles"), ("wegwijzers", "referrers"),
        ("wegwijzers", "situations"), ("red_flags", "roles"), ("red_flags", "signals"),
        ("red_flags", "crisis_lines"), ("providers", "target_groups"),
        ("providers", "providers"),
    ]:
        # Lines are looked up only for an error: finding them means reading the file again.
        first_index: dict[str, int] = {}
        for index, record in enumerate(getattr(documents[key], collection)):
            if record.id in first_index:
                first_line = sources[key].line_of((collection, first_index[record.id]))
                error(key, (collection, index, "id"), f"duplicate id, also at line {first_line}")
            else:
                first_index[record.id] = index

    domain_ids = {domain.id for domain in wegwijzers.domains}
    role_ids = {role.id for role in wegwijzers.roles}
    situation_ids = {situation.id for situation in wegwijzers.situations}
    for situation_id in documents["examples"].situations:
        if situation_id not in situation_ids:
            error("examples", ("situations", situation_id),
                  f"situation '{situation_id}' is not in wegwijzers.yaml")
    for missing in sorted(set(_literal_values("DomainId")) - domain_ids):
        error("wegwijzers", ("domains",), f"domain '{missing}' is missing")
    for missing in sorted(set(_literal_values("RoleId")) - role_ids):
        error("wegwijzers", ("roles",), f"role '{missing}' is missing")
    referrer_ids = {referrer.id for referrer in wegwijzers.referrers}
    placed: set[str] = set()
    seen_cells: dict[tuple[str, str], int] = {}
    for index, cell in enumerate(wegwijzers.cells):
        key = (cell.domain, cell.role)
        if key in seen_cells:
            first_line = sources["wegwijzers"].line_of(("cells", seen_cells[key]))
            error("wegwijzers", ("cells", index),
                  f"cell {cell.domain}/{cell.role} appears twice, also at line {first_line}")
        seen_cells.setdefault(key, index)
        for referrer_index, referrer_id in enumerate(cell.referrers):
            placed.add(referrer_id)
            if referrer_id not in referrer_ids:
                error("wegwijzers", ("cells", index, "referrers", referrer_index),
                      f"unknown referrer '{referrer_id}'")
    for index, referrer in enumerate(wegwijzers.referrers):
        if referrer.id not in placed:
            error("wegwijzers", ("referrers", index), "stands in no cell of the table")

    crisis_ids = {line.id for line in red_flags.crisis_lines}
    for index, situation in enumerate(wegwijzers.situations):
        for line_index, line_id in enumerate(situation.crisis_lines):
            if line_id not in crisis_ids:
                error("wegwijzers", ("situations", index, "crisis_lines", line_index),
                      f"unknown crisis line '{line_id}'")

    professional_roles = {role.id for role in red_flags.roles} | {"all"}
    for index, signal in enumerate(red_flags.signals):
        for role_index, role_id in enumerate(signal.roles):
            if role_id not in professional_roles:
                error("red_flags", ("signals", index, "roles", role_index),
                      f"unknown role '{role_id}'")

    target_groups = {group.id for group in providers.target_groups}
    for index, situation in enumerate(wegwijzers.situations):
        for group_index, group in enumerate(situation.target_groups):
            if group not in target_groups:
                error("wegwijzers", ("situations", index, "target_groups", group_index),
                      f"unknown target group '{group}' (see providers.yaml)")
    places = {area.place for area in postcodes.values()}
    for index, municipality in enumerate(providers.municipalities):
        for place_index, place in enumerate(municipality.places):
            if place not in places:
                error("providers", ("municipalities", index, "places", place_index),
                      f"place '{place}' is not in {POSTCODES_FILE}")
    for index, provider in enumerate(providers.providers):
        for group_index, group in enumerate(provider.target_groups):
            if group not in target_groups:
                error("providers", ("providers", index, "target_groups", group_index),
                      f"unknown target group '{group}'")
        for place_index, place in enumerate(provider.service_area.places):
            if place not in places:
                error("providers", ("providers", index, "service_area", "places", place_index),
                      f"place '{place}' is not in {POSTCODES_FILE}")
        for location_index, location in enumerate(provider.locations):
            if location.postcode[:4] not in postcodes:
                error("providers", ("providers", index, "locations", location_index, "postcode"),
                      f"postcode '{location.postcode}' is not in {POSTCODES_FILE}")
    return errors


def _literal_values(name: str) -> tuple[str, ...]:
    from app.models import fields

    return getattr(fields, name).__args__


def in_memory_catalog(data_dir: Path):
    """The data files as the app would serve them, without a database: for the commands,
    the benchmarks and the tests, and for a process that starts while the database is
    down."""
    from app.services.catalog import build_catalog

    return build_catalog(read_data(data_dir))
