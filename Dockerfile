# The same app as `make run`, in a container. DATABASE_URL points it at PostgreSQL
# (postgresql+psycopg://user:password@host/db); without it, an SQLite file in
# /srv/wegwijzer/state. compose.yaml runs two of these behind one port.

# Build: the locked dependencies (requirements.lock, every file checked by its hash) and
# the app, into a virtual environment that the runtime image copies.
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /build
COPY requirements.lock ./
RUN python -m venv /opt/wegwijzer && \
    /opt/wegwijzer/bin/pip install --require-hashes -r requirements.lock
COPY pyproject.toml README.md ./
COPY app ./app
RUN /opt/wegwijzer/bin/pip install --no-deps .

# Run: no compilers, no pip cache, not root.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/wegwijzer/bin:$PATH \
    DATABASE_URL=sqlite:////srv/wegwijzer/state/wegwijzer.db \
    DATA_DIR=/srv/wegwijzer/data
RUN useradd --system --uid 10001 --home-dir /srv/wegwijzer wegwijzer
COPY --from=build /opt/wegwijzer /opt/wegwijzer
WORKDIR /srv/wegwijzer
COPY data ./data
RUN mkdir state && chown wegwijzer state
USER wegwijzer
EXPOSE 8000
# With ALLOWED_HOSTS set, the check names the first allowed host (another gets 400).
HEALTHCHECK --interval=30s --timeout=3s --start-period=60s \
    CMD python -c "import os, urllib.request; host = os.environ.get('ALLOWED_HOSTS', 'localhost').split(',')[0].strip().lstrip('*.') or 'localhost'; urllib.request.urlopen(urllib.request.Request('http://127.0.0.1:8000/healthz', headers={'Host': host}), timeout=2)"
CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000", "--proxy-headers", "--no-access-log"]
