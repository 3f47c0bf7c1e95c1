-- Users service: clients, freelancers and the admin in one table, so an email is unique across all of them.
create table if not exists users (
  id uuid primary key,
  email text not null,
  password_hash text not null,
  role text not null check (role in ('CLIENT', 'FREELANCER', 'ADMIN')),
  created_at timestamptz not null default now(),
  city text,
  photo_link text,
  -- client profile
  client_name text,
  industry text,
  client_description text,
  employee_count int,
  -- freelancer profile
  full_name text,
  job_title text,
  description text,
  birth_date date,
  resume_link text,
  skills text[] not null default '{}',
  languages text[] not null default '{}'
);
create unique index if not exists users_email_unique on users (lower(email));
-- A disabled account cannot log in, and its tokens are refused (the gateways are told at once).
alter table users add column if not exists disabled boolean not null default false;

create table if not exists achievements (
  id uuid primary key,
  freelancer_id uuid not null references users (id) on delete cascade,
  achievement_name text not null,
  awarded_by text,
  achievement_description text,
  award_date date,
  created_at timestamptz not null default now()
);
create index if not exists achievements_owner on achievements (freelancer_id, created_at);

create table if not exists educations (
  id uuid primary key,
  freelancer_id uuid not null references users (id) on delete cascade,
  school_name text not null,
  degree text,
  education_start_date date,
  city text,
  end_date date,
  major text,
  education_description text,
  grade text,
  created_at timestamptz not null default now()
);
create index if not exists educations_owner on educations (freelancer_id, created_at);

create table if not exists experiences (
  id uuid primary key,
  freelancer_id uuid not null references users (id) on delete cascade,
  company_name text not null,
  job_title text,
  employment_start date,
  employment_end date,
  experience_description text,
  city text,
  created_at timestamptz not null default now()
);
create index if not exists experiences_owner on experiences (freelancer_id, created_at);
