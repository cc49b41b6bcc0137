"""The signal check: every role's list, every advice level, the handout, and bad input."""

import pytest

from app.config import LANGUAGES
from app.services.loading import read_data
from tests.conftest import DATA_DIR

RED_FLAGS = read_data(DATA_DIR).red_flags
ROLES = [role.id for role in RED_FLAGS.roles]
REQUIRED_ROLES = {"huisarts", "uitvaartondernemer", "wijkverpleegkundige",
                  "transferverpleegkundige", "schuldhulpverlener", "woonconsultant",
                  "docent-mentor", "politie", "vrijwilliger", "anders"}


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
        texts += [signal.text, signal.resident_text]
    for advice in RED_FLAGS.advice:
        texts += [advice.title, advice.message, *advice.steps]
    for line in RED_FLAGS.crisis_lines:
        texts += [line.name, line.when]
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
    html = response.text
    assert "Verwijs warm door" in page.text            # the professional reads Dutch
    assert 'class="handout" lang="ar" dir="rtl"' in html  # the client gets Arabic
    assert "<svg" in html and "print.js" in html
    assert "wordt niet bewaard" in page.text or "wordt bewaard" in page.text


def test_the_qr_code_leads_to_the_same_advice_in_the_clients_language(client):
    from app.routes.signals import advice  # noqa: F401  (the route under test)

    vulnerable = pick(client, "huisarts", acute=False, vulnerable=True)
    response = client.get(f"/signalen/huisarts/advies?s={vulnerable[0]}&client_lang=tr")
    assert f"s={vulnerable[0]}" in response.text and "lang=tr" in response.text


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
