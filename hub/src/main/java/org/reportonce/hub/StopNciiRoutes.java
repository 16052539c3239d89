package org.reportonce.hub;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

import java.util.EnumSet;
import java.util.List;
import org.reportonce.hub.OpenApi.Access;
import org.reportonce.hub.OpenApi.Param;
import org.reportonce.hub.auth.Caller;
import org.reportonce.hub.stopncii.Endpoint;
import org.reportonce.hub.stopncii.FetchHashesResponse;
import org.reportonce.hub.stopncii.HashFeed;
import org.reportonce.hub.stopncii.KeyGrants;
import org.reportonce.hub.stopncii.StopNcii;
import org.reportonce.hub.stopncii.StopNciiAuth;
import org.reportonce.hub.stopncii.SubmitFeedbackRequest;
import org.reportonce.hub.stopncii.SubmitFeedbackResponse;
import org.reportonce.hub.stopncii.SubmitHashesRequest;
import org.reportonce.hub.stopncii.SubmitHashesResponse;

/** The StopNCII-compatible routes under {@code /stopncii/v1/}, and the operator's key grants for them. */
final class StopNciiRoutes {

    static final String PREFIX = "/stopncii/v1/";

    private final Hub hub;
    private final HubApi api;
    private final StopNcii stopNcii;

    StopNciiRoutes(Hub hub, HubApi api) {
        this.hub = hub;
        this.api = api;
        this.stopNcii = hub.stopNcii();
    }

    private static List<Param> keyHeaders(List<Param> more) {
        var all = new java.util.ArrayList<Param>();
        all.add(new Param(StopNciiAuth.FUNCTION_KEY, "header", "string", false,
                "a ReportOnce API key (rok_…) of the calling platform; the StopNCII function key"));
        all.add(new Param(StopNciiAuth.SUBSCRIPTION_KEY, "header", "string", false,
                "a ReportOnce API key of the same platform (usually the same key), or empty. At least one of these two "
                        + "headers or Authorization: Bearer is required; every key given must be valid and of one member"));
        all.addAll(more);
        return all;
    }

    void register() {
        api.keyRestriction(stopNcii.grants()::restriction);
        var platform = EnumSet.of(Access.PLATFORM);
        api.route(GET, PREFIX + "FetchHashes", platform,
                "StopNCII-compatible: hash records changed since a point, a page at a time (python-threatexchange StopNCIIAPI.fetch_hashes)",
                null, FetchHashesResponse.class, 200, "application/json",
                keyHeaders(List.of(
                        new Param("startTimestamp", "query", "integer", false, "unix seconds: records changed at or after this time; "
                                + "default 0 (everything). Ignored when nextPageToken is given"),
                        new Param("pageSize", "query", "integer", false, "records per page, 1 to " + HashFeed.MAX_PAGE_SIZE
                                + "; default " + HashFeed.DEFAULT_PAGE_SIZE),
                        new Param("nextPageToken", "query", "string", false, "the nextPageToken of the previous page, exactly as received"))),
                ctx -> stopNcii.authenticate(ctx, Endpoint.FetchHashes),
                (ctx, c) -> {
                    long start = HubApi.longParam(ctx, "startTimestamp", 0, 0, 253_402_300_799L);
                    int size = (int) HubApi.longParam(ctx, "pageSize", HashFeed.DEFAULT_PAGE_SIZE, 1, HashFeed.MAX_PAGE_SIZE);
                    HubApi.json(ctx, 200, stopNcii.fetchHashes((Caller.Authenticated) c, start, size, ctx.queryParam("nextPageToken")));
                });
        api.route(POST, PREFIX + "SubmitHashes", platform,
                "StopNCII-compatible: file hashes of content the platform's users reported (one case per hash; declarations in "
                        + "the body or standing on the key; quality required for ImagePDQ)",
                SubmitHashesRequest.class, SubmitHashesResponse.class, 200, "application/json", keyHeaders(List.of()),
                ctx -> stopNcii.authenticate(ctx, Endpoint.SubmitHashes),
                (ctx, c) -> {
                    Caller.Authenticated a = (Caller.Authenticated) c;
                    List<String> keyIds = ctx.attribute(StopNciiAuth.KEY_IDS);
                    SubmitHashesResponse r = stopNcii.submitHashes(a, keyIds, api.body(ctx, SubmitHashesRequest.class));
                    hub.metrics().reportAccepted("platform", r.count(), 0);
                    HubApi.json(ctx, 200, r);
                });
        api.route(POST, PREFIX + "SubmitFeedback", platform,
                "StopNCII-compatible: the platform's verdicts (None, PendingReview, Blocked, NotBlocked) with tags on hashes by value",
                SubmitFeedbackRequest.class, SubmitFeedbackResponse.class, 200, "application/json", keyHeaders(List.of()),
                ctx -> stopNcii.authenticate(ctx, Endpoint.SubmitFeedback),
                (ctx, c) -> {
                    SubmitFeedbackResponse r = stopNcii.submitFeedback((Caller.Authenticated) c, api.body(ctx, SubmitFeedbackRequest.class));
                    for (var f : r.hashFeedbacks()) hub.metrics().feedback(f.feedbackValue().wire());
                    HubApi.json(ctx, 200, r);
                });

        var operator = EnumSet.of(Access.OPERATOR);
        api.route(POST, "/v1/operator/keys/{keyId}/stopncii", operator,
                "Limit a platform's key to some StopNCII endpoints (a function key, refused elsewhere), optionally recording the "
                        + "platform's standing declarations for SubmitHashes",
                KeyGrants.NewGrant.class, KeyGrants.Grant.class, 200,
                List.of(new Param("keyId", "path", "string", true, "the key's id (the part after rok_)")),
                (ctx, c) -> HubApi.json(ctx, 200, stopNcii.grants().grant(ctx.pathParam("keyId"),
                        api.body(ctx, KeyGrants.NewGrant.class), ((Caller.Authenticated) c).auditName())));
        api.route(GET, "/v1/operator/stopncii/grants", operator, "Every key limited to StopNCII endpoints, with its standing declarations",
                null, new HubRoutes.TypeRef<List<KeyGrants.Grant>>() {}.type(), 200, List.of(),
                (ctx, c) -> HubApi.json(ctx, 200, stopNcii.grants().all()));
    }
}
