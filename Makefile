# WorkUp: `make up` runs the whole stack locally, `make test` tests it. `make help` lists every target.
SHELL := /bin/bash
BUN := ./node_modules/.bin/bun
export PATH := $(CURDIR)/node_modules/.bin:$(PATH)

.DEFAULT_GOAL := help
.PHONY: help setup infra up down test test-fast lint typecheck ctl
.PHONY: bench bench-quick bench-pg soak clean-test build deploy portainer stack-config

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}'

# A fresh clone gets `npm ci`; an existing install is only topped up (never wiped under running processes).
node_modules/.installed: package.json package-lock.json
	@if [ -d node_modules ]; then npm install --no-audit --no-fund --loglevel=error; \
	else npm ci --no-audit --no-fund --loglevel=error; fi
	@touch $@

setup: node_modules/.installed ## Install dependencies (Bun comes from npm)

infra: ## Make sure PostgreSQL, Redis and RabbitMQ run locally (starts or installs them)
	@bash ctl/infra.sh

up: setup ## Run the stack locally (:8080, media :8910): REPLICAS="jobs=3 users=2", AUTOSCALE=1; restarts crashes
	@if [ "$${COMPOSE:-}" = 1 ]; then \
		docker compose version >/dev/null 2>&1 || { echo "COMPOSE=1 needs the docker compose plugin"; exit 1; }; \
		sh compose/secrets.sh compose/secrets && docker compose -f compose/compose.yaml up; \
	else bash ctl/infra.sh && $(BUN) ctl/up.ts; fi

down: ## Stop what `make up` started in another terminal (graceful; waits until it has stopped), compose included
	@$(BUN) ctl/up/down.ts
	@if docker compose version >/dev/null 2>&1 && \
		[ -n "$$(docker compose -f compose/compose.yaml ps -q 2>/dev/null)" ]; then \
		docker compose -f compose/compose.yaml down; fi

typecheck: setup ## TypeScript strict check
	@$(BUN) run typecheck

test: setup infra ## Typecheck and every test against the real PostgreSQL, Redis and RabbitMQ
	@bash ctl/test.sh

# In-process tests: stacks on the in-memory broker (useStack({ inProcess: true })), the runtime's and the gateway's
# unit tests, media; all against the real PostgreSQL and Redis. `make test` runs them too, with everything else.
FAST_TESTS = $(shell grep -rlE "inProcess: true" tests --include='*.test.ts') tests/gateway tests/media \
	tests/runtime/dispatch.test.ts tests/runtime/commandMap.test.ts tests/runtime/worker.test.ts \
	tests/runtime/memoryBroker.test.ts tests/runtime/cache.test.ts tests/api/openapi.test.ts tests/api/docs.test.ts

test-fast: setup infra ## In-process tests only (in-memory broker, real PostgreSQL and Redis): well under a minute
	@$(BUN) test --timeout 60000 $(FAST_TESTS)

lint: setup ## Biome's lint rules and formatting (biome.json, lines of 120); `make test` runs it too
	@./node_modules/.bin/biome check .

ctl: setup ## Run the controller: make ctl ARGS="status jobs"
	@$(BUN) ctl/main.ts $(ARGS)

clean-test: ## Remove namespaces left behind by interrupted test runs
	@$(BUN) tests/support/cleanup.ts

include compose/compose.mk
include bench/bench.mk
include tests/faults/soak.mk
