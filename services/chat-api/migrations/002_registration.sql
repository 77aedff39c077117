-- Where each installation's `register` handler stands (reported by the dispatcher).
ALTER TABLE installations
  ADD COLUMN registration_state text NOT NULL DEFAULT 'pending'
    CHECK (registration_state IN ('pending', 'registered', 'failed', 'unregistering')),
  ADD COLUMN registration_message text NOT NULL DEFAULT '',
  ADD COLUMN registration_attempts integer NOT NULL DEFAULT 0,
  ADD COLUMN registration_updated_at timestamptz NOT NULL DEFAULT now_ms();
