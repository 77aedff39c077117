-- The outbox is published in the order rows were written. created_at has millisecond precision and
-- ties were broken by the random part of the id, so two notices of one conversation written in the
-- same millisecond could be published in either order; JetStream's order is now the delivery order
-- (docs/adr/0005), so rows get a strictly increasing position. A conversation's rows are written
-- while its row is locked, so their positions follow the conversation's order.
ALTER TABLE outbox ADD COLUMN position bigserial;
CREATE INDEX outbox_position ON outbox (position);
