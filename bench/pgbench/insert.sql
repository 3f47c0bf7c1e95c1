-- Baseline (5)'s statement: one durable single-row INSERT.
insert into baseline_writes (id, body) values (gen_random_uuid(), '{"title": "x", "n": 1}');
