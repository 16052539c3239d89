package org.reportonce.hub;

import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

import io.javalin.http.Context;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.io.OutputStream;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.reportonce.hub.OpenApi.Access;
import org.reportonce.hub.OpenApi.Param;
import org.reportonce.hub.audit.AuditVerifier;
import org.reportonce.hub.auth.Caller;
import org.reportonce.hub.cases.CaseCredentials;
import org.reportonce.hub.cases.CaseStatus;
import org.reportonce.hub.compliance.Dashboards;
import org.reportonce.hub.compliance.FeedbackService;
import org.reportonce.hub.http.ApiException;
import org.reportonce.hub.signals.SignalLog;
import org.reportonce.hub.signals.SyncService;
import org.reportonce.protocol.FeedbackRequest;
import org.reportonce.protocol.ReportRequest;
import org.reportonce.protocol.ReportResponse;
import org.reportonce.protocol.SignalPage;
import org.reportonce.protocol.TakedownAttestation;

/** Every endpoint of the hub, with the roles allowed to call it. */
final class HubRoutes {

    static final Set<Access> EVERYONE = EnumSet.of(Access.ANYONE, Access.PLATFORM, Access.SUPPORT_SERVICE, Access.REGULATOR, Access.OPERATOR);
    static final Set<Access> PLATFORM = EnumSet.of(Access.PLATFORM);
    static final Set<Access> CASE_HOLDER = EnumSet.of(Access.CASE_HOLDER);

    private final Hub hub;
    private final HubApi api;
    /** Anonymous reports per IP: slows a flood of planted hashes through the open portal. */
    private final org.reportonce.hub.auth.RateLimiter anonymousReports;

    HubRoutes(Hub hub, HubApi api) {
        this.hub = hub;
        this.api = api;
        this.anonymousReports = new org.reportonce.hub.auth.RateLimiter(java.time.Clock.systemUTC(),
                hub.config().reportsPerIpMinute(), 60_000);
    }

    void register() {
        core();
        distribution();
        caseHolder();
        dashboards();
        operator();
    }

    static final Set<Access> MEMBERS = EnumSet.of(Access.PLATFORM, Access.SUPPORT_SERVICE, Access.REGULATOR, Access.OPERATOR);
    static final Set<Access> OPERATOR = EnumSet.of(Access.OPERATOR);

    /** Who the caller is, for the dashboards to choose what to show. */
    public record Me(String memberId, String displayName, String role, String keyId) {}

    private void dashboards() {
        api.route(GET, "/v1/me", MEMBERS, "The member holding this API key, and its role", null, Me.class, 200, List.of(), (ctx, c) -> {
            var a = (Caller.Authenticated) c;
            HubApi.json(ctx, 200, new Me(a.member().id(), a.member().displayName(), a.role().wire(), a.keyId()));
        });
        api.route(GET, "/v1/platform/dashboard", PLATFORM,
                "The calling platform's deadlines (on_time, at_risk, breached, done), alerts, pending reviews, recent matches and sync health",
                null, Dashboards.PlatformDashboard.class, 200, List.of(),
                (ctx, c) -> HubApi.json(ctx, 200, hub.dashboards().platform(((Caller.Authenticated) c).member().id())));
        api.route(GET, "/v1/support/cases", EnumSet.of(Access.SUPPORT_SERVICE),
                "The calling support service's caseload: the cases it filed, with per-platform status", null,
                new TypeRef<List<CaseStatus>>() {}.type(), 200,
                List.of(new Param("limit", "query", "integer", false, "at most this many cases, newest first; default 200, max 1000")),
                (ctx, c) -> {
                    int limit = (int) HubApi.longParam(ctx, "limit", 200, 1, 1000);
                    String member = ((Caller.Authenticated) c).member().id();
                    HubApi.json(ctx, 200, hub.db().read(h -> hub.cases().statusOf(h, hub.dashboards().casesFiledBy(h, member, limit))));
                });
        api.route(GET, "/v1/regulator/report", EnumSet.of(Access.REGULATOR, Access.OPERATOR),
                "Compliance figures per platform for reports made in a period (JSON, or CSV with format=csv); never hash values",
                null, Dashboards.RegulatorReport.class, 200,
                List.of(new Param("from", "query", "string", false, "period start, ISO-8601 instant; default 30 days before 'to'"),
                        new Param("to", "query", "string", false, "period end (exclusive), ISO-8601 instant; default now"),
                        new Param("format", "query", "string", false, "json (default) or csv")),
                (ctx, c) -> {
                    Instant to = instantParam(ctx, "to", hub.clock().instant());
                    Instant from = instantParam(ctx, "from", to.minus(Duration.ofDays(30)));
                    if (!from.isBefore(to)) throw ApiException.invalid("from", "must be before 'to' (" + to + "), got " + from);
                    if (Duration.between(from, to).compareTo(Duration.ofDays(366)) > 0) {
                        throw ApiException.invalid("from", "the period may be at most 366 days");
                    }
                    String format = ctx.queryParam("format") == null ? "json" : ctx.queryParam("format");
                    var report = hub.dashboards().regulator(from, to);
                    switch (format) {
                        case "json" -> HubApi.json(ctx, 200, report);
                        case "csv" -> {
                            HubApi.text(ctx, "text/csv; charset=utf-8", Dashboards.csv(report));
                            ctx.header("Content-Disposition", "attachment; filename=\"reportonce-" + from.toString().substring(0, 10)
                                    + "-" + to.toString().substring(0, 10) + ".csv\"");
                        }
                        default -> throw ApiException.invalid("format", "must be json or csv, got '" + HubApi.abbreviate(format) + "'");
                    }
                });
    }

