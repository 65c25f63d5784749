-- Receipts (decision 0166): which event carries a revocation's current state, where the relay
-- published it (partition and offset of watchword.revocations.v1), and when every live verifier
-- had applied it. Numbered 7.65 so that other V7 migrations of parallel work cannot collide.
ALTER TABLE revocations
    ADD COLUMN event_id            UUID,
    ADD COLUMN published_partition INT,
    ADD COLUMN published_offset    BIGINT,
    ADD COLUMN published_at        TIMESTAMPTZ,
    ADD COLUMN applied_by_all_at   TIMESTAMPTZ;
CREATE UNIQUE INDEX revocations_event_id ON revocations (event_id) WHERE event_id IS NOT NULL;
