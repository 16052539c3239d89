package org.reportonce.platform;

import static org.reportonce.platform.PlatformServer.map;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The OpenAPI 3.1 description of the matcher's HTTP API, served at {@code /openapi.json}. */
final class OpenApiDocument {
    private OpenApiDocument() {}

    static Map<String, Object> build() {
        Map<String, Object> paths = new LinkedHashMap<>();

        paths.put("/v1/match", map("post", op("Match an upload against the signal bank",
                """
                Send the image bytes (Content-Type image/* or application/octet-stream; the matcher computes the \
                canonical PDQ with its 8 dihedral variants, MD5 and SHA-256) or JSON with hashes the platform \
                computed. Answers every matching ACTIVE signal with the distance and the dihedral variant that \
                matched. PDQ hashes of quality below the floor (50) are never matched. With contentReference, \
                every match becomes a takedown (webhook + PendingReview to the hub); without it nothing is written.""",
                List.of(query("contentReference", "string", "the platform's id of the content (bytes form)"),
                        query("threshold", "integer", "PDQ distance limit 0..64 (default: the configured threshold, 31)"),
                        query("register", "boolean", "also register the content as stored content (bytes form)")),
                map("required", true, "content", map(
                        "image/*", map("schema", map("type", "string", "format", "binary")),
                        "application/octet-stream", map("schema", map("type", "string", "format", "binary")),
                        "application/json", map("schema", ref("MatchRequest")))),
                responses("200", "The matches (possibly none)", ref("MatchResult"), "400", "413", "415"))));

        paths.put("/v1/hash", map("post", op("Hash bytes the way /v1/match does",
                "The 8 dihedral PDQ hashes with quality (when the bytes are an image), MD5 and SHA-256.",
                List.of(), binaryBody(),
                responses("200", "The hashes", map("type", "object", "properties",
                        map("hashes", map("type", "array", "items", ref("QueryHash")))), "400", "413", "415"))));

        paths.put("/v1/content", map(
                "post", op("Register stored content",
                        """
                        Registers the hashes of content the platform hosts (one object or an array of up to 10000), \
                        replacing any earlier registration under the same contentReference. Each item is checked \
                        against the bank at once, and whenever a NEW signal arrives later the stored content is \
                        searched for it; every hit becomes a takedown.""",
                        List.of(),
                        map("required", true, "content", map("application/json", map("schema", map("oneOf", List.of(
                                ref("ContentRegistration"), map("type", "array", "items", ref("ContentRegistration"))))))),
                        responses("201", "Registered", ref("RegistrationResult"), "400", "415")),
                "delete", op("Forget stored content", "The platform deleted the content: it is no longer searched.",
                        List.of(query("contentReference", "string", "the id it was registered under")), null,
                        responses("204", "Forgotten", null, "400", "404"))));

        paths.put("/v1/content/image", map("post", op("Register stored content by its bytes",
                "Hashes the bytes (8 dihedral PDQ, MD5, SHA-256) and registers them as POST /v1/content does.",
                List.of(query("contentReference", "string", "the platform's id of the content (required)")), binaryBody(),
                responses("201", "Registered", ref("RegistrationResult"), "400", "413", "415"))));

        paths.put("/v1/takedowns", map("get", op("List takedowns", "Newest first.",
                List.of(query("state", "string", "FOUND, BLOCKED, NOT_BLOCKED or WITHDRAWN"),
                        query("webhook", "string", "webhook delivery state: PENDING, SENT, DEAD (dead letters) or CANCELLED"),
                        query("limit", "integer", "1..1000, default 100")),
                null, responses("200", "Takedowns", map("type", "object", "properties",
                        map("takedowns", map("type", "array", "items", ref("Takedown")))), "400"))));

        paths.put("/v1/takedowns/{id}", map("get", op("One takedown", "Its state and webhook delivery.",
                List.of(path("id")), null, responses("200", "The takedown", ref("Takedown"), "404"))));

        paths.put("/v1/takedowns/{id}/confirm", map("post", op("The platform's decision on a takedown",
                """
                Blocked (removed or blocked; removedAt defaults to now) or NotBlocked. The matcher reports the \
                decision to the hub as feedback and, for Blocked, the takedown attestation (found at, removed at). \
                The decision is about the content: it decides every undecided takedown of the same group (the \
                content's other signals found with it, see leadId), each reported to the hub. \
                Repeating the same decision is harmless; changing it answers 409.""",
                List.of(path("id")), jsonBody(ref("ConfirmRequest")),
                responses("200", "The updated takedown", ref("Takedown"), "400", "404", "409"))));

        paths.put("/v1/takedowns/{id}/redeliver", map("post", op("Requeue dead-lettered messages of a takedown",
                "After the webhook receiver is fixed: its dead letters are retried from attempt 1.",
                List.of(path("id")), null, responses("200", "How many messages were requeued",
                        map("type", "object", "properties", map("takedownId", map("type", "string"),
                                "requeued", map("type", "integer"))), "404"))));

        paths.put("/v1/outbox", map("get", op("Outbox messages (dead letters by default)",
                "Messages to the webhook and the hub in a state; DEAD ones gave up after the last retry.",
                List.of(query("state", "string", "PENDING, SENT, DEAD (default) or CANCELLED"),
                        query("limit", "integer", "1..1000, default 100")),
                null, responses("200", "Messages", map("type", "object", "properties",
                        map("messages", map("type", "array", "items", ref("OutboxEntry")))), "400"))));

        paths.put("/v1/user-reports", map("post", op("Forward a user's report to the hub",
                """
                The "report once" intake: a user reported intimate image abuse to this platform. The report \
                (declarations, hashes or image bytes to hash — an image becomes its PDQ signal set, MD5 and SHA-256 — when the user reported) is filed at the hub as \
                this platform; the answer is the hub's, with the case number and PIN to show the user once. \
                503 means the hub could not be reached and the report was NOT filed.""",
                List.of(), jsonBody(ref("UserReport")),
                responses("201", "Filed: the hub's ReportResponse", ref("ReportResponse"), "400", "413", "502", "503"))));

        paths.put("/v1/signals/{signalId}", map("get", op("A signal in the local bank",
                "The latest state this matcher holds (ACTIVE or DELETED) and the hub seq that set it.",
                List.of(path("signalId")), null, responses("200", "The signal", ref("SignalInfo"), "400", "404"))));

        paths.put("/health", map("get", op("Health and sync freshness",
                "200 while the hub was reached within staleAfter (default 5 min); 503 when starting or stale.",
                List.of(), null, responses("200", "Healthy", ref("Health"), "503"))));

        paths.put("/metrics", map("get", op("Prometheus metrics",
                "Matches, match requests and latency, sync checkpoint/lag/errors/skipped records, webhook "
                        + "deliveries/failures/dead letters, hub report deliveries.",
                List.of(), null, map("200", map("description", "Prometheus text format",
                        "content", map("text/plain", map("schema", map("type", "string"))))))));

        paths.put("/openapi.json", map("get", op("This document", "OpenAPI 3.1.", List.of(), null,
                map("200", map("description", "OpenAPI document", "content",
                        map("application/json", map("schema", map("type", "object"))))))));

        return map(
                "openapi", "3.1.0",
                "info", map("title", "ReportOnce platform matcher", "version", "1",
                        "description", "The matcher a platform runs beside its upload pipeline: sync with the hub, "
                                + "match uploads, search stored content, call the takedown webhook, report back."),
                "paths", paths,
                "components", map(
                        "securitySchemes", map("bearer", map("type", "http", "scheme", "bearer",
                                "description", "Only when the matcher was started with an access token")),
                        "schemas", schemas()));
    }

