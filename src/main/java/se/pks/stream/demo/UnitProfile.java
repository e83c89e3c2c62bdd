package se.pks.stream.demo;

/** What kind of care a demo unit gives and how much of it in a normal week. */
public sealed interface UnitProfile {

    /**
     * An outpatient clinic: visits, and a waiting list for first visits. Return and emergency visits are given per
     * first visit.
     */
    record Outpatient(double firstVisitsPerWeek, double returnsPerFirst, double emergenciesPerFirst)
            implements UnitProfile {
    }

    /** A surgical unit: operations, a share of them acute, and a waiting list for treatment. */
    record Surgical(double operationsPerWeek, double meanHours, double acuteShare) implements UnitProfile {
    }

    /** A ward: a daily bed census and discharges. {@code occupancy} is the usual share of staffed beds in use. */
    record Ward(int staffedBeds, double meanStayDays, double occupancy) implements UnitProfile {
    }
}
