#!/bin/sh
# Picks the component from the first argument or COMPONENT, then replaces the shell with Bun so the
# component receives SIGTERM directly and can drain in-flight work.
set -eu
component="${1:-${COMPONENT:-}}"
[ "$#" -gt 0 ] && shift
case "$component" in
  gateway) entry=gw/server.ts ;;
  media) entry=media/server.ts ;;
  users|jobs|contracts|payments) entry="svc/$component.ts" ;;
  autoscaler|scale) entry=scale/main.ts ;;
  *)
    echo "{\"level\":\"error\",\"msg\":\"set COMPONENT to gateway, media, users, jobs, contracts, payments or autoscaler\",\"component\":\"$component\"}" >&2
    exit 64 ;;
esac
export COMPONENT="$component"
exec bun "$entry" "$@"
