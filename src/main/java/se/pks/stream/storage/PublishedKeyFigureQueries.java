package se.pks.stream.storage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The key figures the public results page publishes (docs/public-results.md): every unit of a region beside the
 * region's other units, for the last complete tertial, read from {@code pks.key_figure_comparison}. Only the group
 * of the whole region is published; the narrower groups a region defines are its own working tools. The same
 * privacy rules as the rest of the page: figures aggregated per unit and period, nothing about a patient.
 */
@ApplicationScoped
public class PublishedKeyFigureQueries {

    /** The tertial before the one today lies in: the last one whose figures are complete. */
    private static final NamedParameters LAST_COMPLETE_TERTIAL = new NamedParameters("""
            SELECT pks.tertial_start(pks.tertial_start(pks.as_of_date()) - 1),
                   pks.tertial_start(pks.as_of_date()) - 1,
                   pks.as_of_date()""");

    /** The regions asked for: the organisation's, or every region when no organisation is given. */
    private static final String REGIONS = """
            u.region_id IN (SELECT region_id FROM pks.unit
                            WHERE :organisation::text IS NULL OR organisation_id = :organisation)""";

    private static final NamedParameters UNITS = new NamedParameters("""
            SELECT u.region_id, c.key_figure, c.direction, c.rank, c.unit_id, c.unit_name, c.organisation_id,
                   u.organisation_name, c.ownership, c.value, c.distance_to_median_pct
            FROM pks.key_figure_comparison c
            JOIN pks.unit u USING (unit_id)
            WHERE c.period_kind = 'TERTIAL' AND c.period_start = :start AND c.group_id = 'region:' || u.region_id
              AND %s
            ORDER BY u.region_id, c.key_figure, c.rank, c.unit_name, c.unit_id""".formatted(REGIONS));

    /** The group's median and quartiles, and the median of own units and of private providers by the same rule. */
    private static final NamedParameters GROUPS = new NamedParameters("""
            SELECT u.region_id, c.key_figure, c.direction, count(*), min(c.q1), min(c.median), min(c.q3),
                   count(*) FILTER (WHERE c.ownership = 'PUBLIC'),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY c.value) FILTER (WHERE c.ownership = 'PUBLIC'),
                   count(*) FILTER (WHERE c.ownership = 'PRIVATE'),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY c.value) FILTER (WHERE c.ownership = 'PRIVATE')
            FROM pks.key_figure_comparison c
            JOIN pks.unit u USING (unit_id)
            WHERE c.period_kind = 'TERTIAL' AND c.period_start = :start AND c.group_id = 'region:' || u.region_id
              AND %s
            GROUP BY u.region_id, c.key_figure, c.direction
            ORDER BY u.region_id, c.key_figure""".formatted(REGIONS));

    /** The tertial published: its first and last day, and the day it was found from. */
    public record Tertial(LocalDate start, LocalDate end, LocalDate asOf) {
    }

    /** One unit's key figure in its region: rank 1 the best (the highest where the figure has no direction). */
    public record UnitFigure(String regionId, String keyFigure, String direction, int rank, String unitId,
                             String unitName, String organisationId, String organisationName, String ownership,
                             double value, Double distanceToMedianPct) {
    }

    /** A key figure in a region: all its units, then own units and private providers apart (null when none). */
    public record RegionFigure(String regionId, String keyFigure, String direction, int units, double lowerQuartile,
                               double median, double upperQuartile, int ownUnits, Double ownMedian,
                               int privateUnits, Double privateMedian) {
    }

    @Inject
    DataSource dataSource;

    public Tertial lastCompleteTertial() {
        return query(LAST_COMPLETE_TERTIAL, Map.of(), result -> new Tertial(result.getObject(1, LocalDate.class),
                result.getObject(2, LocalDate.class), result.getObject(3, LocalDate.class))).getFirst();
    }

    /** @param organisationId the organisation whose region is asked for, null for every region */
    public List<UnitFigure> units(final LocalDate tertialStart, final String organisationId) {
        return query(UNITS, parameters(tertialStart, organisationId), result -> new UnitFigure(result.getString(1),
                result.getString(2), result.getString(3), result.getInt(4), result.getString(5), result.getString(6),
                result.getString(7), result.getString(8), result.getString(9), result.getDouble(10),
                Rows.nullableDouble(result, 11)));
    }

    /** @param organisationId the organisation whose region is asked for, null for every region */
    public List<RegionFigure> regions(final LocalDate tertialStart, final String organisationId) {
        return query(GROUPS, parameters(tertialStart, organisationId), result -> new RegionFigure(
                result.getString(1), result.getString(2), result.getString(3), result.getInt(4), result.getDouble(5),
                result.getDouble(6), result.getDouble(7), result.getInt(8), Rows.nullableDouble(result, 9),
                result.getInt(10), Rows.nullableDouble(result, 11)));
    }

    private static Map<String, Object> parameters(final LocalDate tertialStart, final String organisationId) {
        final Map<String, Object> values = new HashMap<>();
        values.put("start", tertialStart);
        values.put("organisation", organisationId);
        return values;
    }

    private <T> List<T> query(final NamedParameters sql, final Map<String, Object> values,
            final NamedParameters.RowMapper<T> mapper) {
        return sql.list(dataSource, values, mapper, "Reading the published key figures");
    }
}
