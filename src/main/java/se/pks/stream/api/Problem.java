package se.pks.stream.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import se.pks.stream.model.FieldError;

/**
 * An RFC 9457 problem details body. {@code errors} is an extension member naming each field that is wrong, so a
 * client can point at the field instead of parsing {@code detail}.
 */
public record Problem(String type, String title, int status, String detail,
                      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem(final String type, final String title, final int status, final String detail) {
        this(type, title, status, detail, List.of());
    }
}
