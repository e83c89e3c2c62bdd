package se.pks.stream.api;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import se.pks.stream.ingest.PersonalIdentityNumbers;
import se.pks.stream.model.CalendarWeek;
import se.pks.stream.model.Granularity;
import se.pks.stream.model.WeekKind;
import se.pks.stream.storage.CalendarQueries;
import se.pks.stream.topics.JsonSerde;
import se.pks.stream.topics.Topics;

/**
 * A region's production calendar ({@code pks.calendar.v1}): which weeks are low-production weeks. Weeks not listed
 * are normal; deleting a week makes it normal again.
 */
@Path("/api/v1/calendar/{regionId}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({AccessScope.LEADERSHIP, AccessScope.PRODUCTION_MANAGER, AccessScope.PLANNER})
public class CalendarResource {

    @Inject
    CalendarQueries calendar;

    @Inject
    AuditedWriter writer;

    @GET
    public List<CalendarWeek> weeks(@PathParam("regionId") final String regionId) {
        return calendar.weeks(regionId);
    }

    /** Body: {"kind": "LOW_PRODUCTION" | "NORMAL", "label": "summer"}; 202 because the table follows the topic. */
    @PUT
    @RolesAllowed(AccessScope.PLANNER)
    @Path("/{weekStart}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response put(@PathParam("regionId") final String regionId,
                        @PathParam("weekStart") final String weekStart, final byte[] body) {
        final CalendarWeek week = new CalendarWeek(regionId(regionId), monday(weekStart), kind(body), label(body));
        return Response.accepted(writer.write(Topics.CALENDAR, "calendar_week", week.key(), week)).build();
    }

    @DELETE
    @RolesAllowed(AccessScope.PLANNER)
    @Path("/{weekStart}")
    public Response delete(@PathParam("regionId") final String regionId,
                           @PathParam("weekStart") final String weekStart) {
        final String key = regionId(regionId) + "|" + monday(weekStart);
        return Response.accepted(writer.write(Topics.CALENDAR, "calendar_week", key, null)).build();
    }

    private static String regionId(final String regionId) {
        if (regionId.isBlank() || regionId.contains("|")) {
            throw ProblemException.invalid("regionId", "must be non-empty and must not contain '|'");
        }
        if (PersonalIdentityNumbers.containsLikely(regionId)) {
            throw ProblemException.invalid("regionId", "must not contain a personal identity number");
        }
        return regionId;
    }

    private static LocalDate monday(final String weekStart) {
        final LocalDate date = RequestValues.requiredDate("weekStart", weekStart);
        if (!Granularity.WEEK.isAligned(date)) {
            throw ProblemException.invalid("weekStart", "must be a Monday, was " + date.getDayOfWeek());
        }
        return date;
    }

    private static WeekKind kind(final byte[] body) {
        final JsonNode kind = json(body).get("kind");
        return RequestValues.requiredEnum("kind", kind == null || !kind.isTextual() ? null : kind.asText(),
                WeekKind.class);
    }

    private static String label(final byte[] body) {
        final JsonNode label = json(body).get("label");
        if (label == null || label.isNull()) {
            return null;
        }
        // Free text that ends up on a topic and in pks.calendar_week: screened like every other stored text.
        if (PersonalIdentityNumbers.containsLikely(label.asText())) {
            throw ProblemException.invalid("label", "must not contain a personal identity number");
        }
        return label.asText();
    }

    private static JsonNode json(final byte[] body) {
        try {
            return JsonSerde.MAPPER.readTree(RequestValues.jsonObject(body));
        } catch (final IOException e) {
            throw ProblemException.invalid("body", "must be a JSON object");
        }
    }
}
