#!/usr/bin/env bash
# PostgreSQL alone, without our processes: the transactions a proposal and baseline (5) send, replayed by pgbench
# against a scratch database with the jobs and runtime schemas (bench/PROFILING.md, "Round of 2026-12-08").
# Usage: bash bench/pgbench/run.sh [clients=16] [seconds=8]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
pg=(-h "${PGHOST:-127.0.0.1}" -U "${PGUSER:-postgres}")
db="workup_pgbench_$$"
clients=${1:-16}
seconds=${2:-8}
psql "${pg[@]}" -qc "create database $db"
trap 'psql "${pg[@]}" -qc "drop database if exists $db with (force)"; rm -rf "${scripts:-}"' EXIT
psql "${pg[@]}" -d "$db" -q -f "$root/svc/runtime/schema.sql" -f "$root/svc/jobs/schema.sql" >/dev/null
psql "${pg[@]}" -d "$db" -q >/dev/null <<'SQL'
create table baseline_writes (id uuid primary key, body jsonb);
insert into jobs (id, client_id, title, description, budget, skills, experience)
select gen_random_uuid(), 'c', 'job ' || g, 'details', 100, array['SQL'], 'EXPERT' from generate_series(1, 2000) g;
create table bench_job_ids as select row_number() over () as n, id from jobs;
SQL
# Each transaction: BEGIN, the parts named, COMMIT (pgbench has no include: the scripts are put together here).
scripts=$(mktemp -d)
transaction() {
  local name=$1
  shift
  { printf '\\set n random(1, 2000)\n\\set rid random(1, 1000000000)\nbegin;\n'
    for part in "$@"; do cat "$here/$part.sql"; done
    printf 'commit;\n'; } > "$scripts/$name.sql"
}
transaction insert insert
transaction requestLog claim reply
transaction proposalStatement proposalStatement
transaction proposal claim proposalStatement reply
printf '| Transaction | round | tps | vs insert, same round |\n| --- | --- | --- | --- |\n'
for round in 1 2; do
  base=""
  for script in insert requestLog proposalStatement proposal; do
    tps=$(pgbench "${pg[@]}" -n -c "$clients" -j 2 -T "$seconds" -M prepared -f "$scripts/$script.sql" "$db" 2>&1 \
      | sed -n 's/^tps = \([0-9.]*\).*/\1/p')
    if [ -z "$tps" ]; then printf '| %s | %s | failed | - |\n' "$script" "$round"; continue; fi
    [ -n "$base" ] || base=$tps
    ratio=$(awk -v t="$tps" -v b="$base" 'BEGIN { printf "%.2fx", t / b }')
    printf '| %s | %s | %.0f | %s |\n' "$script" "$round" "$tps" "$ratio"
  done
done
