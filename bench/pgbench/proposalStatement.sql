-- The proposal statement (svc/jobs/store/postgres.ts insertProposal): the job's share lock, the proposal and its two
-- milestones.
with job as (select id, active from jobs where id = (select id from bench_job_ids where n = :n) for share),
p as (insert into proposals (id, job_id, freelancer_id, cover_letter, job_duration, attachments)
  select gen_random_uuid(), job.id, md5(random()::text), 'letter', 'ONE_TO_THREE_MONTHS', '[]'::jsonb
  from job where job.active
  on conflict (job_id, freelancer_id) do nothing returning *),
m as (insert into proposal_milestones (proposal_id, position, description, amount, due_date)
  select p.id, x.position, x.description, x.amount, x.due_date
  from p, jsonb_to_recordset('[{"position": 0, "description": "a", "amount": "10.00", "due_date": "2030-01-01"},
    {"position": 1, "description": "b", "amount": "20.00", "due_date": "2030-02-01"}]'::jsonb)
    as x(position int, description text, amount numeric, due_date date)
  returning *)
select (select active from job), p.*, (select count(*) from m) from (values (1)) one(x) left join p on true;
