# Two commands do all the set-up on a fresh machine (Python 3.11+):
#   make app    creates .venv, installs, starts the app
#   make test   creates .venv, installs, runs the whole suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8501

.PHONY: app serve test bench bench-tools bench-browser bench-app docs screenshots clean

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --disable-pip-version-check -q -r requirements.txt
	@# the report's offline Vega bundle, built once per machine and vl-convert version (~4 s), not at a user's first report
	$(BIN)/python -c "from presentation.browser_charts import bundle; bundle()" || true
	@# the Simulate page's chart layouts of every preset, built once per install (a few seconds), read by a fresh server's first visitor
	$(BIN)/python -m presentation.layout_warmup || true
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(BIN)/pip install --disable-pip-version-check -q -r requirements-dev.txt
	touch $@

app: $(VENV)/.runtime
	$(BIN)/streamlit run app.py --server.port $(PORT)

# a bigger room: WORKERS Streamlit servers (default: one per core) behind Debian's nginx on PORT,
# sticky sessions by cookie (deploy/nginx.conf.template); needs `apt-get install nginx`
serve: $(VENV)/.runtime
	@command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || \
	  { echo "make serve needs Debian's nginx: sudo apt-get install nginx" >&2; exit 2; }
	$(BIN)/python scripts/serve.py --workers $(or $(WORKERS),$(shell nproc 2>/dev/null || echo 2)) --port $(PORT)

screenshots: $(VENV)/.dev
	$(BIN)/python scripts/screenshots.py

test: $(VENV)/.dev
	$(BIN)/python -m pytest -q

bench: $(VENV)/.dev
	$(BIN)/python bench/bench.py

bench-tools: $(VENV)/.dev
	$(BIN)/python bench/tools_bench.py

# the app's speed in headless Chromium against issue 12's targets (first load 2.5 s warm, 4 s cold; a key press
# on a lever: numbers and charts 250 ms, run finished 300 ms);
# the test suite measures but never asserts timings
bench-browser: $(VENV)/.dev
	$(BIN)/python bench/app_latency.py

# a room of people moving levers at once, at the protocol level (no browser): load and move latency,
# errors, isolation, server CPU per move and memory for 10, 30 and 60 sessions; stops by itself.
# SESSIONS=10,30 ROOM_SECONDS=30 WORKERS=2 (through nginx, as make serve) change the rooms.
SESSIONS ?= 10,30,60
ROOM_SECONDS ?= 30
bench-app: $(VENV)/.dev
	$(BIN)/python bench/app_load.py --sessions $(SESSIONS) --seconds $(ROOM_SECONDS) $(if $(LEVER),--lever $(LEVER)) $(if $(filter-out 0,$(WORKERS)),--workers $(WORKERS))

docs: $(VENV)/.runtime
	$(BIN)/python -m simulator docs --out docs/scenario-format.md

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
