-- The secrets service's schema. search_path is set to the service schema while this runs.
-- Values are never stored in clear: each record holds its payload under its own data key, and that
-- data key wrapped by a key-encryption key named by key_id (see src/crypto/envelope.ts).

CREATE TABLE records (
  kind         text NOT NULL CHECK (kind IN ('configuration', 'integration_secrets')),
  subject_id   text NOT NULL,
  key_id       text NOT NULL,
  -- iv (12) ‖ AES-256-GCM ciphertext ‖ tag (16); AAD binds (kind, subject_id).
  wrapped_key  bytea NOT NULL,
  ciphertext   bytea NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  -- When the value last changed; a re-wrap by RotateKey does not change it.
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (kind, subject_id)
);
-- RotateKey looks for records not under the current key.
CREATE INDEX records_key_id ON records (key_id);

-- One row per call, allowed or not. Never a token, never a value.
CREATE TABLE audit (
  id          bigserial PRIMARY KEY,
  at          timestamptz NOT NULL DEFAULT clock_timestamp(),
  caller      text NOT NULL,
  action      text NOT NULL,
  kind        text NOT NULL DEFAULT '',
  subject_id  text NOT NULL DEFAULT '',
  outcome     text NOT NULL CHECK (outcome IN ('ok', 'denied', 'not_found', 'invalid', 'error')),
  detail      text NOT NULL DEFAULT ''
);
CREATE INDEX audit_subject ON audit (subject_id, id);
