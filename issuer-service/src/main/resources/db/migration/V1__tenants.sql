-- Tenants and their key policy. The 'system' tenant is created by the bootstrap on first start;
-- its primary key is what makes that bootstrap happen exactly once across instances.
CREATE TABLE tenants (
    id                   TEXT PRIMARY KEY,
    name                 TEXT        NOT NULL,
    default_key_ttl_secs BIGINT      NOT NULL CHECK (default_key_ttl_secs > 0),
    max_key_ttl_secs     BIGINT      NOT NULL CHECK (max_key_ttl_secs >= default_key_ttl_secs),
    resources            TEXT[]      NOT NULL DEFAULT '{}',
    created_at           TIMESTAMPTZ NOT NULL,
    created_by           TEXT        NOT NULL
);
