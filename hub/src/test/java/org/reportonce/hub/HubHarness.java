package org.reportonce.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.reportonce.protocol.Json;
import org.reportonce.testing.MovableClock;

/** A real hub on a random port and a real HTTP client to call it. */
final class HubHarness implements AutoCloseable {

    static final ObjectMapper JSON = Json.mapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Random RANDOM = new Random(42);

    final Hub hub;
    final MovableClock clock;
    final String jdbcUrl;

    HubHarness(String jdbcUrl, MovableClock clock, java.util.function.UnaryOperator<HubConfig.Builder> tweak) {
        this.clock = clock;
        this.jdbcUrl = jdbcUrl;
        HubConfig.Builder b = HubConfig.builder().jdbcUrl(jdbcUrl).clock(clock).pinChecksPerIpMinute(10_000).reportsPerIpMinute(10_000)
                .heartbeat(Duration.ofMillis(300)).pinHashMemoryKib(256);
        this.hub = Hub.start(tweak.apply(b).build());
    }

    record Reply(int status, String contentType, String raw, JsonNode json, java.net.http.HttpHeaders headers) {
        @Override
        public String toString() {
            return status + " " + raw;
        }
    }

    /** A member with a fresh key. */
    record Key(Member member, String key) {}

    Key member(String name, Role role) {
        Member m = hub.createMember(name, role);
        return new Key(m, hub.createApiKey(m.id()));
    }

    Reply get(String path, String key) {
        return send(HttpRequest.newBuilder(uri(path)).GET(), key);
    }

    Reply post(String path, String key, Object body) {
        String text;
        try {
            text = body instanceof String s ? s : JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(text)), key);
    }

    Reply send(String method, String path, String key, byte[] body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body)), key);
    }

    URI uri(String path) {
        return hub.baseUri().resolve(path.startsWith("/") ? path.substring(1) : path);
    }

    Reply send(HttpRequest.Builder b, String key) {
        if (key != null) b.header("Authorization", "Bearer " + key);
        try {
            HttpResponse<String> r = HTTP.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            String ct = r.headers().firstValue("Content-Type").orElse("");
            JsonNode json = null;
            if (ct.contains("json") && !r.body().isEmpty()) json = JSON.readTree(r.body());
            return new Reply(r.statusCode(), ct, r.body(), json, r.headers());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A random PDQ-shaped hash. */
    static String randomHex(int chars) {
        byte[] b = new byte[chars / 2];
        synchronized (RANDOM) {
            RANDOM.nextBytes(b);
        }
        return HexFormat.of().formatHex(b);
    }

    static ObjectNode declarations() {
        ObjectNode d = JSON.createObjectNode();
        d.put("intimateImage", true).put("personShownOrActing", true).put("goodFaithAndTrue", true);
        return d;
    }

    /** A report body with one item holding the given signals ("pdq:hex", "md5:hex", ...). */
    static ObjectNode report(Instant reportedAt, String... signals) {
        ObjectNode r = JSON.createObjectNode();
        r.set("declarations", declarations());
        if (reportedAt != null) r.put("reportedAt", reportedAt.toString());
        ArrayNode items = r.putArray("items");
        ObjectNode item = items.addObject();
        item.put("label", "photo 1");
        ArrayNode sigs = item.putArray("signals");
        for (String s : signals) {
            String[] p = s.split(":");
            ObjectNode sig = sigs.addObject().put("type", p[0]).put("value", p[1]);
            if (p[0].equals("pdq")) sig.put("quality", p.length > 2 ? Integer.parseInt(p[2]) : 90);
        }
        return r;
    }

    static ObjectNode credentials(JsonNode report) {
        return JSON.createObjectNode().put("caseNumber", report.get("caseNumber").asText()).put("pin", report.get("pin").asText());
    }

    static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new java.util.ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    @Override
    public void close() {
        hub.close();
    }
}
