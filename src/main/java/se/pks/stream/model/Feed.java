package se.pks.stream.model;

/** The four event feeds a provider sends. */
public enum Feed {
    VISITS,
    OPERATIONS,
    BED_OCCUPANCY,
    WAITING_LIST;

    /** The feed an accepted event came in on. */
    public static Feed of(final ProviderEvent event) {
        return switch (event) {
            case Visit ignored -> VISITS;
            case Operation ignored -> OPERATIONS;
            case BedCensus ignored -> BED_OCCUPANCY;
            case Discharge ignored -> BED_OCCUPANCY;
            case WaitingListChange ignored -> WAITING_LIST;
            case EventDeletion ignored -> throw new IllegalArgumentException("a deletion has no feed of its own");
        };
    }
}
