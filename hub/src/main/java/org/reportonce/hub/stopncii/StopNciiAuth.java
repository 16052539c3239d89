package org.reportonce.hub.stopncii;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reportonce.hub.auth.ApiKeys;
import org.reportonce.hub.auth.Caller;
import org.reportonce.hub.http.ApiException;
import org.reportonce.hub.store.Database;

/**
 * How StopNCII's two headers become a member of this hub.
 *
 * <p>StopNCII clients send {@code x-functions-key} (a key for the one endpoint called) and
 * {@code Ocp-Apim-Subscription-Key} (the subscriber's key). On this hub both carry ordinary hub API
 * keys ({@code rok_…}) of the calling platform; typically the same key in both. The rules:
 * <ol>
 *   <li>Each of {@code x-functions-key}, {@code Ocp-Apim-Subscription-Key} and
 *       {@code Authorization: Bearer} that is present and not blank must hold a valid, unrevoked hub
 *       key, else 401 naming the header. At least one must be present.</li>
 *   <li>All keys presented must belong to one member, else 401.</li>
 *   <li>The endpoint must be permitted to at least one of them: a key without a StopNCII grant permits
 *       every endpoint; a granted (function) key only its granted endpoints. Else 403 naming both.</li>
 * </ol>
 * The headers are treated alike because python-threatexchange's signal exchange passes the two
 * credentials to its API client in the opposite order to the client's parameters, so the function
 * key can arrive as the subscription key; a rule that depended on which header held which key would
 * refuse that client. The caller is the member; the key named in the audit log and rate-limited is
 * the one in {@code x-functions-key} when present.
 */
public final class StopNciiAuth {

    public static final String FUNCTION_KEY = "x-functions-key";
    public static final String SUBSCRIPTION_KEY = "Ocp-Apim-Subscription-Key";
    /** Request attribute: the ids of every key presented, for SubmitHashes' standing declarations. */
    public static final String KEY_IDS = "reportonce.stopncii.keyIds";

    private final Database db;
    private final KeyGrants grants;

    public StopNciiAuth(Database db, KeyGrants grants) {
        this.db = db;
        this.grants = grants;
    }

    public Caller authenticate(Context ctx, Endpoint endpoint) {
        Map<String, String> presented = new LinkedHashMap<>();
        put(presented, FUNCTION_KEY, ctx.header(FUNCTION_KEY));
        put(presented, SUBSCRIPTION_KEY, ctx.header(SUBSCRIPTION_KEY));
        String auth = ctx.header("Authorization");
        if (auth != null && !auth.isBlank()) {
            if (!auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw ApiException.unauthorized("the Authorization header must be 'Bearer <API key>' when given");
            }
            put(presented, "Authorization", auth.substring(7));
        }
        if (presented.isEmpty()) {
            throw ApiException.unauthorized("no API key: send your ReportOnce API key (rok_…) in the " + FUNCTION_KEY
                    + " header; " + SUBSCRIPTION_KEY + " may carry the same key");
        }
        Map<String, ApiKeys.Check> checks = db.read(h -> {
            Map<String, ApiKeys.Check> out = new LinkedHashMap<>();
            for (var e : presented.entrySet()) {
                out.put(e.getKey(), ApiKeys.check(h, e.getValue()));
            }
            return out;
        });
        Caller.Authenticated caller = null;
        List<String> keyIds = new ArrayList<>();
        for (var e : checks.entrySet()) {
            if (e.getValue() instanceof ApiKeys.Check.Invalid bad) {
                throw ApiException.unauthorized(e.getKey() + ": " + bad.reason());
            }
            Caller.Authenticated c = ((ApiKeys.Check.Valid) e.getValue()).caller();
            if (caller == null) {
                caller = c;
            } else if (!caller.member().id().equals(c.member().id())) {
                throw ApiException.unauthorized("the keys in " + String.join(" and ", checks.keySet())
                        + " belong to different members; send keys of one member");
            }
            if (!keyIds.contains(c.keyId())) keyIds.add(c.keyId());
        }
        boolean permitted = keyIds.stream().anyMatch(id -> grants.permits(id, endpoint));
        if (!permitted) {
            List<String> limits = new ArrayList<>();
            for (String id : keyIds) limits.add("key " + id + " may call only " + KeyGrants.names(grants.of(id).orElseThrow()));
            throw ApiException.forbidden(String.join("; ", limits) + ", not " + endpoint.name()
                    + "; use a key granted " + endpoint.name() + " or an unrestricted key of this member");
        }
        ctx.attribute(KEY_IDS, List.copyOf(keyIds));
        return caller;
    }

    private static void put(Map<String, String> presented, String header, String value) {
        if (value != null && !value.isBlank()) presented.put(header, value.trim());
    }
}
