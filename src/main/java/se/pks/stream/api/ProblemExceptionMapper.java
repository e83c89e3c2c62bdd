package se.pks.stream.api;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Answers a {@link ProblemException} with its problem details; a 503 also says when to try again. */
@Provider
public class ProblemExceptionMapper implements ExceptionMapper<ProblemException> {

    private static final String RETRY_AFTER_SECONDS = "5";

    @Override
    public Response toResponse(final ProblemException exception) {
        final Problem problem = exception.problem();
        final Response.ResponseBuilder response = Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .entity(problem);
        if (problem.status() == Response.Status.SERVICE_UNAVAILABLE.getStatusCode()) {
            response.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        return response.build();
    }
}
