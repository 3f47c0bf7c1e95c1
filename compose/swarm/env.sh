# Sourced by the compose/swarm/*.sh scripts: the settings a deployment shares, each overridable from the environment.
#   WORKUP_STACK (workup)           stack name
#   WORKUP_ENDPOINT_MODE            vip (service virtual IPs + ingress routing mesh) or dnsrr (DNS round robin +
#                                   host-mode ports); unset: vip where the kernel has IPVS, dnsrr where it has not
#   WORKUP_HTTP_PORT (80), WORKUP_MEDIA_PORT (8910)   published ports of the gateway and the media server
#   WORKUP_DEPLOY_TIMEOUT (300)     seconds `make deploy` waits for every service to converge
# Images come from .run/images.env (written by `make images`) unless set in the environment.
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
fail() { echo "swarm: $*" >&2; exit 1; }
say() { echo "swarm: $*"; }

export WORKUP_STACK="${WORKUP_STACK:-workup}"
if [ -f .run/images.env ]; then
  while IFS='=' read -r key value; do
    [ -n "$key" ] && [ -z "${!key:-}" ] && export "$key=$value"
  done < .run/images.env
fi
export WORKUP_IMAGE="${WORKUP_IMAGE:-workup:latest}"

# IPVS backs Swarm's virtual IPs and the routing mesh; without it only DNS round robin and host ports work.
has_ipvs() { [ -e /proc/net/ip_vs ] || { modprobe -q ip_vs 2>/dev/null && [ -e /proc/net/ip_vs ]; }; }
if [ -z "${WORKUP_ENDPOINT_MODE:-}" ]; then
  if has_ipvs; then WORKUP_ENDPOINT_MODE=vip; else WORKUP_ENDPOINT_MODE=dnsrr; fi
fi
case "$WORKUP_ENDPOINT_MODE" in
  vip) export WORKUP_PORT_MODE="${WORKUP_PORT_MODE:-ingress}" ;;
  dnsrr) export WORKUP_PORT_MODE=host ;; # Swarm refuses ingress ports on dnsrr services
  *) fail "WORKUP_ENDPOINT_MODE must be vip or dnsrr, got '$WORKUP_ENDPOINT_MODE'" ;;
esac
export WORKUP_ENDPOINT_MODE
export WORKUP_HTTP_PORT="${WORKUP_HTTP_PORT:-80}" WORKUP_MEDIA_PORT="${WORKUP_MEDIA_PORT:-8910}"

require_engine() {
  command -v docker >/dev/null || fail "no docker client: run make swarm-init (installs Debian's docker.io)"
  docker info >/dev/null 2>&1 || fail "the Docker engine does not answer: run make swarm-init (starts dockerd)"
}
require_swarm() {
  require_engine
  [ "$(docker info --format '{{.Swarm.LocalNodeState}}')" = active ] \
    || fail "this engine is not in a swarm: run make swarm-init"
  [ "$(docker info --format '{{.Swarm.ControlAvailable}}')" = true ] || fail "this node is not a swarm manager"
}
# Something accepts connections on the port (bash's /dev/tcp: no iproute2 or curl needed).
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
http_ok() {
  ./node_modules/.bin/bun -e \
    "process.exit((await fetch('$1', { signal: AbortSignal.timeout(2000) }).catch(() => null))?.ok ? 0 : 1)" 2>/dev/null
}
stack_services() { docker service ls --filter "label=com.docker.stack.namespace=$WORKUP_STACK" --format '{{.Name}}'; }
