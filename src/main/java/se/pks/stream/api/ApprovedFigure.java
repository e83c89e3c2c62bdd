package se.pks.stream.api;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import se.pks.stream.storage.ApprovedFigureQueries;

/**
 * One published figure of an approved period, as it was approved: the value of a measure ({@code planKind} null) or
 * its deviation from one plan, with status and known deficiencies. When the live figure has moved since,
 * {@code changedAfterApproval} is true, {@code liveActual} and {@code liveExpected} say where it stands now, and
 * {@code note} says it in words: "changed after approval: live 412, approved 405".
 */
public record ApprovedFigure(String measure, String planKind, Double actual, Double expected, Double deviation,
                             Double deviationPct, String status, boolean incomplete, boolean flagged,
                             List<String> deficiencies, boolean changedAfterApproval, Double liveActual,
                             Double liveExpected, String note) {

    static ApprovedFigure of(final ApprovedFigureQueries.ApprovedFigure row) {
        return new ApprovedFigure(row.measure(), row.planKind(), row.actual(), row.expected(), row.deviation(),
                row.deviationPct(), row.status(), row.incomplete(), row.flagged(), row.deficiencies(),
                row.changedAfterApproval(), row.changedAfterApproval() ? row.liveActual() : null,
                row.changedAfterApproval() ? row.liveExpected() : null, note(row));
    }

    private static String note(final ApprovedFigureQueries.ApprovedFigure row) {
        if (!row.changedAfterApproval()) {
            return null;
        }
        final boolean actualMoved = !Objects.equals(number(row.liveActual()), number(row.actual()));
        if (actualMoved || row.planKind() == null) {
            return "changed after approval: live " + number(row.liveActual()) + ", approved " + number(row.actual());
        }
        return "plan changed after approval: live plan " + number(row.liveExpected()) + ", approved plan "
                + number(row.expected());
    }

    /** Up to two decimals, with a point, so that 412.0 reads 412 and a share 0.8125 reads 0.81. */
    private static String number(final Double value) {
        if (value == null) {
            return "none";
        }
        return new DecimalFormat("0.##", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(value);
    }
}
