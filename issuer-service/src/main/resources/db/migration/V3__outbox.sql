-- Events written in the same transaction as the state change they describe; the relay publishes
-- them to Kafka in seq order and deletes them once acknowledged.
CREATE TABLE outbox (
    seq           BIGSERIAL PRIMARY KEY,
    event_id      UUID        NOT NULL UNIQUE,
    topic         TEXT        NOT NULL,
    partition_key TEXT,        -- null for anonymous audit records (decision 0024)
    event_type    TEXT        NOT NULL,
    payload       BYTEA       NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
