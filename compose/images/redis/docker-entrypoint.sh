#!/bin/sh
set -eu
if [ "${1#-}" != "$1" ]; then set -- redis-server "$@"; fi
if [ "$1" = "redis-server" ]; then
  # Without a configuration file Redis listens on every interface but refuses remote clients (protected mode).
  case "${2:-}" in *.conf) ;; *) shift; set -- redis-server --protected-mode no --bind '* -::*' "$@" ;; esac
  if [ "$(id -u)" = 0 ]; then chown -R redis:redis /data; exec gosu redis "$@"; fi
fi
exec "$@"
