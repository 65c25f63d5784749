-- The SOC console's store (issue 10 §4, decision 0155): alerts from watchword.alerts.v1, what the
-- response policy decided about them (watchword.decisions.v1) and the analysts' triage.

-- One row per alert id: the id is derived from key, detectors and event time, so a replay or a
-- redelivery lands on the same row (idempotent consumption).
CREATE TABLE alert (
    id                 UUID             PRIMARY KEY,
    tenant_id          TEXT             NOT NULL,
    credential_id      TEXT             NOT NULL,
    detector           TEXT             NOT NULL,
    severity           TEXT             NOT NULL,
    severity_rank      SMALLINT         NOT NULL,   -- LOW 0 … CRITICAL 3, for "at least" filters
    score              DOUBLE PRECISION NOT NULL,
    description        TEXT,
    occurred_at        TIMESTAMPTZ      NOT NULL,
    recommended_action TEXT,
    status             TEXT             NOT NULL,   -- OPEN, ACKNOWLEDGED, FALSE_POSITIVE
    payload            TEXT             NOT NULL,   -- the AnomalyDetected event as published (JSON)
    received_at        TIMESTAMPTZ      NOT NULL,
    updated_at         TIMESTAMPTZ      NOT NULL
);
-- Newest first, per tenant (an analyst) and across tenants (a platform admin); the id breaks ties
-- so the cursor (occurred_at, id) is total.
CREATE INDEX alert_tenant_time ON alert (tenant_id, occurred_at DESC, id DESC);
CREATE INDEX alert_time ON alert (occurred_at DESC, id DESC);
CREATE INDEX alert_key_time ON alert (tenant_id, credential_id, occurred_at DESC);

-- A decision may arrive before its alert (two topics): kept on its own and joined when read, by
-- alert id AND tenant, so a decision naming another tenant never attaches to this alert.
CREATE TABLE alert_decision (
    event_id      UUID        PRIMARY KEY,
    alert_id      UUID        NOT NULL,
    tenant_id     TEXT        NOT NULL,
    credential_id TEXT        NOT NULL,
    action        TEXT        NOT NULL,
    dry_run       BOOLEAN     NOT NULL,
    policy_rule   TEXT,
    reason        TEXT,
    decided_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX alert_decision_alert ON alert_decision (alert_id, tenant_id);

-- Every triage action, append-only: who, what, when, and for a false positive what the
-- revocation-service answered to the reinstatement.
CREATE TABLE alert_triage (
    id            UUID        PRIMARY KEY,
    alert_id      UUID        NOT NULL REFERENCES alert (id),
    tenant_id     TEXT        NOT NULL,
    action        TEXT        NOT NULL,            -- ACKNOWLEDGE, FALSE_POSITIVE, NOTE
    actor         TEXT        NOT NULL,            -- admin credential id, never a secret
    note          TEXT,
    reinstatement TEXT,                            -- REINSTATED, NOT_SUSPENDED; null otherwise
    created_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX alert_triage_alert ON alert_triage (alert_id, created_at);
