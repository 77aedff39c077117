-- Workflows, tasks and analytics counts of the Runtime API (@botpress/api runtime operations), and the
-- workflow an event belongs to (createEvent.workflowId, listEvents?workflowId=).

CREATE TABLE workflows (
  id                  text PRIMARY KEY,
  bot_id              text NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
  name                text NOT NULL,
  status              text NOT NULL CHECK (status IN
                        ('pending', 'in_progress', 'failed', 'completed', 'listening', 'paused', 'timedout', 'cancelled')),
  input               jsonb NOT NULL DEFAULT '{}',
  output              jsonb NOT NULL DEFAULT '{}',
  parent_workflow_id  text REFERENCES workflows (id) ON DELETE SET NULL,
  conversation_id     text REFERENCES conversations (id) ON DELETE CASCADE,
  user_id             text REFERENCES users (id) ON DELETE SET NULL,
  tags                jsonb NOT NULL DEFAULT '{}',
  failure_reason      text,
  timeout_at          timestamptz NOT NULL,
  completed_at        timestamptz,
  created_at          timestamptz NOT NULL DEFAULT now_ms(),
  updated_at          timestamptz NOT NULL DEFAULT now_ms()
);
CREATE INDEX workflows_bot_created ON workflows (bot_id, created_at, id);
CREATE INDEX workflows_tags ON workflows USING gin (tags jsonb_path_ops);
CREATE INDEX workflows_conversation ON workflows (conversation_id) WHERE conversation_id IS NOT NULL;

CREATE TABLE tasks (
  id                  text PRIMARY KEY,
  bot_id              text NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
  type                text NOT NULL,
  title               text NOT NULL DEFAULT '',
  description         text NOT NULL DEFAULT '',
  status              text NOT NULL CHECK (status IN
                        ('pending', 'in_progress', 'failed', 'completed', 'blocked', 'paused', 'timeout', 'cancelled')),
  data                jsonb NOT NULL DEFAULT '{}',
  parent_task_id      text REFERENCES tasks (id) ON DELETE SET NULL,
  conversation_id     text NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  user_id             text REFERENCES users (id) ON DELETE SET NULL,
  tags                jsonb NOT NULL DEFAULT '{}',
  failure_reason      text,
  timeout_at          timestamptz NOT NULL,
  created_at          timestamptz NOT NULL DEFAULT now_ms(),
  updated_at          timestamptz NOT NULL DEFAULT now_ms()
);
CREATE INDEX tasks_bot_created ON tasks (bot_id, created_at, id);
CREATE INDEX tasks_tags ON tasks USING gin (tags jsonb_path_ops);

-- trackAnalytics: one counter per bot, name and UTC day, incremented atomically.
CREATE TABLE analytics_counts (
  bot_id      text NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
  name        text NOT NULL,
  day         date NOT NULL,
  count       bigint NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now_ms(),
  PRIMARY KEY (bot_id, name, day)
);

ALTER TABLE events ADD COLUMN workflow_id text;
CREATE INDEX events_workflow ON events (workflow_id, created_at, id) WHERE workflow_id IS NOT NULL;
