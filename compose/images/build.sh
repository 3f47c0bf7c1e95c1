#!/usr/bin/env bash
# `make images` / `make build`: the images the stack runs.
#   bash compose/images/build.sh [all|app]
# WORKUP_IMAGES=auto (default) pulls the official images and, where no registry answers, builds local
# equivalents from Debian packages instead (workup-local/*: a debootstrap base, Bun from the npm package,
# PostgreSQL, Redis, RabbitMQ with the management plugin, Prometheus); =official or =local forces one.
# The images chosen are written to .run/images.env, which `make deploy` and `make swarm-test` read.
# `app` builds only the WorkUp image on the Bun image chosen before.
set -euo pipefail
cd "$(dirname "$0")/../.."
what="${1:-all}"
mode="${WORKUP_IMAGES:-auto}"
env_file=.run/images.env
mkdir -p .run
fail() { echo "images: $*" >&2; exit 1; }
# docker build, quiet unless it fails: then the last lines of its output and what failed.
build() { # build LABEL ARGS...
  local label="$1"; shift
  local log=.run/image-build.log
  docker build "$@" >"$log" 2>&1 || { tail -25 "$log" >&2; fail "building $label failed (full output: $log)"; }
}
docker info >/dev/null 2>&1 || fail "no Docker engine answers (install docker.io and start dockerd: make swarm-init)"

declare -A official=(
  [BUN_IMAGE]=oven/bun:1.4.5-slim [POSTGRES_IMAGE]=postgres:17 [REDIS_IMAGE]=redis:7.4
  [RABBITMQ_IMAGE]=rabbitmq:4.1-management [PROMETHEUS_IMAGE]=prom/prometheus:v3.5.0
)
# A local build never takes an official image's name.
declare -A local=(
  [BUN_IMAGE]=workup-local/bun:1.4.5 [POSTGRES_IMAGE]=workup-local/postgres:15 [REDIS_IMAGE]=workup-local/redis:7.0
  [RABBITMQ_IMAGE]=workup-local/rabbitmq:3.10-management [PROMETHEUS_IMAGE]=workup-local/prometheus:2
)
base=workup-local/debian:12
order=(BUN_IMAGE POSTGRES_IMAGE REDIS_IMAGE RABBITMQ_IMAGE PROMETHEUS_IMAGE)

pull_official() {
  for var in "${order[@]}"; do
    timeout 120 docker pull -q "${official[$var]}" >/dev/null 2>&1 || return 1
  done
}

build_local() {
  docker image inspect "$base" >/dev/null 2>&1 || bash compose/images/debian.sh "$base"
  local ctx
  ctx=$(mktemp -d /tmp/workup-bun.XXXXXX)
  cp compose/images/bun/Dockerfile "$ctx/"
  cp -L node_modules/bun/bin/bun.exe "$ctx/bun" 2>/dev/null && chmod 0755 "$ctx/bun" \
    || fail "node_modules/bun is missing: run make setup first"
  build "${local[BUN_IMAGE]}" --build-arg BASE_IMAGE="$base" -t "${local[BUN_IMAGE]}" "$ctx"
  rm -rf "$ctx"
  echo "images: built ${local[BUN_IMAGE]}"
  for name in postgres redis rabbitmq prometheus; do
    local var="${name^^}_IMAGE"
    build "${local[$var]}" --build-arg BASE_IMAGE="$base" -t "${local[$var]}" "compose/images/$name"
    echo "images: built ${local[$var]}"
  done
}

write_env() { # $1: official|local
  local -n names="$1"
  : > "$env_file"
  for var in "${order[@]}"; do echo "$var=${names[$var]}" >> "$env_file"; done
  echo "WORKUP_IMAGES=$1" >> "$env_file"
}

if [ "$what" = all ]; then
  case "$mode" in
    official)
      pull_official || fail "pulling the official images failed (WORKUP_IMAGES=local builds them from Debian)"
      write_env official ;;
    local) build_local; write_env local ;;
    auto)
      if pull_official; then echo "images: pulled the official images"; write_env official
      else
        echo "images: no image registry answers; building local equivalents from Debian packages"
        build_local; write_env local
      fi ;;
    *) fail "WORKUP_IMAGES must be auto, official or local, got '$mode'" ;;
  esac
fi

[ -f "$env_file" ] || fail "no base images chosen yet: run make images"
bun_image="${BUN_IMAGE:-$(sed -n 's/^BUN_IMAGE=//p' "$env_file")}"
docker image inspect "$bun_image" >/dev/null 2>&1 || fail "the Bun image $bun_image is not here: run make images"

# Production dependencies from the lockfile, installed on the host (its registry access and CA bundle), then copied.
deps=.run/image-deps
mkdir -p "$deps/ctl"
cp package.json package-lock.json "$deps/"
rm -rf "$deps/ctl/patches" && cp -r ctl/patches "$deps/ctl/patches"
if ! cmp -s package-lock.json "$deps/node_modules/.lock-source" 2>/dev/null; then
  echo "images: npm ci --omit=dev (production dependencies)"
  (cd "$deps" && npm ci --omit=dev --no-audit --no-fund --loglevel=error >/dev/null) || fail "npm ci --omit=dev failed"
  cp package-lock.json "$deps/node_modules/.lock-source"
fi
# TypeScript is a peer of elysia for its types only (npm installs peers); nothing at run time loads it (the gateway
# serves /openapi.json without it: make swarm-test checks). 30 MB less in every image.
rm -rf "$deps/node_modules/typescript" "$deps/node_modules/@typescript"
image="${WORKUP_IMAGE:-workup:latest}"
build "$image" -f compose/Dockerfile --build-arg BUN_IMAGE="$bun_image" -t "$image" .
echo "images: built $image on $bun_image"
