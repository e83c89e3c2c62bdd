package se.pks.stream.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import se.pks.stream.storage.SubscriptionTable;
import se.pks.stream.storage.SubscriptionTable.NewSubscription;
import se.pks.stream.storage.SubscriptionTable.SubscriptionRow;
import se.pks.stream.storage.UnitOrganisations;

/**
 * A person's subscriptions to alerts: which unit or organisation, on which channel, from which severity up. Each
 * person sees and removes only their own. A production manager subscribes only to what they may read (their granted
 * organisations and those organisations' units); leadership may subscribe to anything.
 */
@Path("/api/v1/subscriptions")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({AccessScope.LEADERSHIP, AccessScope.PRODUCTION_MANAGER})
public class SubscriptionsResource {

    /** What a subscription is about. */
    enum Scope { UNIT, ORGANISATION }

    /** How a notification is delivered; WEBHOOK, SLACK and TEAMS post to an address, EMAIL mails one. */
    enum Channel { WEBHOOK, SLACK, TEAMS, EMAIL }

    enum Severity { NOTICE, WARNING, CRITICAL }

    /** A pragmatic check (one @, a dot in the domain, no spaces), not RFC 5322: the SMTP server has the last word. */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+");
    private static final int MAX_ID = 200;
    private static final int MAX_TARGET = 2000;

    public record Subscription(long subscriptionId, String username, String scope, String scopeId, String channel,
                               String target, String minSeverity, OffsetDateTime createdAt) {
        static Subscription of(final SubscriptionRow row) {
            return new Subscription(row.subscriptionId(), row.username(), row.scope(), row.scopeId(), row.channel(),
                    row.target(), row.minSeverity(), row.createdAt());
        }
    }

    @Inject
    AccessScope access;

    @Inject
    SubscriptionTable subscriptions;

    @Inject
    UnitOrganisations organisations;

    @GET
    public List<Subscription> own() {
        return subscriptions.ofUser(access.user()).stream().map(Subscription::of).toList();
    }

    /** 201 with the new subscription; the same subscription asked for again is answered 200 with the existing one. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response subscribe(final byte[] body) {
        final BodyFields fields = new BodyFields(BodyFields.parse(body));
        final Scope scope = fields.enumValue("scope", true, Scope.class);
        final String scopeId = fields.text("scopeId", true, MAX_ID);
        final Channel channel = fields.enumValue("channel", true, Channel.class);
        final String target = fields.text("target", true, MAX_TARGET);
        final Severity minSeverity = Optional.ofNullable(fields.enumValue("minSeverity", false, Severity.class))
                .orElse(Severity.WARNING);
        if (channel != null && target != null) {
            checkTarget(fields, channel, target);
        }
        final String organisation = scope == null || scopeId == null ? null : organisation(fields, scope, scopeId);
        fields.requireValid();
        access.requireRead(organisation);
        final NewSubscription wanted = new NewSubscription(access.user(), scope.name(), scopeId, channel.name(),
                target, minSeverity.name());
        final Optional<SubscriptionRow> existing = subscriptions.same(wanted);
        if (existing.isPresent()) {
            return Response.ok(Subscription.of(existing.get())).build();
        }
        final SubscriptionRow created = subscriptions.insert(wanted);
        return Response.created(URI.create("/api/v1/subscriptions/" + created.subscriptionId()))
                .entity(Subscription.of(created)).build();
    }

    /** 204; 404 when there is no such subscription of the signed-in person (another's is not revealed). */
    @DELETE
    @Path("/{subscriptionId}")
    public Response unsubscribe(@PathParam("subscriptionId") final long subscriptionId) {
        if (!subscriptions.deleteOwn(subscriptionId, access.user())) {
            throw ProblemException.notFound("You have no subscription " + subscriptionId);
        }
        return Response.noContent().build();
    }

    private String organisation(final BodyFields fields, final Scope scope, final String scopeId) {
        if (scope == Scope.UNIT) {
            return organisations.organisationOf(scopeId)
                    .orElseGet(() -> fields.error("scopeId", "unknown unit '" + scopeId + "'"));
        }
        return organisations.organisationExists(scopeId) ? scopeId
                : fields.error("scopeId", "unknown organisation '" + scopeId + "'");
    }

    private static void checkTarget(final BodyFields fields, final Channel channel, final String target) {
        if (channel == Channel.EMAIL) {
            if (!EMAIL.matcher(target).matches()) {
                fields.error("target", "must be an e-mail address for channel EMAIL");
            }
            return;
        }
        if (!isWebAddress(target)) {
            fields.error("target", "must be an http or https address for channel " + channel);
        }
    }

    private static boolean isWebAddress(final String target) {
        try {
            final URI uri = new URI(target);
            return ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null && !uri.getHost().isBlank();
        } catch (final URISyntaxException e) {
            return false;
        }
    }
}
