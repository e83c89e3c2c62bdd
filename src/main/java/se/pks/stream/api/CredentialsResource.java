package se.pks.stream.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.OffsetDateTime;
import java.util.List;
import se.pks.stream.ingest.PersonalIdentityNumbers;
import se.pks.stream.storage.CredentialTable;
import se.pks.stream.storage.CredentialTable.Credential;

/**
 * The operator's admin API for provider credentials: create one (its token is shown in this answer only), list them
 * (never with tokens) and revoke one. A revoked token is refused from the next request on.
 */
@Path("/api/v1/admin/providers/{providerId}/credentials")
@Produces(MediaType.APPLICATION_JSON)
public class CredentialsResource {

    static final String ADMIN_KEY_HEADER = "X-Admin-Key";
    private static final int MAX_PROVIDER_ID_LENGTH = 200;

    /** The answer to a create: the only time the token is ever shown. */
    public record IssuedCredential(String credentialId, String providerId, String token, OffsetDateTime createdAt) {
    }

    /** A credential as an operator may see it: everything but the token. */
    public record ListedCredential(String credentialId, String providerId, OffsetDateTime createdAt,
                                   OffsetDateTime revokedAt) {
        static ListedCredential of(final Credential row) {
            return new ListedCredential(row.credentialId(), row.providerId(), row.createdAt(), row.revokedAt());
        }
    }

    @Inject
    AdminAccess admin;

    @Inject
    CredentialTable credentials;

    @POST
    public Response create(@HeaderParam(ADMIN_KEY_HEADER) final String adminKey,
                           @PathParam("providerId") final String providerId) {
        admin.require(adminKey);
        checkProviderId(providerId);
        final String token = ProviderTokens.newToken();
        final Credential created =
                credentials.insert(ProviderTokens.newCredentialId(), providerId, ProviderTokens.hash(token));
        return Response.status(Response.Status.CREATED).entity(new IssuedCredential(created.credentialId(),
                created.providerId(), token, created.createdAt())).build();
    }

    @GET
    public List<ListedCredential> list(@HeaderParam(ADMIN_KEY_HEADER) final String adminKey,
                                       @PathParam("providerId") final String providerId) {
        admin.require(adminKey);
        return credentials.list(providerId).stream().map(ListedCredential::of).toList();
    }

    @DELETE
    @Path("/{credentialId}")
    public Response revoke(@HeaderParam(ADMIN_KEY_HEADER) final String adminKey,
                           @PathParam("providerId") final String providerId,
                           @PathParam("credentialId") final String credentialId) {
        admin.require(adminKey);
        if (!credentials.revoke(providerId, credentialId)) {
            throw ProblemException.notFound("Provider '" + providerId + "' has no credential '" + credentialId + "'");
        }
        return Response.noContent().build();
    }

    private static void checkProviderId(final String providerId) {
        if (providerId.isBlank() || providerId.length() > MAX_PROVIDER_ID_LENGTH) {
            throw ProblemException.invalid("providerId", "must be 1 to " + MAX_PROVIDER_ID_LENGTH + " characters");
        }
        if (PersonalIdentityNumbers.containsLikely(providerId)) {
            throw ProblemException.invalid("providerId", "looks like a personal identity number");
        }
    }
}
