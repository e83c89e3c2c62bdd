package se.pks.stream.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.pks.stream.model.Deviation;
import se.pks.stream.model.FeedObservation;
import se.pks.stream.model.FeedQuality;
import se.pks.stream.model.FieldError;
import se.pks.stream.model.Rejection;
import se.pks.stream.topics.Topics;

/** Every semantic rule of the v1 follow-up, driven through the real topology. Expected figures are worked by hand. */
class FollowUpTopologyTest {

    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant RECEIVED = Instant.parse("2025-01-20T12:00:00Z");
    private static final double EPS = 1e-9;

    private FollowUpDriver driver;

    @BeforeEach
    void setUp() {
        driver = new FollowUpDriver(START);
        driver.unit("u1", "prov-a");
        driver.unit("u2", "prov-a");
        driver.unit("other", "prov-b");
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private void visit(final String id, final String unit, final String at, final String type) {
        driver.send(Topics.VISITS, unit, Events.visit(id, unit, at, type), RECEIVED);
    }

    @Test
    void sundayNightInUtcIsMondayInStockholmAndBelongsToTheNextWeek() {
        // 2025-01-05 is a Sunday. 23:30Z is 00:30 on Monday 6 January in Stockholm (CET, +01:00).
        visit("e1", "u1", "2025-01-05T23:30:00Z", "FIRST");
        // 22:30Z is 23:30 on Sunday local time: still the week that started Monday 30 December 2024.
        visit("e2", "u1", "2025-01-05T22:30:00Z", "FIRST");
        driver.flush();

        assertEquals(1.0, driver.value("WEEK", "2025-01-06", "u1", "first_visits"));
        assertEquals(1.0, driver.value("WEEK", "2024-12-30", "u1", "first_visits"));
        // Both are January in Stockholm.
        assertEquals(2.0, driver.value("MONTH", "2025-01-01", "u1", "first_visits"));
    }

    @Test
    void aNewYearsEveEventInUtcIsJanuaryLocally() {
        // 2024-12-31T23:15Z = 2025-01-01T00:15+01:00: month January 2025, ISO week starting Monday 30 Dec 2024.
        visit("e1", "u1", "2024-12-31T23:15:00Z", "RETURN");
        driver.flush();
        assertEquals(1.0, driver.value("MONTH", "2025-01-01", "u1", "return_visits"));
        assertNull(driver.value("MONTH", "2024-12-01", "u1", "return_visits"));
        assertEquals(1.0, driver.value("WEEK", "2024-12-30", "u1", "return_visits"));
    }

    @Test
    void daylightSavingWeeksAreOrdinaryWeeks() {
        // Clocks go forward at 01:00Z on Sunday 30 March 2025. 00:30Z is 01:30 CET on Sunday: week of 24 March.
        final Instant received = Instant.parse("2025-04-02T00:00:00Z");
        driver.send(Topics.VISITS, "u1", Events.visit("e1", "u1", "2025-03-30T00:30:00Z", "FIRST"), received);
        // 22:30Z on Sunday is 00:30 CEST on Monday 31 March: the next week.
        driver.send(Topics.VISITS, "u1", Events.visit("e2", "u1", "2025-03-30T22:30:00Z", "FIRST"), received);
        driver.send(Topics.VISITS, "u1", Events.visit("e3", "u1", "2025-03-24T08:00:00+01:00", "FIRST"), received);
        driver.flush();
        assertEquals(2.0, driver.value("WEEK", "2025-03-24", "u1", "first_visits"));
        assertEquals(1.0, driver.value("WEEK", "2025-03-31", "u1", "first_visits"));
        // All three are in March locally: 24, 30 and 31 March.
        assertEquals(3.0, driver.value("MONTH", "2025-03-01", "u1", "first_visits"));
        assertNull(driver.value("MONTH", "2025-04-01", "u1", "first_visits"));
    }

    /** The catch-up threshold scaled down (10 records per flush interval instead of 1,000) to keep the test quick. */
    private static FollowUpDriver withCatchUpThresholdOfTen() {
        final FollowUpSettings d = FollowUpSettings.defaults();
        final FollowUpDriver paced = new FollowUpDriver(START, new FollowUpSettings(d.zone(), d.futureTolerance(),
                d.flushInterval(), d.guaranteeLimitDays(), d.lateAfter(),
                new FollowUpSettings.CatchUp(10, Duration.ofSeconds(5), Duration.ofMillis(100),
                        Duration.ofMinutes(1))));
        paced.unit("u1", "prov-a");
        paced.flush();
        return paced;
    }

    private static void visits(final FollowUpDriver paced, final String prefix, final int count) {
        for (int i = 0; i < count; i++) {
            paced.send(Topics.VISITS, "u1", Events.visit(prefix + i, "u1", "2025-01-07T10:00:00Z", "FIRST"),
                    RECEIVED);
        }
    }

    @Test
    void whileRecordsPourInAFigureIsPublishedWhenItSettlesThenLiveTrafficIsPublishedAtOnce() {
        final String week = "WEEK|2025-01-06|u1|first_visits";
        try (FollowUpDriver paced = withCatchUpThresholdOfTen()) {
            // 12 visits per second for four seconds: over the threshold of 10 per flush interval (1 s).
            for (int second = 0; second < 4; second++) {
                visits(paced, "bulk-" + second + "-", 12);
                paced.advanceWallClock(Duration.ofSeconds(1));
            }
            assertEquals(List.of(), paced.publications(week), "nothing published while catching up");
            // The next second brings nothing: the rate (48 in 5 s) drops under the threshold, and the figure is
            // published once with everything.
            paced.advanceWallClock(Duration.ofSeconds(1));
            assertEquals(List.of(48.0), paced.publications(week));
            // A single live visit is published at the next flush interval.
            visits(paced, "live-", 1);
            paced.flush();
            assertEquals(List.of(48.0, 49.0), paced.publications(week));
            // A visit in another week leaves this figure alone: an unchanged figure is not published again.
            paced.send(Topics.VISITS, "u1", Events.visit("later", "u1", "2025-01-21T10:00:00Z", "FIRST"), RECEIVED);
            paced.flush();
            assertEquals(List.of(48.0, 49.0), paced.publications(week));
        }
    }

    @Test
    void aTrickleOfHistoryIsPublishedEveryCatchUpIntervalNotAtEveryFlush() {
        final String week = "WEEK|2024-12-09|u1|first_visits";
        // Received a day before the wall clock (1 January 2025): history, more than a minute behind.
        final Instant yesterday = START.minus(Duration.ofDays(1));
        try (FollowUpDriver paced = withCatchUpThresholdOfTen()) {
            // Two visits a second, far under the rate threshold of 10: only their age says the task catches up.
            for (int second = 0; second < 4; second++) {
                for (int i = 0; i < 2; i++) {
                    paced.send(Topics.VISITS, "u1", Events.visit("old-" + second + "-" + i, "u1",
                            "2024-12-10T10:00:00Z", "FIRST"), yesterday);
                }
                paced.advanceWallClock(Duration.ofSeconds(1));
            }
            assertEquals(List.of(), paced.publications(week), "not published at every flush");
            paced.advanceWallClock(Duration.ofSeconds(1));
            assertEquals(List.of(8.0), paced.publications(week), "published five seconds after the last publication");
        }
    }

    @Test
    void historyThatStopsFlowingIsPublishedAtTheNextFlush() {
        final String week = "WEEK|2024-12-09|u1|first_visits";
        final Instant yesterday = START.minus(Duration.ofDays(1));
        try (FollowUpDriver paced = withCatchUpThresholdOfTen()) {
            for (int second = 0; second < 2; second++) {
                paced.send(Topics.VISITS, "u1", Events.visit("old-" + second, "u1", "2024-12-10T10:00:00Z", "FIRST"),
                        yesterday);
                paced.advanceWallClock(Duration.ofSeconds(1));
            }
            assertEquals(List.of(), paced.publications(week), "still flowing: catching up");
            // A flush interval without records: the backlog is drained, so the week settles now, not at 5 s.
            paced.flush();
            assertEquals(List.of(2.0), paced.publications(week));
        }
    }

    @Test
    void aTaskThatKeepsCatchingUpStillPublishesEveryCatchUpInterval() {
        final String week = "WEEK|2025-01-06|u1|first_visits";
        try (FollowUpDriver paced = withCatchUpThresholdOfTen()) {
            for (int second = 0; second < 6; second++) {
                visits(paced, "bulk-" + second + "-", 15);
                paced.advanceWallClock(Duration.ofSeconds(1));
            }
            // Published five seconds after the last publication (the catch-up interval), with what had arrived by
            // then (5 x 15), and not again in the sixth second.
            assertEquals(List.of(75.0), paced.publications(week));
        }
    }

    @Test
    void aResendWithTheSameContentCountsOnce() {
        visit("e1", "u1", "2025-01-07T10:00:00+01:00", "FIRST");
        visit("e1", "u1", "2025-01-07T10:00:00+01:00", "FIRST");
        // The same instant written in UTC is the same content.
        visit("e1", "u1", "2025-01-07T09:00:00Z", "FIRST");
        driver.flush();
        assertEquals(1.0, driver.value("WEEK", "2025-01-06", "u1", "first_visits"));
        assertEquals(2, driver.counters.count(FeedObservation.Outcome.DUPLICATE));
    }

    @Test
    void aCorrectionReplacesTheEarlierVersionInEveryFigure() {
        visit("e1", "u1", "2025-01-07T10:00:00+01:00", "FIRST");
        visit("e2", "u1", "2025-01-08T10:00:00+01:00", "FIRST");
        driver.flush();
        assertEquals(2.0, driver.value("WEEK", "2025-01-06", "u1", "first_visits"));

        // e1 was in fact a return visit, and a week later.
        visit("e1", "u1", "2025-01-14T10:00:00+01:00", "RETURN");
        driver.flush();
        assertEquals(1.0, driver.value("WEEK", "2025-01-06", "u1", "first_visits"));
        assertEquals(0.0, driver.value("WEEK", "2025-01-06", "u1", "return_visits"));
        assertEquals(1.0, driver.value("WEEK", "2025-01-13", "u1", "return_visits"));
        assertEquals(0.0, driver.value("WEEK", "2025-01-13", "u1", "first_visits"));
        assertEquals(1.0, driver.value("MONTH", "2025-01-01", "u1", "first_visits"));
        assertEquals(1.0, driver.value("MONTH", "2025-01-01", "u1", "return_visits"));
        assertEquals(1, driver.counters.count(FeedObservation.Outcome.CORRECTED));
    }

    @Test
    void aCorrectionMayMoveAnEventToAnotherUnitOfTheSameProvider() {
        visit("e1", "u1", "2025-01-07T10:00:00+01:00", "FIRST");
        driver.flush();
        driver.send(Topics.VISITS, "u2", Events.visit("e1", "u2", "2025-01-07T10:00:00+01:00", "FIRST"), RECEIVED);
        driver.flush();
        assertEquals(0.0, driver.value("WEEK", "2025-01-06", "u1", "first_visits"));
        assertEquals(1.0, driver.value("WEEK", "2025-01-06", "u2", "first_visits"));
    }

    @Test
    void aDeletedEventLeavesEveryFigure() {
        visit("e1", "u1", "2025-01-07T10:00:00+01:00", "FIRST");
        visit("e2", "u1", "2025-01-07T11:00:00+01:00", "FIRST");
        driver.flush();
        driver.send(Topics.VISITS, "u1", Events.deletion("e1", "u1", "2025-01-07T10:00:00+01:00"), RECEIVED);
        driver.flush();
        assertEquals(1.0, driver.value("WEEK", "2025-01-06", "u1", "first_visits"));
        assertEquals(1.0, driver.value("MONTH", "2025-01-01", "u1", "first_visits"));
        assertEquals(1, driver.counters.count(FeedObservation.Outcome.DELETED));
        // Deleting it again changes nothing.
        driver.send(Topics.VISITS, "u1", Events.deletion("e1", "u1", "2025-01-07T10:00:00+01:00"), RECEIVED);
        driver.flush();
        assertEquals(1.0, driver.value("WEEK", "2025-01-06", "u1", "first_visits"));
    }

    @Test
    void aLateEventLandsInItsOwnPeriodAndUpdatesItsDeviation() {
        driver.send(Topics.PLANS, "u1|first_visits|TARGET|WEEK|2025-01-06",
                Events.plan("u1", "first_visits", "TARGET", "WEEK", "2025-01-06", 4), RECEIVED);
        visit("e1", "u1", "2025-01-07T10:00:00+01:00", "FIRST");
        driver.flush();
        assertEquals(-3.0, driver.deviation("u1|first_visits|TARGET|WEEK|2025-01-06").deviation());

        // Registered six weeks after the fact.
        driver.send(Topics.VISITS, "u1", Events.visit("late", "u1", "2025-01-08T10:00:00+01:00", "FIRST"),
                Instant.parse("2025-02-19T09:00:00Z"));
        driver.send(Topics.VISITS, "u1", Events.visit("e3", "u1", "2025-02-18T10:00:00+01:00", "FIRST"),
                Instant.parse("2025-02-19T09:00:00Z"));
        driver.flush();
        assertEquals(2.0, driver.value("WEEK", "2025-01-06", "u1", "first_visits"));
        assertEquals(1.0, driver.value("WEEK", "2025-02-17", "u1", "first_visits"));
        final Deviation deviation = driver.deviation("u1|first_visits|TARGET|WEEK|2025-01-06");
        assertEquals(2.0, deviation.actual());
        assertEquals(-2.0, deviation.deviation());
        assertEquals(-50.0, deviation.deviationPct(), EPS);
    }

    @Test
    void operationsCountWithAllTheirHoursInThePeriodTheyStarted() {
        // Starts Sunday 12 Jan 23:00 local, ends Monday 01:30: 2.5 h, all in the week of 6 January.
        driver.send(Topics.OPERATIONS, "u1", Events.operation("o1", "u1",
                "2025-01-12T23:00:00+01:00", "2025-01-13T01:30:00+01:00"), RECEIVED);
        // 1 h 20 min in the week of 13 January.
        driver.send(Topics.OPERATIONS, "u1", Events.operation("o2", "u1",
                "2025-01-14T08:00:00+01:00", "2025-01-14T09:20:00+01:00"), RECEIVED);
        driver.flush();
        assertEquals(1.0, driver.value("WEEK", "2025-01-06", "u1", "operations"));
        assertEquals(2.5, driver.value("WEEK", "2025-01-06", "u1", "operation_hours"), EPS);
        assertEquals(1.0, driver.value("WEEK", "2025-01-13", "u1", "operations"));
        assertEquals(80.0 / 60.0, driver.value("WEEK", "2025-01-13", "u1", "operation_hours"), EPS);
        assertEquals(2.5 + 80.0 / 60.0, driver.value("MONTH", "2025-01-01", "u1", "operation_hours"), EPS);
    }

    @Test
    void oneCensusPerUnitAndDayTheLatestReplacesTheEarlier() {
        // Mon 6 Jan: 20 staffed / 15 occupied, then a later census the same day 20 / 18 replaces it.
        census("c1", "2025-01-06T07:00:00+01:00", 20, 15);
        census("c2", "2025-01-06T19:00:00+01:00", 20, 18);
        // Tue 7 Jan: 22 / 11.
        census("c3", "2025-01-07T07:00:00+01:00", 22, 11);
        driver.flush();
        // care days = 18 + 11 = 29; staffed beds = (20 + 22) / 2 = 21; occupancy = 29 / 42.
        assertEquals(29.0, driver.value("WEEK", "2025-01-06", "u1", "care_days"));
        assertEquals(21.0, driver.value("WEEK", "2025-01-06", "u1", "staffed_beds"), EPS);
        assertEquals(29.0 / 42.0, driver.value("WEEK", "2025-01-06", "u1", "occupancy_rate"), EPS);

        // Deleting the later census of Monday brings the earlier one back: 15 + 11 = 26 over 42.
        driver.send(Topics.BED_OCCUPANCY, "u1", Events.deletion("c2", "u1", "2025-01-06T19:00:00+01:00"), RECEIVED);
        driver.flush();
        assertEquals(26.0, driver.value("WEEK", "2025-01-06", "u1", "care_days"));
        assertEquals(26.0 / 42.0, driver.value("WEEK", "2025-01-06", "u1", "occupancy_rate"), EPS);
    }

    @Test
    void aCensusArrivingLaterButTakenEarlierInTheDayDoesNotReplace() {
        census("c2", "2025-01-06T19:00:00+01:00", 20, 18);
        census("c1", "2025-01-06T07:00:00+01:00", 20, 15);
        driver.flush();
        assertEquals(18.0, driver.value("WEEK", "2025-01-06", "u1", "care_days"));
    }

    @Test
    void lengthOfStayIsLocalDischargeDateMinusLocalAdmissionDate() {
        // 1 Jan 22:00 local to 4 Jan 08:00 local: 3 days.
        discharge("d1", "2025-01-01T22:00:00+01:00", "2025-01-04T08:00:00+01:00");
        // 2 Jan 23:30Z is 3 Jan 00:30 local; to 4 Jan 10:00 local: 1 day.
        discharge("d2", "2025-01-02T23:30:00Z", "2025-01-04T10:00:00+01:00");
        driver.flush();
        // Saturday 4 Jan is in the week of Monday 30 December 2024.
        assertEquals(2.0, driver.value("WEEK", "2024-12-30", "u1", "discharges"));
        assertEquals((3.0 + 1.0) / 2, driver.value("WEEK", "2024-12-30", "u1", "avg_length_of_stay"), EPS);
    }

    @Test
    void waitingCountIsTheLevelAtTheEndOfEachPeriodUpToNow() {
        // Two referrals added in the week of 6 Jan, one removed in the week of 20 Jan.
        waiting(Events.added("w1", "u1", "2025-01-07T10:00:00+01:00", "r1"), RECEIVED);
        waiting(Events.added("w2", "u1", "2025-01-08T10:00:00+01:00", "r2"), RECEIVED);
        waiting(Events.removed("w3", "u1", "2025-01-21T10:00:00+01:00", "r1"), Instant.parse("2025-01-21T12:00:00Z"));
        // Stream time moves into the week of 3 February.
        visit("e1", "u1", "2025-02-04T10:00:00+01:00", "FIRST");
        driver.send(Topics.VISITS, "u1", Events.visit("e2", "u1", "2025-02-04T10:00:00+01:00", "FIRST"),
                Instant.parse("2025-02-04T12:00:00Z"));
        driver.flush();
        assertEquals(2.0, driver.value("WEEK", "2025-01-06", "u1", "referrals_in"));
        assertEquals(2.0, driver.value("WEEK", "2025-01-06", "u1", "waiting_count"));
        assertEquals(2.0, driver.value("WEEK", "2025-01-13", "u1", "waiting_count"));
        assertEquals(1.0, driver.value("WEEK", "2025-01-20", "u1", "waiting_count"));
        assertEquals(1.0, driver.value("WEEK", "2025-01-27", "u1", "waiting_count"));
        assertEquals(1.0, driver.value("WEEK", "2025-02-03", "u1", "waiting_count"));
        assertNull(driver.value("WEEK", "2025-02-10", "u1", "waiting_count"));
        assertNull(driver.value("WEEK", "2024-12-30", "u1", "waiting_count"));
        assertEquals(1.0, driver.value("MONTH", "2025-01-01", "u1", "waiting_count"));
        assertEquals(1.0, driver.value("MONTH", "2025-02-01", "u1", "waiting_count"));

        // Stream time reaches the week of 10 February: the level is carried into it.
        visit("e3", "u1", "2025-02-11T10:00:00+01:00", "FIRST");
        driver.send(Topics.VISITS, "u1", Events.visit("e4", "u1", "2025-02-11T10:00:00+01:00", "FIRST"),
                Instant.parse("2025-02-11T12:00:00Z"));
        driver.flush();
        assertEquals(1.0, driver.value("WEEK", "2025-02-10", "u1", "waiting_count"));

        // The removal is deleted: r1 waits again in every week since the 20th.
        waiting(Events.deletion("w3", "u1", "2025-01-21T10:00:00+01:00"), Instant.parse("2025-02-11T13:00:00Z"));
        driver.flush();
        assertEquals(2.0, driver.value("WEEK", "2025-01-20", "u1", "waiting_count"));
        assertEquals(2.0, driver.value("WEEK", "2025-02-10", "u1", "waiting_count"));
        assertEquals(2.0, driver.value("MONTH", "2025-02-01", "u1", "waiting_count"));
    }

    @Test
    void guaranteeAndMedicalTargetComplianceCountOnlyGuaranteedEntriesAtTheEndOfEachPeriod() {
        final Instant received = Instant.parse("2025-04-09T12:00:00Z");
        // r1 waits since 2 Jan: over the 90-day limit from 2 Jan + 91 days = 3 April.
        waiting(entry("w1", "2025-01-02", "r1", "2025-01-02", null, false), received);
        // r2 was referred on 20 Jan but put on the list on 3 Feb: over from 20 Jan + 91 days = 21 April.
        waiting(entry("w2", "2025-02-03", "r2", "2025-01-20", null, false), received);
        // r3 chose to wait: on the list, outside the guarantee.
        waiting(entry("w3", "2025-01-03", "r3", "2025-01-03", null, true), received);
        // r4 has a medical target date of 31 March: past it from 1 April.
        waiting(entry("w4", "2025-03-03", "r4", "2025-03-03", "2025-03-31", false), received);
        // r5's target date 1 May is still ahead.
        waiting(entry("w5", "2025-03-10", "r5", "2025-03-10", "2025-05-01", false), received);
        driver.flush();

        // End of the week of 24 March (Sunday 30 March): 5 waiting, 4 guaranteed, none over the limit.
        assertEquals(5.0, driver.value("WEEK", "2025-03-24", "u1", "waiting_count"));
        assertEquals(0.0, driver.value("WEEK", "2025-03-24", "u1", "waiting_over_limit"));
        assertEquals(1.0, driver.value("WEEK", "2025-03-24", "u1", "guarantee_compliance"));
        assertEquals(1.0, driver.value("WEEK", "2025-03-24", "u1", "medical_target_compliance"));
        // End of the week of 31 March (Sunday 6 April): r1 over the limit: (4 - 1) / 4; r4 past its target: 1 / 2.
        assertEquals(1.0, driver.value("WEEK", "2025-03-31", "u1", "waiting_over_limit"));
        assertEquals(0.75, driver.value("WEEK", "2025-03-31", "u1", "guarantee_compliance"), EPS);
        assertEquals(0.5, driver.value("WEEK", "2025-03-31", "u1", "medical_target_compliance"), EPS);
        // March ends on the 31st: r1 is not over yet, r4 not yet past its target date.
        assertEquals(1.0, driver.value("MONTH", "2025-03-01", "u1", "guarantee_compliance"));
        assertEquals(1.0, driver.value("MONTH", "2025-03-01", "u1", "medical_target_compliance"));
        // April, the current month, as far as known at its end: r1 and r2 over: (4 - 2) / 4.
        assertEquals(0.5, driver.value("MONTH", "2025-04-01", "u1", "guarantee_compliance"), EPS);
        assertEquals(2.0, driver.value("MONTH", "2025-04-01", "u1", "waiting_over_limit"));
        // Days waited at Sunday 6 April since waitingSince: r1 94, r2 76, r3 93, r4 34, r5 27 = 324 over 5 entries.
        assertEquals(324.0 / 5, driver.value("WEEK", "2025-03-31", "u1", "mean_wait_days"), EPS);
        // All five are on the treatment list; the unit has no first-visit list, so no such figures.
        assertEquals(5.0, driver.value("WEEK", "2025-03-31", "u1", "waiting_count_treatment"));
        assertEquals(324.0 / 5, driver.value("WEEK", "2025-03-31", "u1", "mean_wait_days_treatment"), EPS);
        assertNull(driver.value("WEEK", "2025-03-31", "u1", "waiting_count_first_visit"));
        // Weeks after the current one are not published.
        assertNull(driver.value("WEEK", "2025-04-14", "u1", "waiting_count"));
        // The week's rate carries its parts, so a rollup can recompute it: 3 of 4.
        assertEquals(3.0, driver.measureValues().get("WEEK|2025-03-31|u1|guarantee_compliance").numerator());
        assertEquals(4.0, driver.measureValues().get("WEEK|2025-03-31|u1|guarantee_compliance").denominator());

        // r1 is treated on 8 April: in the week of 7 April the 3 guaranteed entries are all within the limit.
        waiting(Events.removed("w6", "u1", "2025-04-08T10:00:00+02:00", "r1"), received);
        driver.flush();
        assertEquals(4.0, driver.value("WEEK", "2025-04-07", "u1", "waiting_count"));
        assertEquals(0.0, driver.value("WEEK", "2025-04-07", "u1", "waiting_over_limit"));
        assertEquals(1.0, driver.value("WEEK", "2025-04-07", "u1", "guarantee_compliance"));
        assertEquals(1.0, driver.value("WEEK", "2025-04-07", "u1", "removals"));
        assertEquals(1.0, driver.value("WEEK", "2025-04-07", "u1", "removals_treatment"));
        assertEquals(1.0, driver.value("WEEK", "2025-03-31", "u1", "waiting_over_limit"));
    }

    private static String entry(final String eventId, final String addedOn, final String referralId,
                                final String waitingSince, final String medicalTargetDate,
                                final boolean patientChosen) {
        return """
                {"eventId":"%s","providerId":"prov-a","unitId":"u1","occurredAt":"%sT10:00:00+01:00",\
                "referralId":"%s","action":"ADDED","guarantee":"TREATMENT","waitingSince":"%s",%s\
                "patientChosenWait":%s}"""
                .formatted(eventId, addedOn, referralId, waitingSince,
                        medicalTargetDate == null ? "" : "\"medicalTargetDate\":\"" + medicalTargetDate + "\",",
                        patientChosen);
    }

    @Test
    void anEntryAddedAndRemovedInTheSamePeriodNeverCountsAsWaiting() {
        waiting(Events.added("w1", "u1", "2025-01-07T10:00:00+01:00", "r1"), RECEIVED);
        waiting(Events.removed("w2", "u1", "2025-01-09T10:00:00+01:00", "r1"), RECEIVED);
        driver.flush();
        assertEquals(1.0, driver.value("WEEK", "2025-01-06", "u1", "referrals_in"));
        assertEquals(0.0, driver.value("WEEK", "2025-01-06", "u1", "waiting_count"));
    }

    @Test
    void everyPlanRowHasADeviationRowAlsoWhenNothingHappened() {
        plan("u1", "first_visits", "TARGET", "WEEK", "2025-01-13", 10);
        plan("u1", "emergency_visits", "TARGET", "WEEK", "2025-01-13", 0);
        plan("u1", "occupancy_rate", "CAPACITY_FORECAST", "WEEK", "2025-01-13", 0.9);
        driver.flush();

        final Deviation empty = driver.deviation("u1|first_visits|TARGET|WEEK|2025-01-13");
        assertEquals(0.0, empty.actual());
        assertEquals(10.0, empty.expected());
        assertEquals(-10.0, empty.deviation());
        assertEquals(-100.0, empty.deviationPct(), EPS);
        // Nothing expected: the percentage is undefined.
        final Deviation zero = driver.deviation("u1|emergency_visits|TARGET|WEEK|2025-01-13");
        assertEquals(0.0, zero.deviation());
        assertNull(zero.deviationPct());
        // A rate with no census behind it is not known, not 0.
        final Deviation rate = driver.deviation("u1|occupancy_rate|CAPACITY_FORECAST|WEEK|2025-01-13");
        assertNull(rate.actual());
        assertNull(rate.deviation());
    }

    @Test
    void aPlanChangeUpdatesAndATombstoneRemovesItsDeviation() {
        visit("e1", "u1", "2025-01-14T10:00:00+01:00", "FIRST");
        visit("e2", "u1", "2025-01-15T10:00:00+01:00", "FIRST");
        visit("e3", "u1", "2025-01-16T10:00:00+01:00", "FIRST");
        plan("u1", "first_visits", "TARGET", "WEEK", "2025-01-13", 4);
        driver.flush();
        assertEquals(-25.0, driver.deviation("u1|first_visits|TARGET|WEEK|2025-01-13").deviationPct(), EPS);

        plan("u1", "first_visits", "TARGET", "WEEK", "2025-01-13", 2);
        driver.flush();
        final Deviation changed = driver.deviation("u1|first_visits|TARGET|WEEK|2025-01-13");
        assertEquals(2.0, changed.expected());
        assertEquals(1.0, changed.deviation());
        assertEquals(50.0, changed.deviationPct(), EPS);

        driver.send(Topics.PLANS, "u1|first_visits|TARGET|WEEK|2025-01-13", null, RECEIVED);
        driver.flush();
        assertNull(driver.deviation("u1|first_visits|TARGET|WEEK|2025-01-13"));
    }

    @Test
    void monthlyPlansCompareWithMonthlyFigures() {
        final Instant received = Instant.parse("2025-02-03T08:00:00Z");
        // 23:30Z on 31 January is 00:30 on 1 February in Stockholm.
        driver.send(Topics.VISITS, "u1", Events.visit("e1", "u1", "2025-01-31T23:30:00Z", "FIRST"), received);
        driver.send(Topics.VISITS, "u1", Events.visit("e2", "u1", "2025-01-31T10:00:00Z", "FIRST"), received);
        plan("u1", "first_visits", "TARGET", "MONTH", "2025-02-01", 1);
        driver.flush();
        assertEquals(0.0, driver.deviation("u1|first_visits|TARGET|MONTH|2025-02-01").deviation());
    }

    @Test
    void invalidEventsAreRejectedWithReasonsAndTheStreamGoesOn() {
        visit("ok1", "u1", "2025-01-07T10:00:00+01:00", "FIRST");
        // Unknown unit.
        driver.send(Topics.VISITS, "nowhere", Events.visit("bad1", "nowhere", "2025-01-07T10:00:00+01:00", "FIRST"),
                RECEIVED);
        // A unit of another provider.
        driver.send(Topics.VISITS, "other", Events.visit("bad2", "other", "2025-01-07T10:00:00+01:00", "FIRST"),
                RECEIVED);
        // Missing visitType and a malformed occurredAt (no offset).
        driver.send(Topics.VISITS, "u1", """
                {"eventId":"bad3","providerId":"prov-a","unitId":"u1","occurredAt":"2025-01-07T10:00:00"}""",
                RECEIVED);
        // Not JSON at all.
        driver.send(Topics.VISITS, "u1", "visit,u1,FIRST", RECEIVED);
        // More than one day in the future of its arrival.
        driver.send(Topics.VISITS, "u1", Events.visit("bad5", "u1", "2025-01-22T12:00:01Z", "FIRST"), RECEIVED);
        // Negative beds, and occupied > staffed.
        census("bad6", "2025-01-06T07:00:00+01:00", -1, 0);
        census("bad7", "2025-01-06T07:00:00+01:00", 10, 12);
        // endedAt before startedAt.
        driver.send(Topics.OPERATIONS, "u1", Events.operation("bad8", "u1",
                "2025-01-14T09:00:00+01:00", "2025-01-14T08:00:00+01:00"), RECEIVED);
        // An operation of 24 hours and 1 minute.
        driver.send(Topics.OPERATIONS, "u1", Events.operation("bad11", "u1",
                "2025-01-14T08:00:00+01:00", "2025-01-15T08:01:00+01:00"), RECEIVED);
        // A personal identity number hidden in an unknown field.
        driver.send(Topics.VISITS, "u1", """
                {"eventId":"bad9","providerId":"prov-a","unitId":"u1","occurredAt":"2025-01-07T10:00:00+01:00",\
                "visitType":"FIRST","note":"pat 811218-9876"}""", RECEIVED);
        // Key is not the unit.
        driver.send(Topics.VISITS, "u2", Events.visit("bad10", "u1", "2025-01-07T10:00:00+01:00", "FIRST"), RECEIVED);
        visit("ok2", "u1", "2025-01-08T10:00:00+01:00", "FIRST");
        driver.flush();

        assertEquals(2.0, driver.value("WEEK", "2025-01-06", "u1", "first_visits"));
        assertNull(driver.value("WEEK", "2025-01-06", "nowhere", "first_visits"));
        assertNull(driver.value("WEEK", "2025-01-06", "u1", "care_days"));
        assertNull(driver.value("WEEK", "2025-01-13", "u1", "operations"));

        final List<Rejection> rejections = driver.rejections().stream()
                .filter(rejection -> !rejection.value().contains("bad11")).toList();
        assertEquals(10, rejections.size());
        assertReason(driver.rejections().stream().filter(rejection -> rejection.value().contains("bad11"))
                .findFirst().orElseThrow(), "endedAt", "is implausible: an operation of more than 24 hours");
        assertReason(rejections.get(0), "unitId", "unknown unit 'nowhere'");
        assertReason(rejections.get(1), "unitId", "unit 'other' belongs to another provider");
        assertReason(rejections.get(2), "visitType", "is required");
        assertReason(rejections.get(2), "occurredAt", "must be an ISO-8601 date-time with offset");
        assertReason(rejections.get(3), "value", "is not valid JSON");
        assertReason(rejections.get(4), "occurredAt", "is more than 1 day(s) in the future");
        assertReason(rejections.get(5), "staffedBeds", "must not be negative");
        assertReason(rejections.get(6), "occupiedBeds", "must not exceed staffedBeds");
        assertReason(rejections.get(7), "endedAt", "must be after startedAt");
        assertReason(rejections.get(8), "note", "looks like a personal identity number");
        assertReason(rejections.get(9), "key", "must equal unitId 'u1'");

        // The rejected topic never repeats the number itself.
        assertFalse(rejections.get(8).value().contains("811218"));
        assertTrue(rejections.get(8).value().contains("bad9"));
        assertEquals(Topics.VISITS.name(), rejections.get(0).topic());
        assertEquals(Topics.BED_OCCUPANCY.name(), rejections.get(5).topic());
        assertEquals(11, driver.counters.rejectedTopics.size());
    }

    @Test
    void theDataQualityRegisterCountsWhatArrivedAndWhatBecameOfIt() {
        final Instant onTime = Instant.parse("2025-01-07T12:00:00Z");
        final Instant twoWeeksLater = Instant.parse("2025-01-21T12:00:00Z");
        driver.send(Topics.VISITS, "u1", Events.visit("e1", "u1", "2025-01-07T10:00:00+01:00", "FIRST"), onTime);
        driver.send(Topics.VISITS, "u1", Events.visit("e1", "u1", "2025-01-07T10:00:00+01:00", "FIRST"), onTime);
        driver.send(Topics.VISITS, "u1", Events.visit("e2", "u1", "2025-01-07T11:00:00+01:00", "FIRST"),
                twoWeeksLater);
        driver.send(Topics.VISITS, "u1", Events.visit("e3", "u1", "2025-01-07T12:00:00+01:00", "FIRST"), onTime);
        driver.send(Topics.VISITS, "u1", Events.visit("e3", "u1", "2025-01-07T12:00:00+01:00", "RETURN"), onTime);
        driver.send(Topics.VISITS, "u1", Events.visit("e4", "u1", "2025-01-07T13:00:00+01:00", "FIRST"), onTime);
        driver.send(Topics.VISITS, "u1", Events.deletion("e4", "u1", "2025-01-07T13:00:00+01:00"), onTime);
        driver.send(Topics.VISITS, "u1", """
                {"eventId":"x1","providerId":"prov-a","unitId":"u1","occurredAt":"2025-01-07T14:00:00+01:00"}""",
                onTime);
        driver.flush();

        // 8 records arrived on 7 January: 7 passed validation (the resend and the deletion too), 1 was refused.
        // e2 came two weeks after the fact, more than the 3 days visits may take. The ledger saw one resend of
        // unchanged content (e1), one correction (e3) and one deletion (e4).
        final FeedQuality quality = driver.feedQuality("prov-a|u1|VISITS|2025-01-07");
        assertEquals(8, quality.received());
        assertEquals(7, quality.accepted());
        assertEquals(1, quality.rejected());
        assertEquals(1, quality.late());
        assertEquals(1, quality.duplicates());
        assertEquals(1, quality.corrected());
        assertEquals(1, quality.deleted());
        assertEquals(Map.of("visitType: is required", 1L), quality.rejectionReasons());
    }

    @Test
    void feedQualityIsCountedPerFlushIntervalAndTheCountsAddUp() {
        for (int visit = 1; visit <= 5; visit++) {
            driver.send(Topics.VISITS, "u1", Events.visit("b" + visit, "u1", "2025-01-07T10:0" + visit + ":00+01:00",
                    "FIRST"), RECEIVED);
        }
        driver.flush();
        // Five arrivals for one register row within one flush interval: one update of the row, not five.
        assertEquals(1, driver.feedQualityRecords());
        assertEquals(5, driver.feedQuality("prov-a|u1|VISITS|2025-01-07").received());

        driver.send(Topics.VISITS, "u1", Events.visit("b6", "u1", "2025-01-07T11:00:00+01:00", "FIRST"), RECEIVED);
        driver.send(Topics.VISITS, "u1", Events.visit("b1", "u1", "2025-01-07T10:01:00+01:00", "FIRST"), RECEIVED);
        driver.flush();
        final FeedQuality quality = driver.feedQuality("prov-a|u1|VISITS|2025-01-07");
        // The resent b1 arrived (received, accepted) and the ledger found it unchanged (a duplicate).
        assertEquals(2, driver.feedQualityRecords());
        assertEquals(7, quality.received());
        assertEquals(7, quality.accepted());
        assertEquals(1, quality.duplicates());
    }

    @Test
    void aRejectionIsCountedAgainstTheUnitItNamesAndNeverRepeatsAPersonalIdentityNumber() {
        driver.send(Topics.VISITS, "nowhere", Events.visit("x1", "nowhere", "2025-01-08T10:00:00+01:00", "FIRST"),
                RECEIVED);
        driver.send(Topics.VISITS, "8112189876", Events.visit("x2", "8112189876", "2025-01-08T10:00:00+01:00",
                "FIRST"), RECEIVED);
        driver.flush();
        assertEquals(Map.of("unitId: unknown unit 'nowhere'", 1L),
                driver.feedQuality("prov-a|nowhere|VISITS|2025-01-08").rejectionReasons());
        // The unit id was a personal identity number: the register says '?', and the reasons are masked.
        final FeedQuality unknown = driver.feedQuality("prov-a|?|VISITS|2025-01-08");
        assertEquals(1, unknown.rejected());
        assertTrue(unknown.rejectionReasons().keySet().stream().noneMatch(reason -> reason.contains("8112189876")));
        assertTrue(driver.rejections().stream().flatMap(rejection -> rejection.reasons().stream())
                .noneMatch(reason -> reason.toString().contains("8112189876")));
    }

    @Test
    void invalidPlansAreRejected() {
        // A Tuesday for a weekly plan, an unknown measure, a negative value, a key that does not match.
        plan("u1", "first_visits", "TARGET", "WEEK", "2025-01-14", 3);
        plan("u1", "happiness", "TARGET", "WEEK", "2025-01-13", 3);
        plan("u1", "first_visits", "TARGET", "WEEK", "2025-01-13", -1);
        driver.send(Topics.PLANS, "u1|first_visits", Events.plan("u1", "first_visits", "TARGET", "MONTH",
                "2025-01-01", 3), RECEIVED);
        driver.flush();
        final List<Rejection> rejections = driver.rejections();
        assertEquals(4, rejections.size());
        assertReason(rejections.get(0), "periodStart", "must be a Monday for WEEK plans");
        assertReason(rejections.get(1), "measure", "unknown measure 'happiness'");
        assertReason(rejections.get(2), "value", "must not be negative");
        assertReason(rejections.get(3), "key", "must be 'u1|first_visits|TARGET|MONTH|2025-01-01'");
        assertTrue(driver.deviations().isEmpty());
    }

    private static void assertReason(final Rejection rejection, final String field, final String reasonStart) {
        final String reasons = rejection.reasons().stream().map(FieldError::toString).collect(Collectors.joining("; "));
        assertTrue(rejection.reasons().stream()
                        .anyMatch(r -> r.field().equals(field) && r.reason().startsWith(reasonStart)),
                () -> "expected " + field + ": " + reasonStart + " in [" + reasons + "]");
    }

    private void census(final String id, final String at, final int staffed, final int occupied) {
        driver.send(Topics.BED_OCCUPANCY, "u1", Events.census(id, "u1", at, staffed, occupied), RECEIVED);
    }

    private void discharge(final String id, final String admitted, final String discharged) {
        driver.send(Topics.BED_OCCUPANCY, "u1", Events.discharge(id, "u1", admitted, discharged), RECEIVED);
    }

    private void waiting(final String json, final Instant receivedAt) {
        driver.send(Topics.WAITING_LIST, "u1", json, receivedAt);
    }

    private void plan(final String unit, final String measure, final String kind, final String granularity,
                      final String periodStart, final double value) {
        driver.send(Topics.PLANS, Events.planKey(unit, measure, kind, granularity, periodStart),
                Events.plan(unit, measure, kind, granularity, periodStart, value), RECEIVED);
    }
}
