#!/usr/bin/env bash
# `make swarm-test`: a real single-node swarm end to end. Installs and starts the Docker engine when needed, then
# tests/swarm/e2e.ts builds the images, deploys the stack WORKUP_STACK (workup-e2e) on free ports of 127.0.0.1,
# checks it and removes it. The stack is removed on failure and interruption too. Last line: `N passed, N failed`.
set -uo pipefail
cd "$(dirname "$0")/../.."
export WORKUP_STACK="${WORKUP_TEST_STACK:-workup-e2e}"
if ! bash compose/swarm/init.sh; then echo "0 passed, 1 failed"; exit 1; fi

free_port() { # the first port from $1 up that nothing listens on
  local port="$1"
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}
export WORKUP_HTTP_PORT="${WORKUP_HTTP_PORT:-$(free_port 18080)}"
export WORKUP_MEDIA_PORT="${WORKUP_MEDIA_PORT:-$(free_port 18910)}"
# Short autoscaler cycles; a long scale-down window until the test shortens it (so it cannot interfere before).
export SCALE_INTERVAL_MS=3000 SCALE_DOWN_WINDOW_MS=600000 SCALE_TARGET_BACKLOG=20
export WORKUP_DEPLOY_TIMEOUT="${WORKUP_DEPLOY_TIMEOUT:-300}"

cleanup() { WORKUP_REMOVE_VOLUMES=1 bash compose/swarm/undeploy.sh >/dev/null 2>&1 || true; }
# In the background and waited for, so that an interruption (Ctrl-C, CI's SIGTERM) reaches the trap at once.
./node_modules/.bin/bun tests/swarm/e2e.ts &
tester=$!
trap 'kill "$tester" 2>/dev/null; wait "$tester" 2>/dev/null; cleanup; echo "0 passed, 1 failed"; exit 130' INT TERM
wait "$tester"
status=$?
[ "$status" = 0 ] || cleanup
exit "$status"
