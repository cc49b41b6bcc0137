"""The signal check: every role's list, every advice level, the handout, and bad input."""

import re
from html.parser import HTMLParser

import pytest

from app.config import LANGUAGES
from app.services.loading import read_data
from tests.conftest import DATA_DIR, make_settings, serve
from tests.test_loading import append_provider

DATA = read_data(DATA_DIR)
RED_FLAGS = DATA.red_flags
NAMING_DANGER = [p.name for p in DATA.providers.providers if p.names_danger]
ROLES = [role.id for role in RED_FLAGS.roles]
REQUIRED_ROLES = {"huisarts", "uitvaartondernemer", "wijkverpleegkundige",
                  "transferverpleegkundige", "schuldhulpverlener", "woonconsultant",
                  "docent-mentor", "politie", "vrijwilliger", "anders"}


@pytest.fixture(autouse=True)
def forget_choices(client):
    """Pages remember a language or role in cookies; each test starts without them."""
    client.cookies.clear()
    yield
    client.cookies.clear()


def signals_of(client, role, lang="nl"):
    return client.get(f"/api/v1/red-flags?role={role}&lang={lang}").json()["signals"]


def pick(client, role, *, acute=None, vulnerable=None, domains=None):
    """Ids of this role's signals with the wanted properties."""
    records = {s.id: s for s in RED_FLAGS.signals}
    found = []
    for signal in signals_of(client, role):
        record = records[signal["id"]]
        if acute is not None and record.acute != acute:
            continue
        if vulnerable is not None and record.vulnerability != vulnerable:
            continue
        if domains is not None and len(record.domains) != domains:
            continue
        found.append(signal["id"])
    return found


def test_every_required_role_exists():
    assert REQUIRED_ROLES <= set(ROLES)


def test_every_text_of_the_checklist_exists_in_six_languages():
    texts = [role.name for role in RED_FLAGS.roles]
    for signal in RED_FLAGS.signals:
        texts += [signal.text]
    for advice in RED_FLAGS.advice:
        texts += [advice.title, advice.message, *advice.steps, *advice.handout_steps]
    for line in RED_FLAGS.crisis_lines:
        texts += [line.name, line.when, line.on_paper]
    for text in texts:
        assert set(text) == set(LANGUAGES), text["nl"]


@pytest.mark.parametrize("role", ROLES)
def test_every_role_sees_6_to_12_signals_and_one_for_danger(client, role):
    signals = signals_of(client, role, "ar")
    assert 6 <= len(signals) <= 12, (role, len(signals))
    assert any(s["acute"] for s in signals)
    assert all(s["text"] and s["domains"] for s in signals)


def check(client, role, signals, **extra):
    response = client.post("/api/v1/signal-check", json={"role": role, "signals": signals,
                                                           **extra})
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize("role", ROLES)
def test_every_advice_level_for_every_role(client, role):
    assert check(client, role, [])["advice"] == "none"
    calm = pick(client, role, acute=False, vulnerable=False, domains=1)
    vulnerable = pick(client, role, acute=False, vulnerable=True)
    danger = pick(client, role, acute=True)
    assert calm and vulnerable and danger, f"{role} lacks a signal for some advice level"
    assert check(client, role, calm[:1])["advice"] == "inform"
    assert check(client, role, vulnerable[:1])["advice"] == "refer"
    result = check(client, role, danger[:1] + calm[:1], postcode="7511")
    assert result["advice"] == "acute"
    assert {"112"} <= {c["phone"] for c in result["acute"]["contacts"]}


def test_signals_in_two_domains_mean_refer(client):
    calm = pick(client, "huisarts", acute=False, vulnerable=False)
    records = {s.id: s for s in RED_FLAGS.signals}
    first = calm[0]
    other = next(s for s in calm if set(records[s].domains) - set(records[first].domains))
    assert check(client, "huisarts", [first, other])["advice"] == "refer"


def test_refer_lists_client_support_near_the_postcode_in_the_asked_language(client):
    vulnerable = pick(client, "uitvaartondernemer", acute=False, vulnerable=True)
    result = check(client, "uitvaartondernemer", vulnerable[:2], postcode="7511", lang="tr")
    assert result["providers"] and result["steps"]
    assert result["message"] != check(client, "uitvaartondernemer", vulnerable[:2],
                                       lang="nl")["message"]


@pytest.mark.parametrize("body, word", [
    ({"role": "tovenaar", "signals": []}, "unknown role 'tovenaar'"),
    ({"role": "huisarts", "signals": ["verzonnen"]}, "unknown signal 'verzonnen'"),
    ({"role": "huisarts", "signals": [], "postcode": "75AB"}, "postcode '75AB'"),
    ({"signals": []}, "role"),
    ({"role": "huisarts", "signals": "klein-netwerk"}, "signals"),
    ("{not json", "not valid JSON"),
])
def test_bad_checks_get_422_with_a_detail(client, body, word):
    if isinstance(body, str):
        response = client.post("/api/v1/signal-check", content=body,
                               headers={"content-type": "application/json"})
    else:
        response = client.post("/api/v1/signal-check", json=body)
    assert response.status_code == 422
    assert word in response.json()["detail"]


