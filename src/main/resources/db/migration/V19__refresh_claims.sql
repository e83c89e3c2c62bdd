-- A refresher round claims its requests for a while (a lease) instead of holding them locked or deleting them: a
-- request that the sink writes for new figures of a claimed series clears the claim (ON CONFLICT ... DO UPDATE), and
-- the round deletes only the requests whose claim is still its own, in the transaction of its results. So figures
-- that arrive while a round computes are recomputed by the next round (before, the sink's INSERT ... ON CONFLICT DO
-- NOTHING met the locked row and did nothing, and the round then deleted it: after a replay the queue figures of many
-- units stayed months old), and the requests of a round cut off by a crash are taken up again once its lease ends.
ALTER TABLE pks.refresh_request ADD COLUMN claimed_until timestamptz;
