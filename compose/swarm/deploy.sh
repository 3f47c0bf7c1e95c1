#!/usr/bin/env bash
# `make deploy`: checks (engine, swarm, images, free ports), secrets, `docker stack deploy`, then waits until every
# service runs its replicas and the gateway answers /readyz. A service that does not converge in
# WORKUP_DEPLOY_TIMEOUT seconds is named with its tasks' errors, and the exit code is 1.
#   bash compose/swarm/deploy.sh [stack.yaml|monitoring.yaml]
set -euo pipefail
source "$(dirname "$0")/env.sh"
file="compose/${1:-stack.yaml}"
timeout="${WORKUP_DEPLOY_TIMEOUT:-300}"
require_swarm

stack="$WORKUP_STACK"
if [ "$file" = compose/monitoring.yaml ]; then
  stack="${WORKUP_MONITORING_STACK:-$WORKUP_STACK-monitoring}"
  docker network inspect "${WORKUP_STACK}_monitoring" >/dev/null 2>&1 \
    || fail "the network ${WORKUP_STACK}_monitoring does not exist: deploy the $WORKUP_STACK stack first (make deploy)"
  images=(PROMETHEUS_IMAGE)
else
  images=(WORKUP_IMAGE POSTGRES_IMAGE REDIS_IMAGE RABBITMQ_IMAGE)
fi
nodes=$(docker node ls -q | wc -l)
for var in "${images[@]}"; do
  name="${!var:-}"
  [ -n "$name" ] || continue
  if ! docker image inspect "$name" >/dev/null 2>&1; then
    [ "$nodes" -gt 1 ] || fail "image $name ($var) is not on this node: run make images"
  fi
done

# Host-mode ports are bound on the node itself: one taken by another process leaves the task pending for ever.
if [ "$file" = compose/stack.yaml ]; then
  for port in "$WORKUP_HTTP_PORT" "$WORKUP_MEDIA_PORT"; do
    owner=$(docker service ls --filter "label=com.docker.stack.namespace=$stack" -q | xargs -r docker service inspect \
      --format '{{range .Endpoint.Ports}}{{.PublishedPort}} {{end}}' | tr ' ' '\n' | grep -x "$port" || true)
    if [ -z "$owner" ] && port_in_use "$port"; then
      fail "port $port is already in use on this machine (set WORKUP_HTTP_PORT / WORKUP_MEDIA_PORT to free ports)"
    fi
  done
  # One gateway per node when ports are bound on the node.
  if [ "$WORKUP_PORT_MODE" = host ]; then export GATEWAY_MAX_REPLICAS="${GATEWAY_MAX_REPLICAS:-$nodes}"; fi
fi

sh compose/secrets.sh compose/secrets >/dev/null
say "deploying $file as stack $stack (endpoint mode $WORKUP_ENDPOINT_MODE, ports $WORKUP_PORT_MODE)"
# Newer clients can wait for convergence themselves (--detach=false); this script waits with its own time limit.
detach=(); [[ "$(docker stack deploy --help 2>&1 || true)" == *--detach* ]] && detach=(--detach=true)
docker stack deploy "${detach[@]}" --prune -c "$file" "$stack" >/dev/null || fail "docker stack deploy of $file failed"

# Converged: every replicated service runs as many tasks as it wants (global ones: one per eligible node).
started=$(date +%s)
while :; do
  pending=$(docker service ls --filter "label=com.docker.stack.namespace=$stack" --format '{{.Name}} {{.Replicas}}' \
    | awk '{ split($2, r, "/"); sub(/ .*/, "", r[2]); if (r[1] != r[2]) print $1 }')
  [ -z "$pending" ] && break
  if [ $(( $(date +%s) - started )) -ge "$timeout" ]; then
    for svc in $pending; do
      echo "swarm: $svc did not converge in ${timeout}s:" >&2
      docker service ps --no-trunc --format '  {{.Name}} {{.CurrentState}} {{.Error}}' "$svc" 2>&1 | head -4 >&2
    done
    fail "stack $stack did not converge (services: $(echo $pending | tr '\n' ' '))"
  fi
  sleep 2
done
say "stack $stack converged in $(( $(date +%s) - started ))s"
if [ "$file" = compose/stack.yaml ]; then
  until http_ok "http://127.0.0.1:$WORKUP_HTTP_PORT/readyz"; do
    [ $(( $(date +%s) - started )) -lt "$timeout" ] \
      || fail "the gateway on :$WORKUP_HTTP_PORT is not ready after ${timeout}s"
    sleep 1
  done
  say "gateway ready on http://127.0.0.1:$WORKUP_HTTP_PORT (media on :$WORKUP_MEDIA_PORT)"
fi
