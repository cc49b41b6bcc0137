"""Matching on meaning as well as words: the sentence model, the two danger tiers, calm
look-alikes, long questions, and the keyword-only fallback."""

import dataclasses
from pathlib import Path

import pytest

from app.services import semantic
from app.services.finder import answer
from app.services.loading import in_memory_catalog
from app.services.matching import POSSIBLE_DANGER_SHARE, match
from app.services.semantic import CALM_LABEL, Semantics, fit_head, read_head, situation_texts
from tests.conftest import DATA_DIR, make_settings, serve


@pytest.fixture(scope="module")
def catalog():
    return in_memory_catalog(DATA_DIR)


@pytest.fixture(scope="module")
def semantics():
    started = Semantics.start(DATA_DIR)
    assert started is not None, "the sentence model did not load"
    return started


def ask(catalog, semantics, question):
    return answer(catalog, question, None, semantics=semantics)


def test_the_stored_vectors_cover_every_situation_text(catalog, semantics):
    """A fresh start matches on meaning at once: nothing is left to embed in the
    background. After changing data/examples.yaml or a situation: make embed."""
    missing = [text for _, text in situation_texts(catalog) if semantics.cache.get(text) is None]
    assert missing == []
    assert semantics.index(catalog).complete


@pytest.mark.parametrize("question, situation", [
    # Wrong or empty answers of the keyword matcher that issue 9 reported.
    ("ik zie het niet meer zitten", "zelfdoding"),
    ("mijn vriend slaat mij", "huiselijk-geweld"),
    ("ik word mishandeld door mijn partner", "huiselijk-geweld"),
    ("mijn stiefvader zit aan me", "kindermishandeling"),
])
def test_danger_in_everyday_words_is_raised(catalog, semantics, question, situation):
    result = ask(catalog, semantics, question)
    assert result.acute or result.possible_danger, question
    if result.acute:
        assert result.acute_situations[0] == situation


@pytest.mark.parametrize("question, domain, wrong", [
    ("mijn vader is gevallen en kan niet meer alleen wonen", "gezondheid",
     "slachtoffer-misdrijf"),
    ("ik word gepest op werk", "werken", "problemen-op-school"),
    ("mijn buurman maakt veel lawaai", "wonen", None),
    ("işimi kaybettim borçlarım var", "werken", "overlijden-partner"),
    ("ik kan niet lezen", "sociale-relaties", "schulden"),
])
def test_questions_the_keywords_got_wrong_now_find_their_help(catalog, semantics, question,
                                                             domain, wrong):
    result = ask(catalog, semantics, question)
    assert domain in [d for d, _ in result.domains[:3]], result.domains
    assert not result.acute and not result.possible_danger
    if wrong:
        assert result.situations[0][0] != wrong


def test_an_arabic_residence_permit_holder_is_not_pregnant(catalog, semantics):
    """"حامل" is "pregnant" and "holder": "انا حامل اقامة" holds a residence permit."""
    result = ask(catalog, semantics, "انا حامل اقامة دائمة، كيف اعادل شهادتي")
    assert result.situations[0][0] != "zwanger"
    pregnant = ask(catalog, semantics, "انا حامل وما عندي تأمين صحي")
    assert pregnant.situations[0][0] == "zwanger"


@pytest.mark.parametrize("question, situation, domain", [
    # Gaps the dev sets showed: an employer who does not pay was money, a landlord's
    # rent rise was arrears, and pregnancy had no situation of its own.
    ("mijn baas betaalt al twee maanden mijn salaris niet uit, wat kan ik doen",
     "werkgever-houdt-zich-niet-aan-regels", "werken"),
    ("agencja nie wyplacila mi nadgodzin i nie mam umowy",
     "werkgever-houdt-zich-niet-aan-regels", "werken"),
    ("de verhuurder geeft mijn borg niet terug nu ik verhuisd ben",
     "probleem-met-verhuurder", "wonen"),
    ("ev sahibi kirayı yüzde 10 artırdı, bu yasal mı", "probleem-met-verhuurder", "wonen"),
    ("ik ben zwanger en heb nog geen verloskundige", "zwanger", "jeugd-gezin"),
    ("pregnant and new here, who do i call first", "zwanger", "jeugd-gezin"),
])
def test_situations_added_where_the_list_was_thin(catalog, semantics, question, situation,
                                                 domain):
    result = ask(catalog, semantics, question)
    assert situation in [sid for sid, _ in result.situations[:3]], result.situations
    assert result.domains[0][0] == domain, result.domains
    assert not result.acute and not result.possible_danger


