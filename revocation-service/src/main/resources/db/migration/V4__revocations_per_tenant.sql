-- Revocations are bound to their tenant (contract 3, decision 0081): a token id (jti) is chosen by
-- the issuer, but one tenant's revocation of an id must never touch, nor reveal, another tenant's
-- row for the same id. The row is therefore unique per (tenant, credential id), not per id.
ALTER TABLE revocations DROP CONSTRAINT revocations_credential_id_key;
ALTER TABLE revocations ADD CONSTRAINT revocations_tenant_credential UNIQUE (tenant_id, credential_id);

-- Rows published before this migration sit on watchword.revocations.v1 under the bare credential
-- id; from now on the record key is <tenantId>/<credentialId>. The first record published for such
-- a row (a change or its tombstone) is preceded by a tombstone for the old key, so the compacted
-- topic keeps one record per revocation and verifiers' memory stays bounded.
ALTER TABLE revocations ADD COLUMN legacy_key BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE revocations SET legacy_key = TRUE WHERE tombstoned_at IS NULL;
