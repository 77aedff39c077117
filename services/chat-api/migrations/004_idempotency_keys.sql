-- Effects once (docs/adr/0006-effects-once.md): the first answer to each Idempotency-Key, per bot and
-- caller (an installation, or the bot itself), written in the same transaction as the request's
-- writes. A repeat of the key gets this answer back instead of writing again. Kept for 24 hours.
CREATE TABLE idempotency_keys (
  bot_id       text NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
  scope        text NOT NULL,
  key          text NOT NULL,
  fingerprint  text NOT NULL,
  status       integer,
  response     jsonb,
  created_at   timestamptz NOT NULL DEFAULT now_ms(),
  PRIMARY KEY (bot_id, scope, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
