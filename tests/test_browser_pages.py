"""What every page owes a resident in a real browser: read aloud, no outside requests,
small enough for a slow phone."""

import gzip

import pytest

PAGES = ["/", "/zoek?q=schulden&postcode=7511", "/domein/wonen?postcode=2011", "/wegwijzer",
         "/aanbieder/juridisch-loket", "/signalen", "/signalen/huisarts",
         "/signalen/huisarts/advies?s=klein-netwerk&postcode=7511&client_lang=ar",
         "/hulp?d=financien&d=wonen&postcode=2011&lang=ar"]
MAX_COMPRESSED_BYTES = 60 * 1024


# The browser's voices, made known to the test: none, or one Arabic voice that records
# what it was asked to say.
NO_VOICES = "speechSynthesis.getVoices = () => [];"
ONE_ARABIC_VOICE = """
window.SpeechSynthesisUtterance = function (text) { this.text = text; };
speechSynthesis.getVoices = () => [{ lang: "ar-SA", name: "Test voice" }];
speechSynthesis.speak = (utterance) => {
  window.spoken = { text: utterance.text, lang: utterance.lang };
};
"""


def test_read_aloud_says_so_when_there_is_no_voice(browser, site):
    context = browser.new_context(locale="ar")
    context.add_init_script(script=NO_VOICES)
    page = context.new_page()
    page.goto(site + "/?lang=ar")
    button = page.locator("[data-read-aloud] button")
    assert button.is_visible()
    button.click()
    page.wait_for_selector(".read-aloud-status:not(:empty)", timeout=3000)
    status = page.locator(".read-aloud-status")
    assert status.inner_text() == status.get_attribute("data-no-voice")
    context.close()


def test_read_aloud_reads_the_page_in_its_language(browser, site):
    context = browser.new_context(locale="ar")
    context.add_init_script(script=ONE_ARABIC_VOICE)
    page = context.new_page()
    page.goto(site + "/?lang=ar")
    button = page.locator("[data-read-aloud] button")
    label_stop = button.get_attribute("data-label-stop")
    button.click()
    page.wait_for_function("window.spoken !== undefined", timeout=3000)
    spoken = page.evaluate("window.spoken")
    assert spoken["lang"] == "ar-SA"
    assert page.locator("h1").inner_text() in spoken["text"]
    assert button.inner_text() == label_stop
    context.close()


def test_read_aloud_is_not_shown_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/")
    assert not page.locator("[data-read-aloud]").is_visible()
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_each_page_is_small_and_loads_nothing_from_elsewhere(browser, site, path):
    context = browser.new_context()
    page = context.new_page()
    sizes, hosts = {}, set()

    def record(response):
        hosts.add(response.url.split("/")[2])
        if response.request.resource_type in ("document", "stylesheet", "script"):
            sizes[response.url] = len(gzip.compress(response.body()))

    page.on("response", record)
    page.goto(site + path)
    page.wait_for_load_state("networkidle")
    assert hosts == {site.split("/")[2]}
    assert sum(sizes.values()) < MAX_COMPRESSED_BYTES, sizes
    context.close()


def test_the_content_security_policy_is_strict(client):
    policy = client.get("/").headers["content-security-policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "default-src 'self'" in policy and "script-src 'self'" in policy


def test_no_csp_violation_on_any_page(browser, site):
    context = browser.new_context()
    page = context.new_page()
    problems = []
    page.on("console", lambda message: problems.append(message.text)
            if "Content Security Policy" in message.text else None)
    for path in PAGES:
        page.goto(site + path)
    assert problems == []
    context.close()


TARGETS = """() => {
  const small = [];
  const targets = document.querySelectorAll(
    'a, button, input:not([type=hidden]), select, summary');
  for (const element of targets) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;       // not shown
    // A link inside a sentence may be as small as the text (WCAG 2.5.5 exception).
    if (element.tagName === 'A' && element.closest('p, li:not(.contact li)')
        && !element.matches('.button-link, .tile, .cell-link, nav a')) continue;
    if (element.type === 'checkbox') {
      const label = document.querySelector(`label[for="${element.id}"]`);
      const area = label ? label.getBoundingClientRect() : box;
      if (Math.max(area.height, box.height) >= 44) continue;
    }
    if (box.width < 44 || box.height < 44) {
      small.push(`${element.tagName} ${element.textContent.trim().slice(0, 30)} `
                 + `${Math.round(box.width)}x${Math.round(box.height)}`);
    }
  }
  return small;
}"""


# A font far smaller and narrower than any real one: the sizes must come from the CSS.
TINY_FONT = "* { font-size: 6px !important; letter-spacing: -0.5px !important; }"


@pytest.mark.parametrize("font", ["served", "tiny"])
@pytest.mark.parametrize("width", [390, 1024])
@pytest.mark.parametrize("path", PAGES + [
    "/?kiosk=1", "/signalen?kiosk=1", "/signalen/huisarts?kiosk=1",
    "/signalen/huisarts/advies?kiosk=1&s=klein-netwerk&postcode=2011&client_lang=ar"])
def test_tap_targets_are_at_least_44_px(browser, site, path, width, font):
    context = browser.new_context(viewport={"width": width, "height": 800},
                                  bypass_csp=font == "tiny")
    page = context.new_page()
    page.goto(site + path)
    if font == "tiny":
        page.add_style_tag(content=TINY_FONT)
    assert page.evaluate(TARGETS) == []
    context.close()


@pytest.mark.parametrize("width, stacked", [(390, True), (820, False), (1280, False)])
def test_the_wegwijzer_table_fits_the_screen(browser, site, width, stacked):
    """On a phone a card per subject, each role named; on a tablet or wider the table
    itself, its words wrapped. Either way nothing is cut off at the side (issue 10)."""
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="nl-NL")
    page = context.new_page()
    page.goto(site + "/wegwijzer")
    region = page.locator(".table-scroll")
    assert region.evaluate("e => e.scrollWidth <= e.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    cell = page.locator(".wegwijzer td").first
    display = cell.evaluate("e => getComputedStyle(e).display")
    label = cell.evaluate("e => getComputedStyle(e, '::before').content")
    caption = page.locator(".wegwijzer caption").bounding_box()
    assert caption["height"] < 60, "the caption reads on one or two lines"
    if stacked:
        assert display == "block" and label.strip('"') == "(Toe)leiden"
    else:
        assert display == "table-cell"
    context.close()
