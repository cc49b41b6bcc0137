"""A walk-in tablet in a real browser: after "New visitor" or the idle reset, the next
visitor finds nothing of the last one with Back, Forward, reload, the back-forward cache
or the address bar; a slow reader is asked first."""

import pytest

# The first visitor's own words and choices; none of them is on a clean page.
QUESTION = "mijn man slaat mij en ik ben bang"
POSTCODE = "7522"
VISITOR_WORDS = ["slaat", "bang", POSTCODE, "Enschede in de buurt"]


def traces(page) -> list[str]:
    """What of the first visitor the page, its inputs or its address still show."""
    shown = page.content() + " " + page.url + " " + " ".join(
        page.locator("input, select").evaluate_all(
            "fields => fields.map(f => f.value + ' ' + (f.checked ? 'checked:' + f.id : ''))"))
    found = [word for word in VISITOR_WORDS if word.lower() in shown.lower()]
    if page.locator("html").get_attribute("lang") != "nl":
        found.append("language " + page.locator("html").get_attribute("lang"))
    if "checked:" in shown:
        found.append("ticked signals")
    if "Verder als" in shown or page.locator("form.checklist").count():
        found.append("role")
    if page.title() != "Wegwijzer":
        found.append(f"title {page.title()}")
    return found


def first_visitor_searches(page, site, javascript: bool) -> None:
    page.goto(site + "/?kiosk=1")
    page.wait_for_url(site + "/")
    page.click("nav.language-menu button[value='tr']")
    page.wait_for_selector("html[lang='tr']")
    page.fill("#q", QUESTION)
    page.fill("#postcode", POSTCODE)
    page.click("form.search button[type=submit]")
    page.wait_for_url("**/zoek")
    page.wait_for_selector("#acute-title")
    if javascript:  # live search: typing swaps the results in place, the address stays
        before = page.evaluate("history.length")
        page.fill("#q", "")
        page.locator("#q").press_sequentially("ik heb schulden", delay=30)
        # A calm question: the crisis lines of the first one go (the page is in Turkish).
        page.wait_for_selector("#acute-title", state="detached", timeout=5000)
        assert page.locator("#about").is_visible()
        assert page.url.endswith("/zoek") and page.evaluate("history.length") == before
        page.fill("#q", "")
        page.locator("#q").press_sequentially(QUESTION, delay=10)
        page.wait_for_selector("#acute-title", timeout=5000)
    assert "slaat" in page.input_value("#q")
    page.locator("article.provider h3 a").first.click()
    page.wait_for_url("**/aanbieder/**")


def first_visitor_checks_signals(page, site) -> None:
    page.click("a.site-name")
    page.wait_for_url(site + "/")
    page.click("a[href='/signalen']")
    page.wait_for_url(site + "/signalen")
    page.click("button[value='huisarts']")
    page.wait_for_url("**/kiosk/signalen")
    page.locator("input[type=checkbox]").nth(0).check()
    page.locator("input[type=checkbox]").nth(1).check()
    page.fill("#postcode", POSTCODE)
    page.click("form.checklist button[type=submit]")
    page.wait_for_url("**/kiosk/advies")
    assert POSTCODE in page.content()


def next_visitor_looks_back(page, site) -> list[str]:
    found = {}
    for step in ["start"] + ["back"] * 5 + ["forward"] * 5 + ["reload"]:
        if step == "back":
            page.go_back(wait_until="load")
        elif step == "forward":
            page.go_forward(wait_until="load")
        elif step == "reload":
            page.reload(wait_until="load")
        if page.url.startswith(site):
            for trace in traces(page):
                found.setdefault(trace, f"{step}: {page.url}")
    return [f"{trace} ({where})" for trace, where in found.items()]


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_new_visitor_finds_nothing_of_the_last_one(browser, site, javascript):
    context = browser.new_context(java_script_enabled=javascript, locale="nl-NL")
    page = context.new_page()
    first_visitor_searches(page, site, javascript)
    entries = page.evaluate("history.length")
    first_visitor_checks_signals(page, site)
    if javascript:  # each page replaced the one before: the visit left one entry
        assert page.evaluate("history.length") == entries
    page.click("a.new-visitor")
    page.wait_for_url(site + "/")
    assert next_visitor_looks_back(page, site) == []
    assert {cookie["name"] for cookie in context.cookies()} <= {"kiosk"}
    if javascript:  # and the new start replaced that one: Back leaves the site
        page.goto(site + "/")
        page.go_back()
        assert not page.url.startswith(site + "/kiosk") and "zoek" not in page.url
    context.close()


def test_idle_reset_leaves_nothing_either(browser, site):
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    first_visitor_searches(page, site, javascript=True)
    page.evaluate("document.body.dataset.idleSeconds = '1'")
    page.wait_for_url(site + "/", timeout=5000)
    assert next_visitor_looks_back(page, site) == []
    context.close()


def test_a_slow_reader_is_asked_before_the_reset(browser, site):
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    page.goto(site + "/zoek?kiosk=1&q=schulden&postcode=2011")
    page.wait_for_url(site + "/zoek")
    warning = page.locator("[data-idle-warning]")
    assert not warning.is_visible()
    page.evaluate("document.body.dataset.idleSeconds = '3';"
                  "document.body.dataset.warningSeconds = '2'")
    warning.wait_for(state="visible", timeout=3000)
    assert "Bent u er nog?" in warning.inner_text()
    page.click("[data-still-here]")
    assert not warning.is_visible()
    page.wait_for_timeout(1500)   # longer than the wait before the warning came
    assert page.url == site + "/zoek" and "schulden" in page.input_value("#q")
    warning.wait_for(state="visible", timeout=3000)
    page.wait_for_url(site + "/", timeout=5000)  # nobody answered: a fresh start
    context.close()
