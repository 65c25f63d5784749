-- The outbox takes the one schema of the service kit's outbox (io.watchword.kit.outbox, decision
-- 0090), the same in every service: seq, topic, record_key, payload (NULL = tombstone), headers
-- (CloudEvents attributes as text), created_at. Numbered 3.90 so it sorts after V3 and before
-- later revocation-service migrations of the same release.
ALTER TABLE outbox RENAME COLUMN id TO seq;
ALTER TABLE outbox ALTER COLUMN record_key DROP NOT NULL;
