"""A professional in a real browser: from /signalen to a printed handout in at most 10
taps, and the handout fits one A4 page. The taps are counted by the page itself: every
real pointer press the browser delivers, across the pages of the journey."""

import re

import pytest

MAX_TAPS = 10

# Counts, in the tab's session storage, each trusted pointer press, and each choice in a
# drop-down list (the second tap: the browser's own list is not part of the page).
COUNT_TAPS = """
(() => {
  const count = () => sessionStorage.setItem(
    "taps", String(Number(sessionStorage.getItem("taps") || 0) + 1));
  document.addEventListener("pointerdown", (e) => { if (e.isTrusted) count(); }, true);
  document.addEventListener("change", (e) => { if (e.target.tagName === "SELECT") count(); },
                            true);
})();
"""


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


@pytest.mark.parametrize("role, language", [("huisarts", "ar"), ("uitvaartondernemer", "pl")])
def test_from_start_to_printed_handout_in_at_most_ten_taps(browser, site, role, language):
    context = browser.new_context(locale="nl-NL")
    context.add_init_script(script=COUNT_TAPS)
    page = context.new_page()
    page.goto(site + "/signalen")
    page.click(f"a[href='/signalen/{role}']")
    boxes = page.locator("input[type=checkbox]")
    boxes.nth(0).click()
    boxes.nth(1).click()
    page.click("#postcode")
    page.keyboard.type("7511")                  # typing is not tapping
    page.click("#client_lang")
    page.select_option("#client_lang", language)
    page.click("form.checklist button[type=submit]")
    page.wait_for_url("**/advies?**")
    assert page.locator(f".handout[lang='{language}']").is_visible()
    printed = []
    page.expose_function("recordPrint", lambda: printed.append(True))
    page.evaluate("window.print = () => window.recordPrint()")
    page.click("[data-print]")
    page.wait_for_timeout(200)
    assert printed, "the print button opens the print dialog"
    taps = int(page.evaluate("sessionStorage.getItem('taps')"))
    assert taps <= MAX_TAPS, taps
    assert taps >= 8, f"the page saw every press and choice of this journey, not {taps}"

    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert pdf_pages(page.pdf(format="A4")) == 1
    context.close()
