-- The user behind `ctx.botUserId`: each installation has one user of its bot that stands for the bot
-- in that integration (Slack's `register` sets its name and avatar with updateUser({ id: ctx.botUserId })).
-- The dispatcher sends its id as `x-bot-user-id`.
ALTER TABLE installations ADD COLUMN bot_user_id text REFERENCES users (id) ON DELETE SET NULL;

-- Installations made before this migration get theirs now (id derived from the installation's ULID).
INSERT INTO users (id, bot_id, installation_id)
  SELECT 'user_' || substr(i.id, 6), i.bot_id, i.id FROM installations i WHERE i.bot_user_id IS NULL
  ON CONFLICT (id) DO NOTHING;
UPDATE installations SET bot_user_id = 'user_' || substr(id, 6) WHERE bot_user_id IS NULL;
