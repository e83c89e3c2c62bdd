package se.pks.stream.topology;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import se.pks.stream.model.BedCensus;

/**
 * All censuses a unit has reported for one local day. Only one counts: the one taken latest in the day (ties by
 * eventId). The others are kept so that deleting the counting one lets the one before it count again.
 */
public record CensusDay(Map<String, BedCensus> byEventId) {

    public static CensusDay empty() {
        return new CensusDay(new TreeMap<>());
    }

    public CensusDay with(final BedCensus census) {
        final Map<String, BedCensus> copy = new TreeMap<>(byEventId);
        copy.put(census.header().eventId(), census);
        return new CensusDay(copy);
    }

    public CensusDay without(final BedCensus census) {
        final Map<String, BedCensus> copy = new TreeMap<>(byEventId);
        copy.remove(census.header().eventId());
        return new CensusDay(copy);
    }

    public boolean isEmpty() {
        return byEventId.isEmpty();
    }

    List<Contribution> contributions(final ZoneId zone) {
        return byEventId.values().stream()
                .max(Comparator.comparing((BedCensus c) -> c.header().occurredAt())
                        .thenComparing(c -> c.header().eventId()))
                .map(census -> {
                    final LocalDate day = Contributions.localDay(census.header().occurredAt(), zone);
                    return List.of(
                            new Contribution(day, Component.CENSUSES, 1),
                            new Contribution(day, Component.STAFFED_BEDS, census.staffedBeds()),
                            new Contribution(day, Component.OCCUPIED_BEDS, census.occupiedBeds()));
                })
                .orElse(List.of());
    }
}
