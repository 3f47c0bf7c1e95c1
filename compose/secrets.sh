#!/bin/sh
# Generates the stack's secret files (random values, derived URLs) into DIR, keeping any that exist.
# Swarm turns each file into a Swarm secret at `docker stack deploy`; compose mounts it under /run/secrets.
#   sh compose/secrets.sh [DIR]        (default compose/secrets; WORKUP_NAMESPACE sets the vhost, default workup)
set -eu
dir="${1:-compose/secrets}"
namespace="${WORKUP_NAMESPACE:-workup}"
umask 077
mkdir -p "$dir"

random() { head -c "$1" /dev/urandom | od -An -tx1 | tr -d ' \n'; }

# keep NAME VALUE: writes VALUE unless the file already exists.
keep() {
  if [ ! -s "$dir/$1" ]; then
    printf '%s' "$2" > "$dir/$1"
    echo "created $dir/$1"
  fi
  # Compose bind-mounts these files; the image's non-root user must be able to read them.
  chmod 0644 "$dir/$1"
}

keep jwt_secret "$(random 48)"
keep control_secret "$(random 32)"
keep upload_user "uploader"
keep upload_password "$(random 24)"
keep media_signing_key "$(random 48)"
keep admin_password "$(random 24)"
keep grafana_admin_password "$(random 18)"
keep rabbitmq_password "$(random 24)"
mq_password="$(cat "$dir/rabbitmq_password")"
keep amqp_url "amqp://workup:$mq_password@rabbitmq:5672/$namespace"
keep rabbitmq_mgmt_url "http://workup:$mq_password@rabbitmq:15672"

for svc in users jobs contracts payments; do
  keep "${svc}_db_password" "$(random 24)"
  db_password="$(cat "$dir/${svc}_db_password")"
  keep "${svc}_database_url" "postgres://$svc:$db_password@${svc}_db:5432/$svc"
done
