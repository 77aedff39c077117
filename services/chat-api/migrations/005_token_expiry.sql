-- Tokens that expire: the dispatcher's sandbox tokens live for a lifetime it renews while the sandbox
-- is in use, so a dispatcher that crashed leaves tokens that stop working on their own. NULL = until
-- revoked (bot and integration tokens created by an operator).
ALTER TABLE tokens ADD COLUMN expires_at timestamptz;
CREATE INDEX tokens_expires_at ON tokens (expires_at) WHERE expires_at IS NOT NULL;
