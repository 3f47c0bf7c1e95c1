#!/bin/sh
# Picks the component from the first argument or COMPONENT, waits for the hosts it needs (compose/waitFor.ts),
# then replaces the shell with Bun so the component receives SIGTERM directly and can drain in-flight work.
#   ctl ARGS...  runs the controller once (make ctl-swarm)
set -eu
component="${1:-${COMPONENT:-}}"
[ "$#" -gt 0 ] && shift
case "$component" in
  gateway) entry=gw/server.ts ;;
  media) entry=media/server.ts ;;
  users|jobs|contracts|payments) entry="svc/$component.ts" ;;
  autoscaler|scale) component=autoscaler; entry=scale/main.ts ;;
  ctl) exec bun ctl/main.ts "$@" ;;
  *)
    msg="set COMPONENT to gateway, media, users, jobs, contracts, payments, autoscaler or ctl"
    echo "{\"level\":\"error\",\"msg\":\"$msg\",\"component\":\"$component\"}" >&2
    exit 64 ;;
esac
export COMPONENT="$component"
[ "${WORKUP_WAIT_FOR_DEPENDENCIES:-1}" = 0 ] || bun compose/waitFor.ts
exec bun "$entry" "$@"
