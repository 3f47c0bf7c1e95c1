-- Contracts service: a contract per accepted proposal, its milestones, and termination requests.
create table if not exists contracts (
  id uuid primary key,
  job_id uuid not null,
  proposal_id uuid not null,
  job_title text not null,
  client_id uuid not null,
  freelancer_id uuid not null,
  status text not null default 'ACTIVE' check (status in ('ACTIVE', 'TERMINATED', 'COMPLETED')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
-- Accepting a proposal twice must never create a second contract.
create unique index if not exists contracts_proposal_unique on contracts (proposal_id);
-- One contract per job: if jobs' accept of proposal A lost contracts' reply (a timeout), A's contract exists while
-- the job is still open; an accept of proposal B must then be refused (409), not make a second active contract.
-- (A database that already holds two contracts of one job keeps working without the index; it says so.)
do $$ begin
  create unique index if not exists contracts_one_per_job on contracts (job_id);
exception when unique_violation then
  raise warning 'contracts_one_per_job not created: some job already has two contracts';
end $$;

create table if not exists milestones (
  id uuid primary key,
  contract_id uuid not null references contracts (id) on delete cascade,
  position int not null,
  description text not null,
  amount numeric(14, 2) not null check (amount > 0),
  due_date date not null,
  status text not null default 'OPEN' check (status in ('OPEN', 'IN_PROGRESS', 'IN_REVIEW', 'ACCEPTED', 'PAID')),
  payment_request_id uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index if not exists milestones_contract on milestones (contract_id, position);

create table if not exists termination_requests (
  id uuid primary key,
  contract_id uuid not null references contracts (id) on delete cascade,
  requester_id uuid not null,
  reason text not null,
  status text not null default 'PENDING' check (status in ('PENDING', 'ACCEPTED', 'REJECTED')),
  created_at timestamptz not null default now(),
  handled_at timestamptz
);
create index if not exists termination_requests_contract on termination_requests (contract_id, created_at);
-- One pending request per requester and contract (the command checks first; this is the backstop).
create unique index if not exists termination_requests_one_pending
  on termination_requests (contract_id, requester_id) where status = 'PENDING';
