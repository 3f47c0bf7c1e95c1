#!/usr/bin/env bash
# `make undeploy`: removes the stack (and its monitoring stack) and waits until its services, networks, secrets and
# configs are gone. WORKUP_REMOVE_VOLUMES=1 also removes its named volumes (all its data).
set -euo pipefail
source "$(dirname "$0")/env.sh"
require_swarm
for stack in "${WORKUP_STACK}-monitoring" "$WORKUP_STACK"; do
  docker stack rm "$stack" >/dev/null 2>&1 || true
done
label="label=com.docker.stack.namespace=$WORKUP_STACK"
mlabel="label=com.docker.stack.namespace=${WORKUP_STACK}-monitoring"
left() {
  { docker service ls -q --filter "$label"; docker service ls -q --filter "$mlabel"
    docker network ls -q --filter "$label"; docker secret ls -q --filter "$label"; docker config ls -q --filter "$label"
    docker ps -aq --filter "label=com.docker.swarm.service.name" --filter "name=^${WORKUP_STACK}_"; } 2>/dev/null
}
for _ in $(seq 1 120); do [ -z "$(left)" ] && break; sleep 1; done
[ -z "$(left)" ] || fail "stack $WORKUP_STACK still has objects after 120 s: $(left | tr '\n' ' ')"
if [ "${WORKUP_REMOVE_VOLUMES:-0}" = 1 ]; then
  for _ in $(seq 1 30); do
    vols=$(docker volume ls -q --filter "$label"; docker volume ls -q --filter "$mlabel")
    [ -z "$vols" ] && break
    echo "$vols" | xargs -r docker volume rm >/dev/null 2>&1 || sleep 1
  done
  [ -z "$(docker volume ls -q --filter "$label"; docker volume ls -q --filter "$mlabel")" ] \
    || fail "volumes of $WORKUP_STACK could not be removed"
fi
say "stack $WORKUP_STACK removed"
