"""Walk-in tablet mode: nothing of one visitor stays for the next."""


def set_cookie_headers(response) -> list[str]:
    return response.headers.get_list("set-cookie")


def test_kiosk_mode_is_kept_for_the_browser_session_only(client):
    page, response = client.page("/?kiosk=1")
    assert page.all("body")[0].get("class") == "kiosk"
    assert "/static/js/kiosk.js" in [s["src"] for s in page.all("script")]
    kiosk_cookie = next(h for h in set_cookie_headers(response) if h.startswith("kiosk="))
    assert "max-age" not in kiosk_cookie.lower() and "expires" not in kiosk_cookie.lower()
    assert response.headers["cache-control"] == "no-store"
    client.cookies.clear()


def test_choices_on_a_tablet_are_not_remembered_beyond_the_session(client):
    client.get("/?kiosk=1")
    response = client.get("/domein/wonen?postcode=2011&lang=en")
    remembered = [h for h in set_cookie_headers(response)
                  if h.startswith(("lang=", "postcode="))]
    assert len(remembered) == 2
    assert all("max-age" not in h.lower() for h in remembered)
    client.cookies.clear()


def test_starting_again_forgets_the_visitor(client):
    client.get("/?kiosk=1")
    client.get("/domein/wonen?postcode=2011&lang=en")
    response = client.get("/kiosk/opnieuw", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/"
    cleared = {h.split("=")[0] for h in set_cookie_headers(response)}
    assert {"lang", "postcode", "role"} <= cleared
    page, _ = client.page("/")
    assert page.all("html")[0]["lang"] == "nl"
    client.cookies.clear()


def test_a_link_to_another_site_asks_first_on_a_tablet(client):
    page, _ = client.page("/aanbieder/juridisch-loket?kiosk=1")
    links = [a["href"] for a in page.all("a")]
    assert not [href for href in links if href.startswith("https://")]
    leaving = next(href for href in links if href.startswith("/verlaten?naar="))
    page, _ = client.page(leaving)
    assert "juridischloket.nl" in page.text
    client.cookies.clear()
    page, _ = client.page("/aanbieder/juridisch-loket")
    assert any(a["href"].startswith("https://") for a in page.all("a"))


def test_leaving_refuses_what_is_not_a_web_address(client):
    client.page("/verlaten?naar=javascript:alert(1)", status=422)


def test_idle_tablet_returns_to_a_clean_start(browser, site):
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    page.goto(site + "/zoek?kiosk=1&lang=en&postcode=2011&q=schulden")
    assert page.locator("html").get_attribute("lang") == "en"
    page.fill("#q", "half typed question")
    page.evaluate("document.body.dataset.idleSeconds = '1'")
    page.wait_for_url(site + "/", timeout=5000)
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.input_value("#q") == "" and page.input_value("#postcode") == ""
    names = {cookie["name"] for cookie in context.cookies()}
    assert names <= {"kiosk"}
    context.close()


def test_leaving_refuses_addresses_that_pose_as_another_site(client):
    for target in ("https://[::1", "https://www.rijksoverheid.nl@evil.example/",
                   "https://evil.example\\@www.rijksoverheid.nl"):
        client.page("/verlaten?naar=" + target.replace("\\", "%5C"), status=422)


def test_a_tablet_does_not_keep_questions_in_the_browser_history(client):
    page, _ = client.page("/zoek?kiosk=1&q=schulden")
    assert page.all("form")[0]["hx-push-url"] == "false"
    client.cookies.clear()
    page, _ = client.page("/zoek?q=schulden")
    assert page.all("form")[0]["hx-push-url"] == "true"
