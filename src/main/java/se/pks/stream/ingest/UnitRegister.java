package se.pks.stream.ingest;

import se.pks.stream.model.CareUnit;

/** Looks up a unit of the register; null when the unit is unknown. */
@FunctionalInterface
public interface UnitRegister {

    CareUnit find(String unitId);
}
