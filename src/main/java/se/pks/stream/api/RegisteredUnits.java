package se.pks.stream.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import se.pks.stream.ingest.UnitRegister;
import se.pks.stream.model.CareUnit;
import se.pks.stream.topology.StoreNames;

/**
 * The unit register as the stream sees it: the global store of {@code pks.units.v1} in this instance. Reading the
 * same store the validators read means the API calls a unit known exactly when events and plans for it are accepted.
 */
@ApplicationScoped
public class RegisteredUnits {

    @Inject
    KafkaStreams streams;

    /** Every unit, in unit id order. */
    public List<CareUnit> all() {
        return read(store -> {
            final List<CareUnit> units = new ArrayList<>();
            try (KeyValueIterator<String, CareUnit> entries = store.all()) {
                while (entries.hasNext()) {
                    final KeyValue<String, CareUnit> entry = entries.next();
                    units.add(entry.value);
                }
            }
            return units;
        });
    }

    public Optional<CareUnit> find(final String unitId) {
        return read(store -> Optional.ofNullable(store.get(unitId)));
    }

    /** A register for the plan validator; it answers 503 through {@link ProblemException} if the store goes away. */
    public UnitRegister register() {
        return unitId -> find(unitId).orElse(null);
    }

    private <T> T read(final Function<ReadOnlyKeyValueStore<String, CareUnit>, T> query) {
        try {
            // The global store of a globalTable is timestamped; the key-value view hides the timestamps.
            final ReadOnlyKeyValueStore<String, CareUnit> store = streams.store(
                    StoreQueryParameters.fromNameAndType(StoreNames.UNITS, QueryableStoreTypes.keyValueStore()));
            return query.apply(store);
        } catch (final InvalidStateStoreException | IllegalStateException e) {
            // Kafka Streams is starting, restoring or rebalancing: the register is briefly not readable.
            throw ProblemException.unavailable("The unit register cannot be read yet (Kafka Streams is "
                    + streams.state() + "); try again in a few seconds");
        }
    }
}
