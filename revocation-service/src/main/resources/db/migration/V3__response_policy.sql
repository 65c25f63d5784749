-- Each tenant's response policy for alerts (validated JSON document).
CREATE TABLE response_policies (
    tenant_id   TEXT PRIMARY KEY,
    document    JSONB       NOT NULL,
    version     INTEGER     NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    updated_by  TEXT        NOT NULL
);

-- One row per alert ever handled, written with the action it led to: an alert acts at most once.
CREATE TABLE processed_alerts (
    alert_id      UUID PRIMARY KEY,
    tenant_id     TEXT        NOT NULL,
    credential_id TEXT        NOT NULL,
    action        TEXT        NOT NULL,
    dry_run       BOOLEAN     NOT NULL,
    policy_rule   TEXT        NOT NULL,
    decided_at    TIMESTAMPTZ NOT NULL
);
