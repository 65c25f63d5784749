-- Credentials this service knows of, from watchword.credentials.v1 (never secrets).
CREATE TABLE credentials (
    id            TEXT PRIMARY KEY,
    tenant_id     TEXT        NOT NULL,
    type          TEXT        NOT NULL,
    expires_at    TIMESTAMPTZ NOT NULL,
    expired       BOOLEAN     NOT NULL DEFAULT FALSE,
    rotated_from  TEXT,
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX credentials_tenant ON credentials (tenant_id);

-- Consumed event ids: a redelivered record changes nothing.
CREATE TABLE processed_events (
    event_id     UUID PRIMARY KEY,
    processed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
