-- The request log's part of every write: the claim, then the reply stored with the commit.
\set rid random(1, 1000000000)
begin;
insert into request_log (id, command, fingerprint)
  values (:rid::text || '-' || md5(random()::text), 'createProposal', 'f')
  on conflict (id) do nothing returning id;
update request_log set reply = '{"ok": true, "body": {"id": "x", "coverLetter": "letter"}}'::jsonb where id = 'none';
commit;
