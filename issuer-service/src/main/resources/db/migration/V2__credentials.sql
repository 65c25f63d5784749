-- API keys and admin credentials. Only a keyed hash (HMAC-SHA-256 with the pepper) of the secret
-- is stored, plus a display prefix; never the key.
CREATE TABLE credentials (
    id             TEXT PRIMARY KEY,
    tenant_id      TEXT        NOT NULL REFERENCES tenants (id),
    type           TEXT        NOT NULL CHECK (type IN ('API_KEY', 'ADMIN_KEY')),
    name           TEXT        NOT NULL,
    environment    TEXT        NOT NULL CHECK (environment IN ('live', 'test', 'admin')),
    key_hash       BYTEA       NOT NULL,
    display_prefix TEXT        NOT NULL,
    scopes         TEXT[]      NOT NULL,
    allowed_cidrs  TEXT[]      NOT NULL DEFAULT '{}',
    metadata       JSONB       NOT NULL DEFAULT '{}',
    status         TEXT        NOT NULL CHECK (status IN ('ACTIVE', 'EXPIRED')),
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL,
    expires_at     TIMESTAMPTZ NOT NULL,
    rotated_to     TEXT,
    grace_ends_at  TIMESTAMPTZ,
    created_by     TEXT        NOT NULL
);

CREATE UNIQUE INDEX credentials_key_hash ON credentials (key_hash);
-- Listing per tenant in creation order with keyset pagination.
CREATE INDEX credentials_tenant_created ON credentials (tenant_id, created_at, id);
-- The expiry job only looks at active keys that have lapsed.
CREATE INDEX credentials_active_expiry ON credentials (expires_at) WHERE status = 'ACTIVE';