    private void operator() {
        api.route(GET, "/v1/operator/members", OPERATOR, "Every member with its API keys (ids only, never the keys)", null,
                new TypeRef<List<Operations.MemberView>>() {}.type(), 200, List.of(),
                (ctx, c) -> HubApi.json(ctx, 200, hub.operations().members()));
        api.route(POST, "/v1/operator/members", OPERATOR, "Add a member (platform, support_service, regulator, operator)",
                Operations.NewMember.class, Member.class, 201, List.of(),
                (ctx, c) -> HubApi.json(ctx, 201, hub.operations().addMember((Caller.Authenticated) c, api.body(ctx, Operations.NewMember.class))));
        api.route(POST, "/v1/operator/members/{memberId}/keys", OPERATOR, "Create an API key for a member; the key is in this answer only",
                Operations.NewKey.class, Operations.IssuedKey.class, 201,
                List.of(new Param("memberId", "path", "string", true, "the member's id")),
                (ctx, c) -> {
                    Operations.NewKey body = ctx.req().getContentLengthLong() == 0 ? new Operations.NewKey(null) : api.body(ctx, Operations.NewKey.class);
                    HubApi.json(ctx, 201, hub.operations().addKey((Caller.Authenticated) c, ctx.pathParam("memberId"), body));
                });
        api.route(POST, "/v1/operator/keys/{keyId}/revoke", OPERATOR, "Revoke an API key at once", null,
                Operations.RevokedKey.class, 200, List.of(new Param("keyId", "path", "string", true, "the key's id (the part after rok_)")),
                (ctx, c) -> {
                    var revoked = hub.operations().revoke((Caller.Authenticated) c, ctx.pathParam("keyId"));
                    api.forgetKeys();
                    HubApi.json(ctx, 200, revoked);
                });
        api.route(GET, "/v1/operator/disputes", OPERATOR,
                "Signals that several platforms reviewed as NotBlocked, for review (status=open, the default, or all)", null,
                new TypeRef<List<Operations.DisputeView>>() {}.type(), 200,
                List.of(new Param("status", "query", "string", false, "open (default) or all")),
                (ctx, c) -> {
                    String status = ctx.queryParam("status") == null ? "open" : ctx.queryParam("status");
                    if (!status.equals("open") && !status.equals("all")) {
                        throw ApiException.invalid("status", "must be open or all, got '" + HubApi.abbreviate(status) + "'");
                    }
                    HubApi.json(ctx, 200, hub.operations().disputes(status.equals("open")));
                });
        api.route(POST, "/v1/operator/disputes/{disputeId}/resolve", OPERATOR,
                "Resolve a dispute: keep the signal, or suppress it (deleted at every platform, refused if reported again)",
                Operations.Resolution.class, Operations.DisputeView.class, 200,
                List.of(new Param("disputeId", "path", "integer", true, "the dispute's id")),
                (ctx, c) -> {
                    long id;
                    try {
                        id = Long.parseLong(ctx.pathParam("disputeId"));
                    } catch (NumberFormatException e) {
                        throw ApiException.invalid("disputeId", "must be an integer, got '" + HubApi.abbreviate(ctx.pathParam("disputeId")) + "'");
                    }
                    HubApi.json(ctx, 200, hub.operations().resolve((Caller.Authenticated) c, id, api.body(ctx, Operations.Resolution.class)));
                });
        api.route(GET, "/v1/operator/audit", OPERATOR, "Verify the audit chain now: entries checked, problems found, the head hash to publish",
                null, AuditVerifier.Result.class, 200, List.of(), (ctx, c) -> HubApi.json(ctx, 200, hub.verifyAudit()));
    }

