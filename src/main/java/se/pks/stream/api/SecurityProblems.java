package se.pks.stream.api;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Quarkus security's refusals as RFC 9457 problem details, like every other error of the API: no or a wrong
 * sign-in is 401, a sign-in without the role an endpoint needs is 403. The 401 names the schemes a client can use:
 * a bearer token always (production), HTTP basic where the built-in user store is on (local run and tests).
 */
public class SecurityProblems {

    @ConfigProperty(name = "quarkus.http.auth.basic", defaultValue = "false")
    boolean basicAuthentication;

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(final RuntimeException exception) {
        final Response.ResponseBuilder response = problem(new Problem("about:blank", "Unauthorized", 401,
                "Sign in: send 'Authorization: Bearer <token>' from the region's identity provider"
                        + (basicAuthentication ? ", or HTTP basic credentials of the built-in user store" : "")))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        if (basicAuthentication) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"pks-stream\"");
        }
        return response.build();
    }

    @ServerExceptionMapper(ForbiddenException.class)
    public Response forbidden(final ForbiddenException exception) {
        return problem(new Problem("about:blank", "Forbidden", 403,
                "You are signed in, but your roles do not allow this request (reads need the role leadership, "
                        + "production-manager or planner; changes to units, plans and the calendar need planner)"))
                .build();
    }

    private static Response.ResponseBuilder problem(final Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
    }
}
