-- confirm_booking(): the one place a booking becomes confirmed, whatever sold its places (a claim of
-- general-admission places, seats locked by the caller, or places held for a waiting-list offer): the booking
-- row, its booking.confirmed fact (added through libs/messaging's outbox_add, as OutboxService drafted it)
-- and its sales counters, in one call. With p_claim, the claim is consumed first (every writer takes it before
-- the counter shards); no row comes back when it is gone (given back by the event's cancellation or the
-- sweeper), and then nothing is written. Called by BookingRepository.confirm; created by the migration
-- confirm-booking-in-one-place, which reads this file (a later change needs a migration of its own).
CREATE OR REPLACE FUNCTION confirm_booking(p_booking uuid, p_event uuid, p_user uuid, p_quantity integer,
                                           p_seats text[], p_claim uuid, p_fact_id uuid, p_fact_key text,
                                           p_fact jsonb, p_shard integer)
RETURNS SETOF bookings LANGUAGE plpgsql AS $$
BEGIN
  IF p_claim IS NOT NULL THEN
    DELETE FROM place_claims
    WHERE id = p_claim AND event_id = p_event AND user_id = p_user AND quantity = p_quantity;
    IF NOT FOUND THEN
      RETURN;
    END IF;
  END IF;
  RETURN QUERY
    INSERT INTO bookings (id, event_id, user_id, quantity, seats, status)
    VALUES (p_booking, p_event, p_user, p_quantity, p_seats, 'confirmed')
    RETURNING *;
  PERFORM outbox_add(p_fact_id, p_fact_key, p_fact);
  PERFORM add_event_stats(p_event, p_shard, 1, 0, p_quantity, 0);
END
$$;
