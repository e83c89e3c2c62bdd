package se.pks.stream.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import se.pks.stream.storage.PublicResultsQueries.Deficiency;
import se.pks.stream.storage.PublicResultsQueries.Week;

/** The weeks the public API publishes for a unit and measure: each week's figures with its own deficiencies. */
final class PublishedWeeks {

    private PublishedWeeks() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record WeekDeficiency(String kind, String periodKind, LocalDate periodStart, String feed, String rule,
                                 Long lateEvents, Long acceptedEvents) {
    }

    /** {@code actual} null: nothing known for the week; {@code planned} null: no weekly plan. */
    public record WeekFigure(LocalDate weekStart, int isoWeek, Double actual, Double planned, String planKind,
                             boolean lowProduction, List<WeekDeficiency> deficiencies) {
    }

    /**
     * The weeks with figures, each with its deficiencies, and also the ended weeks that have deficiencies but no
     * figure and no plan: a unit that reported nothing at all in a week must not vanish from the public record. A
     * deficiency of a week still under way (on or after the Monday of {@code asOf}'s week) is left out, like that
     * week's figures.
     */
    static List<WeekFigure> of(final List<Week> weeks, final List<Deficiency> deficiencies, final LocalDate asOf) {
        final Map<LocalDate, List<WeekDeficiency>> byWeek = new LinkedHashMap<>();
        for (final Deficiency deficiency : deficiencies) {
            byWeek.computeIfAbsent(deficiency.weekStart(), week -> new ArrayList<>()).add(published(deficiency));
        }
        final Map<LocalDate, WeekFigure> published = new TreeMap<>();
        for (final Week week : weeks) {
            published.put(week.weekStart(), new WeekFigure(week.weekStart(), isoWeek(week.weekStart()),
                    week.actual(), week.planned(), week.planKind(), week.lowProduction(),
                    List.copyOf(byWeek.getOrDefault(week.weekStart(), List.of()))));
        }
        byWeek.forEach((weekStart, weekDeficiencies) -> {
            if (!published.containsKey(weekStart) && !weekStart.plusDays(7).isAfter(asOf)) {
                published.put(weekStart, new WeekFigure(weekStart, isoWeek(weekStart), null, null, null, false,
                        List.copyOf(weekDeficiencies)));
            }
        });
        return List.copyOf(published.values());
    }

    /** The plan kind of the weeks: the same for every planned week, null when none is planned. */
    static String planKind(final List<Week> weeks) {
        return weeks.stream().map(Week::planKind).filter(kind -> kind != null).findFirst().orElse(null);
    }

    private static WeekDeficiency published(final Deficiency deficiency) {
        return new WeekDeficiency(deficiency.kind(), deficiency.periodKind(), deficiency.periodStart(),
                deficiency.feed(), deficiency.rule(), deficiency.lateEvents(), deficiency.acceptedEvents());
    }

    private static int isoWeek(final LocalDate weekStart) {
        return weekStart.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
    }
}
