-- Credential state on watchword.credential-state.v1 (issue 6, decisions 0078, 0100-0102).

-- Suspension and revocation, read from watchword.revocations.v1, are stored on the credential so
-- the issuer refuses them itself and the published state says so.
ALTER TABLE credentials DROP CONSTRAINT IF EXISTS credentials_status_check;
ALTER TABLE credentials ADD CONSTRAINT credentials_status_check
    CHECK (status IN ('ACTIVE', 'EXPIRED', 'SUSPENDED', 'REVOKED'));

-- The key a rotation replaced, for the new key's state (rotatedFrom).
ALTER TABLE credentials ADD COLUMN rotated_from TEXT;
UPDATE credentials c SET rotated_from = o.id FROM credentials o WHERE o.rotated_to = c.id;

-- occurredAt of the newest revocation record applied: the follower replays the topic from the
-- beginning at every start, and an older or the same record must change nothing.
ALTER TABLE credentials ADD COLUMN revocation_applied_at TIMESTAMPTZ;

-- When the credential's state was first published. NULL = not yet: rows from before this
-- migration, which the backfill publishes once (decision 0102). New rows are inserted with it set.
ALTER TABLE credentials ADD COLUMN state_published_at TIMESTAMPTZ;
CREATE INDEX credentials_state_unpublished ON credentials (created_at) WHERE state_published_at IS NULL;

-- When the tombstone (expiry + margin) was written to the outbox (decision 0101).
ALTER TABLE credentials ADD COLUMN state_tombstoned_at TIMESTAMPTZ;
CREATE INDEX credentials_state_tombstone_due ON credentials (expires_at) WHERE state_tombstoned_at IS NULL;

-- A tombstone is an outbox row without a payload (a null Kafka value).
ALTER TABLE outbox ALTER COLUMN payload DROP NOT NULL;
