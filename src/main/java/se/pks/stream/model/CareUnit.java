package se.pks.stream.model;

/** A unit of the register on {@code pks.units.v1}: who owns it and where it rolls up. */
public record CareUnit(
        String unitId,
        String name,
        String providerId,
        String organisationId,
        String organisationName,
        Ownership ownership,
        String regionId) {
}
