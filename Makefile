# Two commands: `make console` (install + start, sandbox by default) and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
ADDRESS ?= 127.0.0.1

.PHONY: console test lint sandbox bench chromium postgresql

$(BIN)/activate: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(BIN)/activate

console: $(BIN)/activate
	$(BIN)/streamlit run app.py --server.port $(PORT) --server.address $(ADDRESS)

sandbox: $(BIN)/activate
	$(BIN)/python -m sandbox --host 127.0.0.1 --port 8080

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium for the browser tests"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-dejavu-core; }

# The history tests run a throwaway PostgreSQL server of their own (tests/postgres.py).
postgresql:
	@ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || { \
		echo "Installing Debian's postgresql for the history tests"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq postgresql; }

lint: $(BIN)/activate
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: $(BIN)/activate chromium postgresql lint
	$(BIN)/python -m pytest

bench: $(BIN)/activate
	$(BIN)/python -m bench

# One vendor alone, at the vendor's own paths (a drop-in; README "The sandbox as a drop-in"):
#   make dropin VENDOR=hyperverge-ckyc [PORT=8080]
# A vendor of several services takes PORT, PORT+1, ... PORT here is the sandbox's first port,
# 8080 unless given on the command line (the console's PORT default above is not used);
# PORT=0 takes a free port for each service (the URLs are printed at start).
.PHONY: dropin
dropin: $(BIN)/activate
	@test -n "$(VENDOR)" || { echo "usage: make dropin VENDOR=<vendor id> [PORT=8080]  (ids: GET /_sandbox/vendors)"; exit 2; }
	$(BIN)/python -m sandbox --host 127.0.0.1 --vendor $(VENDOR) \
		--port $(if $(filter command line,$(origin PORT)),$(PORT),8080)
