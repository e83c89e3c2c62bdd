package se.pks.stream.model;

/** {@code deleted: true}: the event with this identity leaves every figure. Only the header is needed. */
public record EventDeletion(EventHeader header) implements ProviderEvent {
}
