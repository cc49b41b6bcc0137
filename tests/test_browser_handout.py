"""The client's handout in a real browser, as it is printed and as a phone reads its QR
code: after danger was ticked it names no danger, carries no checklist, shows no screen
control, and the QR code opens the neutral client page in the client's language."""

import io
from urllib.parse import parse_qs, urlsplit

import pytest
import zxingcpp
from PIL import Image

from tests.test_signal_check import DANGER_WORDS

ROLE = "huisarts"
DANGER = "huiselijk-geweld"
TICKED = [DANGER, "gevaar-voor-zichzelf", "klein-netwerk"]
# Texts of the page around the handout, in Dutch, that must not be printed.
SCREEN_ONLY = ["Lees voor", "Print de folder", "Nederlands", "English", "Advies", "Terug",
               "Wegwijzer", "Nieuwe bezoeker"]


def advice_page(browser, site, client_lang):
    context = browser.new_context(locale="nl-NL", viewport={"width": 1024, "height": 900})
    page = context.new_page()
    query = "&".join(f"s={s}" for s in TICKED)
    page.goto(f"{site}/signalen/{ROLE}/advies?{query}&postcode=2011&client_lang={client_lang}")
    assert page.locator("#acute-title").is_visible()  # the professional is told of danger
    page.emulate_media(media="print")
    return context, page


def decoded_qr(page) -> str:
    png = page.locator(".handout-qr svg").screenshot()
    image = Image.open(io.BytesIO(png)).convert("L")
    # A quiet zone around the code, as on paper.
    framed = Image.new("L", (image.width + 80, image.height + 80), 255)
    framed.paste(image, (40, 40))
    found = zxingcpp.read_barcodes(framed)
    assert len(found) == 1, "one readable QR code on the handout"
    return found[0].text


@pytest.mark.parametrize("client_lang", ["nl", "ar", "pl"])
def test_the_printed_handout_names_no_danger_and_shows_no_screen_control(
        browser, site, client_lang):
    context, page = advice_page(browser, site, client_lang)
    printed = page.evaluate("document.body.innerText")
    handout = page.locator(".handout")
    assert handout.get_attribute("lang") == client_lang
    assert " ".join(printed.split()) == " ".join(handout.inner_text().split())
    text = printed.lower()
    assert [word for word in DANGER_WORDS[client_lang] if word in text] == []
    assert [signal for signal in TICKED if signal in text] == []
    if client_lang != "nl":
        assert [words for words in SCREEN_ONLY if words.lower() in text] == []
    assert all(number in printed for number in ("112", "0800-2000", "0800-0113"))
    providers = page.locator(".handout-providers li strong").all_inner_texts()
    assert providers and all(name in printed for name in providers)
    context.close()


@pytest.mark.parametrize("client_lang", ["nl", "ar"])
def test_the_qr_code_opens_the_neutral_client_page(browser, site, client_lang):
    context, page = advice_page(browser, site, client_lang)
    address = decoded_qr(page)
    parts = urlsplit(address)
    assert f"{parts.scheme}://{parts.netloc}" == site and parts.path == "/hulp"
    query = parse_qs(parts.query)
    assert set(query) == {"d", "postcode", "lang"}
    assert query["lang"] == [client_lang] and query["postcode"] == ["2011"]
    assert not [s for s in TICKED if s in address]

    phone = context.new_page()
    phone.goto(address)
    assert phone.locator("html").get_attribute("lang") == client_lang
    assert phone.locator("a[href^='/aanbieder/']").count() >= 1
    text = phone.locator("main").inner_text().lower()
    assert [word for word in DANGER_WORDS[client_lang] if word in text] == []
    context.close()
