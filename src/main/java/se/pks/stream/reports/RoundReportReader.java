package se.pks.stream.reports;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import se.pks.stream.storage.BenchmarkingRoundQueries;
import se.pks.stream.storage.BenchmarkingRounds.Answer;
import se.pks.stream.storage.BenchmarkingRounds.Round;
import se.pks.stream.storage.BenchmarkingRounds.RoundUnit;

/**
 * Reads a benchmarking round's report through the queries the round's API answers with, so the report shows the
 * numbers {@code /api/v1/benchmarking-rounds/{roundId}} gives: the final figures of a closed round, the preliminary
 * ones of an open round (and it says so).
 */
@ApplicationScoped
public class RoundReportReader {

    @Inject
    BenchmarkingRoundQueries queries;

    public Optional<RoundReport> read(final long roundId) {
        return queries.round(roundId).map(this::read);
    }

    private RoundReport read(final Round round) {
        final boolean closed = round.state().equals("CLOSED");
        final List<RoundUnit> units = queries.units(round.roundId());
        final List<Answer> answers = queries.answers(round.roundId());
        final Set<String> answered = answers.stream().map(Answer::unitId).collect(Collectors.toSet());
        final List<String> unanswered = closed ? round.unansweredAtClose()
                : units.stream().map(RoundUnit::unitId).filter(unit -> !answered.contains(unit)).toList();
        return new RoundReport(round, new ReportPeriod(ReportPeriod.Kind.valueOf(round.periodKind()),
                round.periodStart(), round.periodEnd()), queries.today(), closed,
                queries.figures(round.roundId(), closed ? "FINAL" : "PRELIMINARY", null), units, answers, unanswered,
                queries.changes(round.roundId(), null));
    }
}
