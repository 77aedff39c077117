-- Tables API (/v1/tables). Each user table's rows live in a physical table of their own in schema
-- chat_tables, named by us (t_<id>) with columns named by us (c<n>): no name a caller chooses ever
-- appears in SQL. `columns` maps the caller's column names to those physical columns.
CREATE SCHEMA IF NOT EXISTS chat_tables;

CREATE TABLE user_tables (
  id              text PRIMARY KEY,
  bot_id          text NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
  name            text NOT NULL,
  physical        text NOT NULL UNIQUE,
  -- json, not jsonb: keeps the order of the columns as the caller gave them.
  schema          json NOT NULL,
  -- [{name, physical, type, nullable, searchable, ...}] in schema order.
  columns         jsonb NOT NULL,
  next_column     integer NOT NULL,
  factor          integer NOT NULL DEFAULT 1,
  frozen          boolean NOT NULL DEFAULT false,
  key_column      text,
  tags            jsonb NOT NULL DEFAULT '{}',
  is_compute_enabled boolean NOT NULL DEFAULT false,
  row_count       bigint NOT NULL DEFAULT 0,
  created_at      timestamptz NOT NULL DEFAULT now_ms(),
  updated_at      timestamptz NOT NULL DEFAULT now_ms(),
  UNIQUE (bot_id, name)
);

CREATE TABLE table_jobs (
  id              text PRIMARY KEY,
  bot_id          text NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
  table_id        text NOT NULL REFERENCES user_tables (id) ON DELETE CASCADE,
  type            text NOT NULL CHECK (type IN ('export', 'import')),
  status          text NOT NULL,
  progress        double precision NOT NULL DEFAULT 0,
  input_file_id   text,
  output_file_id  text,
  options         jsonb NOT NULL DEFAULT '{}',
  error           text,
  created_at      timestamptz NOT NULL DEFAULT now_ms(),
  updated_at      timestamptz NOT NULL DEFAULT now_ms()
);
CREATE INDEX table_jobs_table ON table_jobs (table_id, created_at);
CREATE INDEX table_jobs_open ON table_jobs (status) WHERE status IN ('pending', 'in_progress');

-- A table deleted by any path (deleteTable, a bot deleted with everything it owns) drops its rows'
-- physical table. `physical` is a name chat-api generated (t_<ulid>), never one a caller chose.
CREATE FUNCTION user_tables_drop_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('DROP TABLE IF EXISTS chat_tables.%I', OLD.physical);
  RETURN NULL;
END $$;
CREATE TRIGGER user_tables_drop_rows AFTER DELETE ON user_tables FOR EACH ROW EXECUTE FUNCTION user_tables_drop_rows();
