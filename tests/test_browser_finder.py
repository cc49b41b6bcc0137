"""A resident in a real browser: from the home page to a phone number in three steps,
with JavaScript and without."""

from urllib.parse import urlencode

import pytest


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_home_to_a_phone_number_in_three_steps(browser, site, javascript):
    context = browser.new_context(java_script_enabled=javascript, locale="nl-NL")
    page = context.new_page()
    page.goto(site + "/")                                          # step 1: the home page
    page.fill("#q", "ik kan me huur nie betalen")
    page.fill("#postcode", "2011")
    page.click("button[type=submit]")                              # step 2: ask
    page.wait_for_url("**/zoek?**")
    assert page.locator("text=Hulp bij Haarlem in de buurt").is_visible()
    # step 3: call a provider near Haarlem, from its card in the results
    phone = page.locator("section[aria-labelledby=nearby] article.provider a[href^='tel:']").first
    assert phone.is_visible()
    shown = "".join(ch for ch in phone.inner_text() if ch.isdigit())
    dialled = "".join(ch for ch in phone.get_attribute("href") if ch.isdigit())
    # A whole number, or a municipality's 14 number (14 023) for local help without its own.
    assert (len(shown) >= 8 or shown.startswith("14")) and dialled.endswith(shown.lstrip("0"))
    context.close()


def history_length(page) -> int:
    return page.evaluate("history.length")


def test_results_update_while_typing(browser, site):
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    page.goto(site + "/zoek")
    before = history_length(page)
    for word in ["ik ", "voel ", "me ", "heel ", "erg ", "eenzaam"]:  # a pause after each
        page.locator("#q").press_sequentially(word, delay=20)
        page.wait_for_timeout(700)
    page.wait_for_selector("#about", timeout=5000)
    assert "eenzaam" in page.url  # the address follows, so it can be shared
    assert history_length(page) == before, "typing makes no history entries"
    page.click("form.search button[type=submit]")
    page.wait_for_timeout(700)
    assert history_length(page) == before + 1, "a submitted search makes one"
    page.go_back()  # to the typed question, as the address had followed it
    page.wait_for_selector("#about", timeout=5000)
    assert page.input_value("#q") == "ik voel me heel erg eenzaam"
    page.locator("#q").fill("")
    page.locator("#q").press_sequentially("ik wil niet meer leven", delay=20)
    page.wait_for_selector("#acute-title", timeout=5000)
    assert page.locator("#acute a[href='tel:08000113']").is_visible()
    context.close()


def test_no_request_leaves_the_site(browser, site):
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    hosts = set()
    page.on("request", lambda request: hosts.add(request.url.split("/")[2]))
    page.goto(site + "/zoek?q=schulden&postcode=7511")
    page.wait_for_load_state("networkidle")
    assert hosts == {site.split("/")[2]}
    context.close()


@pytest.mark.parametrize("tablet", [False, True], ids=["own-device", "tablet"])
def test_fast_typing_asks_the_server_once(browser, site, tablet):
    """The model reads every question the server gets: typing asks only after a pause
    (at least 300 ms), and a new question cancels the one still on its way."""
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    page.goto(site + ("/zoek?kiosk=1" if tablet else "/zoek?kiosk=0"))
    asked = []  # questions sent; on a tablet each is posted, then fetched by its redirect
    page.on("request", lambda request: asked.append(request.url)
            if request.url.split("?")[0].endswith("/zoek") and request.redirected_from is None
            else None)
    page.locator("#q").press_sequentially("mijn buurman maakt veel lawaai", delay=60)
    page.wait_for_selector("#about", timeout=5000)
    page.wait_for_timeout(800)
    assert len(asked) == 1, asked
    page.locator("#q").press_sequentially(" en ik slaap slecht", delay=250)
    page.wait_for_timeout(800)
    assert len(asked) == 2, "keys 250 ms apart are one pause-less burst"
    context.close()


@pytest.mark.parametrize("language", ["nl", "ar"])
@pytest.mark.parametrize("question, postcode", [
    ("ik kan mijn huur niet meer betalen", "2011"),
    ("ik heb geen geld voor eten", "7511"),
    ("ik voel me eenzaam", "3601"),
])
def test_on_a_phone_the_first_screen_shows_the_subject_and_whom_to_call(
        browser, site, language, question, postcode):
    """390 x 844: the best situation in one line and a button to call the first provider
    are on the first screen, before any scrolling (issue 10)."""
    context = browser.new_context(viewport={"width": 390, "height": 844},
                                  locale="ar" if language == "ar" else "nl-NL")
    page = context.new_page()
    page.goto(f"{site}/zoek?" + urlencode({"q": question, "postcode": postcode,
                                           "lang": language}))
    heading = page.locator("#first-step")
    box = heading.bounding_box()
    line_height = heading.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)")
    assert box["height"] <= 1.5 * line_height, "the situation takes one line"
    button = page.locator(".first-step a.button-link").first
    button_box = button.bounding_box()
    assert button_box["y"] + button_box["height"] <= 844, button_box
    href = button.get_attribute("href")
    assert href.startswith(("tel:", "http"))
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_from_a_provider_the_resident_gets_back_to_the_results(browser, site, javascript):
    context = browser.new_context(java_script_enabled=javascript, locale="nl-NL")
    page = context.new_page()
    page.goto(site + "/zoek?" + urlencode({"q": "ik heb schulden", "postcode": "2011"}))
    page.locator("section[aria-labelledby=nearby] article.provider h3 a").first.click()
    page.wait_for_url("**/aanbieder/**")
    page.click("text=Terug naar uw resultaten")
    page.wait_for_url("**/zoek**")
    if javascript:  # the results as they were
        assert page.input_value("#q") == "ik heb schulden"
        assert page.locator("#first-step").is_visible()
    else:  # the search page, with the postcode it remembered
        assert page.input_value("#postcode") == "2011"
    context.close()
