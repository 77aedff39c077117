-- Scheduled messages and events, recurring events, state expiry notices, configuration types and
-- handler costs (docs/adr/0008-scheduling.md).

-- A scheduled event is an ordinary event row in status 'scheduled' until its time; the scheduler then
-- marks it 'pending' and enqueues its notice in the same transaction. Cancelling marks it 'canceled'.
ALTER TABLE events ADD COLUMN scheduled_for timestamptz;
CREATE INDEX events_scheduled_due ON events (scheduled_for) WHERE status = 'scheduled';

-- A scheduled message does not exist as a message until its time (reads and lists do not show it):
-- the row keeps what `createMessage` was called with and who called it; the scheduler inserts the
-- message with the id it was given at creation, enqueues its notice and deletes this row, in one
-- transaction.
CREATE TABLE scheduled_messages (
  id              text PRIMARY KEY,
  bot_id          text NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
  conversation_id text NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  caller          jsonb NOT NULL,
  input           jsonb NOT NULL,
  due_at          timestamptz NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now_ms()
);
CREATE INDEX scheduled_messages_due ON scheduled_messages (due_at);

-- A bot definition's `recurringEvents`: each fires an event of `type` with `payload` on its cron
-- schedule. `next_at` is the next firing; the scheduler advances it in the transaction that enqueues
-- the event, so one firing is announced once however many chat-api replicas run.
CREATE TABLE recurring_events (
  bot_id      text NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
  name        text NOT NULL,
  cron        text NOT NULL,
  type        text NOT NULL,
  payload     jsonb NOT NULL DEFAULT '{}',
  next_at     timestamptz NOT NULL,
  PRIMARY KEY (bot_id, name)
);
CREATE INDEX recurring_events_due ON recurring_events (next_at);

-- Which of the integration's `configurations` an installation uses ('' = the default configuration).
ALTER TABLE installations ADD COLUMN configuration_type text NOT NULL DEFAULT '';

-- The cost each action call reported through `metadata.setCost`, one row per call.
CREATE TABLE handler_costs (
  id              text PRIMARY KEY,
  installation_id text NOT NULL REFERENCES installations (id) ON DELETE CASCADE,
  operation       text NOT NULL,
  name            text NOT NULL,
  cost            double precision NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now_ms()
);
CREATE INDEX handler_costs_installation ON handler_costs (installation_id, created_at);
