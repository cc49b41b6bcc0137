"""Reading and validating the data files (the error wording is in data_errors.py, the
cross-references in references.py).

The files in data/ are the source. They are read whole and checked, cross-references
too, and every error is named by file, line and field; only a valid set becomes a
DataSnapshot, so invalid data never replaces valid data.
"""

import csv
import hashlib
import json
from pathlib import Path

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
from app.models.fields import LATITUDES, LONGITUDES
from app.services.bulk import collector_paused
from app.services.data_errors import validation_messages
from app.services.references import POSTCODES_FILE, reference_errors
from app.services.sourced_yaml import SourcedYaml, YamlSyntaxError, read_sourced_yaml

DATA_FILES = {
    "wegwijzers": ("wegwijzers.yaml", WegwijzersFile),
    "red_flags": ("red_flags.yaml", RedFlagsFile),
    "providers": ("providers.yaml", ProvidersFile),
    "examples": ("examples.yaml", ExamplesFile),
}
POSTCODE_COLUMNS = ["postcode", "place", "province", "latitude", "longitude"]

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
            errors.extend(validation_messages(sources[key], error))
    if not errors:
        errors.extend(reference_errors(sources, documents, postcodes))
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
    """The version of the data files: a hash of their bytes, known before they are read,
    and of the shape the code gives them, so that a code change that reads them otherwise
    stores them again rather than finding a stored version it cannot read."""
    digest = hashlib.sha256(SNAPSHOT_SHAPE)
    for filename in sorted([name for name, _ in DATA_FILES.values()] + [POSTCODES_FILE]):
        digest.update(filename.encode())
        digest.update((data_dir / filename).read_bytes())
    return digest.hexdigest()[:12]


SNAPSHOT_SHAPE = json.dumps(DataSnapshot.model_json_schema(), sort_keys=True).encode()


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
    if not (LATITUDES[0] <= latitude <= LATITUDES[1]
            and LONGITUDES[0] <= longitude <= LONGITUDES[1]):
        errors.append(f"{where}: {latitude},{longitude} lies outside the Netherlands")
        return None
    return latitude, longitude


def in_memory_catalog(data_dir: Path):
    """The data files as the app would serve them, without a database: for the commands,
    the benchmarks and the tests, and for a process that starts while the database is
    down."""
    from app.services.catalog import build_catalog

    return build_catalog(read_data(data_dir))
