-- Rate limits, quotas and throttles of API keys (issue 11 §2, decisions 0172, 0176). One row per
-- key that has any; published on watchword.credential-state.v1 with the key's state.
CREATE TABLE key_limits (
    credential_id TEXT PRIMARY KEY REFERENCES credentials (id),
    rate_limit INTEGER CHECK (rate_limit > 0),
    rate_window_seconds INTEGER CHECK (rate_window_seconds IN (1, 60)),
    rate_burst INTEGER CHECK (rate_burst > 0),
    quota_per_day BIGINT CHECK (quota_per_day > 0),
    quota_per_month BIGINT CHECK (quota_per_month > 0),
    throttle_rate_limit INTEGER CHECK (throttle_rate_limit > 0),
    throttle_until TIMESTAMPTZ,
    throttle_reason TEXT,
    updated_at TIMESTAMPTZ NOT NULL
);
