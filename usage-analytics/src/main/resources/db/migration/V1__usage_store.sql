-- usage-analytics owns migrations V1-V9; the console's (alerts, triage) are V10-V19.

-- Every credential as the issuer publishes it on the compacted credential-state topic
-- (CredentialStateChanged), plus what the revocations topic says. The tenant, scopes and expiry
-- make the stale-key, expiry and scope-advice answers possible without asking the issuer.
CREATE TABLE credentials (
    credential_id     TEXT        PRIMARY KEY,
    tenant_id         TEXT        NOT NULL,
    credential_type   TEXT        NOT NULL,
    display_prefix    TEXT,
    name              TEXT,
    scopes            TEXT[]      NOT NULL DEFAULT '{}',
    expires_at        TIMESTAMPTZ,
    status            TEXT        NOT NULL,
    -- First time this service saw the credential (its first state event): "never used since".
    first_seen_at     TIMESTAMPTZ NOT NULL,
    state_changed_at  TIMESTAMPTZ NOT NULL,
    -- Newest revocation-topic status (REVOKED, SUSPENDED, REINSTATED), NULL if none.
    revocation_status TEXT,
    -- The credential-state topic dropped it (tombstone): it can never be used again.
    gone              BOOLEAN     NOT NULL DEFAULT FALSE,
    -- The expiry this service last announced (announced once per expiry time).
    expiry_announced_for TIMESTAMPTZ
);
CREATE INDEX credentials_tenant ON credentials (tenant_id, credential_id);

-- Per-key rollups at three granularities: 'm' minute, 'h' hour, 'd' day. Tenant first in the key,
-- so usage a publisher attributes to another tenant's key id can only ever land in its own tenant.
-- sources: a 1024-bit linear-counting sketch of client addresses (decision 0147); OR merges it.
CREATE TABLE usage_rollup (
    tenant_id       TEXT        NOT NULL,
    credential_id   TEXT        NOT NULL,
    granularity     CHAR(1)     NOT NULL CHECK (granularity IN ('m', 'h', 'd')),
    bucket          TIMESTAMPTZ NOT NULL,
    requests        BIGINT      NOT NULL,
    status_2xx      BIGINT      NOT NULL,
    status_3xx      BIGINT      NOT NULL,
    status_4xx      BIGINT      NOT NULL,
    status_5xx      BIGINT      NOT NULL,
    refused         BIGINT      NOT NULL,
    request_bytes   BIGINT      NOT NULL,
    response_bytes  BIGINT      NOT NULL,
    sources         BIT(1024)   NOT NULL,
    PRIMARY KEY (tenant_id, credential_id, granularity, bucket)
);
CREATE INDEX usage_rollup_tenant_bucket ON usage_rollup (tenant_id, granularity, bucket);

-- Per key and route ("GET /orders/{id}") at hour and day granularity.
CREATE TABLE usage_route_rollup (
    tenant_id      TEXT        NOT NULL,
    credential_id  TEXT        NOT NULL,
    granularity    CHAR(1)     NOT NULL CHECK (granularity IN ('h', 'd')),
    bucket         TIMESTAMPTZ NOT NULL,
    route          TEXT        NOT NULL,
    requests       BIGINT      NOT NULL,
    errors         BIGINT      NOT NULL,
    PRIMARY KEY (tenant_id, credential_id, granularity, bucket, route)
);

-- Per key and scope exercised (decision 0148: derived from method and route), per day: the
-- evidence of scope advice over any window of 1-365 days.
CREATE TABLE usage_scope_rollup (
    tenant_id      TEXT        NOT NULL,
    credential_id  TEXT        NOT NULL,
    bucket         DATE        NOT NULL,
    scope          TEXT        NOT NULL,
    requests       BIGINT      NOT NULL,
    PRIMARY KEY (tenant_id, credential_id, bucket, scope)
);

-- Each key's newest use (exact, not rolled up).
CREATE TABLE last_use (
    tenant_id      TEXT        NOT NULL,
    credential_id  TEXT        NOT NULL,
    used_at        TIMESTAMPTZ NOT NULL,
    client_ip      TEXT,
    service        TEXT,
    method         TEXT,
    route          TEXT,
    scope          TEXT,
    status         INT         NOT NULL,
    PRIMARY KEY (tenant_id, credential_id)
);

-- Redelivery never double-counts (decision 0145): the next offset of each usage partition is
-- stored in the same transaction as the rollups it produced; a record below it was applied.
CREATE TABLE consumed_offsets (
    topic        TEXT    NOT NULL,
    partition_no INT     NOT NULL,
    next_offset  BIGINT  NOT NULL,
    PRIMARY KEY (topic, partition_no)
);

-- The first day each tenant's usage was recorded: scope advice says how far its data reaches.
CREATE TABLE usage_coverage (
    tenant_id    TEXT        PRIMARY KEY,
    since        TIMESTAMPTZ NOT NULL
);

-- The kit's outbox (io.watchword.kit.outbox, decision 0090): the same schema in every service.
CREATE TABLE outbox (
    seq         BIGSERIAL   PRIMARY KEY,
    topic       TEXT        NOT NULL,
    record_key  TEXT,
    payload     BYTEA,
    headers     JSONB       NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
