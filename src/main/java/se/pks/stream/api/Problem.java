package se.pks.stream.api;

/** An RFC 9457 problem details body. */
public record Problem(String type, String title, int status, String detail) {

    public static final String MEDIA_TYPE = "application/problem+json";
}
