package se.pks.stream.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import se.pks.stream.PksConfig;
import se.pks.stream.analysis.ActionEffect;
import se.pks.stream.analysis.EffectFollowUp;
import se.pks.stream.analysis.ExpectedDirection;
import se.pks.stream.model.ActionStatus;
import se.pks.stream.storage.ActionTable;
import se.pks.stream.storage.ActionTable.ActionFields;
import se.pks.stream.storage.ActionTable.ActionRow;
import se.pks.stream.storage.ActionTable.Link;
import se.pks.stream.storage.UnitOrganisations;

/**
 * The action register (åtgärder): what is done about a deviation, why, who answers for it, by when, and which measure
 * it should move. Production managers create and change the actions of their granted organisations; leadership reads
 * every action. A change names the version it was based on (If-Match, or {@code version} in the body) and is refused
 * if the action has changed since, so two people cannot overwrite each other unseen.
 */
@Path("/api/v1/actions")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({AccessScope.LEADERSHIP, AccessScope.PRODUCTION_MANAGER})
public class ActionsResource {

    private static final String MERGE_PATCH = "application/merge-patch+json";
    private static final int DEFAULT_ROWS = 200;
    private static final int MAX_ROWS = 5000;

    @Inject
    AccessScope access;

    @Inject
    ActionTable actions;

    @Inject
    UnitOrganisations organisations;

    @Inject
    ActionRequests requests;

    @Inject
    PksConfig config;

    /** Filters: organisationId, unitId, status, overdue (true or false); only what the reader may see is listed. */
    @GET
    public List<ActionDetails.Action> list(@QueryParam("organisationId") final String organisationId,
                                           @QueryParam("unitId") final String unitId,
                                           @QueryParam("status") final String status,
                                           @QueryParam("overdue") final String overdue,
                                           @QueryParam("limit") final Integer limit) {
        if (organisationId != null) {
            access.requireRead(organisationId);
        }
        if (unitId != null) {
            organisations.organisationOf(unitId).ifPresent(access::requireRead);
        }
        final Set<String> readable = access.readsAll() ? null : access.grantedOrganisations();
        return actions.list(new ActionTable.Filter(readable, organisationId, unitId,
                RequestValues.optionalEnum("status", status, ActionStatus.class), overdue(overdue), today(),
                RequestValues.limit(limit, DEFAULT_ROWS, MAX_ROWS))).stream()
                .map(ActionDetails.Action::of).toList();
    }

    @GET
    @Path("/{actionId}")
    public Response get(@PathParam("actionId") final long actionId) {
        final ActionRow action = readable(actionId);
        return withVersion(Response.ok(details(action)), action.version());
    }

    /** 201 with the action; a new action is PLANNED or IN_PROGRESS. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(final byte[] body) {
        final BodyFields fields = new BodyFields(BodyFields.parse(body));
        final String unitId = fields.text("unitId", false, ActionRequests.MAX_ID);
        final String organisationId = requests.organisationOfNewAction(fields, unitId);
        final ActionFields values = requests.fields(fields, null, today());
        if (values.status() != null && values.status().closed()) {
            fields.error("status", "a new action is PLANNED or IN_PROGRESS; close it with POST "
                    + "/api/v1/actions/{id}/close");
        }
        fields.requireValid();
        access.requireChange(organisationId);
        final long actionId = actions.insert(organisationId, unitId, values, access.user());
        final ActionRow created = find(actionId);
        return withVersion(Response.created(URI.create("/api/v1/actions/" + actionId)).entity(details(created)),
                created.version());
    }

    /** Replaces every field a person sets; absent optional text fields become empty. */
    @PUT
    @Path("/{actionId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response replace(@PathParam("actionId") final long actionId,
                            @HeaderParam(HttpHeaders.IF_MATCH) final String ifMatch, final byte[] body) {
        final ActionRow current = changeable(actionId);
        return update(current, ifMatch, BodyFields.parse(body));
    }

    /** Changes only the fields in the body (JSON merge patch, RFC 7396). */
    @PATCH
    @Path("/{actionId}")
    @Consumes({MediaType.APPLICATION_JSON, MERGE_PATCH})
    public Response patch(@PathParam("actionId") final long actionId,
                          @HeaderParam(HttpHeaders.IF_MATCH) final String ifMatch, final byte[] body) {
        final ActionRow current = changeable(actionId);
        final ObjectNode merged = ActionRequests.asJson(current);
        final ObjectNode patch = BodyFields.parse(body);
        patch.properties().forEach(field -> {
            if (field.getValue().isNull()) {
                merged.remove(field.getKey());
            } else {
                merged.set(field.getKey(), field.getValue());
            }
        });
        return update(current, ifMatch, merged);
    }

    /** Closes the action: {@code status} DONE (with {@code doneOn}, default today) or DROPPED. */
    @POST
    @Path("/{actionId}/close")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response close(@PathParam("actionId") final long actionId,
                          @HeaderParam(HttpHeaders.IF_MATCH) final String ifMatch, final byte[] body) {
        final ActionRow current = changeable(actionId);
        final ObjectNode request = BodyFields.parse(body);
        final BodyFields fields = new BodyFields(request);
        final ActionStatus status = fields.enumValue("status", true, ActionStatus.class);
        if (status != null && !status.closed()) {
            fields.error("status", "must be DONE or DROPPED");
        }
        fields.requireValid();
        final ObjectNode merged = ActionRequests.asJson(current);
        merged.put("status", status.name());
        merged.remove("doneOn");
        if (request.has("doneOn")) {
            merged.set("doneOn", request.get("doneOn"));
        }
        if (request.has("version")) {
            merged.set("version", request.get("version"));
        }
        return update(current, ifMatch, merged);
    }

