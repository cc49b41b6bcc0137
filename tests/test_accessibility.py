"""WCAG 2.1 AA: axe-core (vendored in tests/vendor) in headless Chromium over every page
family, in Dutch and in Arabic (right to left). Any violation fails."""

import json
from pathlib import Path

import pytest

AXE = Path(__file__).parent / "vendor" / "axe-4.14.1.min.js"
PAGES = [
    "/",
    "/zoek?q=ik+kan+mijn+huur+niet+betalen&postcode=2011",
    "/zoek?q=ik+wil+niet+meer+leven",
    "/zoek?q=ik+durf+niet+te+zeggen+wat+er+thuis+gebeurt",  # possible danger
    "/domein/financien?postcode=7511",
    "/wegwijzer",
    "/wegwijzer/wonen/toeleiden",
    "/aanbieder/juridisch-loket",
    "/signalen",
    "/signalen/huisarts",
    "/signalen/uitvaartondernemer/advies?s=klein-netwerk&postcode=7511&client_lang=ar",
    "/signalen/huisarts/advies?s=huiselijk-geweld&postcode=2011&client_lang=nl",
    "/hulp?d=financien&d=wonen&postcode=2011",
    "/hulp?d=financien&postcode=abc",
    "/docs",
    "/bestaat-niet",
]


@pytest.fixture(scope="module")
def axe_page(browser):
    # The pages forbid inline scripts (CSP); the test's own axe script is let in.
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


def violations_on(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"][:3]]}
        for v in result["violations"]
    ]


@pytest.mark.parametrize("language", ["nl", "ar"])
@pytest.mark.parametrize("path", PAGES)
def test_no_accessibility_violations(axe_page, site, path, language):
    separator = "&" if "?" in path else "?"
    axe_page.goto(f"{site}{path}{separator}lang={language}")
    assert axe_page.locator("html").get_attribute("lang") == language
    violations = violations_on(axe_page)
    assert violations == [], json.dumps(violations, ensure_ascii=False, indent=1)


@pytest.mark.parametrize("language", ["nl", "ar"])
def test_no_accessibility_violations_on_a_walk_in_tablet(browser, site, language):
    """The tablet's own controls: posted language and role buttons, the idle warning."""
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(f"{site}/signalen?kiosk=1&lang={language}")
    assert page.locator("html").get_attribute("lang") == language
    found = {"/signalen": violations_on(page)}
    page.click("button[value='huisarts']")
    page.wait_for_url("**/kiosk/signalen")
    found["/kiosk/signalen"] = violations_on(page)
    page.evaluate("document.body.dataset.idleSeconds = '60';"
                  "document.body.dataset.warningSeconds = '59'")
    page.wait_for_selector("[data-idle-warning]", state="visible")
    found["idle warning"] = violations_on(page)
    context.close()
    assert {where: v for where, v in found.items() if v} == {}, json.dumps(
        found, ensure_ascii=False, indent=1)
