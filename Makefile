# The two commands a newcomer needs (see README.md):
#   make demo   install what is needed, build, and check the bundled examples
#   make test   install what is needed, build, and run every test
# Both work on a fresh Debian 12 machine with Swift; each step is idempotent.

SWIFT ?= swift
VENV := .venv
PYTHON := $(VENV)/bin/python
UMLAUT := .build/debug/umlaut
# The shared corpus of real, correct training code (CI puts a copy beside the clone).
# REALWORLD=DIR (or UMLAUT_REALWORLD in the environment) points at another copy.
REALWORLD ?= $(or $(UMLAUT_REALWORLD),$(abspath ..)/shared/corpus/realworld)

.PHONY: demo test install format format-check setup system-deps system-deps-test grammar python-deps build build-tests swift-tests sensor-tests compare-tests lsp-e2e ui-e2e corpus realworld bench bench-lsp vsix clean

demo: system-deps grammar
	$(SWIFT) build --product umlaut
	@echo
	@echo "== umlaut check Examples/ =="
	@$(UMLAUT) check Examples/ || [ $$? -eq 1 ]

test: setup format-check build-tests swift-tests sensor-tests compare-tests lsp-e2e ui-e2e corpus realworld

setup: system-deps-test grammar python-deps

# The Swift code follows .swift-format (swift-format ships with the toolchain): `make format`
# rewrites, `make format-check` (part of `make test`) fails on any difference.
FORMATTED := Sources Tests bench Package.swift

format:
	$(SWIFT) format format --in-place --recursive $(FORMATTED)

format-check:
	$(SWIFT) format lint --strict --recursive $(FORMATTED)

system-deps:
	Scripts/install-system-deps.sh

system-deps-test:
	Scripts/install-system-deps.sh --test

grammar:
	Grammars/fetch-python-grammar.sh

python-deps:
	Scripts/setup-python.sh

build: system-deps grammar
	$(SWIFT) build --product umlaut

build-tests:
	$(SWIFT) build --build-tests

swift-tests:
	UMLAUT_PYTHON=$(abspath $(PYTHON)) UMLAUT_REALWORLD=$(REALWORLD) $(SWIFT) test --skip-build

# The Python instrumentation (Sources/Runtime/Python) against real Keras and PyTorch runs, and
# real scripts of the shared corpus under `umlaut run` (test_realworld.py).
sensor-tests: python-deps build-tests
	UMLAUT_BIN=$(abspath $(UMLAUT)) UMLAUT_REALWORLD=$(REALWORLD) $(PYTHON) -m pytest -q -p no:cacheprovider Tests/Instrumentation

# The model-comparison helper's pieces (Sources/ModelComparison/Python); the whole pipeline runs
# in the Swift tests (ModelComparisonTests' PipelineTests).
compare-tests: python-deps
	$(PYTHON) -m pytest -q -p no:cacheprovider Tests/ModelComparisonTests/Python

# The language server against real clients: pytest-lsp scenarios, headless Neovim, and a fuzz
# run bounded to UMLAUT_LSP_FUZZ_SECONDS (40 s by default; raise it for a longer run).
lsp-e2e: build-tests
	UMLAUT_BIN=$(abspath $(UMLAUT)) $(PYTHON) -m pytest Tests/EndToEnd/lsp -q

# The dashboard (`umlaut ui`) in headless Debian Chromium driven by Selenium, its pages and its
# security checks over raw HTTP. Screenshots of each page go to .build/ui-screenshots/ (CI artifacts).
ui-e2e: build-tests
	UMLAUT_BIN=$(abspath $(UMLAUT)) $(PYTHON) -m pytest Tests/EndToEnd/ui -q -p no:cacheprovider

# Real code nobody here wrote: every Python file of the installed Keras, TensorFlow and PyTorch.
corpus: build-tests
	Scripts/check-corpus.sh $(UMLAUT) $(PYTHON)

# Real, correct training scripts and notebooks (keras.io, pytorch/examples, TensorFlow docs, ...)
# against their hand-made verdicts: fails when a real finding is lost or a listed false alarm is
# still reported; prints false alarms per 1,000 files. REALWORLD=DIR points at another copy.
realworld: build-tests python-deps
	$(PYTHON) -m pytest -q -p no:cacheprovider Tests/Scripts
	Scripts/check-realworld.sh $(UMLAUT) $(PYTHON) $(REALWORLD)

# The release build, as users install it: the Swift runtime and Foundation linked statically
# (`umlaut --version` starts in 7 ms instead of 20: no symbols of theirs to resolve at each start,
# which an editor that runs `umlaut check` on every save pays), so the binary needs only Debian's
# libraries. Every release build here uses the same flags, so they share one build.
RELEASE_BUILD := $(SWIFT) build -c release --static-swift-stdlib --product umlaut
PREFIX ?= $(HOME)/.local

# Installs the release build (PREFIX=/usr/local for every user): the binary and its resource
# bundles (the run sensor, the comparison helper, the dashboard's pages) in $(PREFIX)/lib/umlaut,
# and $(PREFIX)/bin/umlaut linked to it: umlaut finds its resources beside the executable,
# through the link. A copy of the binary alone would run `umlaut run` without its sensor.
install: system-deps grammar
	$(RELEASE_BUILD)
	install -d $(PREFIX)/lib/umlaut $(PREFIX)/bin
	install -m 755 .build/release/umlaut $(PREFIX)/lib/umlaut/umlaut
	cp -R .build/release/*.resources $(PREFIX)/lib/umlaut/
	ln -sfn $(PREFIX)/lib/umlaut/umlaut $(PREFIX)/bin/umlaut
	@echo "installed $(PREFIX)/bin/umlaut (-> $(PREFIX)/lib/umlaut/umlaut)"

bench: setup
	$(RELEASE_BUILD)
	bench/check.sh
	bench/parse-floor.sh
	bench/run.sh
	bench/vectormath.sh

bench-lsp: setup
	$(RELEASE_BUILD)
	bench/lsp.sh

# The VS Code extension as an installable package: .build/vsix/umlaut-VERSION.vsix.
vsix:
	Scripts/build-vsix.py

clean:
	rm -rf .build Grammars/tree-sitter-python/src
