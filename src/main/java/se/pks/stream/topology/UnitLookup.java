package se.pks.stream.topology;

import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import se.pks.stream.ingest.UnitRegister;
import se.pks.stream.model.CareUnit;

/** The unit register as the validators see it: the global table of {@code pks.units.v1}. */
final class UnitLookup {

    private UnitLookup() {
    }

    static UnitRegister from(final ProcessingContext context) {
        final TimestampedKeyValueStore<String, CareUnit> store = context.getStateStore(StoreNames.UNITS);
        return unitId -> {
            final ValueAndTimestamp<CareUnit> unit = store.get(unitId);
            return unit == null ? null : unit.value();
        };
    }
}
