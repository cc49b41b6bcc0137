"""A test client that checks every HTML answer it gets: a whole page for what every page
must have, an htmx fragment for what it must not break in the page it lands in."""

from collections import Counter
from html.parser import HTMLParser

from fastapi.testclient import TestClient


class PageStructure(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.title = ""
        self._in_title = False
        self.text_parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        self.text_parts.append(data)

    def all(self, tag: str) -> list[dict]:
        return [attrs for name, attrs in self.tags if name == tag]

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.text_parts).split())


class PageClient:
    """Wraps TestClient. Every HTML answer of `get`, `post` and `request` is parsed and
    checked; `page()` also asserts the status and returns the parsed page."""

    def __init__(self, client: TestClient):
        self.client = client
        self.app = client.app

    def __getattr__(self, name):
        return getattr(self.client, name)

    def request(self, method: str, url: str, **kwargs):
        response = self.client.request(method, url, **kwargs)
        if response.headers.get("content-type", "").startswith("text/html"):
            parsed = PageStructure()
            parsed.feed(response.text)
            if "<html" in response.text[:200].lower():
                check_page(parsed, url)
            else:
                check_fragment(parsed, url)
            response.parsed = parsed
        return response

    def get(self, url: str, **kwargs):
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs):
        return self.request("POST", url, **kwargs)

    def page(self, url: str, status: int = 200, **kwargs) -> tuple[PageStructure, object]:
        response = self.get(url, **kwargs)
        assert response.status_code == status, (url, response.status_code)
        assert response.headers["content-type"].startswith("text/html"), url
        assert "<html" in response.text[:200].lower(), f"{url}: not a whole page"
        return response.parsed, response


def check_page(page: PageStructure, url: str) -> None:
    html = page.all("html")
    assert html and html[0].get("lang") and html[0].get("dir") in ("ltr", "rtl"), url
    assert page.title.strip(), f"{url}: no <title>"
    assert len(page.all("h1")) == 1, f"{url}: needs exactly one <h1>"
    check_fragment(page, url)


def check_fragment(page: PageStructure, url: str) -> None:
    ids = [attrs["id"] for _, attrs in page.tags if "id" in attrs]
    duplicates = [i for i, count in Counter(ids).items() if count > 1]
    assert not duplicates, f"{url}: duplicate ids {duplicates}"
    labelled = {attrs.get("for") for attrs in page.all("label")}
    for field in page.all("input"):
        if field.get("type") in ("hidden", "submit"):
            continue
        assert field.get("id") in labelled or field.get("aria-label"), f"{url}: unlabelled {field}"
    for form in page.all("form"):
        assert form.get("action"), f"{url}: form without action"
    for tag, attribute in (("script", "src"), ("link", "href"), ("img", "src")):
        for attrs in page.all(tag):
            value = attrs.get(attribute, "")
            assert not value.startswith(("http:", "https:", "//")), f"{url}: loads {value}"
