package se.pks.stream.model;

/**
 * What one accepted event did to the ledger: {@code before} is retracted from every figure and {@code after} is
 * added. Either may be null (a new event has no before, a deletion no after).
 */
public record EventChange(ProviderEvent before, ProviderEvent after) {
}
