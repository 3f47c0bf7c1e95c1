#!/usr/bin/env bash
# `make swarm-init`: a Docker engine in a single-node swarm on this machine. Installs Debian's docker.io when the
# engine is missing, starts dockerd when it is not running (no systemd needed), initialises a swarm when the
# engine is in none. Safe to run again.
set -euo pipefail
source "$(dirname "$0")/env.sh"
if ! command -v dockerd >/dev/null; then
  say "installing the Docker engine (Debian package docker.io)"
  command -v apt-get >/dev/null || fail "no dockerd and no apt-get: install a Docker engine, then run this again"
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >/dev/null \
    || fail "apt-get install docker.io failed"
fi
if ! docker info >/dev/null 2>&1; then
  if command -v systemctl >/dev/null && systemctl start docker 2>/dev/null; then :; else
    say "starting dockerd (log: /var/log/workup-dockerd.log)"
    # A session of its own: Ctrl-C on the command that started it must not stop the engine.
    setsid nohup dockerd >/var/log/workup-dockerd.log 2>&1 < /dev/null &
  fi
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
  docker info >/dev/null 2>&1 || { tail -5 /var/log/workup-dockerd.log >&2; fail "dockerd did not start within 30 s"; }
fi
if [ "$(docker info --format '{{.Swarm.LocalNodeState}}')" != active ]; then
  docker swarm init --advertise-addr "${WORKUP_ADVERTISE_ADDR:-127.0.0.1}" >/dev/null || fail "docker swarm init failed"
  say "initialised a single-node swarm (advertised on ${WORKUP_ADVERTISE_ADDR:-127.0.0.1})"
fi
say "engine $(docker info --format '{{.ServerVersion}}'), swarm active, endpoint mode $WORKUP_ENDPOINT_MODE"
