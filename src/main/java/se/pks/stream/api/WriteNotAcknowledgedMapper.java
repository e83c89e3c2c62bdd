package se.pks.stream.api;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import se.pks.stream.topics.WriteNotAcknowledgedException;

/** Answers a write Kafka did not acknowledge as the problem 503 Service Unavailable, with a time to try again. */
@Provider
public class WriteNotAcknowledgedMapper implements ExceptionMapper<WriteNotAcknowledgedException> {

    private final ProblemExceptionMapper problems = new ProblemExceptionMapper();

    @Override
    public Response toResponse(final WriteNotAcknowledgedException exception) {
        return problems.toResponse(ProblemException.unavailable(exception.getMessage()));
    }
}
