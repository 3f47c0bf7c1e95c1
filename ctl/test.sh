#!/usr/bin/env bash
# `make test`: typecheck + lint + every bun test file, against the real PostgreSQL, Redis and RabbitMQ.
# Ends with one line "N passed, N failed" (the typecheck and the lint count as one test each).
set -u
cd "$(dirname "$0")/.."
BUN=./node_modules/.bin/bun
mkdir -p .run
bash ctl/testTools.sh || { echo "0 passed, 1 failed"; exit 1; }
passed=0; failed=0
if ./node_modules/.bin/tsc --noEmit -p tsconfig.json; then passed=$((passed+1)); echo "typecheck: ok"
else failed=$((failed+1)); echo "typecheck: FAILED"; fi
# make lint: Biome's lint rules and its formatting (lineWidth 120); warnings are shown, errors fail.
if ./node_modules/.bin/biome check --max-diagnostics=50 .; then passed=$((passed+1)); echo "lint: ok"
else failed=$((failed+1)); echo "lint: FAILED (make lint; biome format --write fixes formatting)"; fi
"$BUN" test --timeout 60000 "$@" 2>&1 | tee .run/test.log
status=${PIPESTATUS[0]}
p=$(grep -Eo '^ *[0-9]+ pass$' .run/test.log | tail -1 | grep -Eo '[0-9]+')
f=$(grep -Eo '^ *[0-9]+ fail$' .run/test.log | tail -1 | grep -Eo '[0-9]+')
passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
if [ "$status" != 0 ] && [ "${f:-0}" = 0 ]; then failed=$((failed+1)); echo "bun test exited with $status"; fi
echo "${passed} passed, ${failed} failed"
[ "$failed" = 0 ]
