package org.reportonce.hub.signals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.reportonce.protocol.SignalChange;
import org.reportonce.protocol.SignalChange.SignalStatus;
import org.reportonce.protocol.SignalPage;
import org.reportonce.protocol.SignalType;

/**
 * The distribution log: every change to a signal becomes one row with the next sequence number,
 * and platforms read the log in seq order from their checkpoint.
 *
 * <p><b>Why a reader never skips a seq.</b> A reader at checkpoint {@code c} asks for
 * {@code seq > c}; if seq 7 could commit after seq 8 was visible, a reader that took 8 would never
 * see 7. So seqs are taken from a one-row counter with {@code UPDATE counter SET val = val + n}: the
 * row lock is held until the writing transaction commits, so the next writer gets its seqs only after
 * the previous one committed (or rolled back, returning its seqs: no gaps either). Commit order is
 * therefore seq order, on PostgreSQL (READ COMMITTED re-reads the locked row after the wait) and on H2
 * alike. The counter is taken as late as possible in a transaction — after the signal rows are locked
 * and updated — so it is held only for the few inserts before commit; it is always taken before the
 * audit head, which fixes the lock order.
 *
 * <p>Each row is a full snapshot (status, reportedAt), so applying a change twice is harmless; a row
 * that cannot be decoded (a type this hub version does not know) is reported as skipped in the page,
 * and the checkpoint moves past it, so one bad record never blocks a platform.
 */
public final class SignalLog {

    public static final Duration DEADLINE = Duration.ofHours(48);

    /** The state of a signal to publish. */
    public record Snapshot(long signalId, SignalType type, String value, Integer quality, SignalStatus status, long reportedAtMs) {}

    private SignalLog() {}

    /** Appends one change per snapshot, in order; returns the seqs given. */
    public static long[] append(Handle h, List<Snapshot> snapshots, Instant changedAt) {
        if (snapshots.isEmpty()) return new long[0];
        int n = snapshots.size();
        h.createUpdate("UPDATE counter SET val = val + :n WHERE name = 'signal_change'").bind("n", n).execute();
        long end = h.createQuery("SELECT val FROM counter WHERE name = 'signal_change'").mapTo(Long.class).one();
        long first = end - n + 1;
        long[] seqs = new long[n];
        PreparedBatch insert = h.prepareBatch("INSERT INTO signal_change "
                + "(seq, signal_id, signal_type, hash_value, quality, status, reported_at, changed_at) "
                + "VALUES (:seq, :id, :type, :value, :quality, :status, :reported, :changed)");
        PreparedBatch mark = h.prepareBatch("UPDATE signal SET last_seq = :seq WHERE id = :id");
        for (int i = 0; i < n; i++) {
            Snapshot s = snapshots.get(i);
            long seq = first + i;
            seqs[i] = seq;
            insert.bind("seq", seq).bind("id", s.signalId()).bind("type", s.type().wire()).bind("value", s.value())
                    .bind("quality", s.quality()).bind("status", s.status().name()).bind("reported", s.reportedAtMs())
                    .bind("changed", changedAt.toEpochMilli()).add();
            mark.bind("seq", seq).bind("id", s.signalId()).add();
        }
        insert.execute();
        mark.execute();
        return seqs;
    }

    /** The highest committed seq (0 when empty). */
    public static long maxSeq(Handle h) {
        return h.createQuery("SELECT val FROM counter WHERE name = 'signal_change'").mapTo(Long.class).one();
    }

    /** Changes with {@code seq > after}, at most {@code limit}, in order. */
    public static SignalPage page(Handle h, long after, int limit) {
        List<SignalChange> changes = new ArrayList<>();
        List<SignalPage.Skipped> skipped = new ArrayList<>();
        long[] last = {after};
        int[] rows = {0};
        h.createQuery("SELECT seq, signal_id, signal_type, hash_value, quality, status, reported_at, changed_at "
                        + "FROM signal_change WHERE seq > :after ORDER BY seq LIMIT :limit")
                .bind("after", after).bind("limit", limit + 1)
                .map((rs, ctx) -> {
                    rows[0]++;
                    if (rows[0] > limit) return null;
                    long seq = rs.getLong("seq");
                    last[0] = seq;
                    try {
                        int q = rs.getInt("quality");
                        Integer quality = rs.wasNull() ? null : q;
                        Instant reported = Instant.ofEpochMilli(rs.getLong("reported_at"));
                        changes.add(new SignalChange(seq, rs.getLong("signal_id"), SignalType.fromWire(rs.getString("signal_type")),
                                rs.getString("hash_value"), quality, SignalStatus.valueOf(rs.getString("status")),
                                reported, reported.plus(DEADLINE), Instant.ofEpochMilli(rs.getLong("changed_at"))));
                    } catch (RuntimeException e) {
                        skipped.add(new SignalPage.Skipped(seq, "cannot encode change " + seq + ": " + e.getMessage()));
                    }
                    return null;
                })
                .forEach(x -> { });
        return new SignalPage(changes, last[0], rows[0] > limit, skipped);
    }
}
