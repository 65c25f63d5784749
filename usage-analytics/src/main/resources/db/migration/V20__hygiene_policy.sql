-- Credential hygiene (issue 10 §3, decisions 0218-0221): the per-tenant stale-key policy, the
-- notices it gave and what became of them, and the expiry announcements made. V20-V29 belong here.

-- One row per tenant that set a policy; no row = the defaults (stale keys OFF, expiry notices from
-- watchword.analytics.hygiene.expiry-notices).
CREATE TABLE hygiene_policy (
    tenant_id          TEXT        PRIMARY KEY,
    -- OFF: nothing; NOTIFY: warn only; REVOKE: warn, then revoke after the grace period.
    mode               TEXT        NOT NULL CHECK (mode IN ('OFF', 'NOTIFY', 'REVOKE')),
    unused_for_days    INT         NOT NULL CHECK (unused_for_days BETWEEN 1 AND 365),
    grace_days         INT         NOT NULL CHECK (grace_days BETWEEN 1 AND 90),
    -- Days before expiry a key is announced, e.g. {7,1}; empty = never.
    expiry_notice_days INT[]       NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL,
    updated_by         TEXT        NOT NULL
);

-- The newest stale-key notice of each key. PENDING until the key is used again (CANCELLED), revoked
-- (REVOKED) or stops being usable by other means (CLOSED). A later notice of the same key replaces
-- a resolved one; its history is on watchword.hygiene.v1 and watchword.audit.v1.
CREATE TABLE stale_notice (
    tenant_id      TEXT        NOT NULL,
    credential_id  TEXT        NOT NULL,
    state          TEXT        NOT NULL CHECK (state IN ('PENDING', 'CANCELLED', 'REVOKED', 'CLOSED')),
    notified_at    TIMESTAMPTZ NOT NULL,
    -- The key's last use when warned (NULL: never used): a newer use cancels the revocation.
    last_used_at   TIMESTAMPTZ,
    -- NULL when the policy only notifies.
    revoke_at      TIMESTAMPTZ,
    resolved_at    TIMESTAMPTZ,
    revocation_id  TEXT,
    PRIMARY KEY (tenant_id, credential_id)
);
CREATE INDEX stale_notice_pending ON stale_notice (tenant_id, revoke_at) WHERE state = 'PENDING';

-- One row per (key, expiry time, threshold) announced: the primary key makes an announcement happen
-- once across restarts and replicas (the insert and the outbox append commit together).
CREATE TABLE expiry_announcement (
    credential_id  TEXT        NOT NULL,
    expires_at     TIMESTAMPTZ NOT NULL,
    threshold_days INT         NOT NULL,
    tenant_id      TEXT        NOT NULL,
    announced_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (credential_id, expires_at, threshold_days)
);
