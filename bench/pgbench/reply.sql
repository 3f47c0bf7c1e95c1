-- The reply stored with the commit, the last statement of every write.
update request_log set reply = '{"ok": true, "body": {"id": "x", "coverLetter": "letter"}}'::jsonb where id = 'none';
