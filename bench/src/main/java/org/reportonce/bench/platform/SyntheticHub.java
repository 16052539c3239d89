package org.reportonce.bench.platform;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import org.reportonce.hashing.Hash256;

/**
 * A stand-in hub for load runs that need millions of signals at once (filing that many reports
 * through the real hub would take hours): serves {@code GET /v1/signals} pages of synthetic ACTIVE
 * PDQ signals 1..N, generated on the fly from a seed, and accepts feedback and attestations. The
 * stream endpoint answers 404, so the matcher polls. Signal i has id i, seq i and
 * {@link #hash(long, long) hash(seed, i)}.
 */
final class SyntheticHub implements AutoCloseable {

    private final HttpServer server;
    private final long signals;
    private final long seed;

    SyntheticHub(long signals, long seed) throws IOException {
        this.signals = signals;
        this.seed = seed;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/v1/signals", this::signals);
        server.createContext("/v1/feedback", ex -> respond(ex, 202, "{}"));
        server.createContext("/v1/takedowns", ex -> respond(ex, 202, "{}"));
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    static Hash256 hash(long seed, long i) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
        return new Hash256(r.nextLong(), r.nextLong(), r.nextLong(), r.nextLong());
    }

    private void signals(HttpExchange ex) throws IOException {
        if (ex.getRequestURI().getPath().endsWith("/stream")) {
            respond(ex, 404, "{\"title\":\"no stream here\"}");
            return;
        }
        long after = 0;
        int limit = 1000;
        for (String kv : ex.getRequestURI().getQuery().split("&")) {
            if (kv.startsWith("after=")) after = Long.parseLong(kv.substring(6));
            if (kv.startsWith("limit=")) limit = Integer.parseInt(kv.substring(6));
        }
        long last = Math.min(signals, after + limit);
        StringBuilder sb = new StringBuilder((int) Math.max(64, (last - after) * 260));
        sb.append("{\"changes\":[");
        for (long i = after + 1; i <= last; i++) {
            if (i > after + 1) sb.append(',');
            sb.append("{\"seq\":").append(i).append(",\"signalId\":").append(i)
                    .append(",\"type\":\"pdq\",\"value\":\"").append(hash(seed, i).toHex())
                    .append("\",\"quality\":90,\"status\":\"ACTIVE\",\"reportedAt\":\"2026-01-01T00:00:00Z\","
                            + "\"deadline\":\"2026-01-03T00:00:00Z\",\"changedAt\":\"2026-01-01T00:00:00Z\"}");
        }
        sb.append("],\"next\":").append(Math.max(after, last)).append(",\"hasMore\":").append(last < signals)
                .append(",\"skipped\":[]}");
        respond(ex, 200, sb.toString());
    }

    private static void respond(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
