package se.pks.stream.model;

/** The daily bed census of a ward ({@code pks.bed-occupancy.v1}, type CENSUS). */
public record BedCensus(EventHeader header, int staffedBeds, int occupiedBeds) implements ProviderEvent {
}
