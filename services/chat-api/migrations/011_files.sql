-- Files API (/v1/files): file metadata, content blobs stored as chunk rows, passages for full-text
-- search, knowledge bases. Content sits behind the BlobStore interface (src/files/blob-store.ts);
-- this is its Postgres implementation's storage.
CREATE TABLE blobs (
  id          text PRIMARY KEY,
  size        bigint NOT NULL,
  sha256      text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE blob_chunks (
  blob_id  text NOT NULL REFERENCES blobs (id) ON DELETE CASCADE,
  seq      integer NOT NULL,
  data     bytea NOT NULL,
  PRIMARY KEY (blob_id, seq)
);

CREATE TABLE files (
  id                 text PRIMARY KEY,
  bot_id             text NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
  key                text NOT NULL,
  -- Who wrote it: the bot itself or an installation (an integration acting for the bot).
  owner_type         text NOT NULL CHECK (owner_type IN ('bot', 'integration')),
  installation_id    text REFERENCES installations (id) ON DELETE SET NULL,
  content_type       text NOT NULL,
  declared_size      bigint NOT NULL,
  size               bigint,
  tags               jsonb NOT NULL DEFAULT '{}',
  metadata           jsonb NOT NULL DEFAULT '{}',
  access_policies    text[] NOT NULL DEFAULT '{}',
  index              boolean NOT NULL DEFAULT false,
  status             text NOT NULL,
  failed_reason      text,
  expires_at         timestamptz,
  -- Bumped by every upsert: an upload URL is valid only for the generation it was issued for.
  generation         integer NOT NULL DEFAULT 1,
  blob_id            text REFERENCES blobs (id) ON DELETE SET NULL,
  created_at         timestamptz NOT NULL DEFAULT now_ms(),
  updated_at         timestamptz NOT NULL DEFAULT now_ms(),
  UNIQUE (bot_id, key)
);
CREATE INDEX files_bot_created ON files (bot_id, created_at, id);
CREATE INDEX files_tags ON files USING gin (tags jsonb_path_ops);

CREATE TABLE file_passages (
  id          text PRIMARY KEY,
  file_id     text NOT NULL REFERENCES files (id) ON DELETE CASCADE,
  bot_id      text NOT NULL,
  position    integer NOT NULL,
  content     text NOT NULL,
  type        text NOT NULL,
  page_number integer,
  tsv         tsvector GENERATED ALWAYS AS (to_tsvector('english', content)) STORED
);
CREATE INDEX file_passages_file ON file_passages (file_id, position);
CREATE INDEX file_passages_tsv ON file_passages USING gin (tsv);
CREATE INDEX file_passages_bot ON file_passages (bot_id);

CREATE TABLE knowledge_bases (
  id          text PRIMARY KEY,
  bot_id      text NOT NULL REFERENCES bots (id) ON DELETE CASCADE,
  name        text NOT NULL,
  tags        jsonb NOT NULL DEFAULT '{}',
  created_at  timestamptz NOT NULL DEFAULT now_ms(),
  updated_at  timestamptz NOT NULL DEFAULT now_ms()
);
CREATE INDEX knowledge_bases_bot ON knowledge_bases (bot_id, created_at, id);

-- A file deleted by any path (deleteFile, a bot deleted with everything it owns) takes its content
-- with it. Content replaced by an upload is deleted by the Files API after the switch commits.
CREATE FUNCTION files_drop_blob() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.blob_id IS NOT NULL THEN
    DELETE FROM blobs WHERE id = OLD.blob_id;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER files_drop_blob AFTER DELETE ON files FOR EACH ROW EXECUTE FUNCTION files_drop_blob();
