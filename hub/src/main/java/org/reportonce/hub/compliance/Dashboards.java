package org.reportonce.hub.compliance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.reportonce.hub.compliance.DeadlineClock.State;
import org.reportonce.hub.compliance.Deadlines.CaseRef;
import org.reportonce.hub.compliance.Deadlines.PlatformRef;
import org.reportonce.hub.compliance.Deadlines.Row;
import org.reportonce.hub.store.Database;

/**
 * The data behind the platform, support-service and regulator dashboards. A platform only ever sees
 * its own rows; the regulator sees figures per platform and never a hash value.
 */
public final class Dashboards {

    /** Reports evaluated on a platform's dashboard: those of the last 14 days, newest first. */
    static final Duration PLATFORM_WINDOW = Duration.ofDays(14);
    static final int MAX_ROWS = 500;

    private final Database db;
    private final Clock clock;
    private final Duration atRiskWindow;

    public Dashboards(Database db, Clock clock, Duration atRiskWindow) {
        this.db = db;
        this.clock = clock;
        this.atRiskWindow = atRiskWindow;
    }

    /** A platform's sync health: its checkpoint against the log, and when it last called. */
    public record SyncHealth(long latestSeq, long ackedSeq, long deliveredSeq, long changesBehind, Instant lastContactAt,
            Instant lastDeliveryAt, Long secondsSinceContact) {}

    /** One report's clock at this platform; {@code reportId} is the hub's id (never the case number). */
    public record DeadlineRow(long reportId, Instant reportedAt, Instant deadline, Instant deliveredAt, Instant matchedAt,
            Instant removedAt, int matches, String state, String outcome, List<Long> signalIds) {}

    /** An alert: a report at risk of missing, or having missed, its deadline at this platform. */
    public record Alert(long reportId, String state, Instant deadline, String reason) {}

    public record PendingReview(long signalId, Instant since) {}

    /**
     * One piece of the platform's content found lately: {@code signals} of the reported signals matched it
     * (a signal set's members often match together), {@code signalId} the lowest of them, {@code distance}
     * the closest; removed when the platform attested its removal under any of them.
     */
    public record RecentMatch(String contentReference, int signals, long signalId, int distance, Instant foundAt,
            Instant removedAt) {}

    public record PlatformDashboard(String memberId, String displayName, SyncHealth sync, Map<String, Integer> counts,
            List<Alert> alerts, List<DeadlineRow> deadlines, List<PendingReview> pendingReviews, List<RecentMatch> recentMatches) {}

