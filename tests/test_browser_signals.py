"""A professional in a real browser: from /signalen to a printed handout in at most 10
taps, and the handout fits one A4 page."""

import re

import pytest

MAX_TAPS = 10


class Taps:
    """Counts what a person would tap: a tile, a checkbox, a field, a menu, a button."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def click(self, selector):
        self.count += 1
        self.page.click(selector)

    def type(self, selector, text):
        self.count += 1  # one tap into the field; typing is not tapping
        self.page.fill(selector, text)

    def choose(self, selector, value):
        self.count += 1
        self.page.select_option(selector, value)


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


@pytest.mark.parametrize("role, language", [("huisarts", "ar"), ("uitvaartondernemer", "pl")])
def test_from_start_to_printed_handout_in_at_most_ten_taps(browser, site, role, language):
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    taps = Taps(page)
    page.goto(site + "/signalen")
    taps.click(f"a[href='/signalen/{role}']")
    boxes = page.locator("input[type=checkbox]")
    taps.click(f"#{boxes.nth(0).get_attribute('id')}")
    taps.click(f"#{boxes.nth(1).get_attribute('id')}")
    taps.type("#postcode", "7511")
    taps.choose("#client_lang", language)
    taps.click("button[type=submit]")
    page.wait_for_url("**/advies?**")
    assert page.locator(f".handout[lang='{language}']").is_visible()
    printed = []
    page.expose_function("recordPrint", lambda: printed.append(True))
    page.evaluate("window.print = () => window.recordPrint()")
    taps.click("[data-print]")
    page.wait_for_timeout(200)
    assert printed, "the print button opens the print dialog"
    assert taps.count <= MAX_TAPS, taps.count

    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert pdf_pages(page.pdf(format="A4")) == 1
    context.close()
