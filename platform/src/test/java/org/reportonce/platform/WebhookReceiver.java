package org.reportonce.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A platform's takedown system, as a real HTTP server: records every call (verifying its signature
 * with the shared secret) and answers 500 to the first {@code failures} calls.
 */
final class WebhookReceiver implements AutoCloseable {

    record Call(String idempotencyKey, boolean signatureValid, int attempt, JsonNode body, int answered) {}

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft;
    private volatile String secret;

    WebhookReceiver(int failures) {
        this.failuresLeft = new AtomicInteger(failures);
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/takedown", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            boolean valid = secret != null && WebhookSignature.verify(secret,
                    ex.getRequestHeaders().getFirst(WebhookSignature.TIMESTAMP_HEADER),
                    ex.getRequestHeaders().getFirst(WebhookSignature.SIGNATURE_HEADER), body, Clock.systemUTC(),
                    Duration.ofMinutes(5));
            int status = failuresLeft.getAndDecrement() > 0 ? 500 : 204;
            String attempt = ex.getRequestHeaders().getFirst("X-ReportOnce-Attempt");
            calls.add(new Call(ex.getRequestHeaders().getFirst(WebhookSignature.IDEMPOTENCY_HEADER), valid,
                    attempt == null ? 0 : Integer.parseInt(attempt), TestHub.JSON.readTree(body), status));
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        server.start();
    }

    void secret(String secret) {
        this.secret = secret;
    }

    void failNext(int n) {
        failuresLeft.set(n);
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/takedown");
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    List<Call> accepted() {
        return calls.stream().filter(c -> c.answered() / 100 == 2).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
