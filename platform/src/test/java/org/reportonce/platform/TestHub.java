package org.reportonce.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.reportonce.hub.Hub;
import org.reportonce.hub.HubConfig;
import org.reportonce.hub.Member;
import org.reportonce.hub.Role;
import org.reportonce.protocol.Declarations;
import org.reportonce.protocol.Json;
import org.reportonce.protocol.ReportRequest;
import org.reportonce.protocol.ReportResponse;
import org.reportonce.protocol.SignalInput;
import org.reportonce.protocol.SignalType;

/** A real hub in-process on a random (or given) port, with helpers to file reports as a victim would. */
final class TestHub implements AutoCloseable {

    static final ObjectMapper JSON = Json.mapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final Declarations ALL_DECLARED = new Declarations(true, true, true);

    final Hub hub;

    private TestHub(Hub hub) {
        this.hub = hub;
    }

    static TestHub start() {
        return start(null, 0);
    }

    static TestHub start(Path dataDir, int port) {
        return new TestHub(Hub.start(HubConfig.builder().dataDir(dataDir).port(port)
                .pinChecksPerIpMinute(100_000).requestsPerKeySecond(100_000).heartbeat(Duration.ofSeconds(2)).build()));
    }

    URI uri() {
        return hub.baseUri();
    }

    /** A new platform member and its API key. */
    String platformKey(String name) {
        Member m = hub.createMember(name, Role.PLATFORM);
        return hub.createApiKey(m.id());
    }

    /** Files a portal report with one item per PDQ hash (quality 90). */
    ReportResponse reportPdq(String... hex) {
        List<ReportRequest.Item> items = new ArrayList<>();
        for (String h : hex) items.add(new ReportRequest.Item(null, List.of(new SignalInput(SignalType.PDQ, h, 90))));
        return report(new ReportRequest(ALL_DECLARED, null, items, null));
    }

    /** One reported picture whose signal set is the given PDQ hashes (one item, one clock). */
    ReportResponse reportSignalSet(String... hex) {
        List<SignalInput> signals = new ArrayList<>();
        for (String h : hex) signals.add(new SignalInput(SignalType.PDQ, h, 90));
        return report(new ReportRequest(ALL_DECLARED, null, List.of(new ReportRequest.Item(null, signals)), null));
    }

    ReportResponse report(ReportRequest r) {
        Reply reply = post("/v1/reports", null, r);
        if (reply.status() != 201) throw new IllegalStateException("report refused: " + reply);
        try {
            return JSON.treeToValue(reply.json(), ReportResponse.class);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    JsonNode caseStatus(ReportResponse r) {
        return post("/v1/cases/status", null, Map.of("caseNumber", r.caseNumber(), "pin", r.pin())).json();
    }

    JsonNode withdraw(ReportResponse r) {
        Reply reply = post("/v1/cases/withdraw", null, Map.of("caseNumber", r.caseNumber(), "pin", r.pin()));
        if (reply.status() != 200) throw new IllegalStateException("withdraw refused: " + reply);
        return reply.json();
    }

    record Reply(int status, String raw, JsonNode json) {}

    Reply post(String path, String key, Object body) {
        return TestHub.post(uri().resolve(path), key, body);
    }

    static Reply post(URI uri, String key, Object body) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body)));
            if (key != null) b.header("Authorization", "Bearer " + key);
            return reply(HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static Reply get(URI uri) {
        try {
            return reply(HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static Reply send(HttpRequest r) {
        try {
            return reply(HTTP.send(r, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Reply reply(HttpResponse<String> r) throws IOException {
        String ct = r.headers().firstValue("Content-Type").orElse("");
        JsonNode json = ct.contains("json") && !r.body().isEmpty() ? JSON.readTree(r.body()) : null;
        return new Reply(r.statusCode(), r.body(), json);
    }

    /** A random PDQ-looking hash (uniform bits). */
    static String randomHash(Random random) {
        StringBuilder sb = new StringBuilder(64);
        for (int i = 0; i < 64; i++) sb.append(Character.forDigit(random.nextInt(16), 16));
        return sb.toString();
    }

    /** {@code hex} with {@code bits} distinct bits flipped. */
    static String flip(String hex, int bits, Random random) {
        org.reportonce.hashing.Hash256 h = org.reportonce.hashing.Hash256.fromHex(hex);
        long[] w = {h.w0(), h.w1(), h.w2(), h.w3()};
        java.util.Set<Integer> chosen = new java.util.HashSet<>();
        while (chosen.size() < bits) chosen.add(random.nextInt(256));
        for (int b : chosen) w[b >> 6] ^= 1L << (b & 63);
        return new org.reportonce.hashing.Hash256(w[0], w[1], w[2], w[3]).toHex();
    }

    @Override
    public void close() {
        hub.close();
    }
}
