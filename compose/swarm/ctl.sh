#!/usr/bin/env bash
# `make ctl-swarm ARGS="status jobs"`: the controller against a deployed stack. This checkout's ctl/main.ts runs in a
# one-off container (the WorkUp image's Bun) on the stack's backend network (attachable), with the stack's secrets
# from compose/secrets (run it on the manager that deployed). The checkout, the caller's folder and the folders of
# files named in ARGS are mounted at their own paths, so patch files and their imports resolve as on the host and
# `scaffold` writes where it is asked to: every ctl command works as it does against `make up`.
set -euo pipefail
caller="$PWD"
source "$(dirname "$0")/env.sh"
root="$PWD"
require_swarm
network="${WORKUP_STACK}_backend"
docker network inspect "$network" >/dev/null 2>&1 || fail "no network $network: is the stack $WORKUP_STACK deployed?"
[ -x node_modules/.bin/bun ] || fail "node_modules is missing: run make setup"
mounts=(-v "$root:$root")
[[ "$caller/" == "$root/"* ]] || mounts+=(-v "$caller:$caller")
for arg in "$@"; do
  case "$arg" in -*) continue ;; esac
  path=$(cd "$caller" && realpath -m -- "$arg")
  dir=$(dirname "$path")
  if [ -e "$path" ] || [ -d "$dir" ]; then
    [[ "$dir/" == "$root/"* || "$dir/" == "$caller/"* ]] || mounts+=(-v "$dir:$dir")
  fi
done
for s in amqp_url control_secret rabbitmq_mgmt_url; do
  [ -s "compose/secrets/$s" ] \
    || fail "compose/secrets/$s is missing: the stack's secrets are on the host that deployed it"
  # File by file: the secrets folder itself is private to root, the files are readable.
  mounts+=(-v "$root/compose/secrets/$s:/run/secrets/$s:ro")
done
exec docker run --rm -i --network "$network" "${mounts[@]}" -w "$caller" --user "$(id -u):$(id -g)" \
  -e HOME=/tmp -e WORKUP_ENV=production -e WORKUP_NAMESPACE="${WORKUP_NAMESPACE:-workup}" \
  -e AMQP_URL_FILE=/run/secrets/amqp_url -e CONTROL_SECRET_FILE=/run/secrets/control_secret \
  -e RABBITMQ_MGMT_URL_FILE=/run/secrets/rabbitmq_mgmt_url \
  --entrypoint bun "$WORKUP_IMAGE" "$root/ctl/main.ts" "$@"
