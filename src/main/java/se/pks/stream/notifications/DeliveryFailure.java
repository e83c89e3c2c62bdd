package se.pks.stream.notifications;

/**
 * A channel did not take a notification. The message is stored as {@code last_error} and logged, so it is short
 * and never holds the target: webhook addresses of Slack and Teams are themselves the secret.
 */
public final class DeliveryFailure extends Exception {

    private static final int MAX_LENGTH = 200;

    public DeliveryFailure(final String reason) {
        super(shorten(reason), null, false, false);
    }

    private static String shorten(final String reason) {
        final String oneLine = reason.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= MAX_LENGTH ? oneLine : oneLine.substring(0, MAX_LENGTH);
    }
}
