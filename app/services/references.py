"""Cross-references between the data files: every id a record names exists, ids are
unique, and the wegwijzer table is whole. Each check adds messages that name file, line
and field (app/services/data_errors.py)."""

from collections.abc import Callable
from typing import Any

from app.models import fields
from app.models.data_files import Place, ProvidersFile, RedFlagsFile, WegwijzersFile
from app.services.data_errors import located
from app.services.sourced_yaml import SourcedYaml

POSTCODES_FILE = "postcodes.csv"

# Adds a message about the value at a path in one data file ("wegwijzers", ...).
Report = Callable[[str, tuple, str], None]

# The collections whose records have ids that must be unique within them.
UNIQUE_IDS = [
    ("wegwijzers", "domains"), ("wegwijzers", "roles"), ("wegwijzers", "referrers"),
    ("wegwijzers", "situations"), ("red_flags", "roles"), ("red_flags", "signals"),
    ("red_flags", "crisis_lines"), ("providers", "target_groups"),
    ("providers", "providers"),
]


def reference_errors(sources: dict[str, SourcedYaml], documents: dict[str, Any],
                     postcodes: dict[str, Place]) -> list[str]:
    errors: list[str] = []

    def report(key: str, path: tuple, message: str) -> None:
        errors.append(located(sources[key], path, message))

    wegwijzers: WegwijzersFile = documents["wegwijzers"]
    red_flags: RedFlagsFile = documents["red_flags"]
    providers: ProvidersFile = documents["providers"]
    _unique_ids(sources, documents, report)
    _wegwijzer_table(sources["wegwijzers"], wegwijzers, report)
    _situations(wegwijzers, documents["examples"], red_flags, providers, report)
    _signal_roles(red_flags, report)
    _providers(providers, postcodes, report)
    return errors


def _unique_ids(sources: dict[str, SourcedYaml], documents: dict[str, Any],
                report: Report) -> None:
    for key, collection in UNIQUE_IDS:
        # Lines are looked up only for an error: finding them means reading the file again.
        first_index: dict[str, int] = {}
        for index, record in enumerate(getattr(documents[key], collection)):
            if record.id in first_index:
                first_line = sources[key].line_of((collection, first_index[record.id]))
                report(key, (collection, index, "id"), f"duplicate id, also at line {first_line}")
            else:
                first_index[record.id] = index


def _wegwijzer_table(source: SourcedYaml, wegwijzers: WegwijzersFile,
                     report: Report) -> None:
    """Every domain and role there, each cell once, every referrer known and placed."""
    domain_ids = {domain.id for domain in wegwijzers.domains}
    role_ids = {role.id for role in wegwijzers.roles}
    for missing in sorted(set(fields.DomainId.__args__) - domain_ids):
        report("wegwijzers", ("domains",), f"domain '{missing}' is missing")
    for missing in sorted(set(fields.RoleId.__args__) - role_ids):
        report("wegwijzers", ("roles",), f"role '{missing}' is missing")
    referrer_ids = {referrer.id for referrer in wegwijzers.referrers}
    placed: set[str] = set()
    seen_cells: dict[tuple[str, str], int] = {}
    for index, cell in enumerate(wegwijzers.cells):
        key = (cell.domain, cell.role)
        if key in seen_cells:
            first_line = source.line_of(("cells", seen_cells[key]))
            report("wegwijzers", ("cells", index),
                   f"cell {cell.domain}/{cell.role} appears twice, also at line {first_line}")
        seen_cells.setdefault(key, index)
        for referrer_index, referrer_id in enumerate(cell.referrers):
            placed.add(referrer_id)
            if referrer_id not in referrer_ids:
                report("wegwijzers", ("cells", index, "referrers", referrer_index),
                       f"unknown referrer '{referrer_id}'")
    for index, referrer in enumerate(wegwijzers.referrers):
        if referrer.id not in placed:
            report("wegwijzers", ("referrers", index), "stands in no cell of the table")


def _situations(wegwijzers: WegwijzersFile, examples, red_flags: RedFlagsFile,
                providers: ProvidersFile, report: Report) -> None:
    """Examples of known situations; situations name known crisis lines and groups."""
    situation_ids = {situation.id for situation in wegwijzers.situations}
    for situation_id in examples.situations:
        if situation_id not in situation_ids:
            report("examples", ("situations", situation_id),
                   f"situation '{situation_id}' is not in wegwijzers.yaml")
    crisis_ids = {line.id for line in red_flags.crisis_lines}
    target_groups = {group.id for group in providers.target_groups}
    for index, situation in enumerate(wegwijzers.situations):
        for line_index, line_id in enumerate(situation.crisis_lines):
            if line_id not in crisis_ids:
                report("wegwijzers", ("situations", index, "crisis_lines", line_index),
                       f"unknown crisis line '{line_id}'")
        for group_index, group in enumerate(situation.target_groups):
            if group not in target_groups:
                report("wegwijzers", ("situations", index, "target_groups", group_index),
                       f"unknown target group '{group}' (see providers.yaml)")


def _signal_roles(red_flags: RedFlagsFile, report: Report) -> None:
    professional_roles = {role.id for role in red_flags.roles} | {"all"}
    for index, signal in enumerate(red_flags.signals):
        for role_index, role_id in enumerate(signal.roles):
            if role_id not in professional_roles:
                report("red_flags", ("signals", index, "roles", role_index),
                       f"unknown role '{role_id}'")


def _providers(providers: ProvidersFile, postcodes: dict[str, Place],
               report: Report) -> None:
    """Known target groups, and places and postcodes that postcodes.csv has."""
    target_groups = {group.id for group in providers.target_groups}
    places = {area.place for area in postcodes.values()}
    for index, municipality in enumerate(providers.municipalities):
        for place_index, place in enumerate(municipality.places):
            if place not in places:
                report("providers", ("municipalities", index, "places", place_index),
                       f"place '{place}' is not in {POSTCODES_FILE}")
    for index, provider in enumerate(providers.providers):
        for group_index, group in enumerate(provider.target_groups):
            if group not in target_groups:
                report("providers", ("providers", index, "target_groups", group_index),
                       f"unknown target group '{group}'")
        for place_index, place in enumerate(provider.service_area.places):
            if place not in places:
                report("providers", ("providers", index, "service_area", "places",
                                     place_index),
                       f"place '{place}' is not in {POSTCODES_FILE}")
        for location_index, location in enumerate(provider.locations):
            if location.postcode[:4] not in postcodes:
                report("providers", ("providers", index, "locations", location_index,
                                     "postcode"),
                       f"postcode '{location.postcode}' is not in {POSTCODES_FILE}")
