"""What a request may cost, and what every answer carries (issue 11, bounds)."""

import pytest
from pydantic import ValidationError

from app.config import Settings
from tests.conftest import make_settings, serve


def test_a_body_over_64_kb_gets_413_with_or_without_its_length(client):
    big = "q=" + "x" * (65 * 1024)
    response = client.post("/zoek", content=big,
                           headers={"content-type": "application/x-www-form-urlencoded"})
    assert response.status_code == 413 and "64 KB" in response.json()["detail"]

    def chunks():  # no content-length: the body is counted as it comes
        for _ in range(80):
            yield b"x" * 1024

    streamed = client.post("/api/v1/signal-check", content=chunks(),
                           headers={"content-type": "application/json"})
    assert streamed.status_code == 413
    # A small body is read as usual (here: refused for what it says, not for its size).
    assert client.post("/api/v1/signal-check", json={}).status_code == 422


@pytest.mark.parametrize("path", ["/", "/zoek?q=schulden", "/domein/wonen", "/healthz",
                                  "/static/css/site.css"])
def test_pages_answer_head_without_a_body(client, path):
    response = client.head(path)
    assert response.status_code == 200 and response.content == b""
    assert response.headers["content-type"] == client.get(path).headers["content-type"]


@pytest.mark.parametrize("path", ["/zoek?q=ik+heb+schulden&postcode=2011",
                                  "/domein/wonen?postcode=2011", "/hulp?d=financien",
                                  "/signalen/huisarts/advies?s=klein-netwerk"])
def test_pages_that_may_show_a_question_are_never_cached(client, path):
    assert client.get(path).headers["cache-control"] == "no-store"


def test_only_the_allowed_hosts_are_answered(fresh_url):
    with serve(make_settings(fresh_url, allowed_hosts=["wegwijzer.example.nl"])) as client:
        assert client.get("/", headers={"host": "wegwijzer.example.nl"}).status_code == 200
        assert client.get("/", headers={"host": "evil.example.com"}).status_code == 400


def test_behind_https_cookies_are_secure_and_hsts_is_sent(fresh_url):
    settings = make_settings(fresh_url, public_url="https://wegwijzer.example.nl")
    with serve(settings) as client:
        response = client.get("/zoek?q=huur&postcode=2011")
    assert response.headers["strict-transport-security"].startswith("max-age=")
    cookies = response.headers.get_list("set-cookie")
    assert cookies and all("secure" in cookie.lower() for cookie in cookies)


def test_production_does_not_start_without_its_address_and_hosts():
    with pytest.raises(ValidationError, match="PUBLIC_URL and ALLOWED_HOSTS"):
        Settings(environment="production")
    with pytest.raises(ValidationError):
        Settings(environment="production", public_url="https://wegwijzer.example.nl")
    ready = Settings(environment="production", public_url="https://wegwijzer.example.nl",
                     allowed_hosts="wegwijzer.example.nl")
    assert ready.allowed_hosts == ["wegwijzer.example.nl"]
