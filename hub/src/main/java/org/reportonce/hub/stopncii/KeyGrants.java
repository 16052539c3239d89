package org.reportonce.hub.stopncii;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.reportonce.hub.Role;
import org.reportonce.hub.audit.AuditLog;
import org.reportonce.hub.http.ApiException;
import org.reportonce.hub.store.Database;
import org.reportonce.protocol.Problem.FieldError;

/**
 * Which StopNCII endpoints a key may call, and the standing declarations a platform made for the
 * reports it files through SubmitHashes with it.
 *
 * <p>A key without a grant is an ordinary member key: on this API it may call FetchHashes,
 * SubmitFeedback and SubmitHashes (the last only with declarations in the body). A key with a grant
 * is a StopNCII <em>function key</em>: it may call exactly the granted endpoints and no other route of
 * the hub, which lets a platform hand a fetch-only key to the tool that only fetches.
 *
 * <p>Grants are read on every member request, so they are kept in memory: loaded at start and
 * updated here, the only place that writes them (through the operator API), in the same step as the
 * database.
 */
public final class KeyGrants {

    /**
     * @param declarationsAttestedBy who at the platform made the three declarations for every report
     *                               filed with this key (null: none on record)
     */
    public record Grant(String keyId, List<Endpoint> endpoints, String declarationsAttestedBy, Instant grantedAt, String grantedBy) {
        public Grant {
            endpoints = endpoints.stream().distinct().sorted().toList();
        }
    }

    /** Body of {@code POST /v1/operator/keys/{keyId}/stopncii}. */
    public record NewGrant(List<String> endpoints, String declarationsAttestedBy) {}

    private final Database db;
    private final Clock clock;
    private final ConcurrentHashMap<String, Grant> byKey = new ConcurrentHashMap<>();

    public KeyGrants(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
        for (Grant g : db.read(h -> h.createQuery("SELECT key_id, endpoints, declarations_attested_by, granted_at, granted_by FROM stopncii_key_grant")
                .map((rs, ctx) -> new Grant(rs.getString(1), List.copyOf(parse(rs.getString(2))), rs.getString(3),
                        Instant.ofEpochMilli(rs.getLong(4)), rs.getString(5)))
                .list())) {
            byKey.put(g.keyId(), g);
        }
    }

    public Optional<Grant> of(String keyId) {
        return Optional.ofNullable(byKey.get(keyId));
    }

    public List<Grant> all() {
        return byKey.values().stream().sorted(Comparator.comparing(Grant::grantedAt).thenComparing(Grant::keyId)).toList();
    }

    /** Why {@code keyId} may not call the hub's own API, or null when it may. */
    public String restriction(String keyId) {
        Grant g = byKey.get(keyId);
        if (g == null) return null;
        return "API key " + keyId + " is a StopNCII function key limited to " + names(g) + " under /stopncii/v1/; "
                + "use another key of this member for the hub's own API";
    }

    /** Whether {@code keyId} may call {@code endpoint} of this API. */
    boolean permits(String keyId, Endpoint endpoint) {
        Grant g = byKey.get(keyId);
        return g == null || g.endpoints().contains(endpoint);
    }

    static String names(Grant g) {
        return g.endpoints().stream().map(Endpoint::name).collect(Collectors.joining(", "));
    }

    /**
     * Grants (or replaces the grant of) a platform's key; audited. Errors name the field: unknown
     * endpoints, a revoked key, a key of a member that is not a platform.
     */
    public Grant grant(String keyId, NewGrant body, String actor) {
        if (body == null) throw ApiException.invalid("body", "a JSON object with endpoints (and optionally declarationsAttestedBy) is required");
        List<FieldError> errors = new ArrayList<>();
        EnumSet<Endpoint> endpoints = EnumSet.noneOf(Endpoint.class);
        if (body.endpoints() == null || body.endpoints().isEmpty()) {
            errors.add(new FieldError("endpoints", "at least one of " + Endpoint.names() + " is required"));
        } else {
            for (int i = 0; i < body.endpoints().size(); i++) {
                try {
                    endpoints.add(Endpoint.parse(body.endpoints().get(i)));
                } catch (IllegalArgumentException e) {
                    errors.add(new FieldError("endpoints[" + i + "]", e.getMessage()));
                }
            }
        }
        String attestedBy = body.declarationsAttestedBy() == null ? null : body.declarationsAttestedBy().trim();
        if (attestedBy != null && (attestedBy.isEmpty() || attestedBy.length() > 200)) {
            errors.add(new FieldError("declarationsAttestedBy", "when given, the name and role of the person at the platform "
                    + "who made the declarations, 1 to 200 characters"));
        }
        if (attestedBy != null && !endpoints.contains(Endpoint.SubmitHashes) && errors.isEmpty()) {
            errors.add(new FieldError("declarationsAttestedBy", "standing declarations apply to SubmitHashes only; grant SubmitHashes too or leave it out"));
        }
        if (!errors.isEmpty()) throw ApiException.invalid(errors);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Grant g = new Grant(keyId, List.copyOf(endpoints), attestedBy, now, actor);
        db.write(h -> {
            var key = h.createQuery("SELECT k.revoked_at, m.role FROM api_key k JOIN member m ON m.id = k.member_id WHERE k.id = :id")
                    .bind("id", keyId)
                    .map((rs, ctx) -> {
                        rs.getLong(1);
                        return new Object[] {rs.wasNull(), rs.getString(2)};
                    })
                    .findOne()
                    .orElseThrow(() -> ApiException.notFound("no API key " + keyId + "; see GET /v1/operator/members"));
            if (!(Boolean) key[0]) throw ApiException.conflict("API key " + keyId + " is revoked; grant a current key");
            if (!Role.PLATFORM.name().equals(key[1])) {
                throw ApiException.unprocessable("API key " + keyId + " belongs to a " + Role.valueOf((String) key[1]).wire()
                        + "; only platform keys can call the StopNCII endpoints", null);
            }
            h.createUpdate("DELETE FROM stopncii_key_grant WHERE key_id = :id").bind("id", keyId).execute();
            h.createUpdate("INSERT INTO stopncii_key_grant (key_id, endpoints, declarations_attested_by, granted_at, granted_by) "
                            + "VALUES (:id, :e, :a, :t, :by)")
                    .bind("id", keyId).bind("e", String.join(",", g.endpoints().stream().map(Endpoint::name).toList()))
                    .bind("a", attestedBy).bind("t", now.toEpochMilli()).bind("by", actor).execute();
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("endpoints", g.endpoints().stream().map(Endpoint::name).toList());
            detail.put("declarationsAttestedBy", attestedBy);
            AuditLog.append(h, now, actor, "stopncii.key_granted", "key:" + keyId, detail);
            return null;
        });
        byKey.put(keyId, g);
        return g;
    }

    private static Set<Endpoint> parse(String stored) {
        EnumSet<Endpoint> out = EnumSet.noneOf(Endpoint.class);
        for (String s : stored.split(",")) {
            if (!s.isBlank()) out.add(Endpoint.parse(s.trim()));
        }
        return out;
    }
}