def test_red_flags_for_an_unknown_role_is_422(client):
    response = client.get("/api/v1/red-flags?role=tovenaar")
    assert response.status_code == 422 and "tovenaar" in response.json()["detail"]


def test_the_pages_lead_from_role_to_advice_and_remember_the_role(client):
    page, _ = client.page("/signalen")
    assert "/signalen/huisarts" in [a["href"] for a in page.all("a")]
    page, response = client.page("/signalen/huisarts")
    boxes = [i for i in page.all("input") if i.get("type") == "checkbox"]
    assert 6 <= len(boxes) <= 12
    assert response.cookies.get("role") == "huisarts"
    page, _ = client.page("/signalen")
    assert "Verder als: Huisarts" in page.text
    client.cookies.clear()


def test_the_advice_page_has_the_handout_in_the_clients_language(client):
    vulnerable = pick(client, "huisarts", acute=False, vulnerable=True)
    query = "&".join(f"s={s}" for s in vulnerable[:2])
    page, response = client.page(f"/signalen/huisarts/advies?{query}&postcode=2011"
                                 "&client_lang=ar")
    assert "Verwijs warm door" in page.text            # the professional reads Dutch
    assert 'class="handout" lang="ar" dir="rtl"' in response.text  # the client gets Arabic
    assert "<svg" in response.text and "print.js" in response.text
    assert "Niets van deze check wordt bewaard." in page.text
    assert "De folder en de QR-code laten nooit zien wat u hebt aangevinkt." in page.text


# What would alarm someone who harms the client, if they read the handout.
DANGER_WORDS = {
    "nl": ["geweld", "mishandel", "zelfdoding", "zelfmoord", "veilig thuis", "gevaar",
           "slachtoffer", "crisis", "misbruik", "pijn", "niet veilig"],
    "ar": ["عنف", "انتحار", "إساءة", "خطر", "ضحية", "أزمة", "veilig thuis", "أمان"],
    "en": ["violence", "abuse", "suicide", "danger", "victim", "crisis", "safe"],
    "tr": ["şiddet", "istismar", "intihar", "tehlike", "mağdur", "kriz", "güvende"],
    "pl": ["przemoc", "krzywdz", "samobój", "zagroż", "ofiar", "kryzys", "bezpieczn"],
    "uk": ["насильств", "жорсток", "самогуб", "небезпек", "постражда", "криз", "безпец"],
}


class Section(HTMLParser):
    """The text and every attribute value inside the element with class `handout`."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth, self.text, self.attributes = 0, [], []

    def handle_starttag(self, tag, attrs):
        if self.depth or ("class", "handout") in attrs:
            self.depth += 1
            self.attributes += [value or "" for _, value in attrs]

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.text.append(data)


def handout_of(html: str) -> tuple[str, str]:
    section = Section()
    section.feed(html)
    assert section.text, "the page has a handout"
    return " ".join(" ".join(section.text).split()).lower(), " ".join(section.attributes)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_handout_after_danger_names_no_danger_and_no_signal(client, language):
    role = "huisarts"
    ticked = pick(client, role, acute=True) + pick(client, role, acute=False)[:2]
    query = "&".join(f"s={s}" for s in ticked)
    page, response = client.page(f"/signalen/{role}/advies?{query}&postcode=2011"
                                 f"&client_lang={language}")
    assert "Acuut" in page.text
    text, attributes = handout_of(response.text)
    assert [word for word in DANGER_WORDS[language] if word in text] == []
    assert [signal for signal in ticked if signal in text + attributes] == []
    assert NAMING_DANGER and [name for name in NAMING_DANGER if name.lower() in text] == []
    # The help lines are there, in neutral words.
    assert all(number in text for number in ("112", "0800-2000", "0800-0113"))


# Client support in Enschede for health, whose name tells what the client goes through.
NAMED_FOR_DANGER = """
  - id: steunpunt-na-geweld
    name: Steunpunt na Geweld Enschede
    kind: clientondersteuning
    formal: true
    independent: true
    free: true
    names_danger: true
    description: {nl: Test.}
    domains: [gezondheid]
    target_groups: [iedereen]
    phone: "053-0000000"
    service_area: {places: [Enschede]}
    last_verified: null
