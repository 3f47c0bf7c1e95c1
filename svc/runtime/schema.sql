-- Tables the runtime keeps in every service's database.
create table if not exists request_log (
  id text primary key,              -- request id or Idempotency-Key derived id
  command text not null,
  reply jsonb,                      -- null while the first attempt's transaction is open
  created_at timestamptz not null default now()
);
create index if not exists request_log_created_at on request_log (created_at);
-- A hash of the command and its input: the same Idempotency-Key with another request is refused.
alter table request_log add column if not exists fingerprint text;

create table if not exists outbox (
  id uuid primary key,
  service text not null,            -- destination service
  command text not null,
  payload jsonb not null,
  created_at timestamptz not null default now(),
  attempts int not null default 0,
  next_attempt_at timestamptz not null default now(),
  delivered_at timestamptz,
  last_error text
);
create index if not exists outbox_due on outbox (next_attempt_at) where delivered_at is null;

create table if not exists control_overrides (
  key text primary key,             -- e.g. "limit", "pool", "level", "command:getJob"
  value jsonb not null,
  updated_at timestamptz not null default now()
);
