package se.pks.stream.api;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A bad query parameter is answered with what is wrong with it, as problem details. */
@Provider
public class BadRequestMapper implements ExceptionMapper<BadRequestException> {

    @Override
    public Response toResponse(final BadRequestException exception) {
        return Response.status(Response.Status.BAD_REQUEST)
                .type(Problem.MEDIA_TYPE)
                .entity(new Problem("about:blank", "Bad request", 400, exception.getMessage()))
                .build();
    }
}
