package org.reportonce.hub.signals;

import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.reportonce.hub.signals.SignalLog.Snapshot;
import org.reportonce.protocol.SignalChange.SignalStatus;
import org.reportonce.protocol.SignalType;

/**
 * The signal table: one row per distinct (type, value), shared by every case that reported it.
 * A signal is ACTIVE while at least one received or active case backs it and an operator has not
 * suppressed it after a dispute; its reportedAt is the earliest report time among those cases.
 */
public final class Signals {

    private Signals() {}

    /** A locked signal row. */
    public record Locked(long id, boolean suppressed) {}

    /**
     * Finds or creates the signal and locks its row for the rest of the transaction. Callers lock
     * several signals in (type, value) order so two transactions cannot wait on each other.
     */
    public static Locked lockOrCreate(Handle h, SignalType type, String value, Integer quality, long reportedAt, long now) {
        h.createUpdate("INSERT INTO signal (signal_type, hash_value, quality, status, reported_at, created_at, last_seq) "
                        + "VALUES (:t, :v, :q, 'ACTIVE', :r, :now, 0) ON CONFLICT DO NOTHING")
                .bind("t", type.wire()).bind("v", value).bind("q", quality).bind("r", reportedAt).bind("now", now)
                .execute();
        return lock(h, type, value).orElseThrow(() -> new IllegalStateException("signal vanished after insert"));
    }

    public static Optional<Locked> lock(Handle h, SignalType type, String value) {
        return h.createQuery("SELECT id, suppressed_at FROM signal WHERE signal_type = :t AND hash_value = :v FOR UPDATE")
                .bind("t", type.wire()).bind("v", value)
                .map((rs, ctx) -> {
                    long id = rs.getLong(1);
                    rs.getLong(2);
                    return new Locked(id, !rs.wasNull());
                })
                .findOne();
    }

    /** Locks a signal by id. */
    public static Optional<Locked> lock(Handle h, long id) {
        return h.createQuery("SELECT id, suppressed_at FROM signal WHERE id = :id FOR UPDATE")
                .bind("id", id)
                .map((rs, ctx) -> {
                    rs.getLong(2);
                    return new Locked(id, !rs.wasNull());
                })
                .findOne();
    }

    /**
     * Recomputes status and reportedAt of a (locked) signal from the cases behind it, stores them and
     * returns the snapshot to publish.
     */
    public static Snapshot refresh(Handle h, long signalId) {
        Long earliest = h.createQuery("SELECT MIN(c.reported_at) FROM case_signal cs JOIN report_case c ON c.id = cs.case_id "
                        + "WHERE cs.signal_id = :id AND c.status IN ('received', 'active')")
                .bind("id", signalId).mapTo(Long.class).findOne().orElse(null);
        var row = h.createQuery("SELECT signal_type, hash_value, quality, reported_at, suppressed_at FROM signal WHERE id = :id")
                .bind("id", signalId)
                .map((rs, ctx) -> {
                    int q = rs.getInt("quality");
                    Integer quality = rs.wasNull() ? null : q;
                    long reported = rs.getLong("reported_at");
                    rs.getLong("suppressed_at");
                    boolean suppressed = !rs.wasNull();
                    return new Object[] {SignalType.fromWire(rs.getString("signal_type")), rs.getString("hash_value"), quality, reported, suppressed};
                })
                .one();
        boolean active = earliest != null && !(Boolean) row[4];
        long reportedAt = earliest != null ? earliest : (Long) row[3];
        SignalStatus status = active ? SignalStatus.ACTIVE : SignalStatus.DELETED;
        h.createUpdate("UPDATE signal SET status = :s, reported_at = :r WHERE id = :id")
                .bind("s", status.name()).bind("r", reportedAt).bind("id", signalId).execute();
        return new Snapshot(signalId, (SignalType) row[0], (String) row[1], (Integer) row[2], status, reportedAt);
    }
}
