package org.reportonce.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.reportonce.protocol.FeedbackValue;
import org.reportonce.protocol.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The matcher's HTTP API (Javalin). Handlers only parse, validate and translate: the work is done
 * by {@link Matcher}, {@link UserReports} and {@link Platform#health()}. Every error is an RFC 9457
 * problem document; every route is listed in {@code /openapi.json} ({@link OpenApiDocument}), which a
 * test checks against the routes registered here.
 */
final class PlatformServer {

    private static final Logger log = LoggerFactory.getLogger(PlatformServer.class);

    /** A route as registered (method, path) — the OpenAPI test compares these with the document. */
    record Route(String method, String path) {}

    private final Platform platform;
    private final Matcher matcher;
    private final UserReports userReports;
    private final ObjectMapper json;
    private final PlatformConfig config;
    private final List<Route> routes = new ArrayList<>();
    private final Javalin app;
    private final byte[] openApi;

    PlatformServer(Platform platform, Matcher matcher, UserReports userReports, ObjectMapper json, PlatformConfig config) {
        this.platform = platform;
        this.matcher = matcher;
        this.userReports = userReports;
        this.json = json;
        this.config = config;
        this.app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.startupWatcherEnabled = false;
            cfg.jsonMapper(new JavalinJackson(json, false));
            cfg.http.maxRequestSize = config.maxUploadBytes();
            cfg.http.prefer405over404 = true;
        });
        try {
            this.openApi = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(OpenApiDocument.build());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        app.beforeMatched(this::authorize);
        app.exception(PlatformException.class, (e, ctx) -> problem(ctx, e.status(), e.title(), e.getMessage()));
        app.exception(IllegalArgumentException.class, (e, ctx) -> problem(ctx, 400, "Bad request", e.getMessage()));
        app.exception(HttpResponseException.class, (e, ctx) -> problem(ctx, e.getStatus(), titleOf(e.getStatus()),
                e.getMessage() == null || e.getMessage().isBlank() ? titleOf(e.getStatus()) : e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> {
            log.error("{} {} failed", ctx.method(), ctx.path(), e);
            problem(ctx, 500, "Internal error", "the matcher failed to handle this request; see its log");
        });
        app.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                problem(ctx, 404, "Not found", "no route " + ctx.method() + " " + ctx.path() + "; see /openapi.json");
            }
        });
        app.error(405, ctx -> problem(ctx, 405, "Method not allowed",
                ctx.method() + " is not allowed on " + ctx.path() + "; see /openapi.json"));

        route(HandlerType.POST, "/v1/match", this::match);
        route(HandlerType.POST, "/v1/hash", this::hash);
        route(HandlerType.POST, "/v1/content", this::registerContent);
        route(HandlerType.POST, "/v1/content/image", this::registerImage);
        route(HandlerType.DELETE, "/v1/content", this::unregister);
        route(HandlerType.GET, "/v1/takedowns", this::listTakedowns);
        route(HandlerType.GET, "/v1/takedowns/{id}", ctx -> ctx.json(matcher.takedown(ctx.pathParam("id"))));
        route(HandlerType.POST, "/v1/takedowns/{id}/confirm", this::confirm);
        route(HandlerType.POST, "/v1/takedowns/{id}/redeliver", this::redeliver);
        route(HandlerType.GET, "/v1/outbox", this::outbox);
        route(HandlerType.POST, "/v1/user-reports", this::userReport);
        route(HandlerType.GET, "/v1/signals/{signalId}", this::signal);
        route(HandlerType.GET, "/health", this::health);
        route(HandlerType.GET, "/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(platform.metricsText()));
        route(HandlerType.GET, "/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
    }

    private void route(HandlerType method, String path, Handler handler) {
        routes.add(new Route(method.name(), path));
        app.addHttpHandler(method, path, handler);
    }

    List<Route> routes() {
        return List.copyOf(routes);
    }

    int start(String host, int port) {
        app.start(host, port);
        return app.port();
    }

    void stop() {
        app.stop();
    }

    // ---------------------------------------------------------------- handlers

    private void authorize(Context ctx) {
        if (config.accessToken() == null) return;
        String p = ctx.path();
        if (p.equals("/health") || p.equals("/metrics") || p.equals("/openapi.json")) return;
        String auth = ctx.header("Authorization");
        String expected = "Bearer " + config.accessToken();
        if (auth == null || !MessageDigest.isEqual(auth.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8))) {
            throw new PlatformException(401, "Unauthorized",
                    "this matcher requires 'Authorization: Bearer <access token>' (the token it was started with)");
        }
    }

    /** JSON body of POST /v1/match. */
    record MatchRequest(List<QueryHash> hashes, String contentReference, Integer threshold) {}

    private void match(Context ctx) {
        if (isJson(ctx)) {
            MatchRequest req = read(ctx, MatchRequest.class);
            if (req.hashes() == null) throw PlatformException.badRequest("field 'hashes' is required: a list of "
                    + "{type, value, quality, variant}");
            ctx.json(matcher.matchHashes(req.hashes(), new MatchOptions(req.threshold(), req.contentReference(), false)));
        } else {
            MatchOptions options = new MatchOptions(intParam(ctx, "threshold"), ctx.queryParam("contentReference"),
                    boolParam(ctx, "register"));
            ctx.json(matcher.matchImage(bytes(ctx), options));
        }
    }

    private void hash(Context ctx) {
        ctx.json(Map.of("hashes", matcher.hash(bytes(ctx))));
    }

    private void registerContent(Context ctx) {
        JsonNode node = readTree(ctx);
        List<ContentRegistration> items = new ArrayList<>();
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) items.add(convert(node.get(i), ContentRegistration.class, "[" + i + "]"));
        } else {
            items.add(convert(node, ContentRegistration.class, ""));
        }
        ctx.status(201).json(matcher.register(items));
    }

    private void registerImage(Context ctx) {
        String ref = ctx.queryParam("contentReference");
        if (ref == null || ref.isBlank()) {
            throw PlatformException.badRequest("query parameter 'contentReference' is required: the platform's id of the content");
        }
        ctx.status(201).json(matcher.registerImage(ref, bytes(ctx)));
    }

    private void unregister(Context ctx) {
        String ref = ctx.queryParam("contentReference");
        if (ref == null || ref.isBlank()) {
            throw PlatformException.badRequest("query parameter 'contentReference' is required");
        }
        if (!matcher.unregister(ref)) throw PlatformException.notFound("no stored content registered as '" + ref + "'");
        ctx.status(204);
    }

    private void listTakedowns(Context ctx) {
        String state = upper(ctx.queryParam("state"), Set.of("FOUND", "BLOCKED", "NOT_BLOCKED", "WITHDRAWN"), "state");
        String webhook = upper(ctx.queryParam("webhook"), Set.of("PENDING", "SENT", "DEAD", "CANCELLED"), "webhook");
        Integer limit = intParam(ctx, "limit");
        ctx.json(Map.of("takedowns", matcher.takedowns(state, webhook, limit == null ? 100 : limit)));
    }

    /** JSON body of POST /v1/takedowns/{id}/confirm. */
    record ConfirmRequest(FeedbackValue decision, Instant removedAt, Set<String> tags) {}

    private void confirm(Context ctx) {
        ConfirmRequest req = read(ctx, ConfirmRequest.class);
        if (req.decision() == null) {
            throw PlatformException.badRequest("field 'decision' is required: Blocked (removed or blocked) or NotBlocked");
        }
        ctx.json(matcher.confirm(ctx.pathParam("id"), req.decision(), req.removedAt(), req.tags()));
    }

    private void redeliver(Context ctx) {
        String id = ctx.pathParam("id");
        matcher.takedown(id); // 404 when unknown
        int n = platform.redeliver(id);
        ctx.json(Map.of("takedownId", id, "requeued", n));
    }

    private void outbox(Context ctx) {
        String state = upper(ctx.queryParam("state"), Set.of("PENDING", "SENT", "DEAD", "CANCELLED"), "state");
        Integer limit = intParam(ctx, "limit");
        ctx.json(Map.of("messages", platform.outbox(state == null ? "DEAD" : state, limit == null ? 100 : limit)));
    }

    private void userReport(Context ctx) {
        UserReport report = read(ctx, UserReport.class);
        UserReports.Forwarded f = userReports.forward(report);
        ctx.status(f.status()).contentType(f.contentType()).result(f.body());
    }

    private void signal(Context ctx) {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("signalId"));
        } catch (NumberFormatException e) {
            throw PlatformException.badRequest("signalId must be an integer, got '" + ctx.pathParam("signalId") + "'");
        }
        SignalInfo s = platform.signal(id);
        if (s == null) throw PlatformException.notFound("signal " + id + " is not in this matcher's bank");
        ctx.json(s);
    }

    private void health(Context ctx) {
        Platform.Health h = platform.health();
        ctx.status(h.status().equals("ok") ? 200 : 503).json(h);
    }

    // ---------------------------------------------------------------- helpers

    private static boolean isJson(Context ctx) {
        String ct = ctx.contentType();
        return ct != null && ct.toLowerCase(Locale.ROOT).startsWith("application/json");
    }

    private byte[] bytes(Context ctx) {
        String ct = ctx.contentType();
        if (ct != null && (ct.startsWith("application/json") || ct.startsWith("multipart/") || ct.startsWith("text/"))) {
            throw new PlatformException(415, "Unsupported media type", "send the image as the raw request body with "
                    + "Content-Type image/* or application/octet-stream, got " + ct);
        }
        byte[] b = imageBody(ctx);
        if (b.length == 0) throw PlatformException.badRequest("the request body is empty: send the image bytes");
        return b;
    }

    /**
     * The raw body in one allocation when the client declared its length: Javalin's bodyAsBytes
     * grows a buffer from 8 KiB by doubling, several copies of a photo upload, which profiling put
     * at a sixth of a by-bytes match's CPU. Without Content-Length (chunked), Javalin's way. The
     * configured limit holds either way (413).
     */
    private byte[] imageBody(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared < 0) return ctx.bodyAsBytes();
        if (declared > config.maxUploadBytes()) {
            throw new PlatformException(413, "Content too large", "the body is " + declared + " bytes; at most "
                    + config.maxUploadBytes() + " are accepted");
        }
        try {
            byte[] b = ctx.req().getInputStream().readNBytes((int) declared);
            if (b.length < declared) {
                throw PlatformException.badRequest("the body ended after " + b.length + " of the " + declared
                        + " bytes its Content-Length declared");
            }
            return b;
        } catch (java.io.IOException e) {
            throw PlatformException.badRequest("cannot read the body: " + e.getMessage());
        }
    }

    private static PlatformException notJson(JsonProcessingException e) {
        String msg = ChangeParser.firstLine(e.getOriginalMessage()).replaceAll(" ?\\(start marker at \\[Source.*", "");
        return PlatformException.badRequest("the body is not valid JSON: " + msg
                + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")"));
    }

    private JsonNode readTree(Context ctx) {
        if (!isJson(ctx)) {
            throw new PlatformException(415, "Unsupported media type",
                    "send JSON with Content-Type application/json, got " + (ctx.contentType() == null ? "none" : ctx.contentType()));
        }
        try {
            JsonNode node = json.readTree(ctx.bodyAsBytes());
            if (node == null || node.isMissingNode()) throw PlatformException.badRequest("the request body is empty: send JSON");
            return node;
        } catch (JsonProcessingException e) {
            throw PlatformException.badRequest("the body is not valid JSON: " + ChangeParser.firstLine(e.getOriginalMessage())
                    + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (java.io.IOException e) {
            throw PlatformException.badRequest("cannot read the body: " + e.getMessage());
        }
    }

    /** Reads a JSON object body straight into {@code type} (one pass: the match path is hot). */
    private <T> T read(Context ctx, Class<T> type) {
        if (!isJson(ctx)) {
            throw new PlatformException(415, "Unsupported media type",
                    "send JSON with Content-Type application/json, got " + (ctx.contentType() == null ? "none" : ctx.contentType()));
        }
        byte[] body = ctx.bodyAsBytes();
        if (body.length == 0) throw PlatformException.badRequest("the request body is empty: send a JSON object");
        try {
            T value = json.readValue(body, type);
            if (value == null) throw PlatformException.badRequest("the body must be a JSON object, got null");
            return value;
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof com.fasterxml.jackson.core.exc.StreamReadException bad) throw notJson(bad);
            if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException && e.getPath().isEmpty()) {
                throw PlatformException.badRequest("the body must be a JSON object");
            }
            throw PlatformException.badRequest(describe(e, ""));
        } catch (JsonProcessingException e) {
            throw notJson(e);
        } catch (java.io.IOException e) {
            throw PlatformException.badRequest("cannot read the body: " + e.getMessage());
        }
    }

    private <T> T convert(JsonNode node, Class<T> type, String prefix) {
        try {
            return json.treeToValue(node, type);
        } catch (JsonMappingException e) {
            throw PlatformException.badRequest(describe(e, prefix));
        } catch (JsonProcessingException e) {
            throw PlatformException.badRequest("invalid JSON" + (prefix.isEmpty() ? "" : " at " + prefix) + ": "
                    + ChangeParser.firstLine(e.getOriginalMessage()));
        } catch (IllegalArgumentException e) {
            Throwable c = e.getCause() instanceof JsonMappingException jm ? jm : e;
            throw PlatformException.badRequest(c instanceof JsonMappingException jm ? describe(jm, prefix) : e.getMessage());
        }
    }

    /** "items[2].value: value must be 64 hex characters, got 63" — the field path and the root cause. */
    private static String describe(JsonMappingException e, String prefix) {
        StringBuilder path = new StringBuilder(prefix);
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (!path.isEmpty()) path.append('.');
                path.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                path.append('[').append(r.getIndex()).append(']');
            }
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String msg = root instanceof JsonProcessingException jp ? jp.getOriginalMessage() : root.getMessage();
        msg = ChangeParser.firstLine(msg);
        return path.isEmpty() ? msg : path + ": " + msg;
    }

    private static Integer intParam(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) return null;
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw PlatformException.badRequest("query parameter '" + name + "' must be an integer, got '" + v + "'");
        }
    }

    private static boolean boolParam(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) return false;
        return switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw PlatformException.badRequest("query parameter '" + name + "' must be true or false, got '" + v + "'");
        };
    }

    private static String upper(String v, Set<String> allowed, String name) {
        if (v == null || v.isBlank()) return null;
        String u = v.strip().toUpperCase(Locale.ROOT);
        if (!allowed.contains(u)) {
            throw PlatformException.badRequest("query parameter '" + name + "' must be one of "
                    + String.join(", ", new java.util.TreeSet<>(allowed)) + ", got '" + v + "'");
        }
        return u;
    }

    private void problem(Context ctx, int status, String title, String detail) {
        Problem p = new Problem("about:blank", title, status, detail, ctx.path(), null);
        try {
            ctx.status(status).contentType("application/problem+json").result(json.writeValueAsBytes(p));
        } catch (JsonProcessingException e) {
            ctx.status(status).result(detail);
        }
    }

    private static String titleOf(int status) {
        return switch (status) {
            case 400 -> "Bad request";
            case 401 -> "Unauthorized";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 413 -> "Content too large";
            case 415 -> "Unsupported media type";
            default -> "HTTP " + status;
        };
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    static Set<String> set(String... s) {
        return new HashSet<>(List.of(s));
    }
}
