-- Hand-written (Prisma has no notation for it; test/database/migrations.test.ts knows this default).
-- An order event's transaction gets its transaction id before the event takes its sequence number. A
-- reader that sees a gap in the sequence can then tell when the gap is final: once every transaction
-- running when the gap was seen has ended (src/modules/order-events/order-event-stream.service.ts).
CREATE FUNCTION "order_event_next_sequence"() RETURNS BIGINT LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM pg_current_xact_id();
  RETURN nextval('"OrderEvent_sequence_seq"');
END
$$;

ALTER TABLE "OrderEvent" ALTER COLUMN "sequence" SET DEFAULT "order_event_next_sequence"();
