package org.reportonce.hub;

import com.fasterxml.jackson.annotation.JsonValue;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds the OpenAPI 3.1 document from the route table: every route registered through
 * {@link HubApi} carries its documentation, and request/response schemas are derived from the
 * Java records that are actually (de)serialised, so the document cannot drift from the code.
 */
final class OpenApi {

    /** Who may call a route. CASE_HOLDER routes authenticate with case number + PIN in the body. */
    enum Access { ANYONE, CASE_HOLDER, PLATFORM, SUPPORT_SERVICE, REGULATOR, OPERATOR }

    record Param(String name, String in, String type, boolean required, String description) {}

    record RouteDoc(String method, String path, String summary, Set<Access> access, Type request, Type response,
            int status, String responseMediaType, List<Param> params) {}

    private final List<RouteDoc> routes = new ArrayList<>();

    void add(RouteDoc r) {
        routes.add(r);
    }

    List<RouteDoc> routes() {
        return List.copyOf(routes);
    }

    Map<String, Object> document(String version) {
        Map<String, Object> schemas = new TreeMap<>();
        Map<String, Object> paths = new TreeMap<>();
        schemaFor(org.reportonce.protocol.Problem.class, schemas);
        for (RouteDoc r : routes) {
            String oaPath = r.path().replaceAll("\\{([^}]+)}", "{$1}");
            @SuppressWarnings("unchecked")
            Map<String, Object> item = (Map<String, Object>) paths.computeIfAbsent(oaPath, k -> new LinkedHashMap<>());
            Map<String, Object> op = new LinkedHashMap<>();
            op.put("summary", r.summary());
            op.put("description", "Allowed: " + String.join(", ", r.access().stream().map(a -> a.name().toLowerCase()).toList()) + ".");
            op.put("x-roles", r.access().stream().map(a -> a.name().toLowerCase()).toList());
            List<Object> params = new ArrayList<>();
            for (Param p : r.params()) {
                params.add(Map.of("name", p.name(), "in", p.in(), "required", p.required(), "description", p.description(),
                        "schema", Map.of("type", p.type())));
            }
            if (!params.isEmpty()) op.put("parameters", params);
            if (r.request() != null) {
                op.put("requestBody", Map.of("required", true, "content",
                        Map.of("application/json", Map.of("schema", schemaFor(r.request(), schemas)))));
            }
            Map<String, Object> responses = new LinkedHashMap<>();
            Map<String, Object> ok = new LinkedHashMap<>();
            ok.put("description", "success");
            if (r.response() != null) {
                ok.put("content", Map.of(r.responseMediaType(), Map.of("schema", schemaFor(r.response(), schemas))));
            } else if (!"application/json".equals(r.responseMediaType())) {
                ok.put("content", Map.of(r.responseMediaType(), Map.of("schema", Map.of("type", "string"))));
            }
            responses.put(Integer.toString(r.status()), ok);
            Map<String, Object> problem = Map.of("description", "an RFC 9457 problem naming what was wrong",
                    "content", Map.of("application/problem+json", Map.of("schema", Map.of("$ref", "#/components/schemas/Problem"))));
            responses.put("4XX", problem);
            op.put("responses", responses);
            if (!r.access().contains(Access.ANYONE) && !r.access().contains(Access.CASE_HOLDER)) {
                op.put("security", List.of(Map.of("apiKey", List.of())));
            }
            item.put(r.method().toLowerCase(), op);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.1.0");
        doc.put("info", Map.of("title", "ReportOnce hub", "version", version,
                "description", "The clearing house between victims, support services, platforms and the regulator. "
                        + "Members authenticate with 'Authorization: Bearer <API key>'; case holders with case number and PIN in the body."));
        doc.put("paths", paths);
        doc.put("components", Map.of("schemas", schemas,
                "securitySchemes", Map.of("apiKey", Map.of("type", "http", "scheme", "bearer"))));
        return doc;
    }

    static Object schemaFor(Type t, Map<String, Object> schemas) {
        if (t instanceof ParameterizedType pt) {
            Class<?> raw = (Class<?>) pt.getRawType();
            if (Collection.class.isAssignableFrom(raw)) {
                return Map.of("type", "array", "items", schemaFor(pt.getActualTypeArguments()[0], schemas));
            }
            if (Map.class.isAssignableFrom(raw)) {
                return Map.of("type", "object", "additionalProperties", schemaFor(pt.getActualTypeArguments()[1], schemas));
            }
            return schemaFor(raw, schemas);
        }
        Class<?> c = (Class<?>) t;
        if (c == String.class) return Map.of("type", "string");
        if (c == Instant.class) return Map.of("type", "string", "format", "date-time");
        if (c == boolean.class || c == Boolean.class) return Map.of("type", "boolean");
        if (c == int.class || c == Integer.class) return Map.of("type", "integer", "format", "int32");
        if (c == long.class || c == Long.class) return Map.of("type", "integer", "format", "int64");
        if (c == double.class || c == Double.class) return Map.of("type", "number");
        if (c.isEnum()) return Map.of("type", "string", "enum", enumValues(c));
        if (c.isRecord()) {
            String name = schemaName(c);
            if (!schemas.containsKey(name)) {
                schemas.put(name, Map.of());
                Map<String, Object> props = new LinkedHashMap<>();
                for (RecordComponent rc : c.getRecordComponents()) props.put(rc.getName(), schemaFor(rc.getGenericType(), schemas));
                schemas.put(name, Map.of("type", "object", "properties", props));
            }
            return Map.of("$ref", "#/components/schemas/" + name);
        }
        return Map.of();
    }

    private static String schemaName(Class<?> c) {
        return c.getEnclosingClass() == null ? c.getSimpleName() : schemaName(c.getEnclosingClass()) + c.getSimpleName();
    }

    private static List<String> enumValues(Class<?> c) {
        Method wire = null;
        for (Method m : c.getMethods()) {
            if (m.isAnnotationPresent(JsonValue.class) && m.getParameterCount() == 0) wire = m;
        }
        List<String> out = new ArrayList<>();
        for (Object constant : c.getEnumConstants()) {
            try {
                out.add(wire == null ? ((Enum<?>) constant).name() : String.valueOf(wire.invoke(constant)));
            } catch (ReflectiveOperationException e) {
                out.add(((Enum<?>) constant).name());
            }
        }
        return out;
    }
}
