package se.pks.stream.api;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Answers a {@link ProblemException} with its problem details; a 503 or 429 also says when to try again, and a 401
 * names the authentication scheme the client should use (RFC 9110).
 */
@Provider
public class ProblemExceptionMapper implements ExceptionMapper<ProblemException> {

    private static final String RETRY_AFTER_SECONDS = "5";

    @Override
    public Response toResponse(final ProblemException exception) {
        final Problem problem = exception.problem();
        final Response.ResponseBuilder response = Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .entity(problem);
        if (problem.status() == Response.Status.SERVICE_UNAVAILABLE.getStatusCode()
                || problem.status() == Response.Status.TOO_MANY_REQUESTS.getStatusCode()) {
            response.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        if (problem.status() == Response.Status.UNAUTHORIZED.getStatusCode()) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        return response.build();
    }
}
