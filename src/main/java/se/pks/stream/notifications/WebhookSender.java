package se.pks.stream.notifications;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * POSTs a notification's JSON to a webhook (generic, Slack or Teams, by its {@link WebhookBody}). A 2xx answer is
 * delivered; any other status, a timeout or a connection failure is a failure to retry. Redirects are not
 * followed: a receiver that moved must be re-subscribed, not silently chased.
 */
public final class WebhookSender implements ChannelSender {

    private static final int ERROR_BODY_BYTES = 120;
    /** Slack's and most receivers' refusals are a short word ("invalid_token"); anything else is not stored. */
    private static final Pattern SHORT_REASON = Pattern.compile("[A-Za-z0-9_ .:,'-]{1,60}");

    private final HttpClient client;
    private final WebhookBody body;
    private final Duration requestTimeout;
    private final List<String> allowedHosts;

    /** @param allowedHosts the hosts webhooks may go to ({@code .domain} for its subdomains); empty: any */
    public WebhookSender(final HttpClient client, final WebhookBody body, final Duration requestTimeout,
                         final List<String> allowedHosts) {
        this.client = client;
        this.body = body;
        this.requestTimeout = requestTimeout;
        this.allowedHosts = allowedHosts.stream().map(host -> host.strip().toLowerCase(Locale.ROOT)).toList();
    }

    public static HttpClient client(final Duration connectTimeout) {
        return HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public void send(final AlertMessage message) throws DeliveryFailure {
        final HttpRequest request = HttpRequest.newBuilder(target(message.notification().target(), allowedHosts))
                .timeout(requestTimeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Idempotency-Key", message.idempotencyKey())
                .header("User-Agent", "pks-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body.json(message).toString(), StandardCharsets.UTF_8))
                .build();
        final HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (final HttpConnectTimeoutException e) {
            throw new DeliveryFailure("connect timed out");
        } catch (final HttpTimeoutException e) {
            throw new DeliveryFailure("no answer within " + requestTimeout.toSeconds() + " s");
        } catch (final ConnectException e) {
            throw new DeliveryFailure("connection refused or host unreachable");
        } catch (final IOException e) {
            throw new DeliveryFailure("I/O error: " + e.getClass().getSimpleName());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryFailure("interrupted (shutting down)");
        }
        final int status = response.statusCode();
        // A short answer explains most refusals (Slack's "invalid_token", "channel_not_found"); a longer one could
        // be a page of an internal service the target points at, and is not copied into the database.
        final String answer = readStart(response.body()).strip();
        if (status < 200 || status > 299) {
            throw new DeliveryFailure("HTTP " + status
                    + (SHORT_REASON.matcher(answer).matches() ? ": " + answer : ""));
        }
    }

    /**
     * Only http and https (a subscription must not make the service open files or other protocols), and only the
     * allowed hosts when there is a list.
     */
    static URI target(final String target, final List<String> allowedHosts) throws DeliveryFailure {
        final URI uri;
        try {
            uri = new URI(target);
        } catch (final URISyntaxException e) {
            throw new DeliveryFailure("target is not a valid address");
        }
        final String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new DeliveryFailure("target is not an http or https address");
        }
        final String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (!allowedHosts.isEmpty() && allowedHosts.stream().noneMatch(allowed -> allowed.startsWith(".")
                ? host.endsWith(allowed) : host.equals(allowed))) {
            throw new DeliveryFailure("target host is not in pks.alerts.delivery.webhook-hosts");
        }
        return uri;
    }

    private static String readStart(final InputStream body) {
        try (InputStream in = body) {
            return new String(in.readNBytes(ERROR_BODY_BYTES), StandardCharsets.UTF_8);
        } catch (final IOException e) {
            return "";
        }
    }
}
