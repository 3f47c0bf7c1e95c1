-- The request log's claim, the first statement of every write (svc/runtime/requestLog.ts).
insert into request_log (id, command, fingerprint)
  values (:rid::text || '-' || md5(random()::text), 'createProposal', 'f')
  on conflict (id) do nothing returning id;
