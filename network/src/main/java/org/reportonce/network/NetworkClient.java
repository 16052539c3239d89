package org.reportonce.network;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reportonce.protocol.Json;
import org.reportonce.protocol.ReportResponse;

/**
 * The calls a user, a case holder, a platform's staff or the regulator make against a running
 * network, over real HTTP: what the scenario narrates and the end-to-end tests assert on.
 */
public final class NetworkClient implements AutoCloseable {

    /** An HTTP answer: status, body, and the body as JSON when it is JSON. */
    public record Reply(int status, String body, JsonNode json) {
        public Reply requireStatus(int expected, String what) {
            if (status != expected) {
                throw new IllegalStateException(what + " answered " + status + " (expected " + expected + "): " + body);
            }
            return this;
        }
    }

    private final URI hub;
    private final ObjectMapper json = Json.mapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();

    public NetworkClient(URI hub) {
        this.hub = hub;
    }

    /**
     * A platform's user reports content through the platform's report form: the platform's system
     * hands the image to its matcher's user-report intake ({@code POST /v1/user-reports}), which hashes
     * it (the signal set, MD5, SHA-256), drops the bytes and forwards the hashes to the hub.
     */
    public ReportResponse reportAtPlatform(URI matcher, byte[] image, String contentReference, String label) {
        Map<String, Object> declarations = Map.of("intimateImage", true, "personShownOrActing", true, "goodFaithAndTrue", true);
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("label", label);
        item.put("imageBase64", Base64.getEncoder().encodeToString(image));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("declarations", declarations);
        body.put("contentReference", contentReference);
        body.put("items", List.of(item));
        Reply r = post(matcher.resolve("/v1/user-reports"), null, body).requireStatus(201, "the user-report intake");
        try {
            return json.treeToValue(r.json(), ReportResponse.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the intake's answer is not a report response: " + r.body(), e);
        }
    }

    /** The case holder's view (case number + PIN). */
    public JsonNode caseStatus(String caseNumber, String pin) {
        return post(hub.resolve("/v1/cases/status"), null, Map.of("caseNumber", caseNumber, "pin", pin))
                .requireStatus(200, "case status").json();
    }

    /** The case holder withdraws the case. */
    public JsonNode withdraw(String caseNumber, String pin) {
        return post(hub.resolve("/v1/cases/withdraw"), null, Map.of("caseNumber", caseNumber, "pin", pin))
                .requireStatus(200, "withdrawal").json();
    }

    /** A platform's dashboard data at the hub: its deadlines, alerts, matches and sync health. */
    public JsonNode platformDashboard(String platformKey) {
        return get(hub.resolve("/v1/platform/dashboard"), platformKey).requireStatus(200, "platform dashboard").json();
    }

    /** The regulator's figures per platform for reports made in {@code [from, to)}, as JSON. */
    public JsonNode regulatorReport(String regulatorKey, Instant from, Instant to) {
        return get(regulatorUri(from, to, "json"), regulatorKey).requireStatus(200, "regulator report").json();
    }

    /** The same figures as CSV. */
    public String regulatorCsv(String regulatorKey, Instant from, Instant to) {
        return get(regulatorUri(from, to, "csv"), regulatorKey).requireStatus(200, "regulator CSV export").body();
    }

    private URI regulatorUri(Instant from, Instant to, String format) {
        return hub.resolve("/v1/regulator/report?from=" + enc(from.toString()) + "&to=" + enc(to.toString()) + "&format=" + format);
    }

    /** The hub's Prometheus metrics. */
    public String hubMetrics() {
        return get(hub.resolve("/metrics"), null).requireStatus(200, "metrics").body();
    }

    public Reply get(URI uri, String bearer) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
        if (bearer != null) b.header("Authorization", "Bearer " + bearer);
        return send(b.build());
    }

    public Reply post(URI uri, String bearer, Object body) {
        String text;
        try {
            text = body instanceof String s ? s : json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode " + body, e);
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(text));
        if (bearer != null) b.header("Authorization", "Bearer " + bearer);
        return send(b.build());
    }

    private Reply send(HttpRequest req) {
        try {
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            String ct = r.headers().firstValue("Content-Type").orElse("");
            JsonNode node = ct.contains("json") && !r.body().isEmpty() ? json.readTree(r.body()) : null;
            return new Reply(r.statusCode(), r.body(), node);
        } catch (IOException e) {
            throw new UncheckedIOException(req.method() + " " + req.uri() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + req.method() + " " + req.uri(), e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        http.close();
    }
}