    /**
     * Links the action to why it was taken: {@code {"alertId": 12}} or a deviation
     * {@code {"unitId", "measure", "granularity", "periodStart"}} of a unit of the action's organisation.
     */
    @POST
    @Path("/{actionId}/links")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response link(@PathParam("actionId") final long actionId, final byte[] body) {
        final ActionRow action = changeable(actionId);
        final BodyFields fields = new BodyFields(BodyFields.parse(body));
        final Link link = fields.has("alertId") ? requests.alertLink(fields, action)
                : requests.deviationLink(fields, action);
        fields.requireValid();
        final Link stored = actions.link(actionId, link, access.user());
        return Response.created(URI.create("/api/v1/actions/" + actionId + "/links/" + stored.linkId()))
                .entity(ActionDetails.Link.of(stored)).build();
    }

    @DELETE
    @Path("/{actionId}/links/{linkId}")
    public Response unlink(@PathParam("actionId") final long actionId, @PathParam("linkId") final long linkId) {
        changeable(actionId);
        if (!actions.unlink(actionId, linkId, access.user())) {
            throw ProblemException.notFound("Action " + actionId + " has no link " + linkId);
        }
        return Response.noContent().build();
    }

    private Response update(final ActionRow current, final String ifMatch, final ObjectNode request) {
        // Checked before the fields: reopening is refused as such, not as the doneOn that only DONE may have.
        final JsonNode status = request.get("status");
        if (current.status().closed() && status != null && !current.status().name().equals(status.asText())) {
            throw ProblemException.conflict("Action " + current.actionId() + " is " + current.status()
                    + "; a closed action cannot change status (create a new action instead)");
        }
        final BodyFields fields = new BodyFields(request);
        ActionRequests.unchanged(fields, "organisationId", current.organisationId());
        ActionRequests.unchanged(fields, "unitId", current.unitId());
        final ActionFields values = requests.fields(fields, current, today());
        final Long bodyVersion = fields.wholeNumber("version", false);
        fields.requireValid();
        final int basedOn = basedOnVersion(ifMatch, bodyVersion);
        final boolean statusChanged = values.status() != current.status()
                || (values.doneOn() != null && !values.doneOn().equals(current.doneOn()));
        final Integer version = actions.update(current.actionId(), basedOn, values, statusChanged, access.user())
                .orElseThrow(() -> stale(current.actionId(), basedOn, ifMatch != null));
        return withVersion(Response.ok(details(find(current.actionId()))), version);
    }

    private ActionDetails details(final ActionRow action) {
        return ActionDetails.of(action, actions.links(action.actionId()), actions.history(action.actionId()),
                effect(action));
    }

    /** Only a DONE action on one unit has an effect to follow up: an organisation has no single SPC chart. */
    private ActionEffect effect(final ActionRow action) {
        if (action.status() != ActionStatus.DONE || action.unitId() == null) {
            return null;
        }
        return EffectFollowUp.assess(actions.weeklySeries(action.unitId(), action.measure(), today()),
                action.doneOn(), ExpectedDirection.valueOf(action.expectedDirection()));
    }

    private ActionRow readable(final long actionId) {
        final ActionRow action = find(actionId);
        access.requireRead(action.organisationId());
        return action;
    }

    private ActionRow changeable(final long actionId) {
        final ActionRow action = find(actionId);
        access.requireChange(action.organisationId());
        return action;
    }

    private ActionRow find(final long actionId) {
        return actions.find(actionId, today())
                .orElseThrow(() -> ProblemException.notFound("There is no action " + actionId));
    }

    private LocalDate today() {
        return LocalDate.now(config.region().timeZone());
    }

    private static Boolean overdue(final String overdue) {
        if (overdue == null) {
            return null;
        }
        if (!"true".equals(overdue) && !"false".equals(overdue)) {
            throw ProblemException.invalid("overdue", "must be true or false, was '" + overdue + "'");
        }
        return Boolean.valueOf(overdue);
    }

    /** The version a change was based on: the If-Match entity tag, else {@code version} in the body. */
    private static int basedOnVersion(final String ifMatch, final Long bodyVersion) {
        if (ifMatch != null) {
            final String tag = ifMatch.strip().replaceFirst("^W/", "").replace("\"", "");
            try {
                return Integer.parseInt(tag);
            } catch (final NumberFormatException e) {
                throw ProblemException.invalid("If-Match", "must be the action's ETag, e.g. \"3\", was " + ifMatch);
            }
        }
        if (bodyVersion == null) {
            throw ProblemException.preconditionRequired("Say which version of the action your change is based on: "
                    + "send its ETag in If-Match, or its version in the body");
        }
        return bodyVersion.intValue();
    }

    private static ProblemException stale(final long actionId, final int basedOn, final boolean fromIfMatch) {
        final String detail = "Action " + actionId + " has changed since version " + basedOn
                + "; read it again and reapply your change";
        return fromIfMatch ? ProblemException.preconditionFailed(detail) : ProblemException.conflict(detail);
    }

    private static Response withVersion(final Response.ResponseBuilder response, final int version) {
        return response.tag(new EntityTag(Integer.toString(version))).build();
    }
}
