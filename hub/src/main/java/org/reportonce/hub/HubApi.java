package org.reportonce.hub;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.javalin.Javalin;
import io.javalin.event.HandlerMetaInfo;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.reportonce.hub.OpenApi.Access;
import org.reportonce.hub.OpenApi.Param;
import org.reportonce.hub.OpenApi.RouteDoc;
import org.reportonce.hub.auth.ApiKeys;
import org.reportonce.hub.auth.Caller;
import org.reportonce.hub.auth.RateLimiter;
import org.reportonce.hub.http.ApiException;
import org.reportonce.protocol.Json;
import org.reportonce.protocol.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP surface: the route table (each route with its roles and its OpenAPI entry), the one
 * place errors become problem JSON, body reading with a size limit, and authentication.
 */
final class HubApi {

    private static final Logger LOG = LoggerFactory.getLogger(HubApi.class);
    static final String CALLER = "reportonce.caller";

    /** Strict reading: trailing garbage, floats for ints and numbers for enums are errors, not guesses. */
    static final ObjectMapper MAPPER = Json.mapper().copy()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

    interface Handler {
        void handle(Context ctx, Caller caller) throws Exception;
    }

    /**
     * Finds who is calling a route from the request's credentials, or throws 401. The default reads
     * {@code Authorization: Bearer}; the StopNCII-compatible routes read that API's headers instead.
     */
    interface Authenticator {
        Caller authenticate(Context ctx);
    }

    /**
     * Says why a key may not call the hub's own routes (null when it may): keys limited to some
     * StopNCII endpoints are refused everywhere else. Set once while routes are registered.
     */
    private java.util.function.Function<String, String> keyRestriction = keyId -> null;

    private final Javalin app;
    private final OpenApi openApi = new OpenApi();
    private final List<HandlerMetaInfo> registered = new CopyOnWriteArrayList<>();
    private final Hub hub;
    private final RateLimiter perKey;
    private final long maxBody;
    /**
     * Valid keys seen in the last few seconds, by fingerprint, so a busy platform does not cost a
     * database lookup per request. Revocation through this hub clears it at once; a revocation made by
     * another process (the CLI, another hub) takes effect within {@link #KEY_CACHE_NANOS}.
     */
    private final java.util.concurrent.ConcurrentHashMap<String, CachedKey> keyCache = new java.util.concurrent.ConcurrentHashMap<>();
    private static final long KEY_CACHE_NANOS = 5_000_000_000L;
    private static final int KEY_CACHE_MAX = 10_000;

    private record CachedKey(Caller.Authenticated caller, long until) {}

