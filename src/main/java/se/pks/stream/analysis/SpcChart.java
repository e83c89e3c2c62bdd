package se.pks.stream.analysis;

import java.util.List;

/**
 * An XmR chart of one measure for one unit: centre line, process limits, and every week judged against them. The
 * figures that need a baseline are null when it lacks the points for them: the centre needs one normal baseline
 * week, the average moving range and the limits need two.
 *
 * @param lowerLimit centre - 2.66 * average moving range; not clamped at zero, so a count can get a negative lower
 *        limit, which only says that no plausibly low week would be a special cause
 * @param trialLimits true when the baseline has fewer normal weeks than the settings' minimum: the limits are
 *        provisional and should be recomputed as weeks accrue
 */
public record SpcChart(Double centre, Double lowerLimit, Double upperLimit, Double averageMovingRange,
        boolean trialLimits, Assurance assurance, List<SpcPoint> points) {

    public SpcChart {
        points = List.copyOf(points);
    }
}
