# Two commands for a new machine: `make run` and `make test`. Everything installs
# into .venv here; nothing is installed system-wide except the browser for the
# browser tests (see .ci/run).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1

.PHONY: install run test check-data embed lint translations clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

run: install
	$(BIN)/python -m app check-data
	$(BIN)/uvicorn app.main:app --host $(HOST) --port $(PORT)

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

check-data: install
	$(BIN)/python -m app check-data

# After changing data/examples.yaml or a situation: store the sentence model's vectors of
# the situations' texts (data/situation_vectors.npz); unchanged texts are kept.
embed: install
	$(BIN)/python -m app embed-situations

lint: install
	$(BIN)/ruff check .

# For translators: collect the texts from code and templates, merge them into every
# catalog, and compile. The app reads the .po files directly, so compiling is optional.
translations: install
	$(BIN)/pybabel extract -F babel.cfg -o app/translations/messages.pot --no-location --sort-output --width=100 .
	$(BIN)/pybabel update -i app/translations/messages.pot -d app/translations --no-fuzzy-matching --ignore-obsolete --width=100
	$(BIN)/pybabel compile -d app/translations --use-fuzzy || true

clean:
	rm -rf $(VENV) wegwijzer.db
