"""Loading the data files: every error names file, line and field; nothing half-loaded."""

import subprocess
import sys
from pathlib import Path

import pytest

from app.config import PROJECT_DIR
from app.services.loading import DataError, read_data
from tests.conftest import DATA_DIR


def errors_of(data_dir: Path) -> list[str]:
    with pytest.raises(DataError) as raised:
        read_data(data_dir)
    return raised.value.messages


def line_of(path: Path, text: str) -> int:
    """The line number of the first line of `path` that contains `text`."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if text in line:
            return number
    raise AssertionError(f"{text!r} not in {path}")


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def append_provider(data_dir: Path, yaml_text: str) -> Path:
    path = data_dir / "providers.yaml"
    path.write_text(path.read_text(encoding="utf-8") + yaml_text, encoding="utf-8")
    return path


NEW_PROVIDER = """
  - id: test-twente
    name: Test Twente
    kind: clientondersteuning
    formal: true
    independent: true
    free: true
    description: {nl: Test.}
    domains: [financien]
    target_groups: [iedereen]
    website: https://www.example.org/test-twente
    locations:
      - city: Enschede
        postcode: "75AB"
    service_area: {places: [Enschede]}
    last_verified: null
"""
# The same provider with a valid postcode: a test breaks one other field of it.
VALID_PROVIDER = NEW_PROVIDER.replace('"75AB"', '"7511 AB"')


def test_the_real_data_files_are_valid():
    data = read_data(DATA_DIR)
    assert len(data.wegwijzers.domains) == 6
    assert len(data.wegwijzers.referrers) == 70
    assert len(data.providers.providers) >= 40
    assert len(data.red_flags.signals) >= 10


def test_a_bad_postcode_is_named_with_file_line_provider_and_field(data_copy):
    path = append_provider(data_copy, NEW_PROVIDER)
    (message,) = errors_of(data_copy)
    line = line_of(path, '"75AB"')
    assert message.endswith(
        f"providers.yaml:{line}: provider 'test-twente': postcode '75AB' is not a Dutch "
        "postcode (field locations[0].postcode)"
    )


def test_a_municipality_with_an_unknown_place_is_refused_with_its_line(data_copy):
    path = data_copy / "providers.yaml"
    replace_in(path, "    places: [Haarlem]\n    source: https://zoek", "    places: [Harlem]\n"
               "    source: https://zoek")
    (message,) = errors_of(data_copy)
    assert message.endswith(f"providers.yaml:{line_of(path, '[Harlem]')}: municipality 'Haarlem': "
                            "place 'Harlem' is not in postcodes.csv (field places[0])")


def test_a_missing_field_points_at_its_record(data_copy):
    path = append_provider(data_copy, VALID_PROVIDER.replace(
        "    kind: clientondersteuning\n", ""))
    (message,) = errors_of(data_copy)
    line = line_of(path, "- id: test-twente")
    assert f"providers.yaml:{line}: provider 'test-twente': a required field is missing " \
           "(field kind)" in message


def test_an_unknown_field_is_an_error_not_ignored(data_copy):
    path = append_provider(data_copy, VALID_PROVIDER.replace(
        "    free: true\n", "    free: true\n    phonenumber: '053-1234567'\n"))
    (message,) = errors_of(data_copy)
    assert f"providers.yaml:{line_of(path, 'phonenumber')}: provider 'test-twente': " \
           "unknown field (field phonenumber)" in message


def test_duplicate_ids_name_both_lines(data_copy):
    path = append_provider(data_copy, VALID_PROVIDER)
    append_provider(data_copy, VALID_PROVIDER)
    (message,) = errors_of(data_copy)
    first = line_of(path, "- id: test-twente")
    assert "provider 'test-twente': duplicate id, also at line " + str(first) in message


def test_dangling_references_are_errors(data_copy):
    wegwijzers = data_copy / "wegwijzers.yaml"
    replace_in(wegwijzers, "      - thuisadministratie\n", "      - thuisadministratei\n")
    providers = append_provider(data_copy, VALID_PROVIDER.replace(
        "target_groups: [iedereen]", "target_groups: [everybody]").replace(
        "places: [Enschede]", "places: [Atlantis]"))
    messages = errors_of(data_copy)
    assert any(f"wegwijzers.yaml:{line_of(wegwijzers, 'thuisadministratei')}: cell "
               "'financien/toeleiden': unknown referrer 'thuisadministratei'" in m
               for m in messages), messages
    assert any("referrer 'thuisadministratie': stands in no cell" in m for m in messages)
    assert any(f"providers.yaml:{line_of(providers, 'everybody')}: provider 'test-twente': "
               "unknown target group 'everybody'" in m for m in messages), messages
    assert any("place 'Atlantis' is not in postcodes.csv" in m for m in messages), messages


def test_an_unknown_domain_is_refused_with_its_line(data_copy):
    path = append_provider(data_copy, VALID_PROVIDER.replace(
        "domains: [financien]", "domains: [financien, geld]"))
    (message,) = errors_of(data_copy)
    assert f"providers.yaml:{line_of(path, 'geld]')}: provider 'test-twente':" in message
    assert "'geld'" in message and "(field domains[1])" in message


def test_invalid_yaml_names_the_line(data_copy):
    path = data_copy / "red_flags.yaml"
    replace_in(path, "  - id: eenzaam\n", "  - id: eenzaam\n   broken: [\n")
    (message,) = errors_of(data_copy)
    assert message.startswith("data/red_flags.yaml:") or "red_flags.yaml:" in message
    assert "not valid YAML" in message


def test_a_key_twice_is_an_error(data_copy):
    path = data_copy / "red_flags.yaml"
    replace_in(path, "  - id: eenzaam\n", "  - id: eenzaam\n    id: alleen\n")
    (message,) = errors_of(data_copy)
    assert f"red_flags.yaml:{line_of(path, 'id: alleen')}: key 'id' appears twice" in message


def test_a_bad_postcode_row_names_its_line(data_copy):
    path = data_copy / "postcodes.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[5] = lines[5].split(",")[0] + ",Ergens,Noord-Holland,abc,4.5"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (message,) = errors_of(data_copy)
    assert message.startswith(f"{path}:6:") or ":6: latitude" in message
    assert "latitude and longitude must be numbers" in message


def test_a_missing_file_is_named(data_copy):
    (data_copy / "red_flags.yaml").unlink()
    assert any("red_flags.yaml: file is missing" in m for m in errors_of(data_copy))


def test_check_data_command_passes_on_the_real_data():
    result = subprocess.run([sys.executable, "-m", "app", "check-data"], cwd=PROJECT_DIR,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "valid" in result.stdout


def test_check_data_command_fails_with_the_messages(data_copy):
    append_provider(data_copy, NEW_PROVIDER)
    result = subprocess.run(
        [sys.executable, "-m", "app", "check-data", "--data-dir", str(data_copy)],
        cwd=PROJECT_DIR, capture_output=True, text=True,
    )
    assert result.returncode == 1
    assert "postcode '75AB' is not a Dutch postcode" in result.stderr
    assert "nothing was loaded" in result.stderr


def test_a_domain_listed_twice_is_refused_with_its_line(data_copy):
    path = append_provider(data_copy, VALID_PROVIDER.replace(
        "domains: [financien]", "domains: [financien, wonen, financien]"))
    (message,) = errors_of(data_copy)
    line = line_of(path, "[financien, wonen, financien]")
    assert f"providers.yaml:{line}: provider 'test-twente': 'financien' is listed twice " \
           "(field domains)" in message


def test_advice_levels_must_run_from_urgent_to_none(data_copy):
    path = data_copy / "red_flags.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - level: none")
    none_block = text[start:]
    text = text[:start].replace("advice:\n", "advice:\n" + none_block, 1)
    path.write_text(text, encoding="utf-8")
    (message,) = errors_of(data_copy)
    assert "advice must list the levels acute, refer, inform, none" in message


def test_examples_of_an_unknown_situation_or_language_are_refused_with_their_line(data_copy):
    examples = data_copy / "examples.yaml"
    replace_in(examples, "  schulden:\n", "  schuld:\n")
    (message,) = errors_of(data_copy)
    assert f"examples.yaml:{line_of(examples, '  schuld:')}: " in message
    assert "situation 'schuld' is not in wegwijzers.yaml" in message
    replace_in(examples, "  schuld:\n", "  schulden:\n")
    replace_in(examples, "    nl:\n", "    nederlands:\n", count=1)
    (message,) = errors_of(data_copy)
    assert f"examples.yaml:{line_of(examples, 'nederlands:')}:" in message


def test_anchors_several_documents_and_list_keys_in_yaml(data_copy):
    """YAML's anchors work as in any reader; what a data file cannot hold is named."""
    anchored = data_copy / "providers.yaml"
    replace_in(anchored, "languages: [nl]", "languages: &dutch [nl]")
    replace_in(anchored, "languages: [nl]", "languages: *dutch")
    assert read_data(data_copy).providers.providers[1].languages == ["nl"]
    for broken, message in [("\n---\nextra: 1\n", "holds one YAML document"),
                            ("\n? [a, b]\n: 1\n", "a key must be a single value"),
                            ("\nbase: &base {a: 1}\nmore:\n  <<: *base\n",
                             "merge keys \\(<<\\) are not supported")]:
        copy = data_copy / "red_flags.yaml"
        text = copy.read_text(encoding="utf-8")
        copy.write_text(text + broken, encoding="utf-8")
        with pytest.raises(DataError, match=f"red_flags.yaml:[0-9]+: .*{message}"):
            read_data(data_copy)
        copy.write_text(text, encoding="utf-8")
