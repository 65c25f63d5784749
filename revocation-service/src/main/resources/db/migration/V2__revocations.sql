-- The current revocation state of each credential (API key, admin key or token jti).
CREATE TABLE revocations (
    seq                  BIGSERIAL UNIQUE,
    id                   TEXT PRIMARY KEY,
    tenant_id            TEXT        NOT NULL,
    credential_id        TEXT        NOT NULL UNIQUE,
    credential_type      TEXT        NOT NULL,
    parent_credential_id TEXT,
    status               TEXT        NOT NULL,
    reason               TEXT        NOT NULL,
    comment              TEXT,
    requested_by         TEXT        NOT NULL,
    alert_id             UUID,
    created_at           TIMESTAMPTZ NOT NULL,
    updated_at           TIMESTAMPTZ NOT NULL,
    expires_at           TIMESTAMPTZ NOT NULL,
    tombstone_due_at     TIMESTAMPTZ NOT NULL,
    tombstoned_at        TIMESTAMPTZ
);
CREATE INDEX revocations_tenant_seq ON revocations (tenant_id, seq DESC);
CREATE INDEX revocations_tombstone_due ON revocations (tombstone_due_at) WHERE tombstoned_at IS NULL;

-- Events waiting for the relay; written in the same transaction as the state they describe.
-- A NULL payload is a tombstone.
CREATE TABLE outbox (
    id          BIGSERIAL PRIMARY KEY,
    topic       TEXT        NOT NULL,
    record_key  TEXT        NOT NULL,
    payload     BYTEA,
    headers     JSONB       NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
