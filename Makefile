# Two commands do all the set-up: `make handreikingen` (build the guides) and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
REGIO  ?=

.PHONY: handreikingen test lab check bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

handreikingen: $(STAMP)
	$(BIN)/woonzorg build --out handreikingen

test: $(STAMP)
	$(BIN)/python -m pytest

check: $(STAMP)
	$(BIN)/woonzorg check

# make lab: JupyterLab on the source notebooks; make lab REGIO=parkstad: on that region's workbooks
# (built first when none are there yet; an existing workbook is never overwritten by this target)
lab: $(STAMP)
ifeq ($(strip $(REGIO)),)
	$(BIN)/jupyter lab --notebook-dir=notebooks
else
	ls handreikingen/$(REGIO)/*.ipynb >/dev/null 2>&1 || $(BIN)/woonzorg build --regio $(REGIO) --out handreikingen
	# participants work in their own copy: a later build replaces handreikingen/, never werkboeken/
	mkdir -p werkboeken/$(REGIO)
	cp -n handreikingen/$(REGIO)/*.ipynb werkboeken/$(REGIO)/
	$(BIN)/jupyter lab --notebook-dir=werkboeken/$(REGIO)
endif

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_build.py

clean:
	rm -rf handreikingen/*/ handreikingen/index.html
