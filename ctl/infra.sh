#!/usr/bin/env bash
# Make sure PostgreSQL, Redis and RabbitMQ answer on their default local ports: start them when installed
# and down, install them with apt-get when absent (as root). Idempotent.
set -u
need_install=()
have() { command -v "$1" >/dev/null 2>&1; }
say() { echo "infra: $*"; }

pg_up() { (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; }
redis_up() { have redis-cli && [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = "PONG" ]; }
rabbit_up() { (exec 3<>/dev/tcp/127.0.0.1/5672) 2>/dev/null; }
mgmt_up() { curl -fsS -u guest:guest http://127.0.0.1:15672/api/overview >/dev/null 2>&1; }

have pg_ctlcluster || need_install+=(postgresql)
have redis-server || need_install+=(redis-server)
have rabbitmq-server || need_install+=(rabbitmq-server)
have curl || need_install+=(curl)
if [ ${#need_install[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && have apt-get; then
    say "installing ${need_install[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_install[@]}" >/dev/null \
      || { say "apt-get install failed"; exit 1; }
  else
    say "missing ${need_install[*]}: install them (apt-get install ${need_install[*]}) or run as root"; exit 1
  fi
fi

if ! pg_up; then
  say "starting PostgreSQL"
  v=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -1)
  pg_ctlcluster --skip-systemctl-redirect "$v" main start || pg_ctlcluster "$v" main start
fi
if ! redis_up; then
  say "starting Redis"
  mkdir -p /var/lib/redis /var/log/redis 2>/dev/null
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/workup.log
fi
if ! rabbit_up; then
  say "starting RabbitMQ"
  ERL_EPMD_ADDRESS=127.0.0.1 rabbitmq-server -detached
  for _ in $(seq 1 120); do rabbitmq-diagnostics -q ping >/dev/null 2>&1 && break; sleep 0.5; done
  rabbitmqctl await_startup >/dev/null 2>&1
fi
if ! mgmt_up; then
  say "enabling the RabbitMQ management API"
  rabbitmq-plugins enable rabbitmq_management rabbitmq_prometheus >/dev/null
  for _ in $(seq 1 60); do mgmt_up && break; sleep 0.5; done
fi

# Trust auth on 127.0.0.1 is what a fresh Debian cluster needs for the default DATABASE_URL (postgres@127.0.0.1).
for _ in $(seq 1 60); do pg_up && redis_up && rabbit_up && mgmt_up && break; sleep 0.5; done
ok=1
pg_up && say "PostgreSQL ok (127.0.0.1:5432)" || { say "PostgreSQL is not answering on 5432"; ok=0; }
redis_up && say "Redis ok (127.0.0.1:6379)" || { say "Redis is not answering on 6379"; ok=0; }
rabbit_up && mgmt_up && say "RabbitMQ ok (127.0.0.1:5672, management 15672)" \
  || { say "RabbitMQ (5672) or its management API (15672) is not answering"; ok=0; }
if [ $ok = 1 ] && ! psql -h 127.0.0.1 -U postgres -d postgres -c 'select 1' >/dev/null 2>&1; then
  hba=$(ls /etc/postgresql/*/main/pg_hba.conf 2>/dev/null | sort -V | tail -1)
  if [ "$(id -u)" = 0 ] && [ -n "$hba" ] && ! grep -q '# workup-local-trust' "$hba"; then
    say "allowing local trust auth for 127.0.0.1 (development machine)"
    trust='host all all 127.0.0.1/32 trust # workup-local-trust\nhost all all ::1/128 trust # workup-local-trust'
    sed -i "1i $trust" "$hba"
    v=$(ls /etc/postgresql | sort -V | tail -1)
    pg_ctlcluster --skip-systemctl-redirect "$v" main reload 2>/dev/null || pg_ctlcluster "$v" main reload
  else
    say "PostgreSQL does not let postgres@127.0.0.1 in; set DATABASE_URL or allow trust auth for local connections"
  fi
fi
[ $ok = 1 ]
