package se.pks.stream.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import se.pks.stream.model.GuaranteeType;

/** Queue figures worked by hand; the first case is the P4 ENT list of Fong et al. used in the NHSRwaitinglist docs. */
class QueueFiguresTest {

    private static final double EPS = 1e-6;

    // Additions 21, 27, 33, 39: mean 30; deviations -9, -3, 3, 9, squares 180, sample variance 180 / 3 = 60;
    // CV squared of the gaps = 60 / 30 = 2. Removals 27 every week: mean 27, variance 0, CV 0.
    private static final List<Double> ADDITIONS = List.of(21.0, 27.0, 33.0, 39.0);
    private static final List<Double> REMOVALS = List.of(27.0, 27.0, 27.0, 27.0);

    /** A 52-week limit (364 days) on the treatment guarantee, 90 days on first visits. */
    private final QueueFigures figures =
            new QueueFigures(QueueSettings.defaults().withLimit(GuaranteeType.TREATMENT, 364.0));

    @Test
    void theWhitePaperListIsTooBigAndNeedsReliefCapacity() {
        final QueueStatus status = figures.of(GuaranteeType.TREATMENT, ADDITIONS, REMOVALS, 1200, 441.0);

        assertEquals(4, status.windowWeeks());
        assertEquals(364.0, status.limitDays());
        assertEquals(30.0, status.demand(), EPS);
        assertEquals(27.0, status.capacity(), EPS);
        // 30 / 27
        assertEquals(1.111111, status.load(), EPS);
        // sqrt(2)
        assertEquals(1.414214, status.cvDemand(), EPS);
        assertEquals(0.0, status.cvCapacity(), EPS);
        // 364 days / 4
        assertEquals(91.0, status.targetMeanWaitDays(), EPS);
        // 30 per week * (364 / 7 = 52 weeks) / 4 = 390 (the package's own example)
        assertEquals(390.0, status.targetQueueSize(), EPS);
        // 1200 > 2 * 390 = 780
        assertTrue(status.queueTooBig());
        // 30 + (1200 - 390) / 26 = 30 + 31.153846 = 61.153846 (the package's example: 61.15)
        assertEquals(61.153846, status.reliefCapacity(), EPS);
        // 30 + ((2 + 0) / 2) * (4 / 52) = 30 + 0.076923; the package gives the same for its default CVs 1 and 1
        assertEquals(30.076923, status.targetCapacity(), EPS);
        // 2 * 441 days (63 weeks) / 364 days = 882 / 364 = 2 * 63 / 52
        assertEquals(2.423077, status.pressure(), EPS);
    }

    @Test
    void defaultsUseTheLatest26WeeksAndA90DayLimit() {
        // Two old weeks that would distort the means, then 26 weeks of 10, 14, 10, 14, ... added and 14 removed.
        final List<Double> additions = new ArrayList<>(List.of(100.0, 100.0));
        final List<Double> removals = new ArrayList<>(List.of(0.0, 0.0));
        for (int i = 0; i < 13; i++) {
            additions.add(10.0);
            additions.add(14.0);
            removals.add(14.0);
            removals.add(14.0);
        }

        final QueueStatus status = new QueueFigures(QueueSettings.defaults())
                .of(GuaranteeType.FIRST_VISIT, additions, removals, 60, 30.0);

        assertEquals(26, status.windowWeeks());
        assertEquals(90.0, status.limitDays());
        // (13 * 10 + 13 * 14) / 26 = 312 / 26 = 12
        assertEquals(12.0, status.demand(), EPS);
        assertEquals(14.0, status.capacity(), EPS);
        // 12 / 14
        assertEquals(0.857143, status.load(), EPS);
        // deviations +-2 in all 26 weeks: squares 104, variance 104 / 25 = 4.16, CV^2 = 4.16 / 12 = 0.346667
        // CV = sqrt(0.346667) = 0.588784
        assertEquals(0.588784, status.cvDemand(), EPS);
        assertEquals(0.0, status.cvCapacity(), EPS);
        // 90 / 4
        assertEquals(22.5, status.targetMeanWaitDays(), EPS);
        // 12 per week * (90 / 7 weeks) / 4 = 1080 / 28 = 38.571429
        assertEquals(38.571429, status.targetQueueSize(), EPS);
        // 60 <= 2 * 38.571429 = 77.142857: no relief needed
        assertFalse(status.queueTooBig());
        assertNull(status.reliefCapacity());
        // 12 + (0.346667 / 2) * (4 / (90 / 7)) = 12 + 0.173333 * 0.311111 = 12 + 0.053926
        assertEquals(12.053926, status.targetCapacity(), EPS);
        // 2 * 30 / 90
        assertEquals(0.666667, status.pressure(), EPS);
    }

