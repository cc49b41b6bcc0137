# The same app as `make run`, in a container. DATABASE_URL points it at PostgreSQL
# (postgresql+psycopg://user:password@host/db); without it, an SQLite file in /srv/wegwijzer.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DATABASE_URL=sqlite:////srv/wegwijzer/state/wegwijzer.db

WORKDIR /srv/wegwijzer
COPY pyproject.toml README.md ./
COPY app ./app
RUN pip install . && useradd --system --home /srv/wegwijzer wegwijzer \
    && mkdir state && chown wegwijzer state
COPY data ./data
ENV DATA_DIR=/srv/wegwijzer/data

USER wegwijzer
EXPOSE 8000
HEALTHCHECK CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz')"
CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000", "--proxy-headers", "--no-access-log"]
