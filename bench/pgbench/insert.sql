-- Baseline (5)'s transaction: one durable single-row INSERT.
begin;
insert into baseline_writes (id, body) values (gen_random_uuid(), '{"title": "x", "n": 1}');
commit;
