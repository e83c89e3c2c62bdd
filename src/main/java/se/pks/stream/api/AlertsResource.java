package se.pks.stream.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import java.util.List;
import se.pks.stream.alerts.AlertCondition;
import se.pks.stream.alerts.AlertRegister;
import se.pks.stream.alerts.AlertRegister.AlertView;
import se.pks.stream.alerts.AlertState;
import se.pks.stream.alerts.Severity;

/**
 * Deviation alerts for people (docs/alerts-and-actions.md): leadership sees every organisation's alerts, a production
 * manager those of the organisations granted to them and acknowledges them.
 */
@Path("/api/v1/alerts")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({AccessScope.LEADERSHIP, AccessScope.PRODUCTION_MANAGER})
public class AlertsResource {

    private static final int DEFAULT_ROWS = 200;
    private static final int MAX_ROWS = 5000;

    @Inject
    AlertRegister alerts;

    @Inject
    AccessScope access;

    @GET
    public List<AlertView> list(@QueryParam("state") final String state, @QueryParam("unitId") final String unitId,
                                @QueryParam("organisationId") final String organisationId,
                                @QueryParam("condition") final String condition,
                                @QueryParam("severity") final String severity,
                                @QueryParam("limit") final Integer limit) throws SQLException {
        final AlertRegister.Filter filter = new AlertRegister.Filter(
                RequestValues.optionalEnum("state", state, AlertState.class), unitId, organisationId,
                RequestValues.optionalEnum("condition", condition, AlertCondition.class),
                RequestValues.optionalEnum("severity", severity, Severity.class),
                RequestValues.limit(limit, DEFAULT_ROWS, MAX_ROWS));
        return alerts.list(access.readsAll() ? null : access.grantedOrganisations(), filter);
    }

    @GET
    @Path("/{alertId}")
    public AlertView get(@PathParam("alertId") final long alertId) throws SQLException {
        final AlertView alert = find(alertId);
        access.requireRead(alert.organisationId());
        return alert;
    }

    /** The person takes the alert on: it stops counting as unattended, and the change is published. */
    @POST
    @Path("/{alertId}/acknowledge")
    public AlertView acknowledge(@PathParam("alertId") final long alertId) throws SQLException {
        final AlertView alert = find(alertId);
        access.requireChange(alert.organisationId());
        if (!alerts.acknowledge(alertId, access.user())) {
            throw ProblemException.conflict("Alert " + alertId + " is " + alert.state()
                    + "; only an OPEN alert can be acknowledged");
        }
        return find(alertId);
    }

    private AlertView find(final long alertId) throws SQLException {
        return alerts.get(alertId).orElseThrow(() -> ProblemException.notFound("No alert " + alertId));
    }
}