    HubApi(Hub hub, HubConfig config) {
        this.hub = hub;
        this.maxBody = config.maxRequestBytes();
        this.perKey = new RateLimiter(java.time.Clock.systemUTC(), config.requestsPerKeySecond() * 2, 2000);
        this.app = Javalin.create(c -> {
            c.showJavalinBanner = false;
            c.useVirtualThreads = true;
            c.http.maxRequestSize = config.maxRequestBytes();
            c.jsonMapper(new JavalinJackson(MAPPER, false));
            c.events.handlerAdded(h -> {
                if (h.getHttpMethod().isHttpMethod()) registered.add(h); // endpoints, not before/after filters
            });
            if (HubApi.class.getClassLoader().getResource("web/index.html") != null) {
                c.staticFiles.add(s -> {
                    s.hostedPath = "/";
                    s.directory = "web";
                    s.location = Location.CLASSPATH;
                });
            }
        });
        app.before(HubApi::securityHeaders);
        app.exception(ApiException.class, (e, ctx) -> problem(ctx, e));
        app.exception(HttpResponseException.class, (e, ctx) -> problem(ctx, new ApiException(e.getStatus(),
                e.getStatus() == 413 ? "too-large" : "http-" + e.getStatus(), e.getMessage(), e.getMessage(), null)));
        app.exception(Exception.class, (e, ctx) -> {
            if (databaseUnavailable(e)) {
                LOG.warn("database unavailable on {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
                problem(ctx, new ApiException(503, "unavailable", "Temporarily unavailable",
                        "the hub cannot reach its database just now; nothing was changed. Retry shortly.", null).header("Retry-After", "5"));
                return;
            }
            LOG.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
            problem(ctx, new ApiException(500, "internal", "Internal error",
                    "the hub could not complete the request; nothing partial was kept. The error is logged.", null));
        });
        app.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                problem(ctx, ApiException.notFound("no endpoint " + ctx.method() + " " + ctx.path() + "; see /openapi.json"));
            }
        });
        app.error(405, ctx -> problem(ctx, new ApiException(405, "method-not-allowed", "Method not allowed",
                ctx.method() + " is not supported on " + ctx.path() + "; see /openapi.json", null)));
    }

    /**
     * The pages are for people who may be watched or whose device may be shared: nothing the hub serves
     * may be framed by another site, load code or send data anywhere but this origin (the portal's
     * promise that pictures never leave the device is enforced by the browser, not only by our scripts),
     * leak a case number through the Referer header, or be kept by a cache. {@code blob:} covers the
     * local previews of the chosen pictures; {@code data:} covers GOV.UK Frontend's inline images.
     */
    static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' blob: data:",
            "font-src 'self' data:", "connect-src 'self'", "worker-src 'self'", "object-src 'none'",
            "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'");

    private static void securityHeaders(Context ctx) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
        ctx.header("Cross-Origin-Opener-Policy", "same-origin");
        // case status and dashboards change and are private; the versioned vendor files may be cached
        if (!ctx.path().startsWith("/vendor/")) ctx.header("Cache-Control", "no-store");
    }

    /** A lost or refused database connection: SQLState class 08, PostgreSQL shutting down (57P01-57P03), or the pool timing out. */
    static boolean databaseUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException) return true;
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P0"))) return true;
        }
        return false;
    }

    Javalin app() {
        return app;
    }

    OpenApi openApi() {
        return openApi;
    }

    List<HandlerMetaInfo> registered() {
        return List.copyOf(registered);
    }

    /** Registers a route with its roles and documentation. */
    void route(HandlerType method, String path, Set<Access> access, String summary, Type request, Type response, int status,
            List<Param> params, Handler handler) {
        route(method, path, access, summary, request, response, status, "application/json", params, handler);
    }

    void route(HandlerType method, String path, Set<Access> access, String summary, Type request, Type response, int status,
            String mediaType, List<Param> params, Handler handler) {
        route(method, path, access, summary, request, response, status, mediaType, params, this::bearer, handler);
    }

    /** A route whose callers authenticate with {@code authenticator} rather than the bearer header. */
    void route(HandlerType method, String path, Set<Access> access, String summary, Type request, Type response, int status,
            String mediaType, List<Param> params, Authenticator authenticator, Handler handler) {
        openApi.add(new RouteDoc(method.name(), path, summary, access, request, response, status, mediaType, params));
        app.addHttpHandler(method, path, ctx -> {
            Caller caller = authorize(ctx, access, authenticator);
            handler.handle(ctx, caller);
        });
    }

    void keyRestriction(java.util.function.Function<String, String> restriction) {
        this.keyRestriction = restriction;
    }

    /** Resolves the caller and checks its role against the route; 401 or 403 with the reason. */
    private Caller authorize(Context ctx, Set<Access> access, Authenticator authenticator) {
        Caller caller = authenticator.authenticate(ctx);
        if (caller instanceof Caller.Authenticated a) {
            long wait = perKey.tryAcquire(a.keyId());
            if (wait > 0) throw ApiException.tooManyRequests("too many requests with this API key; slow down", wait);
        }
        ctx.attribute(CALLER, caller);
        if (caller instanceof Caller.Authenticated a) {
            if (!access.contains(Access.valueOf(a.role().name()))) throw forbidden(access, a);
        } else if (!access.contains(Access.ANYONE) && !access.contains(Access.CASE_HOLDER)) {
            throw ApiException.unauthorized("this endpoint needs an API key of a " + roles(access) + " ('Authorization: Bearer <key>')");
        }
        return caller;
    }

    private Caller.Authenticated authenticate(String key) {
        String fp = ApiKeys.fingerprint(key);
        CachedKey cached = keyCache.get(fp);
        long now = System.nanoTime();
        if (cached != null && now - cached.until() < 0) return cached.caller();
        ApiKeys.Check check = hub.db().read(h -> ApiKeys.check(h, key));
        if (check instanceof ApiKeys.Check.Invalid inv) {
            keyCache.remove(fp);
            throw ApiException.unauthorized(inv.reason());
        }
        Caller.Authenticated caller = ((ApiKeys.Check.Valid) check).caller();
        if (keyCache.size() >= KEY_CACHE_MAX) keyCache.clear();
        keyCache.put(fp, new CachedKey(caller, now + KEY_CACHE_NANOS));
        return caller;
    }

    /** Forgets cached keys (after a revocation). */
    void forgetKeys() {
        keyCache.clear();
    }

    /** The hub's own routes: {@code Authorization: Bearer <API key>}, or nobody in particular. */
    private Caller bearer(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) return new Caller.Anonymous(ctx.ip());
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw ApiException.unauthorized("the Authorization header must be 'Bearer <API key>'");
        }
        Caller.Authenticated caller = authenticate(header.substring(7).trim());
        String restricted = keyRestriction.apply(caller.keyId());
        if (restricted != null) throw ApiException.forbidden(restricted);
        return caller;
    }

    private static ApiException forbidden(Set<Access> access, Caller.Authenticated a) {
        return ApiException.forbidden("a " + a.role().wire() + " key may not call this endpoint; allowed: " + roles(access));
    }

    private static String roles(Set<Access> access) {
        List<String> names = new ArrayList<>();
        for (Access x : access) {
            names.add(switch (x) {
                case ANYONE -> "anyone";
                case CASE_HOLDER -> "case holder (case number and PIN)";
                default -> x.name().toLowerCase();
            });
        }
        return String.join(", ", names);
    }

    /** Reads and parses the JSON body, refusing more than the size limit; errors name the field. */
    <T> T body(Context ctx, Class<T> type) {
        byte[] bytes = readLimited(ctx);
        if (bytes.length == 0) throw ApiException.invalid("body", "a JSON body is required");
        try {
            T value = MAPPER.readValue(bytes, type);
            if (value == null) throw ApiException.invalid("body", "must be a JSON object, not null");
            return value;
        } catch (JsonParseException e) {
            throw ApiException.invalid("body", "is not valid JSON: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (JsonMappingException e) {
            throw ApiException.invalid(path(e), mappingMessage(e));
        } catch (JsonProcessingException e) {
            throw ApiException.invalid("body", "cannot be read: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.invalid("body", "could not be read: " + e.getMessage());
        }
    }

    private byte[] readLimited(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBody) throw ApiException.tooLarge(maxBody);
        try (InputStream in = ctx.req().getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            long total = 0;
            for (int n; (n = in.read(buf)) > 0; ) {
                total += n;
                if (total > maxBody) throw ApiException.tooLarge(maxBody);
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw ApiException.invalid("body", "could not be read: " + e.getMessage());
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (!sb.isEmpty()) sb.append('.');
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "body" : sb.toString();
    }

    private static String mappingMessage(JsonMappingException e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException && t.getMessage() != null) return t.getMessage();
        }
        if (e instanceof InvalidFormatException f) {
            return "cannot read " + describeValue(f.getValue()) + " as " + describe(f.getTargetType());
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            return "expected " + describe(m.getTargetType());
        }
        String msg = e.getOriginalMessage();
        int cut = msg.indexOf(" at [Source");
        return cut > 0 ? msg.substring(0, cut) : msg;
    }

    private static String describeValue(Object v) {
        return v instanceof String s ? "'" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "'" : String.valueOf(v);
    }

    private static String describe(Class<?> c) {
        if (c == null) return "a different type";
        if (c == int.class || c == Integer.class || c == long.class || c == Long.class) return "an integer";
        if (c == boolean.class || c == Boolean.class) return "true or false";
        if (c == String.class) return "a string";
        if (c == java.time.Instant.class) return "an ISO-8601 instant such as 2025-01-31T12:00:00Z";
        if (java.util.Collection.class.isAssignableFrom(c)) return "an array";
        if (c.isEnum()) return "one of " + String.join(", ", enumWire(c));
        if (c.isRecord()) return "an object";
        return "a " + c.getSimpleName();
    }

    private static List<String> enumWire(Class<?> c) {
        @SuppressWarnings("unchecked")
        var schema = (Map<String, Object>) OpenApi.schemaFor(c, new LinkedHashMap<>());
        @SuppressWarnings("unchecked")
        List<String> values = (List<String>) schema.get("enum");
        return values;
    }

    static long longParam(Context ctx, String name, long dflt, long min, long max) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) return dflt;
        try {
            long x = Long.parseLong(v.trim());
            if (x < min || x > max) throw ApiException.invalid(name, "must be " + min + " to " + max + ", got " + x);
            return x;
        } catch (NumberFormatException e) {
            throw ApiException.invalid(name, "must be an integer " + min + " to " + max + ", got '" + abbreviate(v) + "'");
        }
    }

    static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    static void problem(Context ctx, ApiException e) {
        e.headers().forEach(ctx::header);
        Problem p = e.toProblem(ctx.path());
        try {
            ctx.status(e.status()).contentType("application/problem+json").result(MAPPER.writeValueAsBytes(p));
        } catch (JsonProcessingException x) {
            ctx.status(e.status()).result(e.getMessage());
        }
    }

    static void json(Context ctx, int status, Object body) throws JsonProcessingException {
        ctx.status(status).contentType("application/json").result(MAPPER.writeValueAsBytes(body));
    }

    static void text(Context ctx, String mediaType, String body) {
        ctx.status(200).contentType(mediaType).result(body.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes one server-sent event. */
    static void sse(OutputStream out, String id, String event, String data) throws IOException {
        StringBuilder sb = new StringBuilder();
        if (id != null) sb.append("id: ").append(id).append('\n');
        if (event != null) sb.append("event: ").append(event).append('\n');
        for (String line : data.split("\n", -1)) sb.append("data: ").append(line).append('\n');
        sb.append('\n');
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
    }
}
