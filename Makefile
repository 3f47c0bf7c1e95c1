# WorkUp: `make up` runs the whole stack locally, `make test` tests it. `make help` lists every target.
SHELL := /bin/bash
BUN := ./node_modules/.bin/bun
export PATH := $(CURDIR)/node_modules/.bin:$(PATH)

.DEFAULT_GOAL := help
.PHONY: help setup infra up down test test-fast lint typecheck ctl
.PHONY: bench bench-quick soak clean-test build deploy portainer stack-config

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}'

# A fresh clone gets `npm ci`; an existing install is only topped up (never wiped under running processes).
node_modules/.installed: package.json package-lock.json
	@if [ -d node_modules ]; then npm install --no-audit --no-fund --loglevel=error; else npm ci --no-audit --no-fund --loglevel=error; fi
	@touch $@

setup: node_modules/.installed ## Install dependencies (Bun comes from npm)

infra: ## Make sure PostgreSQL, Redis and RabbitMQ run locally (starts or installs them)
	@bash ctl/infra.sh

up: setup infra ## Run every service, the gateway (:8080) and the media server (:8910) with interleaved logs
	@if docker info >/dev/null 2>&1 && docker compose version >/dev/null 2>&1 && [ "$${WORKUP_NATIVE:-}" = "" ] && [ -f compose/compose.yaml ]; then \
		echo "Docker engine found: docker compose -f compose/compose.yaml up (WORKUP_NATIVE=1 for local processes)"; \
		sh compose/secrets.sh compose/secrets && docker compose -f compose/compose.yaml up; \
	else $(BUN) ctl/up.ts; fi

down: ## Stop a stack started by `make up` in another terminal
	@if [ -f .run/up.pids ]; then xargs -r kill -TERM < .run/up.pids 2>/dev/null; echo "stopped"; else echo "no stack running"; fi

typecheck: setup ## TypeScript strict check
	@$(BUN) run typecheck

test: setup infra ## Typecheck and every test against the real PostgreSQL, Redis and RabbitMQ
	@bash ctl/test.sh

# In-process tests: stacks on the in-memory broker (useStack({ inProcess: true })), the runtime's and the gateway's
# unit tests, media; all against the real PostgreSQL and Redis. `make test` runs them too, with everything else.
FAST_TESTS = $(shell grep -rlE "inProcess: true" tests --include='*.test.ts') tests/gateway tests/media \
	tests/runtime/dispatch.test.ts tests/runtime/commandMap.test.ts tests/runtime/worker.test.ts \
	tests/runtime/memoryBroker.test.ts tests/runtime/cache.test.ts

test-fast: setup ## In-process tests only (in-memory broker, real PostgreSQL and Redis): well under a minute
	@$(BUN) test --timeout 60000 $(FAST_TESTS)

lint: setup ## Biome's lint rules (biome.json); warnings are shown, errors fail
	@./node_modules/.bin/biome lint .

ctl: setup ## Run the controller: make ctl ARGS="status jobs"
	@$(BUN) ctl/main.ts $(ARGS)

clean-test: ## Remove namespaces left behind by interrupted test runs
	@$(BUN) tests/support/cleanup.ts

include compose/compose.mk
include bench/bench.mk
include tests/faults/soak.mk
