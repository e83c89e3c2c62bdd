package se.pks.stream.api;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import se.pks.stream.storage.WriteRefused;

/**
 * Answers a write the stored state refused as the problem of its kind: 400 naming the field, 404 (naming the field
 * when the request named what is missing, e.g. a benchmarking round's unitId) or 409.
 */
@Provider
public class WriteRefusedMapper implements ExceptionMapper<WriteRefused> {

    private final ProblemExceptionMapper problems = new ProblemExceptionMapper();

    @Override
    public Response toResponse(final WriteRefused refused) {
        return problems.toResponse(switch (refused.kind()) {
            case INVALID -> ProblemException.invalid(refused.field(), refused.getMessage());
            case NOT_FOUND -> refused.field() == null ? ProblemException.notFound(refused.getMessage())
                    : ProblemException.notFound(refused.field(), refused.getMessage());
            case CONFLICT -> ProblemException.conflict(refused.getMessage());
        });
    }
}
