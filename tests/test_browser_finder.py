"""A resident in a real browser: from the home page to a phone number in three steps,
with JavaScript and without."""

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
    phone = page.locator("a[href^='tel:']").first                  # step 3: call
    assert phone.is_visible()
    assert phone.get_attribute("href").startswith("tel:")
    context.close()


def test_results_update_while_typing(browser, site):
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    page.goto(site + "/zoek")
    page.locator("#q").press_sequentially("ik voel me eenzaam", delay=20)
    page.wait_for_selector("#about", timeout=5000)
    assert "eenzaam" in page.url  # the address follows, so it can be shared
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
