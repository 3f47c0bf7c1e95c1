-- Payments service. Money is NUMERIC(14,2) (never floating point); enums are stored by name.
create table if not exists payment_requests (
  id uuid primary key,
  client_id uuid not null,
  freelancer_id uuid not null,
  contract_id uuid,
  reference_id uuid not null unique,  -- the contract milestone this request pays: one request per milestone
  amount numeric(14,2) not null check (amount > 0),
  status text not null default 'PENDING' check (status in ('PENDING', 'PAID', 'CANCELLED')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index if not exists payment_requests_client on payment_requests (client_id, created_at);
create index if not exists payment_requests_freelancer on payment_requests (freelancer_id, created_at);

create table if not exists payment_transactions (
  id uuid primary key,
  payment_request_id uuid not null references payment_requests (id),
  amount numeric(14,2) not null check (amount > 0),
  status text not null check (status in ('PENDING', 'SUCCESS', 'FAILED')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index if not exists payment_transactions_request on payment_transactions (payment_request_id);
-- A request is paid at most once, whatever happens above this table.
create unique index if not exists payment_transactions_one_success
  on payment_transactions (payment_request_id) where status = 'SUCCESS';

create table if not exists wallets (
  freelancer_id uuid primary key,     -- one wallet per freelancer
  balance numeric(14,2) not null default 0 check (balance >= 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table if not exists wallet_transactions (
  id uuid primary key,
  wallet_id uuid not null references wallets (freelancer_id),
  amount numeric(14,2) not null check (amount > 0),
  transaction_type text not null check (transaction_type in ('DEBIT', 'CREDIT')),
  payment_transaction_id uuid references payment_transactions (id),
  description text,
  balance_after numeric(14,2) not null check (balance_after >= 0),
  created_at timestamptz not null default now()
);
create index if not exists wallet_transactions_wallet on wallet_transactions (wallet_id, created_at);
