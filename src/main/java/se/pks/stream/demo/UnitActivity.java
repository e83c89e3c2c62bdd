package se.pks.stream.demo;

import java.time.LocalDate;

/** What one unit does, one day at a time, written as events to its feed. */
interface UnitActivity {

    /** Sets up what already exists on the first day, such as the patients already waiting. */
    default void start(final LocalDate firstDay) {
    }

    /** One day's events; {@code performance} is the share of the plan the unit delivers that day. */
    void day(LocalDate day, double performance);
}
