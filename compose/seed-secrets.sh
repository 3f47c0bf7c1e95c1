#!/bin/sh
# The secrets compose/seed.yaml needs beyond compose/secrets.sh's: the users' MongoDB password and URL.
#   sh compose/secrets.sh && sh compose/seed-secrets.sh [DIR]      (default compose/secrets; existing files kept)
# Cassandra runs without authentication, as in the seed, reachable only on its service's internal network.
set -eu
dir="${1:-compose/secrets}"
namespace="${WORKUP_NAMESPACE:-workup}"
umask 077
mkdir -p "$dir"

random() { head -c "$1" /dev/urandom | od -An -tx1 | tr -d ' \n'; }

keep() {
  if [ ! -s "$dir/$1" ]; then
    printf '%s' "$2" > "$dir/$1"
    echo "created $dir/$1"
  fi
  chmod 0644 "$dir/$1"
}

keep users_mongo_password "$(random 24)"
mongo_password="$(cat "$dir/users_mongo_password")"
keep users_mongo_url "mongodb://users:$mongo_password@users_mongo:27017/${namespace}_users?authSource=admin"
