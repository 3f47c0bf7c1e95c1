#!/usr/bin/env bash
# `make ctl-swarm ARGS="status jobs"`: the controller as a one-off container on the deployed stack's backend network
# (attachable), reading the stack's secrets from compose/secrets (run it on a manager that holds them).
set -euo pipefail
source "$(dirname "$0")/env.sh"
require_swarm
network="${WORKUP_STACK}_backend"
docker network inspect "$network" >/dev/null 2>&1 || fail "no network $network: is the stack $WORKUP_STACK deployed?"
mounts=()
for s in amqp_url control_secret rabbitmq_mgmt_url; do
  [ -s "compose/secrets/$s" ] || fail "compose/secrets/$s is missing: the stack's secrets are on the host that deployed it"
  # File by file: the secrets folder itself is private to root, the files are readable.
  mounts+=(-v "$PWD/compose/secrets/$s:/run/secrets/$s:ro")
done
exec docker run --rm -i --network "$network" "${mounts[@]}" \
  -e WORKUP_ENV=production -e WORKUP_NAMESPACE="${WORKUP_NAMESPACE:-workup}" \
  -e AMQP_URL_FILE=/run/secrets/amqp_url -e CONTROL_SECRET_FILE=/run/secrets/control_secret \
  -e RABBITMQ_MGMT_URL_FILE=/run/secrets/rabbitmq_mgmt_url \
  "$WORKUP_IMAGE" ctl "$@"
