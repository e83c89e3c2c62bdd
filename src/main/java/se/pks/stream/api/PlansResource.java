package se.pks.stream.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serializer;
import se.pks.stream.ingest.PersonalIdentityNumbers;
import se.pks.stream.ingest.PlanValidator;
import se.pks.stream.ingest.Validation;
import se.pks.stream.model.Granularity;
import se.pks.stream.model.Plan;
import se.pks.stream.model.PlanKind;
import se.pks.stream.storage.PlanQueries;
import se.pks.stream.storage.PlanQueries.PlanRow;
import se.pks.stream.storage.PlanVersions;
import se.pks.stream.topics.AcknowledgedWriter;
import se.pks.stream.topics.JsonSerde;
import se.pks.stream.topics.Topics;
import se.pks.stream.topics.WriteReceipt;

/**
 * Plans ({@code pks.plans.v1}): one row at a time, or a whole year for many units as a CSV file. Every row is checked
 * with the stream's own plan rules against the stream's own unit register before it is written, so a row this API
 * accepts is a row the stream will count. Reads come from {@code pks.plan}, the rows the stream has taken in.
 *
 * <p>Every change may say why ({@code reason}, a query parameter). Who asked and why is recorded before the rows are
 * sent, so that each row's new version in {@code pks.plan_version} names its author (the person, or their upload)
 * once the stream has taken it in (V21, docs/plans-and-units-api.md, "Plan versions and the adopted plan").
 */
@Path("/api/v1/plans")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({AccessScope.LEADERSHIP, AccessScope.PRODUCTION_MANAGER, AccessScope.PLANNER})
public class PlansResource {

    /** Ten megabytes: a year of weekly plans for a whole region is well under it. */
    static final int MAX_CSV_BYTES = 10 * 1024 * 1024;
    static final int MAX_CSV_ROWS = 100_000;
    /** One upload can be read back in one request. */
    private static final int MAX_ROWS = MAX_CSV_ROWS;
    private static final int DEFAULT_ROWS = 1000;
    static final int MAX_REASON = 1000;
    private static final Serializer<Plan> PLAN_JSON = new JsonSerde<>(Plan.class).serializer();

    private final CsvRows csv = CsvRows.plans(MAX_CSV_BYTES, MAX_CSV_ROWS);

    public record PlanValue(String unitId, String measure, String planKind, String granularity,
                            LocalDate periodStart, double value, OffsetDateTime updatedAt) {
        static PlanValue of(final PlanRow row) {
            return new PlanValue(row.unitId(), row.measure(), row.planKind(), row.granularity(), row.periodStart(),
                    row.value(), row.updatedAt());
        }
    }

    @Inject
    RegisteredUnits units;

    @Inject
    AuditedWriter writer;

    @Inject
    PlanQueries queries;

    @Inject
    PlanVersions versions;

    @GET
    public List<PlanValue> list(@BeanParam final PlanRowParameters rows) {
        return queries.plans(new PlanQueries.Filter(rows.unitId(), rows.measure(), rows.planKind(),
                rows.granularity(), rows.from(), rows.to(), rows.limit(DEFAULT_ROWS, MAX_ROWS))).stream()
                .map(PlanValue::of).toList();
    }

    /** Adds or replaces one plan row; its key is built from the row. */
    @PUT
    @RolesAllowed(AccessScope.PLANNER)
    @Consumes(MediaType.APPLICATION_JSON)
    public Response put(@QueryParam("reason") final String reason, final byte[] body) {
        final String why = reason(reason);
        final Validation<Plan> result = new PlanValidator(units.register()).validate(RequestValues.jsonObject(body));
        if (result instanceof Validation.Rejected<Plan> rejected) {
            throw ProblemException.invalid(rejected.reasons());
        }
        final Plan plan = ((Validation.Accepted<Plan>) result).value();
        return Response.accepted(write(List.of(plan), PlanVersions.Source.PERSON, why).getFirst()).build();
    }

