# Two commands for a new machine: `make run` and `make test`. Everything installs
# into .venv here, at the versions and hashes of the lock files; nothing is installed
# system-wide except the browser for the browser tests (see .ci/run).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1

.PHONY: install install-test run test check-data embed lint translations lock clean

# What the service needs, and no test tools (requirements.lock).
install: $(VENV)/.installed-service

# The service and the test tools (requirements-test.lock).
install-test: $(VENV)/.installed-test

$(VENV)/.installed-service: requirements.lock pyproject.toml
	[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-test: requirements-test.lock pyproject.toml
	[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-test.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@ $(VENV)/.installed-service

run: install
	$(BIN)/python -m app check-data
	$(BIN)/uvicorn app.main:app --host $(HOST) --port $(PORT)

test: install-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

check-data: install
	$(BIN)/python -m app check-data

# After changing data/examples.yaml or a situation: store the sentence model's vectors of
# the situations' texts and the head fitted on them (data/situation_vectors.npz);
# unchanged texts are kept. Fitting needs scikit-learn, from the test lock.
embed: install-test
	$(BIN)/python -m app embed-situations

lint: install-test
	$(BIN)/ruff check .

# For translators: collect the texts from code and templates, merge them into every
# catalog, and compile. The app reads the .po files directly, so compiling is optional.
translations: install-test
	$(BIN)/pybabel extract -F babel.cfg -o app/translations/messages.pot --no-location --sort-output --width=100 .
	$(BIN)/pybabel update -i app/translations/messages.pot -d app/translations --no-fuzzy-matching --ignore-obsolete --width=100
	$(BIN)/pybabel compile -d app/translations --use-fuzzy || true

# After changing the dependencies in pyproject.toml: pin every package, with the hashes
# of its files for every platform, in requirements.lock and requirements-test.lock.
lock:
	$(PYTHON) -m venv .lock-venv && .lock-venv/bin/python -m pip install --quiet uv==0.13.9
	.lock-venv/bin/uv pip compile pyproject.toml --universal --python-version 3.11 \
		--generate-hashes --index-url https://pypi.org/simple \
		--custom-compile-command "make lock" -q -o requirements.lock
	.lock-venv/bin/uv pip compile pyproject.toml --extra test --universal \
		--python-version 3.11 --generate-hashes --index-url https://pypi.org/simple \
		--custom-compile-command "make lock" -q -o requirements-test.lock
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) wegwijzer.db
