package se.pks.stream.reports;

import java.time.LocalDate;
import java.util.List;
import se.pks.stream.storage.BenchmarkingRounds.Answer;
import se.pks.stream.storage.BenchmarkingRounds.Change;
import se.pks.stream.storage.BenchmarkingRounds.FrozenFigure;
import se.pks.stream.storage.BenchmarkingRounds.Round;
import se.pks.stream.storage.BenchmarkingRounds.RoundUnit;

/**
 * Everything a benchmarking round's report says (docs/benchmarking-round.md), read once and drawn as PDF and as HTML,
 * so both carry the same numbers. Built by {@link RoundReportReader}.
 *
 * @param round      the round as the API answers it
 * @param period     its month or tertial
 * @param asOf       the region's date the report was drawn on
 * @param finalFigures true: the figures frozen at closing; false: the preliminary ones frozen at opening (open round)
 * @param figures    the figures shown, every group, key figure and unit
 * @param units      the units in the round
 * @param answers    the units' answers
 * @param unanswered the units without an answer: at closing for a closed round, as of today for an open one
 * @param changes    each unit's key figure, preliminary beside final (closed) or live (open)
 */
public record RoundReport(Round round, ReportPeriod period, LocalDate asOf, boolean finalFigures,
                          List<FrozenFigure> figures, List<RoundUnit> units, List<Answer> answers,
                          List<String> unanswered, List<Change> changes) {

    /**
     * The edition for the public page: the same figures, answers and changes, without who opened, closed or answered
     * and without the answers' comments, which are the staff's working notes about a unit, not results.
     */
    public RoundReport forThePublic() {
        final Round anonymous = new Round(round.roundId(), round.regionId(), round.periodKind(), round.periodStart(),
                round.periodEnd(), round.keyFigures(), round.deadline(), round.state(), null, round.openedAt(), null,
                null, round.closedAt(), round.unansweredAtClose(), round.units(), round.answered(), round.flagged(),
                round.changed());
        final List<Answer> bare = answers.stream().map(answer -> new Answer(answer.unitId(), answer.organisationId(),
                answer.answer(), answer.keyFigures(), null, null, answer.answeredAt())).toList();
        return new RoundReport(anonymous, period, asOf, finalFigures, figures, units, bare, unanswered, changes);
    }
}
