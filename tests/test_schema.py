"""The API does what its OpenAPI schema says, for inputs schemathesis makes from it: no
server error, only documented status codes, bodies and headers as documented, bad input
refused, and a method an address does not take answered with 405 and Allow.

Left out: schemathesis's check that every schema-valid request is accepted. The API
checks more than a schema can say (a postcode of 4 digits that no place has is 422).
One backend is enough here: the API reads the catalog in memory, never the database."""

import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

from app.main import create_app
from tests.conftest import make_settings, running

app = create_app(make_settings(f"sqlite:///{Path(tempfile.mkdtemp()) / 'schema.db'}",
                               semantic_matching=False))
schema = schemathesis.openapi.from_asgi("/openapi.json", app)


@pytest.fixture(scope="module", autouse=True)
def started():
    with running(app):
        yield


@schema.parametrize()
@settings(max_examples=30, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
def test_the_api_keeps_to_its_schema(case):
    case.call_and_validate(excluded_checks=[positive_data_acceptance])
