package se.pks.stream.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import se.pks.stream.storage.CredentialTable;

/** Who is calling: the provider whose unrevoked credential matches the request's bearer token. */
@ApplicationScoped
public class ProviderAuthentication {

    private static final String BEARER = "Bearer ";

    @Inject
    CredentialTable credentials;

    /** The authenticated provider id; a missing, unknown or revoked token is answered 401. */
    public String provider(final String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw ProblemException.unauthorized("Send your provider token as 'Authorization: Bearer <token>'");
        }
        final String token = authorization.substring(BEARER.length()).strip();
        return credentials.providerOf(ProviderTokens.hash(token)).orElseThrow(() ->
                ProblemException.unauthorized("The token is unknown or has been revoked"));
    }
}
