# Two commands do all the set-up: `make handreikingen` (build the guides) and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
REGIO  ?=
POORT  ?=
ADRES  ?=
# JupyterLab in Dutch without the news pop-up: the project's settings overrides, installed beside the venv's lab
LAB_SETTINGS ?= $(VENV)/share/jupyter/lab/settings
LAB_OVERRIDES := $(LAB_SETTINGS)/overrides.d/woonzorg.json
LAB_FLAGS ?=
# --allow-root: containers run as root; 127.0.0.1: the server is for this machine only
LAB := $(BIN)/jupyter lab --allow-root --ServerApp.ip=127.0.0.1 --LabApp.app_settings_dir=$(LAB_SETTINGS) $(LAB_FLAGS)

.PHONY: handreikingen test test-unit lab leerkring check bench bench-leerkring constraints clean

# constraints.txt pins every distribution to the versions tested together (make and CI install those);
# `make constraints` refreshes it from the newest versions pyproject.toml allows (then run make test)
$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

handreikingen: $(STAMP)
	$(BIN)/woonzorg build --out handreikingen

# every tier (unit, notebook, browser; see README) in one process per core (at most 4), which share
# the one session build of the whole site (tests/conftest.py); CI runs this
TEST_PROCESSES ?= logical
PARALLEL := --numprocesses=$(TEST_PROCESSES) --maxprocesses=4 --dist=loadfile
test: $(STAMP)
	$(BIN)/ruff check lib tests benchmarks
	$(BIN)/python -m pytest $(PARALLEL)

# the fast tier alone: no kernel, no notebook, no browser (for the edit-and-test loop)
test-unit: $(STAMP)
	$(BIN)/python -m pytest $(PARALLEL) -m "not notebook and not browser"

check: $(STAMP)
	$(BIN)/woonzorg check

# make lab: JupyterLab on the source notebooks; make lab REGIO=parkstad: on that region's workbooks
# (built first when none are there yet; an existing workbook is never overwritten by this target)
$(LAB_OVERRIDES): lib/woonzorg/leerkring/share/lab/settings/overrides.json
	mkdir -p $(@D)
	cp $< $@

lab: $(STAMP) $(LAB_OVERRIDES)
ifeq ($(strip $(REGIO)),)
	$(LAB) --notebook-dir=notebooks
else
	ls handreikingen/$(REGIO)/*.ipynb >/dev/null 2>&1 || $(BIN)/woonzorg build --regio $(REGIO) --out handreikingen
	# participants work in their own copy: a later build replaces handreikingen/, never werkboeken/
	mkdir -p werkboeken/$(REGIO)
	cp -n handreikingen/$(REGIO)/*.ipynb werkboeken/$(REGIO)/
	$(LAB) --notebook-dir=werkboeken/$(REGIO)
endif

# make leerkring REGIO=parkstad [ADRES=0.0.0.0]: the session server for a room (Voilà; 127.0.0.1 unless ADRES)
leerkring: $(STAMP)
	@test -n "$(strip $(REGIO))" || { echo "Geef een regio: make leerkring REGIO=parkstad" >&2; exit 2; }
	$(BIN)/woonzorg leerkring $(REGIO) $(if $(strip $(POORT)),--poort $(POORT)) $(if $(strip $(ADRES)),--adres $(ADRES))

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_build.py

# the leerkring app: workbook ready time, control-to-chart latency (p50, p95), memory per participant
bench-leerkring: $(STAMP)
	$(BIN)/python benchmarks/bench_leerkring.py

constraints:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --upgrade --upgrade-strategy eager -e '.[test]'
	$(BIN)/python -m pip freeze --exclude-editable | sed '1i # make constraints: the versions tested together (pip freeze)' > constraints.txt

clean:
	rm -rf handreikingen/ handreikingen-bouw/ begeleiders/
