package se.pks.stream.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import se.pks.stream.model.Granularity;
import se.pks.stream.model.PlanKind;
import se.pks.stream.storage.PlanVersions;
import se.pks.stream.storage.UnitOrganisations;

/**
 * The history of a unit's plan (V21, docs/plans-and-units-api.md, "Plan versions and the adopted plan"): every value
 * each plan row has had, with when, how (a person, an upload, a record straight on Kafka), who and why, and which
 * version the board adopted for its year.
 */
@Path("/api/v1/plan-versions")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({AccessScope.LEADERSHIP, AccessScope.PRODUCTION_MANAGER, AccessScope.PLANNER})
public class PlanVersionsResource {

    private static final int DEFAULT_ROWS = 1000;
    private static final int MAX_ROWS = 10_000;

    /**
     * One version of one plan row: {@code value} null when the row was removed; {@code source} PERSON, UPLOAD, KAFKA
     * or BEFORE_VERSIONS; {@code author} "person:&lt;user id&gt;" (null for KAFKA and BEFORE_VERSIONS);
     * {@code adoptedFor} the year whose standing adoption holds this version, else null.
     */
    public record PlanVersion(long versionId, String unitId, String measure, String planKind, String granularity,
                              LocalDate periodStart, Double value, OffsetDateTime recordedAt, String source,
                              String author, String reason, Integer adoptedFor) {

        static PlanVersion of(final PlanVersions.Version row) {
            return new PlanVersion(row.versionId(), row.unitId(), row.measure(), row.planKind(), row.granularity(),
                    row.periodStart(), row.value(), row.recordedAt(), row.source(), row.author(), row.reason(),
                    row.adoptedFor());
        }
    }

    @Inject
    PlanVersions versions;

    @Inject
    UnitOrganisations units;

    /** A unit's versions (unitId is required), row by row, oldest first. */
    @GET
    public List<PlanVersion> list(@BeanParam final PlanRowParameters rows) {
        final String unitId = rows.unitId();
        if (unitId == null || unitId.isBlank()) {
            throw ProblemException.invalid("unitId", "is required: the unit whose plan versions to list");
        }
        final PlanKind kind = rows.planKind();
        final Granularity granularity = rows.granularity();
        final List<PlanVersion> found = versions.versions(new PlanVersions.Filter(unitId, rows.measure(),
                kind == null ? null : kind.name(), granularity == null ? null : granularity.name(), rows.from(),
                rows.to(), rows.limit(DEFAULT_ROWS, MAX_ROWS))).stream().map(PlanVersion::of).toList();
        // a unit taken out of the register keeps its history; one never heard of is a mistake worth naming
        if (found.isEmpty() && units.organisationOf(unitId).isEmpty()) {
            throw ProblemException.notFound("unknown unitId '" + unitId + "'");
        }
        return found;
    }
}
