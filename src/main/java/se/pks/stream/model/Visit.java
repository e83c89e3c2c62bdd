package se.pks.stream.model;

/** A performed visit ({@code pks.visits.v1}). {@code contactMode} may be null. */
public record Visit(EventHeader header, VisitType visitType, ContactMode contactMode) implements ProviderEvent {
}