    private static Map<String, Object> schemas() {
        Map<String, Object> s = new LinkedHashMap<>();
        Map<String, Object> hex = map("type", "string", "pattern", "^[0-9a-fA-F]+$");
        Map<String, Object> time = map("type", "string", "format", "date-time");
        s.put("Problem", obj(map("type", str(), "title", str(), "status", integer(), "detail", str(), "instance", str())));
        s.put("QueryHash", obj(map("type", map("type", "string", "enum", List.of("pdq", "md5", "sha256")),
                "value", hex, "quality", map("type", "integer", "minimum", 0, "maximum", 100,
                        "description", "required for pdq"),
                "variant", map("type", "string", "enum", Variants.allNames())), "type", "value"));
        s.put("MatchRequest", obj(map("hashes", map("type", "array", "items", ref("QueryHash"), "maxItems", 64),
                "contentReference", str(), "threshold", map("type", "integer", "minimum", 0, "maximum", 64)), "hashes"));
        s.put("SignalMatch", obj(map("signalId", integer(), "type", str(), "value", hex, "distance", integer(),
                "variant", str(), "status", map("type", "string", "enum", List.of("ACTIVE", "DELETED")),
                "reportedAt", time, "deadline", time, "queryHash", hex, "takedownId", str())));
        s.put("MatchResult", obj(map("matched", map("type", "boolean"),
                "matches", map("type", "array", "items", ref("SignalMatch")),
                "hashes", map("type", "array", "items", ref("QueryHash")),
                "ignored", map("type", "array", "items", obj(map("hash", ref("QueryHash"), "reason", str()))),
                "notes", map("type", "array", "items", str()))));
        s.put("ContentRegistration", obj(map("contentReference", str(), "pdq", hex,
                "quality", integer(), "dihedral", map("type", "array", "items", hex, "minItems", 8, "maxItems", 8),
                "md5", hex, "sha256", hex, "trimmed", map("type", "array", "items", hex, "minItems", 8, "maxItems", 8),
                "areas", map("type", "array", "minItems", Variants.AREA_NAMES.size(), "maxItems", Variants.AREA_NAMES.size(),
                        "description", "the area look-ups in the order " + String.join(", ", Variants.AREA_NAMES)
                                + "; null where below the quality floor",
                        "items", map("type", List.of("string", "null"), "pattern", "^[0-9a-fA-F]+$"))), "contentReference"));
        s.put("RegistrationResult", obj(map("registered", integer(), "matches", map("type", "array", "items",
                obj(map("contentReference", str(), "match", ref("SignalMatch")))))));
        s.put("Delivery", obj(map("state", str(), "attempts", integer(), "lastError", str(), "nextAttemptAt", time)));
        s.put("Takedown", obj(map("id", str(), "signalId", integer(), "contentReference", str(), "distance", integer(),
                "variant", str(), "source", map("type", "string", "enum", List.of("upload", "stored")),
                "foundAt", time, "deadline", time,
                "state", map("type", "string", "enum", List.of("FOUND", "BLOCKED", "NOT_BLOCKED", "WITHDRAWN")),
                "decidedAt", time, "removedAt", time,
                "leadId", map("type", "string", "nullable", true, "description",
                        "the takedown of the same content this one joined (decided with it, announced by it); null when it leads"),
                "webhook", ref("Delivery"))));
        s.put("ConfirmRequest", obj(map("decision", map("type", "string", "enum", List.of("Blocked", "NotBlocked")),
                "removedAt", time, "tags", map("type", "array", "items", str())), "decision"));
        s.put("OutboxEntry", obj(map("id", integer(), "target", map("type", "string", "enum",
                        List.of("WEBHOOK", "HUB_FEEDBACK", "HUB_TAKEDOWN")), "idempotencyKey", str(), "takedownId", str(),
                "state", str(), "attempts", integer(), "lastError", str(), "createdAt", time, "nextAttemptAt", time)));
        s.put("SignalInput", obj(map("type", str(), "value", hex, "quality", integer())));
        s.put("UserReport", obj(map(
                "declarations", obj(map("intimateImage", bool(), "personShownOrActing", bool(), "goodFaithAndTrue", bool())),
                "reportedAt", time, "contentReference", str(),
                "items", map("type", "array", "items", obj(map("label", str(),
                        "signals", map("type", "array", "items", ref("SignalInput")),
                        "imageBase64", map("type", "string", "contentEncoding", "base64"))))), "declarations", "items"));
        s.put("ReportResponse", obj(map("caseNumber", str(), "pin", str(), "status", str(), "reportedAt", time,
                "deadline", time, "signals", map("type", "array"), "refused", map("type", "array"))));
        s.put("SignalInfo", obj(map("signalId", integer(), "type", str(), "value", hex, "quality", integer(),
                "status", str(), "reportedAt", time, "deadline", time, "seq", integer())));
        s.put("Health", obj(map("status", map("type", "string", "enum", List.of("ok", "starting", "stale")),
                "checkpoint", integer(), "lastSyncAt", time, "secondsSinceLastSync", map("type", "number"),
                "checkpointLagSeconds", map("type", "number"), "streamConnected", bool(), "pollingOnly", bool(),
                "bankPdqSignals", integer(), "bankExactSignals", integer(), "storedContent", integer(),
                "skippedRecords", integer(), "syncFailuresInARow", integer(), "lastSyncError", str(),
                "lastSyncErrorAt", time, "outbox", map("type", "object", "additionalProperties", integer()))));
        return s;
    }

