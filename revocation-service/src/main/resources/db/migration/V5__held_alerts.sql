-- Alerts about a credential this service does not know yet (its events have not arrived and the
-- issuer does not confirm it, or the issuer cannot answer): held here instead of dead-lettered,
-- retried, acted on once the credential is known, and dead-lettered only after
-- watchword.revocation.held-alerts.max-hold (issue 7, decision 0083).
CREATE TABLE held_alerts (
    alert_id         UUID PRIMARY KEY,
    tenant_id        TEXT        NOT NULL,
    credential_id    TEXT        NOT NULL,
    record_key       TEXT,
    payload          BYTEA       NOT NULL,
    headers          JSONB       NOT NULL,
    source_partition INTEGER     NOT NULL,
    source_offset    BIGINT      NOT NULL,
    reason           TEXT        NOT NULL,
    attempts         INTEGER     NOT NULL DEFAULT 0,
    held_at          TIMESTAMPTZ NOT NULL,
    next_attempt_at  TIMESTAMPTZ NOT NULL,
    -- Set when acting on it failed (PostgreSQL refused): not tried again for issuer-retry, so one
    -- bad alert never holds up the others.
    failed_at        TIMESTAMPTZ
);
CREATE INDEX held_alerts_credential ON held_alerts (credential_id);
CREATE INDEX held_alerts_due ON held_alerts (next_attempt_at);
