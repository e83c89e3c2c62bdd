package se.pks.stream.notifications;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A webhook receiver on a free local port that records what it is sent. It can answer any status, hang past the
 * sender's timeout, or be stopped and started again on the same port, to play a receiver that is down.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One request as received, with the status it was answered with (0 when it was left hanging). */
    public record Received(String path, String idempotencyKey, String contentType, String body, int status) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile long hangMillis;
    private int port;
    private HttpServer server;
    private ExecutorService executor;

    private WebhookReceiver() {
    }

    public static WebhookReceiver start() {
        final WebhookReceiver receiver = new WebhookReceiver();
        receiver.listen(0);
        return receiver;
    }

    /** Starts again on the port it had, after {@link #stop()}. */
    public void restart() {
        listen(port);
    }

    public void stop() {
        server.stop(0);
        // Interrupts a hanging answer, so a test does not wait for it.
        executor.shutdownNow();
    }

    public void answer(final int answerStatus) {
        this.status = answerStatus;
        this.hangMillis = 0;
    }

    public void hang(final long millis) {
        this.hangMillis = millis;
    }

    public String url(final String path) {
        return "http://localhost:" + port + path;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<Received> received(final String path, final int withStatus) {
        return received.stream().filter(r -> r.path().equals(path) && r.status() == withStatus).toList();
    }

    @Override
    public void close() {
        if (server != null) {
            stop();
        }
    }

    private void listen(final int onPort) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 0);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        port = server.getAddress().getPort();
    }

    private void handle(final HttpExchange exchange) throws IOException {
        final String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        final String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        final String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        final String path = exchange.getRequestURI().getPath();
        if (hangMillis > 0) {
            received.add(new Received(path, key, contentType, body, 0));
            try {
                Thread.sleep(hangMillis);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        final int answered = status;
        received.add(new Received(path, key, contentType, body, answered));
        final byte[] answer = (answered < 300 ? "ok" : "down for maintenance").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(answered, answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
        }
    }
}
