# The two commands a newcomer needs: `make demo` and `make test`.
# Both install missing system packages first (as root), or say which to install.

.PHONY: demo test build bench deps format

deps:
	@scripts/install-deps.sh

build: deps
	swift build

## Runs the whole demo: daemon + embedded MTC emulator + a local Git repository.
demo: deps
	swift build --product migsync
	.build/debug/migsync demo

## Runs every test.
test: deps
	swift build --build-tests
	swift test --skip-build

bench: deps
	swift run -c release migsync-bench all

format:
	swift format --in-place --recursive Sources Tests Package.swift
