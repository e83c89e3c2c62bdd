package se.pks.stream.bench;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Figures and deviations of a country's units, made up with fixed random seeds and bulk-loaded with COPY, for the
 * read-side benchmark ({@link ReadSideBench}) and the TimescaleDB dashboard test: weekly and monthly figures of every
 * measure of a unit's kind, weekly targets of its planned measures and their deviations. The read side does not depend
 * on how rows arrived.
 */
public final class NationalFigures {

    /** Regions of the country; unit i is in region i % 21 + 1. */
    public static final int REGIONS = 21;
    private static final int UNITS_PER_ORGANISATION = 12;

    private NationalFigures() {
    }

    /** A unit's kind decides its measures, as in the demo region: clinics, wards and theatres. */
    public enum Kind {
        CLINIC("mott", List.of("first_visits", "return_visits", "emergency_visits", "referrals_in", "waiting_count",
                "waiting_over_limit", "guarantee_compliance"), List.of("first_visits", "return_visits")),
        WARD("avd", List.of("care_days", "staffed_beds", "occupancy_rate", "discharges", "avg_length_of_stay"),
                List.of("discharges", "staffed_beds")),
        THEATRE("op", List.of("operations", "operation_hours"), List.of("operations"));

        final String suffix;
        final List<String> measures;
        final List<String> planned;

        Kind(final String suffix, final List<String> measures, final List<String> planned) {
            this.suffix = suffix;
            this.measures = measures;
            this.planned = planned;
        }
    }

    /** One unit of the register: its region, organisation, kind and size (a factor on every figure). */
    public record Unit(String unitId, String organisationId, String regionId, Kind kind, double size) {
    }