    public PlatformDashboard platform(String memberId) {
        Instant now = clock.instant();
        return db.read(h -> {
            PlatformRef p = Deadlines.platforms(h, memberId).stream().findFirst()
                    .orElseThrow(() -> new IllegalStateException("no platform " + memberId));
            SyncHealth sync = syncHealth(h, memberId, now);
            List<CaseRef> cases = h.createQuery("SELECT " + Deadlines.CASE_COLUMNS + " FROM report_case c "
                            + "WHERE c.status IN ('received', 'active') AND c.reported_at >= :since ORDER BY c.reported_at DESC, c.id DESC LIMIT :n")
                    .bind("since", now.minus(PLATFORM_WINDOW).toEpochMilli()).bind("n", MAX_ROWS)
                    .map((rs, ctx) -> Deadlines.mapCase(rs)).list();
            List<Row> rows = Deadlines.evaluate(h, cases, List.of(p), now, atRiskWindow);
            Map<Long, List<Long>> signals = signalsOf(h, cases);
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (State s : List.of(State.ON_TIME, State.AT_RISK, State.BREACHED, State.DONE)) counts.put(s.wire(), 0);
            List<DeadlineRow> deadlines = new ArrayList<>();
            List<Alert> alerts = new ArrayList<>();
            for (Row r : rows) {
                var e = r.eval();
                counts.merge(e.state().wire(), 1, Integer::sum);
                deadlines.add(new DeadlineRow(r.kase().id(), Instant.ofEpochMilli(r.kase().reportedAt()), e.deadline(), e.deliveredAt(),
                        e.matchedAt(), e.removedAt(), e.matches(), e.state().wire(), e.outcome(), signals.getOrDefault(r.kase().id(), List.of())));
                if (e.state() == State.AT_RISK || e.state() == State.BREACHED) {
                    alerts.add(new Alert(r.kase().id(), e.state().wire(), e.deadline(), reason(e, now)));
                }
            }
            alerts.sort(Comparator.comparing(Alert::deadline));
            List<PendingReview> pending = h.createQuery("SELECT signal_id, updated_at FROM feedback_latest "
                            + "WHERE member_id = :m AND feedback_value = 'PendingReview' ORDER BY updated_at LIMIT :n")
                    .bind("m", memberId).bind("n", MAX_ROWS)
                    .map((rs, ctx) -> new PendingReview(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)))).list();
            List<RecentMatch> recent = h.createQuery("SELECT content_reference, COUNT(*), MIN(signal_id), MIN(distance), "
                            + "MIN(found_at), MIN(removed_at), MAX(attested_at) FROM takedown WHERE member_id = :m "
                            + "GROUP BY content_reference ORDER BY MAX(attested_at) DESC, content_reference LIMIT 50")
                    .bind("m", memberId)
                    .map((rs, ctx) -> {
                        long rem = rs.getLong(6);
                        // wasNull speaks of the last column read: ask it before reading another
                        Instant removed = rs.wasNull() ? null : Instant.ofEpochMilli(rem);
                        return new RecentMatch(rs.getString(1), rs.getInt(2), rs.getLong(3), rs.getInt(4),
                                Instant.ofEpochMilli(rs.getLong(5)), removed);
                    }).list();
            return new PlatformDashboard(p.memberId(), p.displayName(), sync, counts, alerts, deadlines, pending, recent);
        });
    }

    private static String reason(DeadlineClock.Evaluation e, Instant now) {
        String left = e.deadline().isAfter(now)
                ? Duration.between(now, e.deadline()).toMinutes() / 60 + " h " + Duration.between(now, e.deadline()).toMinutes() % 60 + " min left"
                : "deadline passed " + Duration.between(e.deadline(), now).toHours() + " h ago";
        if (e.deliveredAt() == null) return "not synced since the report arrived; " + left;
        if (e.removedAt() != null) return "removed after the deadline";
        if (e.matches() > 0) return "found content not yet removed; " + left;
        return "delivered after the deadline";
    }

    static SyncHealth syncHealth(Handle h, String memberId, Instant now) {
        long max = h.createQuery("SELECT val FROM counter WHERE name = 'signal_change'").mapTo(Long.class).one();
        return h.createQuery("SELECT acked_seq, delivered_seq, last_contact_at, last_delivery_at FROM platform_sync WHERE member_id = :m")
                .bind("m", memberId)
                .map((rs, ctx) -> {
                    long lc = rs.getLong(3);
                    Instant contact = rs.wasNull() ? null : Instant.ofEpochMilli(lc);
                    long ld = rs.getLong(4);
                    Instant delivery = rs.wasNull() ? null : Instant.ofEpochMilli(ld);
                    return new SyncHealth(max, rs.getLong(1), rs.getLong(2), Math.max(0, max - rs.getLong(2)), contact, delivery,
                            contact == null ? null : Math.max(0, Duration.between(contact, now).toSeconds()));
                })
                .findOne()
                .orElse(new SyncHealth(max, 0, 0, max, null, null, null));
    }

    private static Map<Long, List<Long>> signalsOf(Handle h, List<CaseRef> cases) {
        Map<Long, List<Long>> out = new LinkedHashMap<>();
        if (cases.isEmpty()) return out;
        h.createQuery("SELECT DISTINCT case_id, signal_id FROM case_signal WHERE case_id IN (<ids>) ORDER BY case_id, signal_id")
                .bindList("ids", cases.stream().map(CaseRef::id).toList())
                .map((rs, ctx) -> out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getLong(2)))
                .list();
        return out;
    }

    /** Cases filed by a support service, newest first. */
    public List<CaseRef> casesFiledBy(Handle h, String memberId, int limit) {
        return h.createQuery("SELECT " + Deadlines.CASE_COLUMNS + " FROM report_case c WHERE c.source_member_id = :m "
                        + "ORDER BY c.received_at DESC, c.id DESC LIMIT :n")
                .bind("m", memberId).bind("n", limit)
                .map((rs, ctx) -> Deadlines.mapCase(rs)).list();
    }

    /**
     * Compliance figures of one platform for reports made in a period.
     *
     * @param reports              reports made in the period (not withdrawn) that the platform had to handle
     * @param delivered            of those, delivered to the platform
     * @param matched              of those, with content found at the platform
     * @param removed              of those, with every found copy removed
     * @param removedWithin48h     removed by the deadline
     * @param shareRemovedWithin48h removedWithin48h / matched, null when nothing matched
     * @param medianRemovalSeconds report to removal, median; null when nothing removed
     * @param p95RemovalSeconds    report to removal, 95th percentile (nearest rank)
     * @param breaches             reports whose clock is breached at this platform
     * @param atRisk               reports at risk now
     * @param medianDeliverySeconds hub receipt to delivery at the platform, median
     * @param p95DeliverySeconds   the same, 95th percentile
     * @param secondsSinceContact  now minus the platform's last call; null if it never called
     * @param changesBehind        signal changes not yet sent to it
     */
    public record PlatformFigures(String platform, int reports, int delivered, int matched, int removed, int removedWithin48h,
            Double shareRemovedWithin48h, Long medianRemovalSeconds, Long p95RemovalSeconds, int breaches, int atRisk,
            Long medianDeliverySeconds, Long p95DeliverySeconds, Long secondsSinceContact, long changesBehind) {}

    public record RegulatorReport(Instant from, Instant to, Instant generatedAt, List<PlatformFigures> platforms) {}

    public RegulatorReport regulator(Instant from, Instant to) {
        Instant now = clock.instant();
        return db.read(h -> {
            List<PlatformRef> platforms = Deadlines.platforms(h, null);
            List<CaseRef> cases = h.createQuery("SELECT " + Deadlines.CASE_COLUMNS + " FROM report_case c "
                            + "WHERE c.status <> 'withdrawn' AND c.status <> 'deleted' AND c.reported_at >= :from AND c.reported_at < :to")
                    .bind("from", from.toEpochMilli()).bind("to", to.toEpochMilli())
                    .map((rs, ctx) -> Deadlines.mapCase(rs)).list();
            List<Row> rows = Deadlines.evaluate(h, cases, platforms, now, atRiskWindow);
            List<PlatformFigures> out = new ArrayList<>();
            for (PlatformRef p : platforms) {
                int reports = 0, delivered = 0, matched = 0, removed = 0, onTime = 0, breaches = 0, atRisk = 0;
                List<Long> removal = new ArrayList<>();
                List<Long> delivery = new ArrayList<>();
                for (Row r : rows) {
                    if (!r.platform().equals(p)) continue;
                    // a platform that joined after the report's deadline had no duty for it
                    if (p.joinedAt() > r.kase().reportedAt() + org.reportonce.hub.signals.SignalLog.DEADLINE.toMillis()) continue;
                    var e = r.eval();
                    reports++;
                    if (e.deliveredAt() != null) {
                        delivered++;
                        delivery.add(Math.max(0, (e.deliveredAt().toEpochMilli() - r.kase().receivedAt()) / 1000));
                    }
                    if (e.matchedAt() != null) matched++;
                    if (e.removedAt() != null) {
                        removed++;
                        removal.add(Math.max(0, (e.removedAt().toEpochMilli() - r.kase().reportedAt()) / 1000));
                        if (!e.removedAt().isAfter(e.deadline())) onTime++;
                    }
                    if (e.state() == State.BREACHED) breaches++;
                    if (e.state() == State.AT_RISK) atRisk++;
                }
                SyncHealth sync = syncHealth(h, p.memberId(), now);
                out.add(new PlatformFigures(p.displayName(), reports, delivered, matched, removed, onTime,
                        matched == 0 ? null : (double) onTime / matched, percentile(removal, 50), percentile(removal, 95),
                        breaches, atRisk, percentile(delivery, 50), percentile(delivery, 95), sync.secondsSinceContact(), sync.changesBehind()));
            }
            return new RegulatorReport(from, to, now, out);
        });
    }

    /** Nearest-rank percentile; null for no data. */
    static Long percentile(List<Long> values, int p) {
        if (values.isEmpty()) return null;
        List<Long> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    /** The same figures as CSV (RFC 4180), one row per platform. */
    public static String csv(RegulatorReport r) {
        StringBuilder sb = new StringBuilder("platform,period_from,period_to,reports,delivered,matched,removed,removed_within_48h,"
                + "share_removed_within_48h,median_removal_seconds,p95_removal_seconds,breaches,at_risk,median_delivery_seconds,"
                + "p95_delivery_seconds,seconds_since_contact,changes_behind\r\n");
        for (PlatformFigures f : r.platforms()) {
            sb.append(csvField(f.platform())).append(',').append(r.from()).append(',').append(r.to()).append(',')
                    .append(f.reports()).append(',').append(f.delivered()).append(',').append(f.matched()).append(',')
                    .append(f.removed()).append(',').append(f.removedWithin48h()).append(',')
                    .append(f.shareRemovedWithin48h() == null ? "" : String.format(Locale.ROOT, "%.4f", f.shareRemovedWithin48h())).append(',')
                    .append(blank(f.medianRemovalSeconds())).append(',').append(blank(f.p95RemovalSeconds())).append(',')
                    .append(f.breaches()).append(',').append(f.atRisk()).append(',')
                    .append(blank(f.medianDeliverySeconds())).append(',').append(blank(f.p95DeliverySeconds())).append(',')
                    .append(blank(f.secondsSinceContact())).append(',').append(f.changesBehind()).append("\r\n");
        }
        return sb.toString();
    }

    private static String blank(Long v) {
        return v == null ? "" : v.toString();
    }

    private static String csvField(String s) {
        // also defuse spreadsheet formulas in display names
        String v = s.startsWith("=") || s.startsWith("+") || s.startsWith("-") || s.startsWith("@") ? "'" + s : s;
        return v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }

    /** State counts used by metrics and tests. */
    public static Map<State, Integer> count(List<Row> rows) {
        Map<State, Integer> m = new EnumMap<>(State.class);
        for (Row r : rows) m.merge(r.eval().state(), 1, Integer::sum);
        return m;
    }
}