@pytest.mark.parametrize("question, domain, accidental", [
    ("our heating died and its freezing, the landlord isnt answering", "wonen",
     "kosten-na-overlijden"),
    ("our house was broken into last week and i still feel shaken", None, "laag-inkomen"),
])
def test_words_found_by_accident_do_not_outweigh_the_meaning(catalog, semantics, question,
                                                             domain, accidental):
    """"died" and "broke" are keywords of death and of money; the model reads a broken
    heater and a burglary."""
    result = ask(catalog, semantics, question)
    assert result.situations[0][0] != accidental, result.situations
    if domain:
        assert result.domains[0][0] == domain


@pytest.mark.parametrize("question", [
    "ik ben dood op", "mijn telefoon is dood", "ik schrok me dood", "dying to know",
    "die rekening slaat nergens op",
])
def test_calm_look_alikes_never_take_the_page_over(catalog, semantics, question):
    assert not ask(catalog, semantics, question).acute


def test_a_danger_word_inside_a_calm_sentence_is_not_acute_with_the_model(catalog, semantics):
    result = ask(catalog, semantics, "ik ben dood op van de zorg voor mijn moeder")
    assert not result.acute
    assert "gezondheid" in [d for d, _ in result.domains[:3]]


def test_what_a_situation_was_found_on_is_told(catalog, semantics):
    by_words = ask(catalog, semantics, "ik heb schulden")
    assert by_words.evidence["schulden"].kind == "words"
    assert by_words.evidence["schulden"].text == "schulden"
    by_meaning = ask(catalog, semantics, "de kachel doet het niet en de verhuurder reageert niet")
    top = by_meaning.situations[0][0]
    assert top == "schimmel-lekkage-onderhoud"
    assert by_meaning.evidence[top].kind == "example"
    assert by_meaning.evidence[top].text in catalog.situation_examples[top]["nl"]


def test_danger_at_the_end_of_a_long_question_is_found(catalog, semantics):
    story = ("Ik woon sinds een paar jaar in deze stad en het gaat al lang niet goed met mij. "
             "Mijn werk is weg, de huur is te hoog en de brieven stapelen zich op. ") * 3
    question = story + "Eerlijk gezegd wil ik dood."
    assert len(question) > 371
    result = ask(catalog, semantics, question)
    assert result.acute and "zelfmoordpreventie-113" in result.crisis_lines
    assert not result.shortened


def test_a_question_beyond_the_bound_is_cut_and_says_so(catalog, semantics):
    result = ask(catalog, semantics, "ik heb schulden " * 200)
    assert result.shortened
    assert "financien" in [d for d, _ in result.domains[:1]]


def test_pages_and_api_show_possible_danger_without_taking_over(fresh_url):
    with serve(make_settings(fresh_url)) as client:
        question = _possibly_dangerous(client)
        body = client.get("/api/v1/match", params={"q": question}).json()
        assert body["acute"] is None
        phones = {contact["phone"] for contact in body["possible_danger"]["contacts"]}
        assert phones == {"112", "0800-0113", "0800-2000"}
        page, _ = client.page("/zoek", params={"q": question, "lang": "nl"})
        assert "Bent u in gevaar?" in page.text
        assert not any(section.get("role") == "alert" for section in page.all("section"))
        calm = client.get("/api/v1/match", params={"q": "ik heb schulden"}).json()
        assert calm["possible_danger"] is None and calm["acute"] is None


def _possibly_dangerous(client) -> str:
    """A question the model reads as possibly about danger, with no danger keyword."""
    for question in ("ik durf niet te zeggen wat er thuis gebeurt",
                     "thuis gaat het niet goed, hij wordt soms heel boos op mij",
                     "hij pakt mijn telefoon af en ik mag niemand zien"):
        body = client.get("/api/v1/match", params={"q": question}).json()
        if body["possible_danger"] is not None:
            return question
    pytest.fail("none of the questions gave possible_danger")


