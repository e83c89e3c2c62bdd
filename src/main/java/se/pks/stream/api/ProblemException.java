package se.pks.stream.api;

import java.util.List;
import java.util.stream.Collectors;
import se.pks.stream.ingest.PersonalIdentityNumbers;
import se.pks.stream.model.FieldError;

/**
 * A request the API answers with problem details instead of a result; thrown from wherever the problem is found
 * (validation, the state store, the broker) so resources stay free of error plumbing.
 */
public final class ProblemException extends RuntimeException {

    private final Problem problem;

    /**
     * Details often quote what was sent (an unknown unit id, a malformed date), and a caller may have sent a personal
     * identity number there: every problem is masked here, once, so no answer and no log of one can repeat it.
     */
    private ProblemException(final Problem problem) {
        super(masked(problem.detail()));
        this.problem = new Problem(problem.type(), problem.title(), problem.status(), masked(problem.detail()),
                problem.errors().stream().map(error -> new FieldError(masked(error.field()), masked(error.reason())))
                        .toList());
    }

    private static String masked(final String text) {
        return text == null ? null : PersonalIdentityNumbers.mask(text);
    }

    public Problem problem() {
        return problem;
    }

    public static ProblemException invalid(final List<FieldError> errors) {
        final String detail = errors.stream().map(FieldError::toString).collect(Collectors.joining("; "));
        return new ProblemException(new Problem("about:blank", "Invalid request", 400, detail, List.copyOf(errors)));
    }

    public static ProblemException invalid(final String field, final String reason) {
        return invalid(List.of(new FieldError(field, reason)));
    }

    public static ProblemException notFound(final String detail) {
        return new ProblemException(new Problem("about:blank", "Not found", 404, detail));
    }

    /** Something the request names does not exist: 404, with the field that named it. */
    public static ProblemException notFound(final String field, final String reason) {
        return new ProblemException(new Problem("about:blank", "Not found", 404, field + ": " + reason,
                List.of(new FieldError(field, reason))));
    }

    public static ProblemException unauthorized(final String detail) {
        return new ProblemException(new Problem("about:blank", "Unauthorized", 401, detail));
    }

    public static ProblemException forbidden(final String detail) {
        return new ProblemException(new Problem("about:blank", "Forbidden", 403, detail));
    }

    /** The request clashes with the resource's current state, e.g. a change based on a version since replaced. */
    public static ProblemException conflict(final String detail) {
        return new ProblemException(new Problem("about:blank", "Conflict", 409, detail));
    }

    /** The If-Match header names a version that is no longer the current one. */
    public static ProblemException preconditionFailed(final String detail) {
        return new ProblemException(new Problem("about:blank", "Precondition failed", 412, detail));
    }

    /** A change must say which version it was based on, so it cannot silently overwrite someone else's. */
    public static ProblemException preconditionRequired(final String detail) {
        return new ProblemException(new Problem("about:blank", "Precondition required", 428, detail));
    }

    /** The request accepts none of the types the resource can answer with. */
    public static ProblemException notAcceptable(final String detail) {
        return new ProblemException(new Problem("about:blank", "Not acceptable", 406, detail));
    }

    public static ProblemException unsupportedMediaType(final String detail) {
        return new ProblemException(new Problem("about:blank", "Unsupported media type", 415, detail));
    }

    public static ProblemException tooManyRequests(final String detail) {
        return new ProblemException(new Problem("about:blank", "Too many requests", 429, detail));
    }

    public static ProblemException tooLarge(final String detail) {
        return new ProblemException(new Problem("about:blank", "Content too large", 413, detail));
    }

    public static ProblemException unavailable(final String detail) {
        return new ProblemException(new Problem("about:blank", "Service unavailable", 503, detail));
    }
}
