"""data/wegwijzers.yaml holds the seed table (shared/seeds/003, its last 7 lines, copied
to tests/data/seed_table.tsv) cell by cell."""

import re
from pathlib import Path

import pytest

from app.models.data_files import WegwijzersFile
from app.services.sourced_yaml import read_sourced_yaml
from tests.conftest import DATA_DIR

SEED_TABLE = Path(__file__).parent / "data" / "seed_table.tsv"
DOMAIN_IDS = {
    "Financiën": "financien", "Jeugd/gezin": "jeugd-gezin", "Werken": "werken",
    "Wonen": "wonen", "Gezondheid": "gezondheid", "Sociale relaties": "sociale-relaties",
}
ROLE_IDS = ["toeleiden", "informeren-adviseren", "signaleren"]
# Spelling mistakes in the seed that the data file corrects on purpose.
CORRECTIONS = {"schuldhelpverlener": "schuldhulpverlener"}


def normalized(text: str) -> str:
    """Compare names as words: undo the seed's line-break hyphens and slash spacing."""
    text = re.sub(r"</?i>", "", text).casefold()
    text = re.sub(r"(\w)- (\w)", r"\1\2", text)  # "Transferverpleegkun- dige"
    text = re.sub(r"\s*/\s*", "/", text)
    for wrong, right in CORRECTIONS.items():
        text = text.replace(wrong, right)
    return " ".join(text.rstrip(".").split())


def seed_cells() -> dict[tuple[str, str], str]:
    rows = SEED_TABLE.read_text(encoding="utf-8").splitlines()[1:]
    cells = {}
    for row in rows:
        domain, *texts = row.split("\t")
        texts += [""] * (len(ROLE_IDS) - len(texts))
        for role, text in zip(ROLE_IDS, texts, strict=True):
            cells[(DOMAIN_IDS[domain], role)] = text
    return cells


@pytest.fixture(scope="module")
def wegwijzers():
    source = read_sourced_yaml(DATA_DIR / "wegwijzers.yaml", "data/wegwijzers.yaml")
    return WegwijzersFile.model_validate(source.data)


def test_the_seed_table_has_six_domains_and_three_roles():
    cells = seed_cells()
    assert len(cells) == 18
    assert cells[("gezondheid", "signaleren")] == ""


@pytest.mark.parametrize("cell", sorted(seed_cells()))
def test_each_cell_names_the_seed_referrers_in_order(wegwijzers, cell):
    names_by_id = {referrer.id: referrer.name["nl"] for referrer in wegwijzers.referrers}
    (listed,) = [c.referrers for c in wegwijzers.cells if (c.domain, c.role) == cell]
    names = [names_by_id[referrer_id] for referrer_id in listed]
    assert normalized(" ".join(names)) == normalized(seed_cells()[cell])


def test_sportvereniging_and_vluchtelingenwerk_stand_in_two_cells(wegwijzers):
    def cells_of(referrer_id):
        return [f"{c.domain}/{c.role}" for c in wegwijzers.cells if referrer_id in c.referrers]

    assert cells_of("sportvereniging") == ["jeugd-gezin/signaleren", "sociale-relaties/signaleren"]
    assert cells_of("vluchtelingenwerk") == ["wonen/toeleiden", "sociale-relaties/toeleiden"]


def test_broken_words_of_the_seed_are_repaired(wegwijzers):
    names = {referrer.name["nl"] for referrer in wegwijzers.referrers}
    assert {"Transferverpleegkundige", "Migrantenzelforganisaties"} <= names
    assert not any("- " in name for name in names)


def test_each_domain_has_a_plain_name_and_a_one_sentence_summary(wegwijzers):
    assert [d.id for d in wegwijzers.domains] == list(DOMAIN_IDS.values())
    financien = wegwijzers.domains[0]
    assert (financien.official_name, financien.name["nl"]) == ("Financiën", "Geld en rekeningen")
    for domain in wegwijzers.domains:
        summary = domain.summary["nl"]
        assert summary.endswith(".") and summary.count(".") == 1, domain.id
        assert len(summary.split()) <= 20, domain.id
