package org.reportonce.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The matcher's side of the hub API (java.net.http): signal pages, the SSE stream, feedback,
 * takedown attestations and forwarded user reports. Every request carries the platform's key.
 */
final class HubClient implements AutoCloseable {

    /** A hub answer that is not what the protocol promises (status or body); {@code status} 0 = no HTTP status. */
    static final class HubException extends Exception {
        final int status;

        HubException(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /** One page of changes; records that could not be read are {@link IncomingRecord.Malformed}. */
    record Page(List<IncomingRecord> records, long next, boolean hasMore) {}

    /** A raw hub answer. */
    record Response(int status, String contentType, String body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final URI base;
    private final String apiKey;
    private final Duration timeout;
    private final HttpClient http;
    private final ObjectMapper json;
    private final ChangeParser parser;

    HubClient(URI base, String apiKey, Duration timeout, ObjectMapper json) {
        this.base = base;
        this.apiKey = apiKey;
        this.timeout = timeout;
        this.json = json;
        this.parser = new ChangeParser(json);
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    URI base() {
        return base;
    }

    Page fetchPage(long after, int limit) throws IOException, InterruptedException, HubException {
        HttpRequest req = request("/v1/signals?after=" + after + "&limit=" + limit)
                .header("Accept", "application/json").GET().build();
        HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (resp.statusCode() != 200) {
            throw new HubException(resp.statusCode(), "GET /v1/signals answered " + resp.statusCode() + ": " + excerpt(resp.body()));
        }
        JsonNode root;
        try {
            root = json.readTree(resp.body());
        } catch (IOException e) {
            throw new HubException(200, "GET /v1/signals answered a body that is not JSON: "
                    + ChangeParser.firstLine(e.getMessage()));
        }
        JsonNode changes = root == null ? null : root.get("changes");
        JsonNode next = root == null ? null : root.get("next");
        if (changes == null || !changes.isArray() || next == null || !next.isIntegralNumber()) {
            throw new HubException(200, "GET /v1/signals answered a page without 'changes' array and integer 'next': "
                    + excerpt(resp.body()));
        }
        List<IncomingRecord> out = new ArrayList<>(changes.size() + 4);
        for (JsonNode c : changes) {
            out.add(parser.parse(c, null));
        }
        JsonNode skipped = root.get("skipped");
        if (skipped != null && skipped.isArray()) {
            for (JsonNode s : skipped) {
                JsonNode seq = s.get("seq");
                out.add(new IncomingRecord.Malformed(seq != null && seq.canConvertToLong() ? seq.asLong() : null,
                        "hub skipped it: " + (s.hasNonNull("reason") ? s.get("reason").asText() : "no reason given"),
                        s.toString()));
            }
        }
        JsonNode hasMore = root.get("hasMore");
        return new Page(out, next.asLong(), hasMore != null && hasMore.asBoolean(false));
    }

    /** Opens the SSE stream from {@code lastEventId}; the caller reads and closes it. */
    SseConnection openStream(long lastEventId) throws IOException, InterruptedException, HubException {
        HttpRequest req = HttpRequest.newBuilder(base.resolve("/v1/signals/stream?after=" + lastEventId))
                .header("Authorization", "Bearer " + apiKey)
                .header("Accept", "text/event-stream")
                .header("Last-Event-ID", Long.toString(lastEventId))
                .GET().build();
        HttpResponse<InputStream> resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        if (resp.statusCode() != 200) {
            String body;
            try (InputStream in = resp.body()) {
                body = new String(in.readNBytes(2000), StandardCharsets.UTF_8);
            }
            throw new HubException(resp.statusCode(), "GET /v1/signals/stream answered " + resp.statusCode() + ": " + excerpt(body));
        }
        return new SseConnection(resp.body(), parser);
    }

    Response postJson(String path, String body) throws IOException, InterruptedException {
        HttpRequest req = request(path)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Response(resp.statusCode(), resp.headers().firstValue("Content-Type").orElse(""), resp.body());
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(base.resolve(pathAndQuery))
                .timeout(timeout)
                .header("Authorization", "Bearer " + apiKey);
    }

    /** Closes every connection to the hub at once (the signal stream included). */
    @Override
    public void close() {
        http.shutdownNow();
    }

    static String excerpt(String body) {
        if (body == null) return "";
        String s = body.strip();
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