    private static Map<String, Object> op(String summary, String description, List<Map<String, Object>> params,
                                          Map<String, Object> body, Map<String, Object> responses) {
        Map<String, Object> op = map("summary", summary, "description", description);
        if (!params.isEmpty()) op.put("parameters", params);
        if (body != null) op.put("requestBody", body);
        op.put("responses", responses);
        op.put("security", List.of(map(), map("bearer", List.of())));
        return op;
    }

    private static Map<String, Object> responses(String ok, String description, Map<String, Object> schema,
                                                 String... errors) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put(ok, schema == null ? map("description", description)
                : map("description", description, "content", map("application/json", map("schema", schema))));
        for (String e : errors) {
            r.put(e, map("description", "Problem (RFC 9457)", "content",
                    map("application/problem+json", map("schema", ref("Problem")))));
        }
        return r;
    }

    private static Map<String, Object> binaryBody() {
        return map("required", true, "content", map(
                "image/*", map("schema", map("type", "string", "format", "binary")),
                "application/octet-stream", map("schema", map("type", "string", "format", "binary"))));
    }

    private static Map<String, Object> jsonBody(Map<String, Object> schema) {
        return map("required", true, "content", map("application/json", map("schema", schema)));
    }

    private static Map<String, Object> query(String name, String type, String description) {
        return map("name", name, "in", "query", "required", false, "description", description,
                "schema", map("type", type));
    }

    private static Map<String, Object> path(String name) {
        return map("name", name, "in", "path", "required", true, "schema", map("type", "string"));
    }

    private static Map<String, Object> ref(String name) {
        return map("$ref", "#/components/schemas/" + name);
    }

    private static Map<String, Object> obj(Map<String, Object> properties, String... required) {
        Map<String, Object> o = map("type", "object", "properties", properties);
        if (required.length > 0) o.put("required", List.of(required));
        return o;
    }

    private static Map<String, Object> str() {
        return map("type", "string");
    }

    private static Map<String, Object> integer() {
        return map("type", "integer");
    }

    private static Map<String, Object> bool() {
        return map("type", "boolean");
    }
}
