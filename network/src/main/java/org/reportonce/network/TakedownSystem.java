package org.reportonce.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.reportonce.network.TakedownEvent.Kind;
import org.reportonce.platform.WebhookSignature;
import org.reportonce.protocol.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A demo platform's own takedown system: what a real platform would have behind the matcher's
 * webhook (a moderation queue, a legal-removal tool). It accepts the matcher's signed webhook,
 * moves the matched file from the platform's content folder to its quarantine folder, and tells the
 * matcher the content is gone ({@code POST /v1/takedowns/{id}/confirm} with {@code Blocked} and the
 * removal time), which the matcher passes on to the hub as the takedown attestation.
 *
 * <p>It trusts nothing in a call it cannot verify: the HMAC signature and timestamp are checked
 * first ({@link WebhookSignature#verify}, 5 minutes' tolerance), the content reference must name a
 * file inside the content folder, and the confirmation goes to the matcher this system was attached
 * to, never to a URL taken from the body. The webhook is answered at once (202) and the work done on
 * one worker thread, as a real queue would; repeating a call (same {@code Idempotency-Key}) or a
 * second signal matching a file already quarantined is harmless.
 */
public final class TakedownSystem implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TakedownSystem.class);
    static final int MAX_BODY_BYTES = 1 << 20;
    static final Duration SIGNATURE_TOLERANCE = Duration.ofMinutes(5);
    private static final Pattern TAKEDOWN_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,200}");
    private static final int CONFIRM_ATTEMPTS = 6;

    private final String platform;
    private final Path folder;
    private final Path contentDir;
    private final Path quarantineDir;
    private final Path logFile;
    private final String secret;
    private final Clock clock;
    private final ObjectMapper json = Json.mapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();
    private final HttpServer server;
    private final ExecutorService worker;
    private final List<TakedownEvent> events = new CopyOnWriteArrayList<>();
    private final List<Consumer<TakedownEvent>> listeners = new CopyOnWriteArrayList<>();
    private final Set<String> seenKeys = ConcurrentHashMap.newKeySet();
    private volatile URI matcher;

    private TakedownSystem(String platform, Path folder, String secret, Clock clock) throws IOException {
        this.platform = platform;
        this.folder = folder.toAbsolutePath().normalize();
        this.contentDir = this.folder.resolve(LocalNetwork.CONTENT_DIR);
        this.quarantineDir = this.folder.resolve(LocalNetwork.QUARANTINE_DIR);
        this.logFile = this.folder.resolve("takedowns.log");
        this.secret = secret;
        this.clock = clock;
        Files.createDirectories(contentDir);
        Files.createDirectories(quarantineDir);
        this.worker = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().daemon()
                .name("takedown-" + platform.toLowerCase(java.util.Locale.ROOT)).unstarted(r));
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/webhook", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(2, r -> Thread.ofPlatform().daemon()
                .name("takedown-http-" + platform.toLowerCase(java.util.Locale.ROOT)).unstarted(r)));
        server.start();
    }

    /**
     * Starts the takedown system of a platform whose files live in {@code folder/content}; quarantined
     * files go to {@code folder/quarantine}. {@code secret} is the webhook's HMAC key, shared with the matcher.
     */
    public static TakedownSystem start(String platform, Path folder, String secret, Clock clock) {
        if (secret == null || secret.length() < 16) throw new IllegalArgumentException("webhook secret must be at least 16 characters");
        try {
            return new TakedownSystem(platform, folder, secret, clock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the takedown system of " + platform + ": " + e.getMessage(), e);
        }
    }

    /** Where the matcher sends its webhook. */
    public URI webhookUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/webhook");
    }

    /** The matcher this system confirms to (set once the matcher runs: it needs the webhook URI first). */
    void attach(URI matcherBaseUri) {
        String s = matcherBaseUri.toString();
        this.matcher = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    }

    /** Everything done so far, oldest first. */
    public List<TakedownEvent> events() {
        return List.copyOf(events);
    }

    /** Calls {@code listener} with every later event (on the thread that made it). */
    public void addListener(Consumer<TakedownEvent> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<TakedownEvent> listener) {
        listeners.remove(listener);
    }

    // ---------------------------------------------------------------- webhook

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!"POST".equals(ex.getRequestMethod())) {
                ex.getResponseHeaders().add("Allow", "POST");
                respond(ex, 405, problem(405, "Method not allowed", "the takedown webhook accepts POST only"));
                return;
            }
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readNBytes(MAX_BODY_BYTES + 1);
            }
            if (body.length > MAX_BODY_BYTES) {
                refuse(null, "body larger than " + MAX_BODY_BYTES + " bytes");
                respond(ex, 413, problem(413, "Content too large", "a webhook body is at most " + MAX_BODY_BYTES + " bytes"));
                return;
            }
            String ts = ex.getRequestHeaders().getFirst(WebhookSignature.TIMESTAMP_HEADER);
            String sig = ex.getRequestHeaders().getFirst(WebhookSignature.SIGNATURE_HEADER);
            if (!WebhookSignature.verify(secret, ts, sig, body, clock, SIGNATURE_TOLERANCE)) {
                refuse(null, "bad or missing signature, or timestamp more than " + SIGNATURE_TOLERANCE.toMinutes() + " min off");
                respond(ex, 401, problem(401, "Unauthorized", "the " + WebhookSignature.SIGNATURE_HEADER
                        + " header does not verify with this platform's webhook secret, or "
                        + WebhookSignature.TIMESTAMP_HEADER + " is missing or more than "
                        + SIGNATURE_TOLERANCE.toMinutes() + " minutes off"));
                return;
            }
            JsonNode node;
            try {
                node = json.readTree(body);
            } catch (IOException e) {
                refuse(null, "body is not JSON");
                respond(ex, 400, problem(400, "Bad request", "the body is not valid JSON"));
                return;
            }
            String event = node == null ? null : text(node, "event");
            if ("match".equals(event)) {
                Match m = parseMatch(node);
                if (m == null) {
                    refuse(null, "match event without a valid takedownId and contentReference");
                    respond(ex, 400, problem(400, "Bad request",
                            "a match event needs 'takedownId' (letters, digits, _.:-) and 'contentReference'"));
                    return;
                }
                String key = ex.getRequestHeaders().getFirst(WebhookSignature.IDEMPOTENCY_HEADER);
                if (key != null && !seenKeys.add(key)) {
                    respond(ex, 200, "{\"duplicate\":true}");
                    return;
                }
                emit(new TakedownEvent(clock.instant(), platform, Kind.WEBHOOK_RECEIVED, m.takedownId, m.signalId,
                        m.contentReference, m.distance, m.variant, "signal " + m.signalId + " matched at distance " + m.distance
                        + (m.variant == null ? "" : " (" + m.variant + ")")));
                worker.execute(() -> takeDown(m));
                respond(ex, 202, "{\"accepted\":true}");
            } else if ("withdrawn".equals(event)) {
                emit(new TakedownEvent(clock.instant(), platform, Kind.WITHDRAWN, text(node, "takedownId"),
                        node.path("signalId").asLong(0), text(node, "contentReference"), -1, null,
                        "the report was withdrawn before a decision"));
                respond(ex, 200, "{\"accepted\":true}");
            } else {
                refuse(null, "unknown event " + event);
                respond(ex, 400, problem(400, "Bad request", "'event' must be match or withdrawn, got "
                        + (event == null ? "nothing" : "'" + abbreviate(event) + "'")));
            }
        } catch (RuntimeException e) {
            log.error("{} takedown webhook failed", platform, e);
        }
    }

    private record Match(String takedownId, long signalId, String contentReference, int distance, String variant) {}

    private static Match parseMatch(JsonNode n) {
        String id = text(n, "takedownId");
        String ref = text(n, "contentReference");
        if (id == null || !TAKEDOWN_ID.matcher(id).matches() || ref == null || ref.isBlank() || ref.length() > 1024) return null;
        return new Match(id, n.path("signal").path("signalId").asLong(0), ref, n.path("distance").asInt(-1), text(n, "variant"));
    }

    // ---------------------------------------------------------------- the work

    private void takeDown(Match m) {
        Path file = resolve(m.contentReference);
        if (file == null) {
            refuse(m, "'" + abbreviate(m.contentReference) + "' is not a file in " + contentDir);
            return;
        }
        Path quarantined = quarantineDir.resolve(contentDir.relativize(file));
        String detail;
        try {
            if (Files.exists(file)) {
                Files.createDirectories(quarantined.getParent());
                try {
                    Files.move(file, quarantined, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(file, quarantined, StandardCopyOption.REPLACE_EXISTING);
                }
                detail = "moved to " + folder.relativize(quarantined);
            } else if (Files.exists(quarantined)) {
                detail = "already in " + folder.relativize(quarantined);
            } else {
                detail = "no longer on the platform";
            }
            appendLog(m, detail);
        } catch (IOException e) {
            emit(new TakedownEvent(clock.instant(), platform, Kind.FAILED, m.takedownId, m.signalId, m.contentReference,
                    m.distance, m.variant, "could not quarantine: " + e.getMessage()));
            return;
        }
        Instant removedAt = clock.instant();
        emit(new TakedownEvent(removedAt, platform, Kind.QUARANTINED, m.takedownId, m.signalId, m.contentReference,
                m.distance, m.variant, detail));
        confirm(m, removedAt);
    }

    /** The file a content reference names, or null when it is not inside the content folder. */
    Path resolve(String contentReference) {
        try {
            Path p = folder.resolve(contentReference).normalize();
            return p.startsWith(contentDir) && !p.equals(contentDir) ? p : null;
        } catch (java.nio.file.InvalidPathException e) {
            return null;
        }
    }

    private void confirm(Match m, Instant removedAt) {
        URI base = matcher;
        if (base == null) {
            emit(new TakedownEvent(clock.instant(), platform, Kind.FAILED, m.takedownId, m.signalId, m.contentReference,
                    m.distance, m.variant, "no matcher attached to confirm to"));
            return;
        }
        ObjectNode body = json.createObjectNode();
        body.put("decision", "Blocked");
        body.put("removedAt", removedAt.toString());
        body.putArray("tags").add("quarantined");
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/v1/takedowns/" + m.takedownId + "/confirm"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        String last = null;
        long delay = 100;
        for (int attempt = 1; attempt <= CONFIRM_ATTEMPTS; attempt++) {
            try {
                HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 || r.statusCode() == 409) {
                    emit(new TakedownEvent(clock.instant(), platform, Kind.CONFIRMED, m.takedownId, m.signalId,
                            m.contentReference, m.distance, m.variant, r.statusCode() == 200 ? "Blocked, removed at " + removedAt
                            : "already decided at the matcher"));
                    return;
                }
                last = "matcher answered " + r.statusCode() + ": " + abbreviate(r.body());
                if (r.statusCode() / 100 == 4) break;
            } catch (IOException e) {
                last = "matcher unreachable: " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            delay = Math.min(delay * 2, 2000);
        }
        emit(new TakedownEvent(clock.instant(), platform, Kind.FAILED, m.takedownId, m.signalId, m.contentReference,
                m.distance, m.variant, "could not confirm: " + last));
    }

    private void appendLog(Match m, String detail) throws IOException {
        String line = clock.instant() + "\ttakedown " + m.takedownId + "\tsignal " + m.signalId + "\t" + m.contentReference
                + "\tdistance " + m.distance + (m.variant == null ? "" : " (" + m.variant + ")") + "\t" + detail + "\n";
        Files.writeString(logFile, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    // ---------------------------------------------------------------- helpers

    private void refuse(Match m, String why) {
        log.warn("{} takedown system refused a call: {}", platform, why);
        emit(new TakedownEvent(clock.instant(), platform, Kind.REFUSED, m == null ? null : m.takedownId,
                m == null ? 0 : m.signalId, m == null ? null : m.contentReference, m == null ? -1 : m.distance,
                m == null ? null : m.variant, why));
    }

    private void emit(TakedownEvent e) {
        events.add(e);
        for (Consumer<TakedownEvent> l : listeners) {
            try {
                l.accept(e);
            } catch (RuntimeException ex) {
                log.warn("takedown listener failed", ex);
            }
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || !v.isTextual() ? null : v.asText();
    }

    private String problem(int status, String title, String detail) {
        ObjectNode p = json.createObjectNode();
        p.put("type", "about:blank");
        p.put("title", title);
        p.put("status", status);
        p.put("detail", detail);
        return p.toString();
    }

    private static void respond(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", status >= 400 ? "application/problem+json" : "application/json");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    private static String abbreviate(String s) {
        if (s == null) return "";
        return s.length() > 120 ? s.substring(0, 120) + "…" : s;
    }

    @Override
    public void close() {
        server.stop(0);
        ((ExecutorService) server.getExecutor()).shutdownNow();
        worker.shutdown();
        try {
            if (!worker.awaitTermination(5, TimeUnit.SECONDS)) worker.shutdownNow();
        } catch (InterruptedException e) {
            worker.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