    /** {@code count} units spread over the 21 regions, twelve to an organisation; the same for the same count. */
    public static List<Unit> units(final int count) {
        final Random random = new Random(42);
        final List<Unit> units = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            final String region = String.format("region-%02d", i % REGIONS + 1);
            final String organisation = String.format("org-%02d-%02d", i % REGIONS + 1,
                    i / REGIONS / UNITS_PER_ORGANISATION + 1);
            final Kind kind = Kind.values()[i % Kind.values().length];
            units.add(new Unit(String.format("u%04d-%s", i, kind.suffix), organisation, region, kind,
                    0.5 + random.nextDouble()));
        }
        return units;
    }

    /**
     * COPY of the register, weekly and monthly figures, plans and deviations, every week from {@code first} to {@code lastWeek} and
     * every month they start in; returns [measure values, deviations]. The same units and weeks give the same rows.
     */
    public static long[] load(final Connection connection, final List<Unit> units, final LocalDate first,
                               final LocalDate lastWeek) throws SQLException, IOException {
        final CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        final StringBuilder register = new StringBuilder();
        for (final Unit unit : units) {
            register.append(String.join("\t", unit.unitId(), "Unit " + unit.unitId(), "prov-" + unit.organisationId(),
                    unit.organisationId(), "Organisation " + unit.organisationId(),
                    unit.organisationId().endsWith("-01") ? "PRIVATE" : "PUBLIC", unit.regionId())).append('\n');
        }
        copy.copyIn("COPY pks.unit (unit_id, name, provider_id, organisation_id, organisation_name, ownership,"
                + " region_id) FROM STDIN", new StringReader(register.toString()));
        long values = 0;
        long deviations = 0;
        final Random random = new Random(7);
        for (final Unit unit : units) {
            final StringBuilder figures = new StringBuilder();
            final StringBuilder plans = new StringBuilder();
            final StringBuilder deviationRows = new StringBuilder();
            final Map<LocalDate, Map<String, double[]>> months = new HashMap<>();
            for (LocalDate week = first; !week.isAfter(lastWeek); week = week.plusWeeks(1)) {
                for (final String measure : unit.kind().measures) {
                    final double[] value = weekly(measure, unit.size(), random);
                    figures.append(row("WEEK", week, unit.unitId(), measure, value));
                    values++;
                    // a week's figures go to the month it starts in, as the benchmark's months are not exact
                    final double[] month = months.computeIfAbsent(week.withDayOfMonth(1), m -> new HashMap<>())
                            .computeIfAbsent(measure, m -> new double[3]);
                    month[0] += value[0];
                    month[1] += Double.isNaN(value[1]) ? 0 : value[1];
                    month[2] += Double.isNaN(value[2]) ? 0 : value[2];
                    if (unit.kind().planned.contains(measure)) {
                        final double plan = Math.round(value[0] * (0.9 + 0.2 * random.nextDouble()));
                        plans.append(planRow(unit.unitId(), measure, "WEEK", week, plan));
                        deviationRows.append(deviationRow("WEEK", week, unit.unitId(), measure, value[0], plan));
                        deviations++;
                    }
                }
            }
            for (final Map.Entry<LocalDate, Map<String, double[]>> month : months.entrySet()) {
                for (final Map.Entry<String, double[]> measure : month.getValue().entrySet()) {
                    final double[] sums = measure.getValue();
                    final boolean ratio = sums[2] > 0;
                    figures.append(row("MONTH", month.getKey(), unit.unitId(), measure.getKey(),
                            ratio ? new double[] {sums[1] / sums[2], sums[1], sums[2]}
                                    : new double[] {sums[0], Double.NaN, Double.NaN}));
                    values++;
                }
            }
            copy.copyIn("COPY pks.measure_value (granularity, period_start, unit_id, measure, value, numerator,"
                    + " denominator) FROM STDIN", new StringReader(figures.toString()));
            copy.copyIn("COPY pks.plan (unit_id, measure, plan_kind, granularity, period_start, value) FROM STDIN",
                    new StringReader(plans.toString()));
            copy.copyIn("COPY pks.deviation (granularity, period_start, unit_id, measure, plan_kind, actual, expected,"
                    + " deviation, deviation_pct) FROM STDIN", new StringReader(deviationRows.toString()));
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("ANALYZE");
        }
        return new long[] {values, deviations};
    }

    /** [value, numerator, denominator] of one week; NaN parts for counts and levels. */
    private static double[] weekly(final String measure, final double size, final Random random) {
        final double noise = 0.85 + 0.3 * random.nextDouble();
        return switch (measure) {
            case "staffed_beds" -> ratio(7 * 20 * size, 7, noise);
            case "occupancy_rate" -> ratio(7 * 18 * size * noise, 7 * 20 * size, 1);
            case "avg_length_of_stay" -> ratio(4.5 * 30 * size * noise, 30 * size, 1);
            case "guarantee_compliance" -> ratio(180 * size * noise * 0.8, 200 * size, 1);
            default -> new double[] {Math.round(100 * size * noise), Double.NaN, Double.NaN};
        };
    }

    private static double[] ratio(final double numerator, final double denominator, final double noise) {
        return new double[] {numerator * noise / denominator, numerator * noise, denominator};
    }

    private static String row(final String granularity, final LocalDate start, final String unit,
                              final String measure, final double[] value) {
        return String.join("\t", granularity, start.toString(), unit, measure, number(value[0]), number(value[1]),
                number(value[2])) + "\n";
    }

    private static String planRow(final String unit, final String measure, final String granularity,
                                  final LocalDate start, final double value) {
        return String.join("\t", unit, measure, "TARGET", granularity, start.toString(), number(value)) + "\n";
    }

    private static String deviationRow(final String granularity, final LocalDate start, final String unit,
                                       final String measure, final double actual, final double expected) {
        return String.join("\t", granularity, start.toString(), unit, measure, "TARGET", number(actual),
                number(expected), number(actual - expected),
                expected == 0 ? "\\N" : number(100 * (actual - expected) / expected)) + "\n";
    }

    private static String number(final double value) {
        return Double.isNaN(value) ? "\\N" : Double.toString(value);
    }
}