    private static Instant instantParam(Context ctx, String name, Instant dflt) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) return dflt;
        try {
            return Instant.parse(v.trim());
        } catch (java.time.format.DateTimeParseException e) {
            throw ApiException.invalid(name, "must be an ISO-8601 instant such as 2025-01-31T00:00:00Z, got '" + HubApi.abbreviate(v) + "'");
        }
    }

    /** Captures a generic type for the OpenAPI schema. */
    abstract static class TypeRef<T> {
        java.lang.reflect.Type type() {
            return ((java.lang.reflect.ParameterizedType) getClass().getGenericSuperclass()).getActualTypeArguments()[0];
        }
    }

    private void core() {
        api.route(GET, "/health", EVERYONE, "Liveness and database check", null, Map.class, 200, List.of(), (ctx, c) -> {
            long max;
            try {
                max = hub.db().read(SignalLog::maxSeq);
            } catch (RuntimeException e) {
                HubApi.json(ctx, 503, Map.of("status", "unavailable", "database", "unreachable: " + e.getMessage()));
                return;
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", "ok");
            body.put("database", hub.db().isPostgres() ? "postgresql" : "h2");
            body.put("latestSeq", max);
            body.put("time", hub.clock().instant().toString());
            HubApi.json(ctx, 200, body);
        });
        api.route(GET, "/metrics", EVERYONE, "Prometheus metrics", null, null, 200, "text/plain", List.of(),
                (ctx, c) -> HubApi.text(ctx, "text/plain; version=0.0.4; charset=utf-8", hub.metrics().scrape()));
        api.route(GET, "/openapi.json", EVERYONE, "This document", null, Map.class, 200, List.of(),
                (ctx, c) -> HubApi.json(ctx, 200, api.openApi().document("0.1.0")));
        api.route(POST, "/v1/reports", EnumSet.of(Access.ANYONE, Access.PLATFORM, Access.SUPPORT_SERVICE),
                "File a report: creates a case with its signals; answers the case number and the PIN (shown once)",
                ReportRequest.class, ReportResponse.class, 201, List.of(), (ctx, c) -> {
                    if (c instanceof Caller.Anonymous) {
                        long wait = anonymousReports.tryAcquire(ctx.ip());
                        if (wait > 0) {
                            throw ApiException.tooManyRequests("too many reports from this address; try again in "
                                    + Math.max(1, wait / 1000) + " s, or ask a support service to report for you", wait);
                        }
                    }
                    ReportResponse r = hub.cases().createReport(c, api.body(ctx, ReportRequest.class));
                    hub.metrics().reportAccepted(c instanceof Caller.Authenticated a ? a.role().wire() : "portal",
                            r.signals().size(), r.refused().size());
                    HubApi.json(ctx, 201, r);
                });
    }

    private void distribution() {
        api.route(GET, "/v1/signals", PLATFORM,
                "Signal changes after a checkpoint, in seq order; also records the platform's acknowledgement (after=) and delivery",
                null, SignalPage.class, 200,
                List.of(new Param("after", "query", "integer", false, "the last seq applied (checkpoint); default 0"),
                        new Param("limit", "query", "integer", false, "page size, 1 to 10000; default 1000")),
                (ctx, c) -> {
                    long after = HubApi.longParam(ctx, "after", 0, 0, Long.MAX_VALUE);
                    int limit = (int) HubApi.longParam(ctx, "limit", SyncService.DEFAULT_LIMIT, 1, SyncService.MAX_LIMIT);
                    HubApi.json(ctx, 200, hub.sync().page(((Caller.Authenticated) c).member().id(), after, limit));
                });
        api.route(GET, "/v1/signals/stream", PLATFORM,
                "Server-Sent Events of the same changes: 'id: <seq>', 'event: signal', 'data: <SignalChange>'; resume with "
                        + "Last-Event-ID or ?after=; comment heartbeats while idle",
                null, null, 200, "text/event-stream",
                List.of(new Param("after", "query", "integer", false, "start after this seq (Last-Event-ID wins when both are given)"),
                        new Param("Last-Event-ID", "header", "string", false, "the last seq received, sent by EventSource on reconnect")),
                (ctx, c) -> new SignalStream(hub, ctx, (Caller.Authenticated) c).run());
        api.route(POST, "/v1/feedback", PLATFORM, "A platform's verdict on a signal (None, PendingReview, Blocked, NotBlocked) with tags",
                FeedbackRequest.class, FeedbackService.FeedbackResult.class, 202, List.of(), (ctx, c) -> {
                    var result = hub.feedback().feedback((Caller.Authenticated) c, api.body(ctx, FeedbackRequest.class));
                    hub.metrics().feedback(result.value().wire());
                    HubApi.json(ctx, 202, result);
                });
        api.route(POST, "/v1/takedowns", PLATFORM,
                "Attest that content matching a signal was found (and when removed); repeat with removedAt when it is removed",
                TakedownAttestation.class, Map.class, 202, List.of(), (ctx, c) -> {
                    TakedownAttestation a = api.body(ctx, TakedownAttestation.class);
                    hub.feedback().takedown((Caller.Authenticated) c, a);
                    hub.metrics().takedown();
                    HubApi.json(ctx, 202, Map.of("accepted", true, "signalId", a.signalId()));
                });
    }

    private void caseHolder() {
        api.route(POST, "/v1/cases/status", CASE_HOLDER,
                "The case holder's view: status and, per platform, delivered, matched, removed and the 48-hour state",
                CaseCredentials.class, CaseStatus.class, 200, List.of(), (ctx, c) -> {
                    CaseCredentials cred = api.body(ctx, CaseCredentials.class);
                    HubApi.json(ctx, 200, hub.cases().status(cred.caseNumber(), cred.pin(), ctx.ip()));
                });
        api.route(POST, "/v1/cases/withdraw", CASE_HOLDER,
                "Withdraw the case: its signals are deleted at every platform unless another active case reported them too",
                CaseCredentials.class, CaseStatus.class, 200, List.of(), (ctx, c) -> {
                    CaseCredentials cred = api.body(ctx, CaseCredentials.class);
                    CaseStatus s = hub.cases().withdraw(cred.caseNumber(), cred.pin(), ctx.ip());
                    hub.metrics().withdrawal();
                    HubApi.json(ctx, 200, s);
                });
    }

    /**
     * One platform's SSE connection.
     *
     * <p>Delivery evidence: a write to a connection the platform has already closed still succeeds
     * (the bytes reach the kernel; the peer's reset arrives after), so a change counts as delivered
     * only once a later write on the same connection, at least {@link #CONFIRM_NANOS} after it, has
     * succeeded too — a further batch, a heartbeat, or a one-line comment sent for the purpose. The
     * delivery is then recorded at the time of the first write. A platform whose matcher went down
     * is not credited with what the hub wrote into its dead connection.
     */
    static final class SignalStream {
        private static final int BATCH = 500;
        static final long CONFIRM_NANOS = 200_000_000L;
        /** Sent but not yet confirmed: {cursor after the batch, hub time of the write (ms), nanoTime of the write}. */
        private final java.util.ArrayDeque<long[]> unconfirmed = new java.util.ArrayDeque<>();
        private final Hub hub;
        private final Context ctx;
        private final String memberId;

        SignalStream(Hub hub, Context ctx, Caller.Authenticated caller) {
            this.hub = hub;
            this.ctx = ctx;
            this.memberId = caller.member().id();
        }

        void run() throws Exception {
            long after = startAfter();
            var res = ctx.res();
            res.setStatus(200);
            res.setContentType("text/event-stream");
            res.setCharacterEncoding("UTF-8");
            res.setHeader("Cache-Control", "no-cache");
            res.setHeader("X-Accel-Buffering", "no");
            OutputStream out = res.getOutputStream();
            long heartbeatNanos = hub.config().heartbeat().toNanos();
            try {
                out.write(("retry: 2000\n: connected, sending changes after " + after + "\n\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                out.flush();
                hub.sync().record(memberId, after, after);
                long cursor = after;
                long lastWrite = System.nanoTime();
                while (!hub.notifier().closed()) {
                    long from = cursor;
                    SignalPage page = hub.db().read(h -> SignalLog.page(h, from, BATCH));
                    if (!page.changes().isEmpty() || !page.skipped().isEmpty()) {
                        // changes and skipped records interleave: send them in seq order, so Last-Event-ID stays a true checkpoint
                        var changes = page.changes().iterator();
                        var skips = page.skipped().iterator();
                        var change = changes.hasNext() ? changes.next() : null;
                        var skipped = skips.hasNext() ? skips.next() : null;
                        while (change != null || skipped != null) {
                            if (skipped == null || (change != null && change.seq() < skipped.seq())) {
                                HubApi.sse(out, Long.toString(change.seq()), "signal", HubApi.MAPPER.writeValueAsString(change));
                                change = changes.hasNext() ? changes.next() : null;
                            } else {
                                HubApi.sse(out, Long.toString(skipped.seq()), "skipped", HubApi.MAPPER.writeValueAsString(skipped));
                                skipped = skips.hasNext() ? skips.next() : null;
                            }
                        }
                        long sentAt = hub.clock().instant().toEpochMilli();
                        out.flush();
                        cursor = page.next();
                        lastWrite = System.nanoTime();
                        confirm(lastWrite);
                        unconfirmed.add(new long[] {cursor, sentAt, lastWrite});
                        if (page.hasMore()) continue;
                    }
                    long now = System.nanoTime();
                    boolean confirmDue = !unconfirmed.isEmpty() && now - unconfirmed.peekFirst()[2] >= CONFIRM_NANOS;
                    if (now - lastWrite >= heartbeatNanos || confirmDue) {
                        out.write((confirmDue ? ": ok\n\n" : ": heartbeat\n\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                        out.flush();
                        lastWrite = System.nanoTime();
                        if (!confirm(lastWrite)) hub.sync().record(memberId, 0, 0); // contact only
                    }
                    long untilHeartbeat = heartbeatNanos - (System.nanoTime() - lastWrite);
                    long untilConfirm = unconfirmed.isEmpty() ? Long.MAX_VALUE
                            : CONFIRM_NANOS - (System.nanoTime() - unconfirmed.peekFirst()[2]);
                    long waitMs = Math.min(1000, Math.max(1, Math.min(untilHeartbeat, untilConfirm) / 1_000_000));
                    hub.notifier().awaitBeyond(cursor, waitMs);
                }
            } catch (IOException gone) {
                // the platform disconnected; it resumes with Last-Event-ID
            }
        }

        /**
         * Records as delivered every batch written at least {@link #CONFIRM_NANOS} before a write that
         * succeeded at {@code wroteAt}, at the time each was written; false if there was none.
         */
        private boolean confirm(long wroteAt) {
            long[] last = null;
            while (!unconfirmed.isEmpty() && wroteAt - unconfirmed.peekFirst()[2] >= CONFIRM_NANOS) {
                last = unconfirmed.pollFirst();
                hub.sync().record(memberId, 0, last[0], java.time.Instant.ofEpochMilli(last[1]));
            }
            return last != null;
        }

        private long startAfter() {
            String last = ctx.header("Last-Event-ID");
            if (last != null && !last.isBlank()) {
                try {
                    long v = Long.parseLong(last.trim());
                    if (v < 0) throw new NumberFormatException();
                    return v;
                } catch (NumberFormatException e) {
                    throw ApiException.invalid("Last-Event-ID", "must be the seq of the last event received (an integer >= 0), got '"
                            + HubApi.abbreviate(last) + "'");
                }
            }
            return HubApi.longParam(ctx, "after", 0, 0, Long.MAX_VALUE);
        }
    }
}
