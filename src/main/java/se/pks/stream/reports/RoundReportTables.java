package se.pks.stream.reports;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import se.pks.stream.reports.ReportTables.Table;
import se.pks.stream.storage.BenchmarkingRounds.Answer;
import se.pks.stream.storage.BenchmarkingRounds.Change;
import se.pks.stream.storage.BenchmarkingRounds.FrozenFigure;
import se.pks.stream.storage.BenchmarkingRounds.RoundUnit;
import se.pks.stream.storage.KeyFigureQueries.ComparisonRow;

/**
 * A benchmarking round report's words, tables and charts, made once for both renderers ({@link PdfRoundReport},
 * {@link HtmlRoundReport}), so the PDF and the web page cannot disagree on a number. Key figures are printed as in
 * the follow-up report and on the key-figure dashboard: shares in per cent, the others with two decimals.
 */
final class RoundReportTables {

    static final String FIGURES = "The key figures, group by group";
    static final String ANSWERS = "Who confirmed and who flagged";
    static final String ABOUT = "Where the figures come from";

    /** One key figure of one group: its units best first, with the group's statistics. */
    record GroupFigure(String groupId, String groupLabel, String keyFigure, List<FrozenFigure> rows) {

        FrozenFigure group() {
            return rows.getFirst();
        }
    }

    private RoundReportTables() {
    }

    static String title(final RoundReport report) {
        return "Benchmarking round " + report.round().roundId() + ": region " + report.round().regionId() + ", "
                + report.period().title();
    }

    static String subtitle(final RoundReport report) {
        return "Round " + report.round().roundId() + " · region " + report.round().regionId() + " · "
                + report.period().title() + " (" + report.period().name() + ") · opened" + by(report.round().openedBy())
                + " on " + report.round().openedAt().toLocalDate() + " · deadline " + report.round().deadline()
                + " · report drawn on " + report.asOf();
    }

    /** " by person:leader", or nothing in the public edition, which names no one. */
    private static String by(final String who) {
        return who == null ? "" : " by " + who;
    }

    static String footer(final RoundReport report) {
        return "pks-stream benchmarking round " + report.round().roundId() + " · region " + report.round().regionId()
                + " · " + report.period().name();
    }

    /** Whether the figures are final or preliminary, and what that means: the report's first words after the title. */
    static String publication(final RoundReport report) {
        if (report.finalFigures()) {
            return "Final figures: frozen when the round was closed" + by(report.round().closedBy()) + " on "
                    + report.round().closedAt().toLocalDate() + ", with the group statistics recomputed from the live"
                    + " figures at closing.";
        }
        return "Preliminary figures: the round is open until its deadline " + report.round().deadline()
                + "; these are the figures frozen when it was opened, for the units to review, and may still be"
                + " corrected.";
    }

    /** "3 units in the round: 1 ✔ confirmed, 1 ⚠ flagged, 1 did not answer by the close (bm-c)." */
    static String answersAtAGlance(final RoundReport report) {
        final long confirmed = report.answers().stream().filter(answer -> answer.answer().equals("CONFIRMED"))
                .count();
        final long flagged = report.answers().size() - confirmed;
        final String missing = report.unanswered().isEmpty() ? "every unit answered"
                : report.unanswered().size() + (report.finalFigures() ? " did not answer by the close ("
                                                                      : " not answered yet (")
                  + String.join(", ", report.unanswered()) + ")";
        return report.units().size() + " units in the round: " + confirmed + " " + answerWord("CONFIRMED") + ", "
                + flagged + " " + answerWord("FLAGGED") + ", " + missing + ".";
    }

    static String changesTitle(final RoundReport report) {
        return "What changed between the preliminary and the " + (report.finalFigures() ? "final" : "live")
                + " figures";
    }

    static String changesSummary(final RoundReport report) {
        final long changed = report.changes().stream().filter(Change::changed).count();
        final String current = report.finalFigures() ? "final" : "live";
        return changed == 0
                ? "None of the " + report.changes().size() + " preliminary figures differs from its " + current
                  + " figure."
                : changed + " of the " + report.changes().size() + " preliminary figures differ from their " + current
                  + " figures: corrected or late events of the period, counted through the normal event path.";
    }

    static String about(final RoundReport report) {
        final long id = report.round().roundId();
        return "The figures are those of /api/v1/benchmarking-rounds/" + id + ": frozen from pks.key_figure_comparison"
                + " (/api/v1/key-figures for periodKind " + report.period().kind() + " and periodStart "
                + report.period().start() + ") when the round was " + (report.finalFigures() ? "closed" : "opened")
                + ", with the known deficiencies of each figure's measures. Medians and quartiles are interpolated"
                + " (percentile_cont); rank 1 is the best where the key figure has a better direction, the highest"
                + " value otherwise. The answers are those of /api/v1/benchmarking-rounds/" + id + " (answers[]); the"
                + " changes those of its changes[]. See docs/benchmarking-round.md and docs/key-figures.md.";
    }

