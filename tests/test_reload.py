"""Invalid data never replaces valid data; new valid data reaches every process."""


import pytest

from app.db import make_engine
from app.main import load_data
from app.services.loading import DataError
from app.services.storage import stored_version
from tests.conftest import eventually, make_settings, serve
from tests.test_loading import NEW_PROVIDER, VALID_PROVIDER, append_provider, replace_in


def test_a_broken_file_leaves_the_old_data_serving(fresh_url, data_copy):
    settings = make_settings(fresh_url, data_copy, data_check_seconds=0)
    with serve(settings) as client:
        before = client.get("/healthz").json()["data_version"]
        assert client.get("/api/v1/providers/test-twente").status_code == 404

        append_provider(data_copy, NEW_PROVIDER)  # its postcode '75AB' is invalid
        load_data(client.app.state.engine, data_copy)

        assert stored_version(client.app.state.engine) == before
        assert client.get("/healthz").json()["data_version"] == before
        assert client.get("/api/v1/domains").status_code == 200
        assert client.get("/api/v1/providers/test-twente").status_code == 404


def test_a_restart_with_a_broken_file_keeps_serving_the_stored_data(fresh_url, data_copy):
    with serve(make_settings(fresh_url, data_copy)) as client:
        before = client.get("/healthz").json()["data_version"]
    replace_in(data_copy / "wegwijzers.yaml", "id: financien", "id: finance")
    with serve(make_settings(fresh_url, data_copy)) as client:
        assert client.get("/healthz").json()["data_version"] == before
        assert client.get("/domein/financien").status_code == 200


def test_an_empty_database_with_broken_files_refuses_to_start(fresh_url, data_copy):
    replace_in(data_copy / "wegwijzers.yaml", "id: financien", "id: finance")
    with pytest.raises(DataError, match="wegwijzers.yaml:"):
        with serve(make_settings(fresh_url, data_copy)):
            pass


def test_valid_new_data_reaches_a_running_process(fresh_url, data_copy):
    settings = make_settings(fresh_url, data_copy, data_check_seconds=0)
    with serve(settings) as first, serve(
        make_settings(fresh_url, data_copy, data_check_seconds=0, load_data_on_start=False)
    ) as second:
        append_provider(data_copy, VALID_PROVIDER)
        load_data(first.app.state.engine, data_copy)
        # The second process did not load anything itself; it sees the new version as
        # soon as its background check has run.
        assert eventually(lambda: second.get("/api/v1/providers/test-twente").status_code
                          == 200)
        assert second.get("/api/v1/providers/test-twente").json()["name"] == "Test Twente"
        assert eventually(lambda: second.get("/healthz").json()
                          == first.get("/healthz").json())


def test_pages_keep_serving_from_memory_when_the_database_is_gone(fresh_url, data_copy):
    """The catalog in memory serves every request; the database is only asked, in the
    background, for new data."""
    with serve(make_settings(fresh_url, data_copy, data_check_seconds=0)) as client:
        assert client.get("/healthz").json()["database"] == "ok"
        store = client.app.state.catalogs
        store._engine = make_engine("postgresql+psycopg://nobody@127.0.0.1:9/none"
                                    if fresh_url.startswith("postgresql")
                                    else "sqlite:////nonexistent-folder/none.db")
        assert eventually(lambda: client.get("/healthz").json()["database"] == "unavailable")
        for path in ("/", "/zoek?q=ik+heb+schulden&postcode=2011", "/api/v1/domains",
                     "/domein/wonen?postcode=2011"):
            assert client.get(path).status_code == 200, path
        assert client.get("/healthz").json()["status"] == "ok"


@pytest.mark.parametrize("unreachable", [
    "postgresql+psycopg://nobody@127.0.0.1:9/none",  # nothing listens: refused at once
    "sqlite:////nonexistent-folder/wegwijzer.db",
])
def test_a_process_started_during_a_database_outage_serves_the_data_files(unreachable):
    from app.config import Settings
    from app.services.loading import read_data
    from tests.conftest import DATA_DIR

    with serve(Settings(database_url=unreachable, data_dir=DATA_DIR,
                        data_check_seconds=0.05)) as client:
        health = client.get("/healthz").json()
        assert health["database"] == "unavailable"
        assert health["data_version"] == read_data(DATA_DIR).version
        for path in ("/", "/zoek?q=ik+heb+schulden&postcode=2011", "/api/v1/domains"):
            assert client.get(path).status_code == 200, path


def test_a_restart_on_stored_files_does_not_read_them_again(fresh_url, data_copy,
                                                            monkeypatch):
    """With 100,000 providers reading the files takes minutes; the version of the files
    (a hash of their bytes) tells that the database already holds them."""
    with serve(make_settings(fresh_url, data_copy)) as client:
        before = client.get("/healthz").json()["data_version"]

    def read_data(_data_dir):
        raise AssertionError("the files were read again")

    monkeypatch.setattr("app.main.read_data", read_data)
    with serve(make_settings(fresh_url, data_copy)) as client:
        assert client.get("/healthz").json()["data_version"] == before
        assert client.get("/api/v1/providers/luisterlijn").status_code == 200
    replace_in(data_copy / "providers.yaml", "name: De Luisterlijn", "name: Luisterlijn")
    with pytest.raises(AssertionError, match="read again"):
        with serve(make_settings(fresh_url, data_copy)):
            pass
