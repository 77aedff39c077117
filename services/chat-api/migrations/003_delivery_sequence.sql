-- Per-conversation sequence numbers of what is announced to the bot (SB_BOT: incoming messages and
-- events) and to the integration (SB_OUTGOING: outgoing messages). Each notice carries its number so
-- dispatchers deliver a conversation's notices in order, however many of them consume the stream.
ALTER TABLE conversations
  ADD COLUMN bot_seq integer NOT NULL DEFAULT 0,
  ADD COLUMN outgoing_seq integer NOT NULL DEFAULT 0;
