-- Credentials with which providers post events over HTTP. Only the SHA-256 of a token is kept: the token itself is
-- shown once, when it is created, so a copy of this table cannot be used to send events.
CREATE TABLE pks.provider_credential (
    credential_id text PRIMARY KEY,
    provider_id text NOT NULL,
    token_hash text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz
);

CREATE INDEX provider_credential_provider ON pks.provider_credential (provider_id);
