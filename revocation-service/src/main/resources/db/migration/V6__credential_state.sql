-- Credentials are now learnt from the compacted watchword.credential-state.v1 (decision 0103): the
-- newest state per credential replaces the row. status is the issuer's CredentialState (NULL for a
-- row confirmed with the issuer before its state arrived, 0082); state_at is the occurredAt of the
-- applied state, so an older state never overwrites a newer one; gone is set by the credential's
-- tombstone (it can never be used again: kept, so its tenant still answers 409, not 404).
ALTER TABLE credentials ADD COLUMN status TEXT;
ALTER TABLE credentials ADD COLUMN state_at TIMESTAMPTZ;
ALTER TABLE credentials ADD COLUMN gone BOOLEAN NOT NULL DEFAULT FALSE;