    @Test
    void theLimitDependsOnTheGuaranteeType() {
        final QueueStatus status = figures.of(GuaranteeType.FIRST_VISIT, ADDITIONS, REMOVALS, 200, 45.0);

        assertEquals(90.0, status.limitDays());
        // 30 * (90 / 7) / 4 = 2700 / 28 = 96.428571; 200 > 192.857143 is too big
        assertEquals(96.428571, status.targetQueueSize(), EPS);
        assertTrue(status.queueTooBig());
        // 30 + (200 - 96.428571) / 26 = 30 + 3.983516
        assertEquals(33.983516, status.reliefCapacity(), EPS);
        // 30 + ((2 + 0) / 2) * (4 / (90 / 7)) = 30 + 28 / 90 = 30.311111
        assertEquals(30.311111, status.targetCapacity(), EPS);
        // 2 * 45 / 90 = 1: exactly at the edge of probably missing the guarantee
        assertEquals(1.0, status.pressure(), EPS);
    }

    @Test
    void aQueueOfExactlyTwiceTheTargetIsNotTooBig() {
        // Target queue 390 (see the white-paper case): 780 is not above 2 * 390, 781 is.
        final QueueStatus atTwice = figures.of(GuaranteeType.TREATMENT, ADDITIONS, REMOVALS, 780, null);
        assertFalse(atTwice.queueTooBig());
        assertNull(atTwice.reliefCapacity());

        final QueueStatus above = figures.of(GuaranteeType.TREATMENT, ADDITIONS, REMOVALS, 781, null);
        assertTrue(above.queueTooBig());
        // 30 + (781 - 390) / 26 = 30 + 15.038462
        assertEquals(45.038462, above.reliefCapacity(), EPS);
    }

    @Test
    void undefinedFiguresAreNull() {
        // Nothing removed: no load, no CV of removals, hence no target capacity.
        final QueueStatus stuck = figures.of(GuaranteeType.TREATMENT, ADDITIONS,
                Collections.nCopies(4, 0.0), 100, null);
        assertNull(stuck.load());
        assertNull(stuck.cvCapacity());
        assertNull(stuck.targetCapacity());
        assertNull(stuck.pressure());
        assertEquals(30.0, stuck.demand(), EPS);

        // One week gives means but no variance.
        final QueueStatus oneWeek = figures.of(GuaranteeType.TREATMENT, List.of(30.0), List.of(20.0), 10, 7.0);
        assertEquals(1.5, oneWeek.load(), EPS);
        assertNull(oneWeek.cvDemand());
        assertNull(oneWeek.targetCapacity());
    }

    @Test
    void refusesSeriesThatDoNotLineUp() {
        assertThrows(IllegalArgumentException.class,
                () -> figures.of(GuaranteeType.TREATMENT, List.of(), List.of(), 0, null));
        assertThrows(IllegalArgumentException.class,
                () -> figures.of(GuaranteeType.TREATMENT, ADDITIONS, List.of(1.0), 0, null));
        assertThrows(IllegalArgumentException.class,
                () -> figures.of(GuaranteeType.TREATMENT, List.of(-1.0), List.of(1.0), 0, null));
        assertThrows(IllegalArgumentException.class,
                () -> QueueSettings.defaults().withLimit(GuaranteeType.TREATMENT, 0.0));
    }
}
