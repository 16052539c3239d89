package org.reportonce.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reportonce.platform.Platforms.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.reportonce.protocol.SignalChange.SignalStatus;

/**
 * A hub that sends garbage: a small real HTTP server serving a page with bad records, a page that
 * is not JSON at all, and a stream with a bad event. The matcher logs, counts and skips each bad
 * record and never stalls on one.
 */
class MalformedRecordsTest {

    static final String H1 = "11".repeat(32);
    static final String H5 = "55".repeat(32);
    static final String H7 = "77".repeat(32);

    static String change(long seq, long id, String type, String value) {
        return """
                {"seq":%d,"signalId":%d,"type":"%s","value":"%s","quality":90,"status":"ACTIVE",
                 "reportedAt":"2026-01-01T00:00:00Z","deadline":"2026-01-03T00:00:00Z","changedAt":"2026-01-01T00:00:00Z"}"""
                .formatted(seq, id, type, value);
    }

    @Test
    void badRecords_areSkippedCountedAndLogged_whileGoodOnesAround_themAreApplied() throws Exception {
        AtomicInteger pageCalls = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/signals", ex -> {
            String query = ex.getRequestURI().getQuery();
            if (ex.getRequestURI().getPath().equals("/v1/signals/stream")) {
                stream(ex);
                return;
            }
            int call = pageCalls.incrementAndGet();
            if (call == 1) {
                respond(ex, 200, "<html>upstream proxy error</html>"); // a whole page that is not JSON
                return;
            }
            if (query.contains("after=0")) {
                respond(ex, 200, """
                        {"changes":[%s,
                          %s,
                          %s,
                          {"signalId":9,"type":"pdq"},
                          %s],
                         "next":5,"hasMore":false,"skipped":[{"seq":4,"reason":"could not encode"}]}"""
                        .formatted(change(1, 1, "pdq", H1), change(2, 2, "sha1", H1), change(3, 3, "pdq", "zz".repeat(32)),
                                change(5, 5, "pdq", H5)));
            } else {
                String after = query.replaceAll(".*after=(\\d+).*", "$1");
                respond(ex, 200, "{\"changes\":[],\"next\":" + after + ",\"hasMore\":false,\"skipped\":[]}");
            }
        });
        server.start();
        URI hub = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        try (Platform p = Platform.start(Platforms.config(hub, "any-key").build())) {
            await("checkpoint past every record", Duration.ofSeconds(20), () -> p.checkpoint() >= 7);
            assertThat(p.signal(1).status()).isEqualTo(SignalStatus.ACTIVE);
            assertThat(p.signal(5).status()).isEqualTo(SignalStatus.ACTIVE);
            assertThat(p.signal(7).status()).isEqualTo(SignalStatus.ACTIVE);
            assertThat(p.signal(2)).isNull();
            assertThat(p.signal(3)).isNull();
            assertThat(p.matcher().matchHashes(List.of(QueryHash.pdq(H7, 90)), MatchOptions.DEFAULT).matched()).isTrue();

            Platform.Health h = p.health();
            // seq 2 (unknown type), 3 (bad hex), the record without a seq, 4 (skipped by the hub), 6 (bad event)
            assertThat(h.skippedRecords()).isEqualTo(5);
            assertThat(p.metricsText()).contains("reportonce_platform_sync_skipped_total 5.0");
            // the page that was not JSON was retried, not skipped
            assertThat(p.metricsText()).containsPattern("reportonce_platform_sync_errors_total [1-9]");
            assertThat(h.status()).isEqualTo("ok");
        } finally {
            server.stop(0);
        }
    }

    private static void stream(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = ex.getResponseBody()) {
            String events = ": hello\n\n"
                    + "id: 6\nevent: signal\ndata: {\"seq\":6, \"signalId\": oops\n\n"
                    + "id: 7\nevent: signal\ndata: " + change(7, 7, "pdq", H7).replace("\n", "") + "\n\n";
            out.write(events.getBytes(StandardCharsets.UTF_8));
            out.flush();
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void respond(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }
}
