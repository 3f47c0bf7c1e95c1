#!/bin/sh
# Writes the default user, password and vhost into rabbitmq.conf, then runs the broker as the rabbitmq user.
set -eu
if [ "${1:-}" = "rabbitmq-server" ]; then
  conf=/etc/rabbitmq/rabbitmq.conf
  {
    echo "loopback_users = none"
    echo "listeners.tcp.default = 5672"
    echo "management.tcp.port = 15672"
    [ -n "${RABBITMQ_DEFAULT_USER:-}" ] && echo "default_user = $RABBITMQ_DEFAULT_USER"
    [ -n "${RABBITMQ_DEFAULT_PASS:-}" ] && echo "default_pass = $RABBITMQ_DEFAULT_PASS"
    [ -n "${RABBITMQ_DEFAULT_VHOST:-}" ] && echo "default_vhost = $RABBITMQ_DEFAULT_VHOST"
    true
  } > "$conf"
  if [ "$(id -u)" = 0 ]; then
    chown rabbitmq:rabbitmq "$conf" && chown -R rabbitmq:rabbitmq /var/lib/rabbitmq
    exec gosu rabbitmq "$@"
  fi
fi
exec "$@"