def test_api_says_what_each_situation_matched_on(fresh_url):
    with serve(make_settings(fresh_url)) as client:
        body = client.get("/api/v1/match", params={"q": "ik heb schulden"}).json()
        first = body["situations"][0]
        assert first["matched_on"] == {"kind": "words", "text": "schulden"}
        long = client.get("/api/v1/match", params={"q": "x" * 2001})
        assert long.status_code == 422 and "q" in long.json()["detail"]
        page, _ = client.page("/zoek", params={"q": "ik heb schulden " * 200, "lang": "nl"})
        assert "Uw vraag is lang. We hebben de eerste 2.000 tekens gelezen." in page.text


def test_with_the_model_switched_off_keywords_serve_alone(fresh_url):
    with serve(make_settings(fresh_url, semantic_matching=False)) as client:
        assert client.get("/healthz").json()["matching"] == "keywords-only"
        body = client.get("/api/v1/match", params={"q": "ik heb schulden"}).json()
        assert body["domains"][0]["id"] == "financien"
        assert body["situations"][0]["matched_on"]["kind"] == "words"


def test_when_the_model_cannot_load_keywords_serve_alone(fresh_url, monkeypatch):
    def broken():
        raise OSError("no engine for this machine")

    monkeypatch.setattr(semantic, "shared_encoder", broken)
    with serve(make_settings(fresh_url)) as client:
        assert client.get("/healthz").json()["matching"] == "keywords-only"
        body = client.get("/api/v1/match", params={"q": "ik wil dood"}).json()
        assert body["acute"] is not None


def test_with_the_model_health_says_hybrid(fresh_url):
    with serve(make_settings(fresh_url)) as client:
        assert client.get("/healthz").json()["matching"] == "hybrid"


def test_text_that_grows_when_normalised_cannot_crash_the_model():
    """20 × "ﷺ" (a ligature that stands for 18 letters) overran the engine's buffer and
    aborted the whole process. Run in a process of its own, so that a crash fails this
    test and not the suite."""
    import subprocess
    import sys

    code = ("from app.services.semantic import QUERY, shared_encoder; "
            "encoder = shared_encoder(); "
            "[encoder.embed(QUERY + text) for text in ('ﷺ ' * 20, 'ﷺ' * 300, 'ﷺ' * 2000)]; "
            "print('survived')")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=300, cwd=Path(__file__).resolve().parents[1])
    assert done.returncode == 0 and "survived" in done.stdout, done.stderr[-500:]


def test_a_question_is_read_up_to_its_bound_after_normalising_too():
    from app.services.matching import MAX_SCAN_LENGTH, tokens

    words = tokens("ﷺ" * MAX_SCAN_LENGTH, limit=MAX_SCAN_LENGTH)
    assert words and sum(len(word) + 1 for word in words) <= MAX_SCAN_LENGTH + 1


def test_the_stored_head_was_fitted_on_the_situation_texts(catalog, semantics):
    """The head ranks only while it fits the data exactly. After changing data/examples.yaml
    or a situation: make embed."""
    head = semantics.index(catalog).head
    assert head is not None
    assert set(head.labels) == set(catalog.situations) | {CALM_LABEL}
    likelihoods = ask_meaning(catalog, semantics, "ik heb schulden").likelihoods
    assert set(likelihoods) == set(catalog.situations)
    assert max(likelihoods, key=likelihoods.get) == "schulden"


def test_the_calm_column_is_not_ranked_with_the_situations(catalog, semantics):
    """A look-alike whose likeliest label is the calm column: the situations are ranked
    among themselves, the likeliest of them at 1."""
    question = "ik ben dood op van het werk"
    head = semantics.index(catalog).head
    raw = head.relative_likelihoods(semantics.encoder.embed(semantic.QUERY + question))
    assert max(raw, key=raw.get) == CALM_LABEL and raw[CALM_LABEL] == 1.0
    likelihoods = ask_meaning(catalog, semantics, question).likelihoods
    assert CALM_LABEL not in likelihoods and max(likelihoods.values()) == 1.0
    assert set(likelihoods) == set(catalog.situations)


@pytest.mark.parametrize("question", [
    # Without the head's calm column it gave the danger situations 0.88 to 0.93 of these
    # (dev sets' calm look-alikes).
    "kaynanam çocuk terbiyesi yorumlarıyla beni öldürüyor",
    "мене чоловік вбʼє коли побачить рахунок за світло хаха, можна розбити на частини?",
    "ik ga dood van de hoofdpijn elke middag, zou dat van mn beeldscherm of bril kunnen komen",
])
def test_the_heads_calm_column_keeps_a_look_alike_from_danger(catalog, semantics, question):
    assert ask_meaning(catalog, semantics, question).danger_share < 0.5
    result = ask(catalog, semantics, question)
    assert not result.possible_danger and not result.acute


