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
 * region's other units, for the last complete tertial, as approved: the values frozen at each unit's approval of the
 * tertial, of the organisations that approved it, compared at read time as {@code pks.key_figure_comparison} compares
 * the live ones (quartiles by percentile_cont, rank 1 the best). Only the group of the whole region is published; the
 * narrower groups a region defines are its own working tools. The same privacy rules as the rest of the page: figures
 * aggregated per unit and period, nothing about a patient.
 */
@ApplicationScoped
public class PublishedKeyFigureQueries {

    /** The tertial before the one today lies in: the last one whose figures are complete. */
    private static final NamedParameters LAST_COMPLETE_TERTIAL = new NamedParameters("""
            SELECT pks.tertial_start(pks.tertial_start(pks.as_of_date()) - 1),
                   pks.tertial_start(pks.as_of_date()) - 1,
                   pks.as_of_date()""");

    /**
     * The key figures frozen when the tertial was approved (V26): those of every unit of an organisation whose
     * approver has approved the tertial (or re-opened it: the figures last approved stand), from the unit's latest
     * approval, in the regions asked for (the organisation's, or every region when no organisation is given).
     */
    private static final String PUBLISHED = """
            WITH published AS (
                SELECT u.region_id, f.measure AS key_figure, f.direction, f.subject_id AS unit_id,
                       u.name AS unit_name, u.organisation_id, u.organisation_name, u.ownership, f.actual AS value
                FROM pks.approval o
                JOIN pks.approval a
                  ON a.level = 'UNIT' AND a.organisation_id = o.subject_id AND a.period_kind = o.period_kind
                 AND a.period_start = o.period_start
                JOIN pks.published_figure f
                  ON f.level = a.level AND f.subject_id = a.subject_id AND f.period_kind = a.period_kind
                 AND f.period_start = a.period_start AND f.version = a.version AND f.figure_kind = 'KEY_FIGURE'
                JOIN pks.unit u ON u.unit_id = f.subject_id
                WHERE o.level = 'ORGANISATION' AND o.period_kind = 'TERTIAL' AND o.period_start = :start
                  AND u.region_id IN (SELECT region_id FROM pks.unit
                                      WHERE :organisation::text IS NULL OR organisation_id = :organisation)
            ),
            quartiles AS (
                SELECT region_id, key_figure, count(*) AS n,
                       percentile_cont(0.25) WITHIN GROUP (ORDER BY value) AS q1,
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY value) AS median,
                       percentile_cont(0.75) WITHIN GROUP (ORDER BY value) AS q3
                FROM published
                GROUP BY region_id, key_figure
            )
            """;

    /** Each unit in its region: rank 1 the best where the figure has a direction, the highest otherwise. */
    private static final NamedParameters UNITS = new NamedParameters(PUBLISHED + """
            SELECT p.region_id, p.key_figure, p.direction,
                   rank() OVER (PARTITION BY p.region_id, p.key_figure
                                ORDER BY CASE WHEN p.direction = 'LOWER_IS_BETTER' THEN p.value ELSE -p.value END),
                   p.unit_id, p.unit_name, p.organisation_id, p.organisation_name, p.ownership, p.value,
                   100 * (p.value - q.median) / nullif(q.median, 0)
            FROM published p
            JOIN quartiles q USING (region_id, key_figure)
            ORDER BY 1, 2, 4, 6, 5""");

    /** The region's median and quartiles, and the median of own units and of private providers by the same rule. */
    private static final NamedParameters GROUPS = new NamedParameters(PUBLISHED + """
            SELECT p.region_id, p.key_figure, p.direction, count(*), min(q.q1), min(q.median), min(q.q3),
                   count(*) FILTER (WHERE p.ownership = 'PUBLIC'),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY p.value) FILTER (WHERE p.ownership = 'PUBLIC'),
                   count(*) FILTER (WHERE p.ownership = 'PRIVATE'),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY p.value) FILTER (WHERE p.ownership = 'PRIVATE')
            FROM published p
            JOIN quartiles q USING (region_id, key_figure)
            GROUP BY p.region_id, p.key_figure, p.direction
            ORDER BY p.region_id, p.key_figure""");

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
