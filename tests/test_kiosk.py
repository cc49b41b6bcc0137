"""Walk-in tablet mode: nothing of one visitor stays for the next (HTTP level; the real
browser's Back, Forward, reload and caches are in test_browser_kiosk.py)."""

import pytest

# A visitor's own words, found on no page unless the visitor typed them.
VISITOR_WORDS = ("zebedeus", "7522")


def set_cookie_headers(response) -> list[str]:
    return response.headers.get_list("set-cookie")


@pytest.fixture
def tablet(client):
    """The shared client in walk-in tablet mode, forgotten again after the test."""
    response = client.get("/?kiosk=1", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/"
    yield client
    client.cookies.clear()


def test_kiosk_mode_is_kept_for_the_browser_session_only(client):
    response = client.get("/?kiosk=1", follow_redirects=False)
    kiosk_cookie = next(h for h in set_cookie_headers(response) if h.startswith("kiosk="))
    assert "max-age" not in kiosk_cookie.lower() and "expires" not in kiosk_cookie.lower()
    page, response = client.page("/")
    assert page.all("body")[0].get("class") == "kiosk"
    assert "/static/js/kiosk.js" in [s["src"] for s in page.all("script")]
    assert response.headers["cache-control"] == "no-store"
    client.cookies.clear()


TABLET_PAGES = ["/", "/zoek", "/domein/wonen", "/signalen", "/kiosk/signalen",
                "/kiosk/advies", "/aanbieder/juridisch-loket", "/hulp?d=wonen",
                "/verlaten?naar=https://www.juridischloket.nl/", "/wegwijzer"]


def test_every_form_on_a_tablet_is_posted_and_no_link_carries_input(tablet):
    tablet.post("/kiosk/signalen", data={"role": "huisarts"})
    tablet.post("/kiosk/advies", data={"s": "klein-netwerk", "client_lang": "nl"})
    for path in TABLET_PAGES:
        page, _ = tablet.page(path)
        assert page.all("form"), path
        assert all(form["method"] == "post" for form in page.all("form")), path
        assert not [a["href"] for a in page.all("a") if "?" in a["href"]
                    and not a["href"].startswith("/verlaten?")], path
        # The browser must not offer one visitor's postcode to the next.
        postcodes = [i for i in page.all("input") if i.get("name") == "postcode"]
        assert all(i.get("autocomplete") == "off" for i in postcodes), path
        # Titles show in the browser's history: they tell nothing of the visitor.
        assert page.title == "Wegwijzer", path


def test_a_posted_question_is_answered_at_an_address_without_it(tablet):
    response = tablet.post("/zoek", data={"q": "ik heb schulden", "postcode": "2011"},
                           follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/zoek"
    assert response.headers["cache-control"] == "no-store"
    kept = [h for h in set_cookie_headers(response) if h.startswith(("question=", "postcode="))]
    assert len(kept) == 2 and all("max-age" not in h.lower() for h in kept)
    page, response = tablet.page("/zoek")
    assert [i["value"] for i in page.all("input") if i["name"] == "q"] == ["ik heb schulden"]
    assert "Hulp bij Haarlem in de buurt" in page.text
    assert response.headers["cache-control"] == "no-store"


def test_a_long_question_in_any_script_fits_the_visit_and_keeps_its_danger(tablet):
    """A question lives in a cookie on a tablet (about 4 KB, URL-quoted: 6 bytes per
    Arabic letter). A long one is cut to fit, the page says so, and danger at its start
    is still seen."""
    question = "أريد أن أموت " + "لا أستطيع دفع الإيجار والفواتير كثيرة " * 40
    response = tablet.post("/zoek", data={"q": question}, follow_redirects=False)
    assert response.status_code == 303
    (kept,) = [h for h in set_cookie_headers(response) if h.startswith("question=")]
    assert len(kept) < 4096
    page, _ = tablet.page("/zoek?lang=nl")
    assert any(section.get("aria-labelledby") == "acute-title"
               for section in page.all("section"))
    kept = [i["value"] for i in page.all("input") if i["name"] == "q"][0]
    assert len(kept) < len(question)
    assert f"Uw vraag is lang. We hebben de eerste {len(kept)} tekens gelezen." in page.text
    short = tablet.post("/zoek", data={"q": "ik heb schulden"})
    assert "Uw vraag is lang" not in short.text


def test_live_search_on_a_tablet_posts_and_gets_the_results_partial(tablet):
    response = tablet.post("/zoek", data={"q": "ik voel me eenzaam"},
                           headers={"HX-Request": "true"})
    assert response.status_code == 200 and response.url.path == "/zoek"
    assert not response.url.query
    assert "<html" not in response.text and "eenzaam" not in str(response.url)
    assert 'id="about"' in response.text


def test_input_in_an_address_on_a_tablet_moves_to_the_visit(tablet):
    response = tablet.get("/domein/wonen?postcode=2011&lang=en&x=1", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/domein/wonen?x=1"
    page, _ = tablet.page("/domein/wonen")
    assert page.all("html")[0]["lang"] == "en" and "Help near Haarlem" in page.text


def test_the_language_is_posted_on_a_tablet(tablet):
    page, _ = tablet.page("/domein/wonen")
    menu = [b for b in page.all("button") if b.get("name") == "lang"]
    assert [b["value"] for b in menu] == ["nl", "en", "ar", "tr", "pl", "uk"]
    response = tablet.post("/domein/wonen", data={"lang": "ar"}, follow_redirects=False)
    assert response.headers["location"] == "/domein/wonen"
    page, _ = tablet.page("/domein/wonen")
    assert (page.all("html")[0]["lang"], page.all("html")[0]["dir"]) == ("ar", "rtl")


def test_starting_again_forgets_the_visitor(tablet):
    tablet.post("/zoek", data={"q": "ik heb schulden bij zebedeus", "postcode": "7522",
                               "lang": "en"})
    tablet.post("/kiosk/signalen", data={"role": "huisarts"})
    page, response = tablet.page("/zoek")
    assert all(word in response.text.lower() for word in VISITOR_WORDS)
    response = tablet.get("/kiosk/opnieuw", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/"
    assert response.headers["clear-site-data"] == '"cache"'
    cleared = {h.split("=")[0] for h in set_cookie_headers(response)}
    assert {"lang", "postcode", "role", "question", "check"} <= cleared
    for path in ("/", "/zoek", "/domein/wonen", "/signalen"):
        page, response = tablet.page(path)
        assert page.all("html")[0]["lang"] == "nl", path
        assert not [word for word in VISITOR_WORDS if word in response.text.lower()], path
    page, _ = tablet.page("/signalen")
    assert "Verder als" not in page.text


def test_leaving_kiosk_mode_forgets_the_visit(tablet):
    tablet.post("/zoek", data={"q": "ik heb schulden", "postcode": "7522"})
    response = tablet.get("/?kiosk=0", follow_redirects=False)
    cleared = {h.split("=")[0] for h in set_cookie_headers(response)}
    assert {"kiosk", "question", "check", "postcode", "lang", "role"} <= cleared


def test_entering_kiosk_mode_forgets_what_the_device_remembered(client):
    client.get("/domein/wonen?postcode=7522&lang=en")
    client.get("/signalen/huisarts")
    response = client.get("/?kiosk=1", follow_redirects=False)
    cleared = {h.split("=")[0] for h in set_cookie_headers(response)
               if "max-age=0" in h.lower()}
    assert {"postcode", "lang", "role"} <= cleared
    page, response = client.page("/domein/wonen")
    assert page.all("html")[0]["lang"] == "nl" and "7522" not in response.text
    client.cookies.clear()


@pytest.mark.parametrize("body, headers", [
    (b"garbage", {"content-type": "multipart/form-data; boundary=x"}),
    ("&".join(f"f{n}=1" for n in range(2000)).encode(),
     {"content-type": "application/x-www-form-urlencoded"}),
    (b"--x\r\nContent-Disposition: form-data; name=\"q\"; filename=\"a.txt\"\r\n\r\n"
     b"schulden\r\n--x--\r\n", {"content-type": "multipart/form-data; boundary=x"}),
    (b'{"q": "schulden"}', {"content-type": "application/json"}),
])
def test_an_odd_posted_body_on_a_tablet_changes_nothing(tablet, body, headers):
    response = tablet.post("/zoek", content=body, headers=headers, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/zoek"
    assert not [h for h in set_cookie_headers(response) if h.startswith("question=")]


def test_the_client_page_works_on_a_tablet(tablet):
    response = tablet.get("/hulp?d=financien&postcode=2011", follow_redirects=False)
    assert response.headers["location"] == "/hulp?d=financien"
    page, _ = tablet.page("/hulp?d=financien")
    assert "Hulp bij Haarlem in de buurt" in page.text
    response = tablet.post("/hulp?d=financien", data={"postcode": "7511", "d": "wonen"},
                           follow_redirects=False)
    assert response.headers["location"] == "/hulp?d=financien&d=wonen"
    page, _ = tablet.page("/hulp?d=financien&d=wonen")
    assert "Hulp bij Enschede in de buurt" in page.text


def test_a_shared_advice_link_opened_on_a_tablet_keeps_its_ticks(tablet):
    response = tablet.get("/signalen/huisarts/advies?s=klein-netwerk&s=eenzaam")
    assert response.url.path == "/kiosk/advies" and not response.url.query
    page, _ = tablet.page("/kiosk/advies")
    assert "Heeft weinig of geen mensen om zich heen" in page.text


def test_a_link_to_another_site_asks_first_on_a_tablet(client):
    client.get("/?kiosk=1")
    page, _ = client.page("/aanbieder/juridisch-loket")
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


def test_leaving_refuses_addresses_that_pose_as_another_site(client):
    for target in ("https://[::1", "https://www.rijksoverheid.nl@evil.example/",
                   "https://evil.example\\@www.rijksoverheid.nl"):
        client.page("/verlaten?naar=" + target.replace("\\", "%5C"), status=422)


def test_typing_makes_no_history_entries_and_a_search_makes_one(client):
    page, _ = client.page("/zoek?q=schulden")
    form = page.all("form")[0]
    assert form["hx-push-url"] == "true" and form["hx-disinherit"] == "hx-push-url"
    typed = [i for i in page.all("input") if i["name"] in ("q", "postcode")]
    assert all(i["hx-replace-url"] == "true" and "hx-push-url" not in i for i in typed)


def test_on_a_tablet_a_provider_leads_back_to_the_visits_results(tablet):
    tablet.post("/zoek", data={"q": "ik heb schulden", "postcode": "2011"})
    page, _ = tablet.page("/aanbieder/juridisch-loket?van=zoek")
    (back,) = [a for a in page.all("a") if a["href"] == "/zoek"]
    assert "data-history-back" not in back  # each page replaces the last: no history here
    results, _ = tablet.page("/zoek")
    assert [i["value"] for i in results.all("input") if i["name"] == "q"] == ["ik heb schulden"]
