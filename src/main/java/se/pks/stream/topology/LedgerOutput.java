package se.pks.stream.topology;

import se.pks.stream.model.EventChange;
import se.pks.stream.model.FeedObservation;

/**
 * What the event ledger passes on: the change to the figures (null for a resend that changes nothing) and what the
 * data-quality register learns (null for an event seen for the first time: the validator has counted it already).
 */
record LedgerOutput(EventChange change, FeedObservation observation) {
}
