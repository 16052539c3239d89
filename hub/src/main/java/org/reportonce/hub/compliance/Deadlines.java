package org.reportonce.hub.compliance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.reportonce.hub.compliance.DeadlineClock.Evaluation;
import org.reportonce.hub.compliance.DeadlineClock.Takedown;
import org.reportonce.hub.compliance.DeadlineClock.Verdict;
import org.reportonce.hub.signals.SignalLog;
import org.reportonce.protocol.FeedbackValue;

/**
 * Loads what the {@link DeadlineClock} needs for a set of cases and platforms in a few set-based
 * queries (chunked IN lists), and evaluates every (case, platform) pair.
 */
public final class Deadlines {

    private static final int CHUNK = 500;

    /** The case fields the clock needs. */
    public record CaseRef(long id, String caseNumber, long reportedAt, long receivedAt, String status, Long closedAt,
            String source, String sourceMemberId) {
        public boolean closed() {
            return "withdrawn".equals(status) || "deleted".equals(status);
        }
    }

    /** A platform member. */
    public record PlatformRef(String memberId, String displayName, long joinedAt) {}

    /** One (case, platform) evaluation. */
    public record Row(CaseRef kase, PlatformRef platform, Evaluation eval) {}

    private Deadlines() {}

    public static final String CASE_COLUMNS = "c.id, c.case_number, c.reported_at, c.received_at, c.status, c.closed_at, c.source, c.source_member_id";

    public static CaseRef mapCase(java.sql.ResultSet rs) throws java.sql.SQLException {
        long closed = rs.getLong("closed_at");
        Long closedAt = rs.wasNull() ? null : closed;
        return new CaseRef(rs.getLong("id"), rs.getString("case_number"), rs.getLong("reported_at"), rs.getLong("received_at"),
                rs.getString("status"), closedAt, rs.getString("source"), rs.getString("source_member_id"));
    }

    public static List<PlatformRef> platforms(Handle h, String onlyMemberId) {
        return h.createQuery("SELECT id, display_name, created_at FROM member WHERE role = 'PLATFORM' AND disabled_at IS NULL "
                        + "AND (:m IS NULL OR id = :m) ORDER BY display_name, id")
                .bind("m", onlyMemberId)
                .map((rs, ctx) -> new PlatformRef(rs.getString(1), rs.getString(2), rs.getLong(3)))
                .list();
    }

    /** Deadline of a case at a platform: 48 h from the report, or from the platform joining if later. */
    public static Instant deadline(CaseRef c, PlatformRef p) {
        return Instant.ofEpochMilli(Math.max(c.reportedAt(), p.joinedAt())).plus(SignalLog.DEADLINE);
    }

    public static List<Row> evaluate(Handle h, List<CaseRef> cases, List<PlatformRef> platforms, Instant now, Duration window) {
        if (cases.isEmpty() || platforms.isEmpty()) return List.of();
        Map<Long, Set<Long>> signalsByCase = new HashMap<>();
        Set<Long> allSignals = new LinkedHashSet<>();
        List<Long> caseIds = cases.stream().map(CaseRef::id).toList();
        List<String> memberIds = platforms.stream().map(PlatformRef::memberId).toList();
        chunks(caseIds, ids -> h.createQuery("SELECT case_id, signal_id FROM case_signal WHERE case_id IN (<ids>)")
                .bindList("ids", ids)
                .map((rs, ctx) -> {
                    signalsByCase.computeIfAbsent(rs.getLong(1), k -> new LinkedHashSet<>()).add(rs.getLong(2));
                    allSignals.add(rs.getLong(2));
                    return 0;
                }).list());
        Map<String, Long> delivered = new HashMap<>();
        chunks(caseIds, ids -> h.createQuery("SELECT case_id, member_id, delivered_at FROM case_delivery "
                        + "WHERE case_id IN (<ids>) AND member_id IN (<members>)")
                .bindList("ids", ids).bindList("members", memberIds)
                .map((rs, ctx) -> delivered.put(rs.getLong(1) + "/" + rs.getString(2), rs.getLong(3))).list());
        Map<String, List<Takedown>> takedowns = new HashMap<>();
        Map<String, Verdict> verdicts = new HashMap<>();
        List<Long> signalIds = new ArrayList<>(allSignals);
        chunks(signalIds, ids -> h.createQuery("SELECT member_id, signal_id, found_at, removed_at, content_reference FROM takedown "
                        + "WHERE signal_id IN (<ids>) AND member_id IN (<members>)")
                .bindList("ids", ids).bindList("members", memberIds)
                .map((rs, ctx) -> {
                    long rem = rs.getLong(4);
                    Instant removed = rs.wasNull() ? null : Instant.ofEpochMilli(rem);
                    takedowns.computeIfAbsent(rs.getString(1) + "/" + rs.getLong(2), k -> new ArrayList<>())
                            .add(new Takedown(rs.getString(5), Instant.ofEpochMilli(rs.getLong(3)), removed));
                    return 0;
                }).list());
        chunks(signalIds, ids -> h.createQuery("SELECT member_id, signal_id, feedback_value, first_at, updated_at FROM feedback_latest "
                        + "WHERE signal_id IN (<ids>) AND member_id IN (<members>)")
                .bindList("ids", ids).bindList("members", memberIds)
                .map((rs, ctx) -> verdicts.put(rs.getString(1) + "/" + rs.getLong(2),
                        new Verdict(FeedbackValue.fromWire(rs.getString(3)), Instant.ofEpochMilli(rs.getLong(4)),
                                Instant.ofEpochMilli(rs.getLong(5))))).list());
        List<Row> rows = new ArrayList<>(cases.size() * platforms.size());
        for (CaseRef c : cases) {
            Set<Long> sigs = signalsByCase.getOrDefault(c.id(), Set.of());
            for (PlatformRef p : platforms) {
                List<Takedown> t = new ArrayList<>();
                List<Verdict> v = new ArrayList<>();
                for (long s : sigs) {
                    String k = p.memberId() + "/" + s;
                    t.addAll(takedowns.getOrDefault(k, List.of()));
                    Verdict verdict = verdicts.get(k);
                    if (verdict != null) v.add(verdict);
                }
                Long d = delivered.get(c.id() + "/" + p.memberId());
                Evaluation e = DeadlineClock.evaluate(deadline(c, p), d == null ? null : Instant.ofEpochMilli(d), t, v,
                        c.closed(), now, window);
                rows.add(new Row(c, p, e));
            }
        }
        return rows;
    }

    /** Groups rows by case id, keeping order. */
    public static Map<Long, List<Row>> byCase(List<Row> rows) {
        Map<Long, List<Row>> m = new LinkedHashMap<>();
        for (Row r : rows) m.computeIfAbsent(r.kase().id(), k -> new ArrayList<>()).add(r);
        return m;
    }

    private static <T> void chunks(Collection<T> all, Consumer<List<T>> work) {
        List<T> list = new ArrayList<>(all);
        for (int i = 0; i < list.size(); i += CHUNK) work.accept(list.subList(i, Math.min(list.size(), i + CHUNK)));
    }
}
