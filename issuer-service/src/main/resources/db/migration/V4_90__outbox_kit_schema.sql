-- The outbox takes the one schema of the service kit's outbox (io.watchword.kit.outbox, decision
-- 0090), the same in every service: seq, topic, record_key, payload (NULL = tombstone), headers
-- (CloudEvents attributes as text, computed when the event is written), created_at.
-- Numbered 4.90 so it sorts after V3/V4 and before later issuer migrations of the same release.
ALTER TABLE outbox RENAME COLUMN partition_key TO record_key;
ALTER TABLE outbox ADD COLUMN headers JSONB NOT NULL DEFAULT '{}'::jsonb;
-- Rows still waiting from before: the headers the old relay computed at publish time, from the
-- stored columns and the event JSON (subject and dataschema are not recoverable in SQL; both are
-- optional CloudEvents attributes).
UPDATE outbox SET headers = jsonb_strip_nulls(jsonb_build_object(
        'ce_specversion', '1.0',
        'ce_id', event_id::text,
        'ce_source', '/watchword/issuer-service',
        'ce_type', event_type,
        'ce_time', convert_from(payload, 'UTF8')::jsonb ->> 'occurredAt',
        'ce_tenant', convert_from(payload, 'UTF8')::jsonb ->> 'tenantId',
        'content-type', 'application/json'));
ALTER TABLE outbox ALTER COLUMN headers DROP DEFAULT;
ALTER TABLE outbox DROP COLUMN event_id;
ALTER TABLE outbox DROP COLUMN event_type;
ALTER TABLE outbox ALTER COLUMN payload DROP NOT NULL;
