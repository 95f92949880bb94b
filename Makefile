# One command to run the app, one to run the tests; both set up what they need.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test validate browser basemap bench clean

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

## make run: set up and start the app on the shipped data (http://localhost:8501).
## Data errors are printed but do not stop it: the app shows the rest and lists them on Data check.
run: $(VENV)/.runtime
	-$(PY) -m sitmap validate
	$(PY) -m streamlit run app.py --server.port $(PORT)

## make test: set up, check the data, run unit, page and browser tests
test: $(VENV)/.dev browser
	$(PY) -m sitmap validate
	$(PY) -m pytest

validate: $(VENV)/.runtime
	$(PY) -m sitmap validate

## Debian's Chromium drives the browser tests (never `playwright install`: it downloads);
## Debian's nginx fronts two app processes in tests/test_deploy.py (docs/deploy.md)
browser:
	@if [ -x /usr/bin/chromium ]; then echo "chromium: $$(/usr/bin/chromium --version 2>/dev/null)"; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core; \
	else echo "Install Debian's chromium first: sudo apt-get install chromium" >&2; exit 1; fi
	@if [ -x /usr/sbin/nginx ]; then echo "nginx: $$(/usr/sbin/nginx -v 2>&1)"; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx; \
	else echo "nginx not found: tests/test_deploy.py will skip (sudo apt-get install nginx)" >&2; fi

## make basemap: rebuild geodata/basemap from the Natural Earth package
basemap: $(VENV)/.runtime
	$(PY) geodata/build_basemap.py

## make bench: print load time, click latency and bytes in headless Chromium
bench: $(VENV)/.dev browser
	$(PY) bench/run_all.py

clean:
	rm -rf $(VENV) test-artifacts .pytest_cache
