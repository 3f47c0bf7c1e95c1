#!/usr/bin/env bash
# What the tests use besides the infrastructure: headless Chromium (tests/api/docs.test.ts looks at /docs as a person
# sees it) and jq (the README's curl walk-through, run as written by tests/api/readme.test.ts). Installed with
# apt-get when absent (as root). Idempotent.
set -u
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v jq >/dev/null 2>&1 || need+=(jq)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "test tools: installing ${need[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null \
    || { echo "test tools: apt-get install ${need[*]} failed"; exit 1; }
else
  echo "test tools: missing ${need[*]}: install them (apt-get install ${need[*]}) or run as root"; exit 1
fi