def ask_meaning(catalog, semantics, question):
    return semantics.meaning(catalog, question)


@pytest.mark.parametrize("question, domain", [
    # Each lies nearest to one example of another situation; the head weighs all of a
    # situation's examples (dev2 questions).
    ("being discharged from hospital tomorrow but theres nobody to help me at home",
     "gezondheid"),
    ("hoe kom ik aan een rolstoel via de gemeente", "gezondheid"),
    ("recently got my residence permit, how do i find a job", "werken"),
    ("my manager bullies me in front of the whole team", "werken"),
])
def test_the_head_ranks_by_all_examples_of_a_situation(catalog, semantics, question, domain):
    assert ask(catalog, semantics, question).domains[0][0] == domain


def test_a_head_fitted_on_other_texts_is_not_used(catalog, semantics):
    stale = dataclasses.replace(semantics.heads[0], fingerprint="fitted-on-other-examples")
    with_stale_head = Semantics(semantics.encoder, semantics.cache, heads=(stale,))
    assert with_stale_head.index(catalog).head is None
    without_head = Semantics(semantics.encoder, semantics.cache)
    question = "recently got my residence permit, how do i find a job"
    assert (ask(catalog, with_stale_head, question).domains
            == ask(catalog, without_head, question).domains)


def test_make_embed_stores_a_head_that_fits_the_texts(catalog, semantics, tmp_path):
    rows = situation_texts(catalog)
    head = fit_head(rows, semantics.cache)
    assert head.fingerprint == semantics.index(catalog).head.fingerprint
    path = tmp_path / semantic.VECTORS_FILE
    semantics.cache.save(path, [prefixed for _, prefixed in rows], head)
    stored = read_head(path)
    assert stored.labels == head.labels and stored.fingerprint == head.fingerprint
    title = next(prefixed for indexed, prefixed in rows
                 if indexed.kind == "title" and indexed.situation_id == "schulden")
    likelihoods = stored.relative_likelihoods(semantics.cache.get(title))
    assert max(likelihoods, key=likelihoods.get) == "schulden"


@pytest.mark.parametrize("question", [
    "ik ben 78 en mijn zoon schreeuwt tegen mij en duwt me als ik hem geen geld geef",
    "I need to get away from my husband without him finding out. he tracks my phone and "
    "has hurt me before. I have two small kids",
])
def test_danger_the_head_sees_asks_are_you_in_danger(catalog, semantics, question):
    """No danger word, and no danger example nearest: all danger examples together are."""
    assert semantics.meaning(catalog, question).danger_share >= POSSIBLE_DANGER_SHARE
    result = ask(catalog, semantics, question)
    assert result.acute or result.possible_danger


@pytest.mark.parametrize("question", ["ik ben dood op", "this rent is killing me"])
def test_the_head_does_not_see_danger_in_calm_idioms(catalog, semantics, question):
    assert semantics.meaning(catalog, question).danger_share < POSSIBLE_DANGER_SHARE


@pytest.mark.parametrize("question", [
    "de baas van het uitzendbureau heeft mijn paspoort en zegt dat ik eerst de reis moet "
    "afbetalen",
    "they took our passports at the farm and we cannot leave",
    "agencja zabrała mi paszport i mówi że mam dług",
])
def test_exploitation_at_work_is_danger_with_the_emergency_number(catalog, semantics,
                                                                  question):
    """Labour exploitation was no situation: such questions found debts or housing."""
    result = ask(catalog, semantics, question)
    if result.acute:
        assert result.acute_situations[0] == "uitbuiting"
        assert "alarmnummer-112" in result.crisis_lines
    else:
        assert result.possible_danger and "alarmnummer-112" in result.possible_danger_lines


def test_a_typo_that_makes_another_word_is_not_a_danger_phrase(catalog, semantics):
    """"poklocilam sie" (I quarrelled) is one slip from "pocielam sie" (I cut myself)."""
    result = ask(catalog, semantics, "poklocilam sie z przyjaciolka i nie rozmawiamy")
    assert not result.acute
    assert result.domains[0][0] == "sociale-relaties"


