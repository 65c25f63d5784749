-- Ed25519 keys that sign access tokens. The private key is never stored in plaintext: it is
-- sealed with AES-256-GCM under the master key (watchword.issuer.master-key), kid as associated
-- data. Lifecycle: NEXT (published ahead so verifiers pre-fetch it) -> CURRENT (signs; exactly
-- one) -> RETIRED (still published until every token it signed has expired) -> deleted.
CREATE TABLE signing_keys (
    kid                 TEXT PRIMARY KEY,
    algorithm           TEXT        NOT NULL DEFAULT 'EdDSA',
    public_key          BYTEA       NOT NULL,
    sealed_private_key  BYTEA       NOT NULL,
    master_key_id       TEXT        NOT NULL,
    status              TEXT        NOT NULL CHECK (status IN ('NEXT', 'CURRENT', 'RETIRED')),
    created_at          TIMESTAMPTZ NOT NULL,
    activated_at        TIMESTAMPTZ,
    retired_at          TIMESTAMPTZ,
    publish_until       TIMESTAMPTZ
);

-- At most one key signs at a time, whatever the number of instances.
CREATE UNIQUE INDEX signing_keys_one_current ON signing_keys (status) WHERE status = 'CURRENT';
