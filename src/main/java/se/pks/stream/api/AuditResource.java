package se.pks.stream.api;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import se.pks.stream.PksConfig;
import se.pks.stream.storage.AuditTrail;
import se.pks.stream.topics.JsonSerde;

/**
 * The audit trail (docs/audit.md): who changed what in the region's configuration and registers, when, from what to
 * what, and why; newest first. Read by leadership only: it shows every person's changes across organisations.
 */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(AccessScope.LEADERSHIP)
public class AuditResource {

    private static final int DEFAULT_ROWS = 100;
    private static final int MAX_ROWS = 10_000;

    @Inject
    AuditTrail trail;

    @Inject
    PksConfig config;

    /** One change; {@code before} and {@code after} are the row as it was and became (null where there was none). */
    public record AuditEntry(long auditId, OffsetDateTime recordedAt, String actor, String subject,
                             String subjectKey, String change, JsonNode before, JsonNode after, String reason) {

        static AuditEntry of(final AuditTrail.Entry entry) {
            return new AuditEntry(entry.auditId(), entry.recordedAt(), entry.actor(), entry.subject(),
                    entry.subjectKey(), entry.change(), json(entry.before()), json(entry.after()), entry.reason());
        }

        private static JsonNode json(final String text) {
            try {
                return text == null ? null : JsonSerde.MAPPER.readTree(text);
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * @param subject the table or register: threshold, expected_reporting, action, plan, unit, ...
     * @param from    first day (region's time zone), inclusive
     * @param to      last day, inclusive
     */
    @GET
    public List<AuditEntry> list(@QueryParam("subject") final String subject,
                                 @QueryParam("subjectKey") final String subjectKey,
                                 @QueryParam("actor") final String actor, @QueryParam("from") final String from,
                                 @QueryParam("to") final String to, @QueryParam("limit") final Integer limit) {
        final LocalDate first = RequestValues.optionalDate("from", from);
        final LocalDate last = RequestValues.optionalDate("to", to);
        return trail.list(new AuditTrail.Filter(subject, subjectKey, actor, startOf(first),
                        last == null ? null : startOf(last.plusDays(1)),
                        RequestValues.limit(limit, DEFAULT_ROWS, MAX_ROWS))).stream().map(AuditEntry::of).toList();
    }

    private OffsetDateTime startOf(final LocalDate day) {
        return day == null ? null : day.atStartOfDay(config.region().timeZone()).toOffsetDateTime();
    }
}
