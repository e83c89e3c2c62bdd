package se.pks.stream.api;

import jakarta.ws.rs.QueryParam;
import java.time.LocalDate;
import se.pks.stream.model.Granularity;
import se.pks.stream.model.PlanKind;

/**
 * The filter of plan rows that {@code GET /api/v1/plans} and {@code GET /api/v1/plan-versions} share, each value
 * checked as it is read so that a bad one is answered with its field named.
 */
public class PlanRowParameters {

    @QueryParam("unitId")
    String unitId;

    @QueryParam("measure")
    String measure;

    @QueryParam("planKind")
    String planKind;

    @QueryParam("granularity")
    String granularity;

    @QueryParam("from")
    String from;

    @QueryParam("to")
    String to;

    @QueryParam("limit")
    Integer limit;

    String unitId() {
        return unitId;
    }

    /** A measure of the catalogue, or null for every measure. */
    String measure() {
        return measure == null ? null : RequestValues.knownMeasure("measure", measure);
    }

    PlanKind planKind() {
        return RequestValues.optionalEnum("planKind", planKind, PlanKind.class);
    }

    Granularity granularity() {
        return RequestValues.optionalEnum("granularity", granularity, Granularity.class);
    }

    LocalDate from() {
        return RequestValues.optionalDate("from", from);
    }

    LocalDate to() {
        return RequestValues.optionalDate("to", to);
    }

    int limit(final int defaultRows, final int maxRows) {
        return RequestValues.limit(limit, defaultRows, maxRows);
    }
}