"""


def test_a_provider_whose_name_tells_of_danger_is_on_screen_but_never_on_paper(
        fresh_url, data_copy):
    append_provider(data_copy, NAMED_FOR_DANGER)
    with serve(make_settings(fresh_url, data_copy)) as client:
        body = check(client, "huisarts", ["gevaar-voor-zichzelf"], postcode="7511")
        assert "Steunpunt na Geweld Enschede" in {p["name"] for p in body["providers"]}
        _, response = client.page("/signalen/huisarts/advies?s=gevaar-voor-zichzelf"
                                  "&postcode=7511")
        text, _ = handout_of(response.text)
        page, _ = client.page(body["client_page"])
    assert "wie u kan helpen" in text  # the providers are printed
    assert "steunpunt na geweld" not in text
    assert [name for name in NAMING_DANGER if name.lower() in text] == []
    assert any(a["href"].startswith("/aanbieder/") for a in page.all("a"))
    assert "Steunpunt na Geweld" not in page.text
    assert [name for name in NAMING_DANGER if name in page.text] == []


@pytest.mark.parametrize("postcode", ["2011", "7511", "3601"])
def test_a_bereaved_persons_handout_is_not_headed_by_specific_help(client, postcode):
    """The handout knows only the subjects: help that fits one situation only (a food
    bank) does not head it."""
    body = check(client, "uitvaartondernemer", ["nabestaande-geldzorgen"], postcode=postcode)
    assert body["providers"]
    first = client.get(f"/api/v1/providers/{body['providers'][0]['id']}").json()
    assert first["kind"] != "voedselbank"


def test_every_handout_carries_the_same_help_lines(client):
    """So a handout after danger cannot be told apart from any other by its lines."""
    calm = pick(client, "uitvaartondernemer", acute=False)[:1]
    danger = pick(client, "uitvaartondernemer", acute=True)[:1]
    lines = []
    for ticked in (calm, danger, []):
        _, response = client.page("/signalen/uitvaartondernemer/advies?"
                                  + "&".join(f"s={s}" for s in ticked) + "&postcode=7511")
        text, _ = handout_of(response.text)
        lines.append(text[text.index("altijd bereikbaar"):text.index("scan")])
    assert lines[0] == lines[1] == lines[2]


def test_after_danger_the_professional_reads_how_to_hand_over_safely(client):
    danger = pick(client, "vrijwilliger", acute=True)[:1]
    page, _ = client.page(f"/signalen/vrijwilliger/advies?s={danger[0]}")
    assert "Veilig mee naar huis" in page.text
    assert "0800-2000 is Veilig Thuis" in page.text
    calm = pick(client, "vrijwilliger", acute=False)[:1]
    page, _ = client.page(f"/signalen/vrijwilliger/advies?s={calm[0]}")
    assert "Veilig mee naar huis" not in page.text


def test_the_qr_address_holds_subjects_postcode_and_language_only(client):
    danger = pick(client, "huisarts", acute=True)
    body = check(client, "huisarts", danger + pick(client, "huisarts", acute=False)[:1],
                 postcode="2011", lang="tr")
    address = body["client_page"]
    assert address.startswith("/hulp?")
    names = set(re.findall(r"([a-z_]+)=", address))
    assert names == {"d", "postcode", "lang"}
    assert "lang=tr" in address and "postcode=2011" in address
    assert not [s for s in danger if s in address]
    assert body["handout_steps"] and check(client, "huisarts", [])["handout_steps"] == []


def test_the_client_page_shows_the_help_in_the_clients_language(client):
    page, response = client.page("/hulp?d=financien&d=wonen&postcode=2011&lang=ar")
    html = page.all("html")[0]
    assert (html["lang"], html["dir"]) == ("ar", "rtl")
    money = next(d for d in DATA.wegwijzers.domains if d.id == "financien")
    assert money.name["ar"] in page.text
    # Not a link: a subject's page lists every provider, also those naming danger.
    assert not [a for a in page.all("a") if a["href"].startswith("/domein/")]
    assert any(a["href"].startswith("/aanbieder/") for a in page.all("a"))
    assert {"tel:112", "tel:08002000", "tel:08000113"} <= {a["href"] for a in page.all("a")}
    text = page.text.lower()
    assert [word for word in DANGER_WORDS["ar"] if word in text] == []


def test_the_client_page_is_friendly_with_bad_input(client):
    page, _ = client.page("/hulp?d=verzonnen&postcode=abc")
    assert "We kennen deze postcode niet" in page.text
    assert [i for i in page.all("input") if i.get("aria-invalid") == "true"]
    page, _ = client.page("/hulp")
    assert "Altijd bereikbaar" in page.text
    client.page("/hulp?" + "&".join(["d=wonen"] * 21), status=422)


def test_the_advice_page_is_friendly_with_bad_input(client):
    page, _ = client.page("/signalen/huisarts/advies?s=verzonnen&postcode=abc")
    assert "We kennen deze postcode niet" in page.text
    assert "weggelaten" in page.text
    client.page("/signalen/tovenaar", status=404)
    client.page("/signalen/tovenaar/advies", status=404)


def test_one_signal_is_inform_even_when_it_touches_two_domains(client):
    two_domains = [s for s in RED_FLAGS.signals
                   if len(s.domains) >= 2 and not s.vulnerability and not s.acute]
    assert two_domains
    signal = two_domains[0]
    role = signal.roles[0] if signal.roles[0] != "all" else "anders"
    assert check(client, role, [signal.id])["advice"] == "inform"


def test_a_signal_from_another_roles_list_is_refused(client):
    own = {s["id"] for s in signals_of(client, "huisarts")}
    other = next(s["id"] for s in signals_of(client, "woonconsultant") if s["id"] not in own)
    response = client.post("/api/v1/signal-check", json={"role": "huisarts", "signals": [other]})
    assert response.status_code == 422 and "not on the list" in response.json()["detail"]