@pytest.mark.parametrize("question", [
    "szef mnie zabije jak znowu wezme chorobowe, jakie mam prawa",
    "ten rachunek za prąd mnie zabije, nie mam z czego zapłacić",
    "цей рахунок за газ мене вб'є, не маю чим платити",
])
def test_danger_words_whose_meaning_points_away_do_not_ask(catalog, semantics, question):
    result = ask(catalog, semantics, question)
    assert not result.acute and not result.possible_danger


def test_danger_words_with_a_meaning_near_danger_still_ask(catalog, semantics):
    result = ask(catalog, semantics, "zgwałcił mnie kolega z pracy, boję się że stracę "
                                     "pracę jak powiem")
    assert result.acute or result.possible_danger


@pytest.mark.parametrize("question", [
    "ik voel me al maanden somber, maar ik wil niet dood ofzo. moet ik naar de huisarts?",
    "feel flat for months since my divorce, no suicidal thoughts. where do i start",
    "aylardir moralim bozuk ama kendime zarar verme dusuncem yok, huisarta gitmeli miyim",
    "zabije sie z tymi papierami haha, belastingdienst chce zwrot toeslagu",
])
def test_denied_or_laughed_danger_words_do_not_take_the_page_over(catalog, semantics,
                                                                   question):
    assert not match(catalog, question).acute_situations  # the words alone
    assert not ask(catalog, semantics, question).acute


@pytest.mark.parametrize("question", [
    "ik wil niet meer leven",  # the negation is the danger phrase's own
    "nie chce juz zyc, wszystko jest bez sensu",  # "bez" belongs to the next clause
    "ابوي يضربني بالحزام كل ما يعصب، عمري ١٣",
    "już nie mogę, chcę umrzeć",  # the negation ends the clause before
    "я більше не можу, хочу померти",
    "zostałam bez pieniędzy, chcę umrzeć",  # "without" denies nothing
    "كل ما يضربني ابوي بالحزام",  # "كل ما" is "whenever"
    "jaja ik wil dood",  # "jaja" is Dutch for "yes, yes", not laughter
])
def test_a_negation_that_is_not_about_the_danger_words_keeps_them_acute(catalog, semantics,
                                                                          question):
    assert match(catalog, question).acute_situations  # the words alone
    assert ask(catalog, semantics, question).acute


def test_a_head_of_two_situations_tells_them_apart_and_of_one_is_none(catalog, semantics):
    rows = situation_texts(catalog)
    two = [(indexed, prefixed) for indexed, prefixed in rows
           if indexed.situation_id in ("schulden", "zelfdoding")]
    head = fit_head(two, semantics.cache)
    assert head.labels == ("schulden", "zelfdoding") and head.weights.shape[1] == 2
    for situation in head.labels:
        title = next(prefixed for indexed, prefixed in two
                     if indexed.kind == "title" and indexed.situation_id == situation)
        likelihoods = head.relative_likelihoods(semantics.cache.get(title))
        assert max(likelihoods, key=likelihoods.get) == situation
    one = [(indexed, prefixed) for indexed, prefixed in two
           if indexed.situation_id == "schulden"]
    assert fit_head(one, semantics.cache) is None
    # One situation and the calm sentences are two labels: the calm column tells a
    # look-alike from the situation.
    with_calm = one + [(indexed, prefixed) for indexed, prefixed in rows
                       if indexed.kind == "calm"]
    head = fit_head(with_calm, semantics.cache)
    assert head.labels == (CALM_LABEL, "schulden") and head.weights.shape[1] == 2
    calm = next(prefixed for indexed, prefixed in with_calm if indexed.kind == "calm")
    likelihoods = head.relative_likelihoods(semantics.cache.get(calm))
    assert max(likelihoods, key=likelihoods.get) == CALM_LABEL


def test_make_embed_leaves_a_current_vectors_file_as_it_is(catalog, semantics, tmp_path):
    """Refitting the head on another machine gives other weights for the same texts."""
    rows = situation_texts(catalog)
    path = tmp_path / semantic.VECTORS_FILE
    semantics.cache.save(path, [prefixed for _, prefixed in rows], semantics.heads[0])
    assert semantic.vectors_file_is_current(path, rows)
    assert not semantic.vectors_file_is_current(path, rows[:-1])
    semantics.cache.save(path, [prefixed for _, prefixed in rows[:-1]], semantics.heads[0])
    assert not semantic.vectors_file_is_current(path, rows)
