package se.pks.stream.analysis;

import java.time.LocalDate;
import java.util.List;

/**
 * An XmR chart of one measure for one unit: every week judged against the limits of its segment. A chart re-based at
 * a change has one segment per stretch between re-base weeks, each with its own centre line and limits (as in NHS
 * "Making Data Count"); the chart-level figures here are those of the latest segment, the process as it runs now.
 * The figures that need a baseline are null when it lacks the points for them: the centre needs one normal baseline
 * week, the average moving range and the limits need two.
 *
 * @param lowerLimit centre - 2.66 * average moving range; not clamped at zero, so a count can get a negative lower
 *        limit, which only says that no plausibly low week would be a special cause
 * @param trialLimits true when the latest segment's baseline has fewer normal weeks than the settings' minimum: the
 *        limits are provisional and should be recomputed as weeks accrue
 * @param segmentStart the first week of the latest segment, null for an empty chart
 * @param segments how many segments the chart has (0 for an empty chart)
 */
public record SpcChart(Double centre, Double lowerLimit, Double upperLimit, Double averageMovingRange,
        boolean trialLimits, Assurance assurance, LocalDate segmentStart, int segments, List<SpcPoint> points) {

    public SpcChart {
        points = List.copyOf(points);
    }
}
