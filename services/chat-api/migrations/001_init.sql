-- chat-api's schema. search_path is set to the service schema while this runs.

-- Timestamps at millisecond precision, so a pagination cursor (a JS Date) matches rows exactly;
-- clock_timestamp() so rows written one after another in one transaction still get increasing times.
CREATE FUNCTION now_ms() RETURNS timestamptz LANGUAGE sql VOLATILE
  AS $$ SELECT date_trunc('milliseconds', clock_timestamp()) $$;

CREATE TABLE bundles (
  sha256      text PRIMARY KEY,
  content     bytea NOT NULL,
  size        integer NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now_ms()
);

CREATE TABLE integrations (
  id                text PRIMARY KEY,
  name              text NOT NULL,
  version           text NOT NULL,
  definition        jsonb NOT NULL,
  bundle_sha256     text REFERENCES bundles (sha256),
  webhook           jsonb NOT NULL DEFAULT '{}',
  created_at        timestamptz NOT NULL DEFAULT now_ms(),
  updated_at        timestamptz NOT NULL DEFAULT now_ms(),
  UNIQUE (name, version)
);

CREATE TABLE bots (
  id              text PRIMARY KEY,
  name            text NOT NULL UNIQUE,
  bundle_sha256   text REFERENCES bundles (sha256),
  endpoint_url    text,
  -- The endpoint's signing secret is held by the secrets service; only whether one is set lives here.
  created_at      timestamptz NOT NULL DEFAULT now_ms(),
  updated_at      timestamptz NOT NULL DEFAULT now_ms()
);

CREATE TABLE installations (
  id              text PRIMARY KEY,
  bot_id          text NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
  integration_id  text NOT NULL REFERENCES integrations (id),
  alias           text NOT NULL,
  webhook_id      text NOT NULL UNIQUE,
  enabled         boolean NOT NULL DEFAULT true,
  identifier      text,
  created_at      timestamptz NOT NULL DEFAULT now_ms(),
  updated_at      timestamptz NOT NULL DEFAULT now_ms(),
  UNIQUE (bot_id, alias)
);
CREATE INDEX installations_integration ON installations (integration_id);

-- Tokens are random 32-byte secrets; only their sha256 is stored.
CREATE TABLE tokens (
  id              text PRIMARY KEY,
  hash            text NOT NULL UNIQUE,
  kind            text NOT NULL CHECK (kind IN ('bot', 'integration')),
  bot_id          text REFERENCES bots (id) ON DELETE CASCADE,
  integration_id  text REFERENCES integrations (id) ON DELETE CASCADE,
  name            text NOT NULL DEFAULT '',
  created_at      timestamptz NOT NULL DEFAULT now_ms(),
  revoked_at      timestamptz,
  CHECK ((kind = 'bot' AND bot_id IS NOT NULL) OR (kind = 'integration' AND integration_id IS NOT NULL))
);

CREATE TABLE users (
  id              text PRIMARY KEY,
  bot_id          text NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
  installation_id text REFERENCES installations (id) ON DELETE SET NULL,
  tags            jsonb NOT NULL DEFAULT '{}',
  name            text,
  picture_url     text,
  attributes      jsonb NOT NULL DEFAULT '{}',
  created_at      timestamptz NOT NULL DEFAULT now_ms(),
  updated_at      timestamptz NOT NULL DEFAULT now_ms()
);
CREATE INDEX users_bot_created ON users (bot_id, created_at, id);
CREATE INDEX users_tags ON users USING gin (tags jsonb_path_ops);

CREATE TABLE conversations (
  id              text PRIMARY KEY,
  bot_id          text NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
  installation_id text NOT NULL REFERENCES installations (id) ON DELETE CASCADE,
  channel         text NOT NULL,
  tags            jsonb NOT NULL DEFAULT '{}',
  message_count   integer NOT NULL DEFAULT 0,
  created_at      timestamptz NOT NULL DEFAULT now_ms(),
  updated_at      timestamptz NOT NULL DEFAULT now_ms()
);
CREATE INDEX conversations_bot_created ON conversations (bot_id, created_at, id);
CREATE INDEX conversations_tags ON conversations USING gin (tags jsonb_path_ops);

CREATE TABLE participants (
  conversation_id text NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  user_id         text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at      timestamptz NOT NULL DEFAULT now_ms(),
  PRIMARY KEY (conversation_id, user_id)
);
CREATE INDEX participants_user ON participants (user_id);

CREATE TABLE messages (
  id              text PRIMARY KEY,
  bot_id          text NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
  conversation_id text NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  -- A user of the bot, or the bot itself (bots answer with userId = botId).
  user_id         text NOT NULL,
  type            text NOT NULL,
  payload         jsonb NOT NULL,
  direction       text NOT NULL CHECK (direction IN ('incoming', 'outgoing')),
  tags            jsonb NOT NULL DEFAULT '{}',
  origin          text,
  created_at      timestamptz NOT NULL DEFAULT now_ms(),
  updated_at      timestamptz NOT NULL DEFAULT now_ms()
);
CREATE INDEX messages_conversation_created ON messages (conversation_id, created_at, id);
CREATE INDEX messages_bot_created ON messages (bot_id, created_at, id);
CREATE INDEX messages_tags ON messages USING gin (tags jsonb_path_ops);

CREATE TABLE states (
  id              text PRIMARY KEY,
  bot_id          text NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
  type            text NOT NULL,
  owner_id        text NOT NULL,
  name            text NOT NULL,
  payload         jsonb NOT NULL,
  expiry_ms       bigint,
  expires_at      timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now_ms(),
  updated_at      timestamptz NOT NULL DEFAULT now_ms(),
  UNIQUE (bot_id, type, owner_id, name)
);
CREATE INDEX states_expires ON states (expires_at) WHERE expires_at IS NOT NULL;

CREATE TABLE events (
  id              text PRIMARY KEY,
  bot_id          text NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
  installation_id text REFERENCES installations (id) ON DELETE SET NULL,
  type            text NOT NULL,
  payload         jsonb NOT NULL,
  conversation_id text,
  user_id         text,
  message_id      text,
  status          text NOT NULL DEFAULT 'pending',
  failure_reason  text,
  created_at      timestamptz NOT NULL DEFAULT now_ms()
);
CREATE INDEX events_bot_created ON events (bot_id, created_at, id);

-- Transactional outbox: rows written in the same transaction as the message they announce, then
-- published to JetStream (with Nats-Msg-Id = id, so a re-publish after a crash is dropped) and deleted.
CREATE TABLE outbox (
  id          text PRIMARY KEY,
  subject     text NOT NULL,
  payload     jsonb NOT NULL,
  headers     jsonb NOT NULL DEFAULT '{}',
  created_at  timestamptz NOT NULL DEFAULT now_ms()
);
CREATE INDEX outbox_created ON outbox (created_at, id);
