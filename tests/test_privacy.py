"""Nothing a resident types reaches a log."""

import logging

from app.main import _PrivateAccessLog


def test_access_log_keeps_neither_the_query_nor_the_address():
    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
        ("203.0.113.9:5123", "GET", "/zoek?q=ik+heb+schulden&postcode=2011", "1.1", 200),
        None,
    )
    assert _PrivateAccessLog().filter(record)
    message = record.getMessage()
    assert message == '- - "GET /zoek HTTP/1.1" 200'
    assert "schulden" not in message and "203.0.113.9" not in message


def test_the_filter_is_installed_on_the_uvicorn_access_log():
    filters = logging.getLogger("uvicorn.access").filters
    assert any(isinstance(f, _PrivateAccessLog) for f in filters)
