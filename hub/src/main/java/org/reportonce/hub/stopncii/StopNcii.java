package org.reportonce.hub.stopncii;

import io.javalin.http.Context;
import java.time.Clock;
import java.util.List;
import org.reportonce.hub.auth.Caller;
import org.reportonce.hub.cases.CaseService;
import org.reportonce.hub.compliance.FeedbackService;
import org.reportonce.hub.signals.SyncService;
import org.reportonce.hub.store.Database;

/**
 * The StopNCII-compatible API ({@code /stopncii/v1/FetchHashes}, {@code SubmitHashes},
 * {@code SubmitFeedback}), served on the hub's own data so that tools written for StopNCII
 * (python-threatexchange's {@code StopNCIIAPI} and what is built on it) work against a ReportOnce hub
 * with only the base URL and keys changed. See {@code docs/stopncii.md}.
 */
public final class StopNcii {

    private final KeyGrants grants;
    private final StopNciiAuth auth;
    private final HashFeed feed;
    private final HashSubmissions hashes;
    private final FeedbackSubmissions feedback;

    public StopNcii(Database db, Clock clock, CaseService cases, FeedbackService feedbackService, SyncService sync) {
        this.grants = new KeyGrants(db, clock);
        this.auth = new StopNciiAuth(db, grants);
        this.feed = new HashFeed(db, clock, sync);
        this.hashes = new HashSubmissions(db, clock, cases, feedbackService, grants);
        this.feedback = new FeedbackSubmissions(db, feedbackService);
    }

    public KeyGrants grants() {
        return grants;
    }

    public Caller authenticate(Context ctx, Endpoint endpoint) {
        return auth.authenticate(ctx, endpoint);
    }

    public FetchHashesResponse fetchHashes(Caller.Authenticated caller, long startTimestamp, int pageSize, String nextPageToken) {
        return feed.fetch(caller, startTimestamp, pageSize, nextPageToken);
    }

    public SubmitHashesResponse submitHashes(Caller.Authenticated caller, List<String> keyIds, SubmitHashesRequest body) {
        return hashes.submit(caller, keyIds, body);
    }

    public SubmitFeedbackResponse submitFeedback(Caller.Authenticated caller, SubmitFeedbackRequest body) {
        return feedback.submit(caller, body);
    }
}