    /** The figures by group (the region's first) and key figure (in the catalogue's order), units best first. */
    static List<GroupFigure> byGroup(final RoundReport report) {
        final Map<String, GroupFigure> grouped = new LinkedHashMap<>();
        report.figures().stream()
                .sorted(Comparator.comparing((FrozenFigure row) -> !row.groupId().startsWith("region:"))
                        .thenComparing(FrozenFigure::groupId)
                        .thenComparing(row -> report.round().keyFigures().indexOf(row.keyFigure()))
                        .thenComparing(FrozenFigure::rank).thenComparing(FrozenFigure::unitId))
                .forEach(row -> grouped.computeIfAbsent(row.groupId() + "|" + row.keyFigure(),
                        key -> new GroupFigure(row.groupId(), row.groupLabel(), row.keyFigure(), new ArrayList<>()))
                        .rows().add(row));
        return List.copyOf(grouped.values());
    }

    /** "First visit share in Region r-bm: 3 units, median 50.0 %, quartiles 37.5 % to 62.5 %; better when neither." */
    static String statistics(final GroupFigure figure) {
        final FrozenFigure group = figure.group();
        final String keyFigure = figure.keyFigure();
        return ReportText.label(keyFigure) + " in " + figure.groupLabel() + ": " + group.n() + " units, median "
                + ReportText.keyFigure(keyFigure, group.median()) + ", quartiles "
                + ReportText.keyFigure(keyFigure, group.q1()) + " to " + ReportText.keyFigure(keyFigure, group.q3())
                + "; better when " + direction(group.direction()) + ".";
    }

    static Table groupFigure(final GroupFigure figure) {
        final List<String[]> rows = new ArrayList<>();
        for (final FrozenFigure row : figure.rows()) {
            rows.add(new String[] {row.unitName(), row.organisationId(),
                    ReportText.keyFigure(figure.keyFigure(), row.value()), row.rank() + " of " + row.n(),
                    ReportText.percent(row.distanceToMedianPct()),
                    row.deficiencies().isEmpty() ? "none" : String.join("; ", row.deficiencies())});
        }
        return new Table(statistics(figure), new String[] {"Unit", "Organisation", "Value", "Rank", "From median",
                "Known deficiencies"}, rows, new float[] {22, 14, 11, 9, 14, 30});
    }

    /** The chart of one group's key figure: every unit's bar against the group's median and quartiles. */
    static ReportCharts.Chart chart(final RoundReport report, final GroupFigure figure) {
        final List<ComparisonRow> rows = figure.rows().stream().map(row -> new ComparisonRow(row.groupId(),
                row.groupLabel(), report.period().kind().name(), report.period().start(), report.period().end(),
                row.keyFigure(), row.direction(), row.unitId(), row.unitName(), row.organisationId(), row.ownership(),
                row.value(), row.n(), row.q1(), row.median(), row.q3(), row.rank(), row.distanceToMedian(),
                row.distanceToMedianPct())).toList();
        return ReportCharts.keyFigure(figure.keyFigure(), rows, "the " + rows.size() + " units of "
                + figure.groupLabel() + " in the round", "group median");
    }

    /** Every unit of the round with its answer, or none. */
    static Table answers(final RoundReport report) {
        final List<String[]> rows = new ArrayList<>();
        for (final RoundUnit unit : report.units()) {
            final Optional<Answer> answer = report.answers().stream()
                    .filter(candidate -> candidate.unitId().equals(unit.unitId())).findFirst();
            rows.add(answer.map(given -> new String[] {unit.unitName(), unit.organisationId(),
                    answerWord(given.answer()), given.keyFigures().isEmpty() ? "" : String.join(", ",
                    given.keyFigures().stream().map(ReportText::label).toList()),
                    given.comment() == null ? "" : given.comment(), (given.answeredBy() == null ? ""
                    : given.answeredBy() + ", ") + given.answeredAt().toLocalDate()})
                    .orElseGet(() -> new String[] {unit.unitName(), unit.organisationId(), ReportText.NONE
                            + " no answer", "", "", ""}));
        }
        return new Table("Each unit's answer to the round", new String[] {"Unit", "Organisation", "Answer",
                "Figures flagged", "Comment", "By, on"}, rows, new float[] {20, 14, 12, 17, 18, 19});
    }

    /** The figures that changed: preliminary beside final or live. */
    static Table changes(final RoundReport report) {
        final List<String[]> rows = new ArrayList<>();
        for (final Change change : report.changes()) {
            if (change.changed()) {
                rows.add(new String[] {change.unitName(), ReportText.label(change.keyFigure()),
                        ReportText.keyFigure(change.keyFigure(), change.preliminary()),
                        ReportText.keyFigure(change.keyFigure(), change.current()),
                        change.current() == null ? "no longer computed" : "changed"});
            }
        }
        final String current = report.finalFigures() ? "Final" : "Live";
        return new Table("Preliminary figures that changed", new String[] {"Unit", "Key figure", "Preliminary",
                current, "Change"}, rows, new float[] {25, 25, 15, 15, 20});
    }

    static String answerWord(final String answer) {
        return switch (answer) {
            case "CONFIRMED" -> "✔ confirmed";
            case "FLAGGED" -> "⚠ flagged";
            default -> answer.toLowerCase(Locale.ROOT);
        };
    }

    private static String direction(final String direction) {
        return switch (direction == null ? "" : direction) {
            case "HIGHER_IS_BETTER" -> "higher";
            case "LOWER_IS_BETTER" -> "lower";
            default -> "neither";
        };
    }
}