    /** Deletes one plan row with a tombstone; the stream then deletes its deviation. */
    @DELETE
    @RolesAllowed(AccessScope.PLANNER)
    @Path("/{unitId}/{measure}/{planKind}/{granularity}/{periodStart}")
    public Response delete(@PathParam("unitId") final String unitId,
                           @PathParam("measure") final String measure,
                           @PathParam("planKind") final String planKind,
                           @PathParam("granularity") final String granularity,
                           @PathParam("periodStart") final String periodStart,
                           @QueryParam("reason") final String reason) {
        final String why = reason(reason);
        if (unitId.indexOf('|') >= 0) {
            throw ProblemException.invalid("unitId", "must not contain '|'");
        }
        // The unit id becomes part of a Kafka key as sent: a personal identity number there would be stored.
        if (PersonalIdentityNumbers.containsLikely(unitId)) {
            throw ProblemException.invalid("unitId", "must not contain a personal identity number");
        }
        final PlanVersions.Change removal = new PlanVersions.Change(unitId,
                RequestValues.knownMeasure("measure", measure),
                RequestValues.requiredEnum("planKind", planKind, PlanKind.class).name(),
                RequestValues.requiredEnum("granularity", granularity, Granularity.class).name(),
                RequestValues.requiredDate("periodStart", periodStart), null);
        final String key = String.join("|", removal.unitId(), removal.measure(), removal.planKind(),
                removal.granularity(), removal.periodStart().toString());
        return Response.accepted(recorded(List.of(removal), PlanVersions.Source.PERSON, why, () -> writer.writeAll(
                Topics.PLANS, "plan", List.of(new AcknowledgedWriter.Entry<byte[]>(key, null)), why)).getFirst())
                .build();
    }

    /**
     * A file of plan rows: every row is checked, the accepted ones are all written before the answer, and the answer
     * lists each rejected row with its reasons.
     */
    @POST
    @RolesAllowed(AccessScope.PLANNER)
    @Path("/csv")
    @Consumes("text/csv")
    public PlanUploadReport upload(@QueryParam("reason") final String reason, final InputStream body)
            throws IOException {
        final String why = reason(reason);
        final PlanUpload.Checked checked = PlanUpload.check(csv.read(body), new PlanValidator(units.register()));
        if (!checked.accepted().isEmpty()) {
            write(checked.accepted(), PlanVersions.Source.UPLOAD, why);
        }
        return checked.report();
    }

    private List<WriteReceipt> write(final List<Plan> plans, final PlanVersions.Source source, final String reason) {
        return recorded(plans.stream().map(PlanVersions.Change::of).toList(), source, reason, () -> writer.writeAll(
                Topics.PLANS, "plan", plans.stream().map(plan -> new AcknowledgedWriter.Entry<>(plan.key(),
                        PLAN_JSON.serialize(Topics.PLANS.name(), plan))).toList(), reason));
    }

    /**
     * Records who asks for the changes and why, then sends them. A request whose rows Kafka did not confirm stays on
     * record: the rows may have reached the topic all the same (a timeout), and then the version is still theirs; the
     * caller sends them again anyway, as the 503 answer says, which records a newer request.
     */
    private List<WriteReceipt> recorded(final List<PlanVersions.Change> changes, final PlanVersions.Source source,
                                        final String reason, final Supplier<List<WriteReceipt>> send) {
        versions.request(changes, source, writer.actor(), reason);
        return send.get();
    }

    /** Optional free text, kept with the plan versions and in the audit trail; never a personal identity number. */
    private static String reason(final String reason) {
        if (reason == null || reason.isBlank()) {
            return null;
        }
        final String text = reason.strip();
        if (text.length() > MAX_REASON) {
            throw ProblemException.invalid("reason", "must be at most " + MAX_REASON + " characters, was "
                    + text.length());
        }
        if (PersonalIdentityNumbers.containsLikely(text)) {
            throw ProblemException.invalid("reason", "must not contain a personal identity number");
        }
        return text;
    }
}
