package org.reportonce.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.reportonce.hashing.Hash256;
import org.reportonce.index.HammingIndex;
import org.reportonce.index.HammingIndexes;
import org.reportonce.index.MultiIndexHammingIndex;
import org.reportonce.protocol.SignalChange;
import org.reportonce.protocol.SignalChange.SignalStatus;
import org.reportonce.protocol.SignalType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local bank of the hub's signals: the database rows (source of truth, survive restarts) and
 * the in-memory structures queries run against (a Hamming index of ACTIVE PDQ signals, a hash map of
 * ACTIVE exact signals).
 *
 * <p><b>Applying a batch</b> ({@link #apply}) happens in one database transaction that also moves the
 * checkpoint, so after a crash at any instant the database holds exactly the changes up to its
 * checkpoint; the follower resumes from there. A change whose seq is at or below the checkpoint is
 * ignored, and a change older than the row's own seq cannot overwrite it, so nothing is applied
 * twice. The in-memory index is updated in place during the transaction (an add before the
 * stored-content search, see below); if the transaction fails the batch is retried and the same
 * snapshot states are re-applied, which is idempotent.
 *
 * <p><b>Ordering with content registration.</b> A new signal must find content registered at the
 * same moment, and vice versa. The sync path adds the signal to the signal index and then searches the
 * content index; registration adds to the content index and then searches the signal index. Both
 * indexes are linearizable, so at least one of the two searches sees the other entry; the unique
 * (signal, content) key of a takedown makes the case where both see it harmless.
 */
final class SignalBank {

    private static final Logger log = LoggerFactory.getLogger(SignalBank.class);

    /** Told, inside the applying transaction, when a signal starts or stops being matchable. */
    interface Listener {
        void onActivated(Handle h, SignalInfo signal, Hash256 pdq);

        void onDeactivated(Handle h, SignalInfo signal);
    }

    /** What one {@link #apply} did. */
    record Applied(int changes, int skipped, long checkpoint) {}

    private final Database db;
    private final Clock clock;
    private HammingIndex pdqIndex = Indexes.newIndex(); // replaced once, by the bulk build in load()
    private final Map<String, Long> exact = new ConcurrentHashMap<>();
    private volatile long checkpoint;
    private volatile Instant lastSyncAt;
    private Listener listener = new Listener() {
        @Override
        public void onActivated(Handle h, SignalInfo signal, Hash256 pdq) {}

        @Override
        public void onDeactivated(Handle h, SignalInfo signal) {}
    };

    /** The index as of a clean shutdown, and the setting naming the checkpoint it was saved at. */
    static final String SNAPSHOT_FILE = "bank-index.bin";
    private static final String SNAPSHOT_SETTING = "bank_index_snapshot_checkpoint";

    private final Path dataDir;

    SignalBank(Database db, Clock clock, Path dataDir) {
        this.db = db;
        this.clock = clock;
        this.dataDir = dataDir;
    }

    void listener(Listener l) {
        this.listener = l;
    }

    /**
     * Fills the in-memory structures (at start). The PDQ index comes from the snapshot saved at the
     * last clean shutdown when that snapshot was taken at the database's checkpoint (nothing changed
     * since) and holds as many entries as the bank has active PDQ signals; otherwise, e.g. after a
     * kill -9, it is rebuilt from the rows. Reading millions of rows is most of a restart's time.
     */
    void load() {
        long t0 = System.nanoTime();
        db.jdbi.useHandle(h -> {
            Map<String, Object> st = h.createQuery("select checkpoint, last_sync_at from sync_state where id = 1").mapToMap().one();
            checkpoint = ((Number) st.get("checkpoint")).longValue();
            lastSyncAt = toInstant(st.get("last_sync_at"));
            long pdqRows = h.createQuery("select count(*) from bank_signal where status = 'ACTIVE' and type = 'pdq'")
                    .mapTo(Long.class).one();
            HammingIndex snapshot = snapshot(pdqRows);
            Indexes.LongArray ids = new Indexes.LongArray(snapshot == null ? pdqRows : 16);
            Indexes.LongArray words = new Indexes.LongArray(snapshot == null ? 4 * pdqRows : 16);
            String sql = snapshot == null
                    ? "select signal_id, type, hash_value from bank_signal where status = 'ACTIVE'"
                    : "select signal_id, type, hash_value from bank_signal where status = 'ACTIVE' and type <> 'pdq'";
            h.createQuery(sql)
                    .setFetchSize(10_000)
                    .map((rs, ctx) -> {
                        SignalType type = SignalType.fromWire(rs.getString(2));
                        if (type == SignalType.PDQ) {
                            ids.add(rs.getLong(1));
                            words.add(Hash256.fromHex(rs.getString(3)));
                        } else {
                            addToMemory(rs.getLong(1), type, rs.getString(3));
                        }
                        return Boolean.TRUE;
                    }).forEach(x -> {});
            pdqIndex = snapshot != null ? snapshot : Indexes.build(ids, words);
        });
        log.info("bank loaded: {} PDQ + {} exact signals, checkpoint {} ({} ms)", pdqIndex.size(), exact.size(),
                checkpoint, (System.nanoTime() - t0) / 1_000_000);
    }

    private HammingIndex snapshot(long pdqRows) {
        if (dataDir == null) return null;
        Path file = dataDir.resolve(SNAPSHOT_FILE);
        String at = db.setting(SNAPSHOT_SETTING).orElse(null);
        if (at == null || !at.equals(Long.toString(checkpoint)) || !Files.exists(file)) return null;
        try {
            HammingIndex index = HammingIndexes.load(file);
            if (index.size() != pdqRows) {
                log.warn("index snapshot holds {} hashes, the bank {}: rebuilding from the bank", index.size(), pdqRows);
                return null;
            }
            log.info("PDQ index loaded from the snapshot of checkpoint {}", checkpoint);
            return index;
        } catch (IOException | RuntimeException e) {
            log.warn("index snapshot {} unusable ({}); rebuilding from the bank", file, e.getMessage());
            return null;
        }
    }

    /**
     * Saves the PDQ index for a fast next start. Called at shutdown, after sync has stopped, so the
     * index and the checkpoint agree; the setting is written after the file, so a crash in between
     * leaves a setting that no longer names the database's checkpoint and the snapshot is ignored.
     */
    void saveSnapshot() {
        if (dataDir == null || !(pdqIndex instanceof MultiIndexHammingIndex index)) return;
        long cp = checkpoint;
        try {
            db.putSetting(SNAPSHOT_SETTING, "none");
            index.save(dataDir.resolve(SNAPSHOT_FILE));
            db.putSetting(SNAPSHOT_SETTING, Long.toString(cp));
        } catch (IOException | RuntimeException e) {
            log.warn("could not save the index snapshot ({}); the next start rebuilds it from the bank", e.getMessage());
        }
    }

    long checkpoint() {
        return checkpoint;
    }

    Instant lastSyncAt() {
        return lastSyncAt;
    }

    int pdqSize() {
        return pdqIndex.size();
    }

    int exactSize() {
        return exact.size();
    }

    HammingIndex pdqIndex() {
        return pdqIndex;
    }

    /** The ACTIVE exact signal with this value, or null. */
    Long exactSignal(SignalType type, String hexLower) {
        return exact.get(exactKey(type, hexLower));
    }

    /** Notes that the hub was reached (a heartbeat or an empty page): persisted lazily, with the next batch. */
    void touched(Instant at) {
        lastSyncAt = at;
    }

    /**
     * Applies a batch of records from the hub in one transaction and moves the checkpoint to the
     * highest seq seen (or {@code pageNext}, the hub's checkpoint for a page, when larger).
     */
    Applied apply(List<IncomingRecord> records, long pageNext) {
        Instant now = clock.instant();
        Applied result = db.jdbi.inTransaction(h -> {
            long cp = h.createQuery("select checkpoint from sync_state where id = 1 for update").mapTo(Long.class).one();
            long newCp = cp;
            int skipped = 0;
            List<IncomingRecord.Change> changes = new ArrayList<>(records.size());
            List<IncomingRecord> inOrder = new ArrayList<>(records);
            // a page lists the hub's skipped seqs after its changes: apply everything in seq order
            inOrder.sort(java.util.Comparator.comparing(IncomingRecord::seq,
                    java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder())));
            for (IncomingRecord r : inOrder) {
                Long seq = r.seq();
                // at or below the checkpoint: applied before a restart; at or below newCp: a repeat in this batch
                if (seq != null && seq <= newCp) continue;
                switch (r) {
                    case IncomingRecord.Change c -> changes.add(c);
                    case IncomingRecord.Malformed m -> {
                        skipped++;
                        log.warn("skipping hub record seq {}: {}", m.seq(), m.reason());
                        h.createUpdate("insert into skipped_record (seq, reason, raw, skipped_at) values (:s, :r, :raw, :at)")
                                .bind("s", m.seq()).bind("r", m.reason()).bind("raw", m.raw()).bind("at", now).execute();
                    }
                }
                if (seq != null) newCp = Math.max(newCp, seq);
            }
            int applied = applyChanges(h, changes, now);
            newCp = Math.max(newCp, pageNext);
            h.createUpdate("update sync_state set checkpoint = :cp, last_sync_at = :at where id = 1")
                    .bind("cp", newCp).bind("at", now).execute();
            return new Applied(applied, skipped, newCp);
        });
        checkpoint = result.checkpoint();
        lastSyncAt = now;
        return result;
    }

    /**
     * Applies changes in seq order with three statements per batch rather than per change (a first
     * sync of millions of signals is bound by these writes): one look-up of the rows already held,
     * one batched upsert, one batched journal insert.
     */
    private int applyChanges(Handle h, List<IncomingRecord.Change> changes, Instant now) {
        if (changes.isEmpty()) return 0;
        Map<Long, SignalInfo> current = existing(h, changes);
        PreparedBatch upsert = h.prepareBatch("""
                merge into bank_signal (signal_id, seq, type, hash_value, quality, status, reported_at, deadline, changed_at, applied_at)
                key (signal_id) values (:id, :seq, :type, :value, :quality, :status, :reported, :deadline, :changed, :applied)""");
        PreparedBatch journal = h.prepareBatch(
                "insert into sync_journal (seq, signal_id, status, applied_at) values (:seq, :id, :st, :at)");
        int applied = 0;
        for (IncomingRecord.Change c : changes) {
            SignalChange ch = c.change();
            SignalInfo old = current.get(ch.signalId());
            if (old != null && old.seq() >= ch.seq()) continue; // an older snapshot than the one held
            upsert.bind("id", ch.signalId()).bind("seq", ch.seq()).bind("type", ch.type().wire())
                    .bind("value", ch.value()).bind("quality", ch.quality()).bind("status", ch.status().name())
                    .bind("reported", ch.reportedAt()).bind("deadline", ch.deadline()).bind("changed", ch.changedAt())
                    .bind("applied", now).add();
            journal.bind("seq", ch.seq()).bind("id", ch.signalId()).bind("st", ch.status().name()).bind("at", now).add();
            SignalInfo info = new SignalInfo(ch.signalId(), ch.type(), ch.value(), ch.quality(), ch.status(),
                    ch.reportedAt(), ch.deadline(), ch.seq());
            current.put(ch.signalId(), info);
            applied++;

            boolean wasActive = old != null && old.status() == SignalStatus.ACTIVE;
            boolean sameValue = old != null && old.type() == ch.type() && old.value().equals(ch.value());
            if (wasActive && !sameValue) {
                removeFromMemory(old.signalId(), old.type(), old.value());
            }
            if (ch.status() == SignalStatus.ACTIVE) {
                addToMemory(ch.signalId(), ch.type(), ch.value());
                if (!wasActive || !sameValue) listener.onActivated(h, info, c.pdq());
            } else {
                if (wasActive && sameValue) removeFromMemory(ch.signalId(), ch.type(), ch.value());
                if (wasActive) listener.onDeactivated(h, info);
            }
        }
        if (applied > 0) {
            upsert.execute();
            journal.execute();
        }
        return applied;
    }

    /** The rows already held for the signals these changes touch. */
    private static Map<Long, SignalInfo> existing(Handle h, List<IncomingRecord.Change> changes) {
        Map<Long, SignalInfo> out = new HashMap<>();
        List<Long> ids = changes.stream().map(c -> c.change().signalId()).distinct().toList();
        for (int from = 0; from < ids.size(); from += 1000) {
            h.createQuery("select * from bank_signal where signal_id in (<ids>)")
                    .bindList("ids", ids.subList(from, Math.min(ids.size(), from + 1000)))
                    .map((rs, ctx) -> info(rs)).forEach(i -> out.put(i.signalId(), i));
        }
        return out;
    }

    private void addToMemory(long id, SignalType type, String value) {
        if (type == SignalType.PDQ) {
            pdqIndex.add(id, Hash256.fromHex(value));
        } else {
            exact.put(exactKey(type, value), id);
        }
    }

    private void removeFromMemory(long id, SignalType type, String value) {
        if (type == SignalType.PDQ) {
            pdqIndex.remove(id);
        } else {
            exact.remove(exactKey(type, value), id);
        }
    }

    private static String exactKey(SignalType type, String value) {
        return type.wire() + ':' + value;
    }

    /** The bank's rows for these ids (only those present). */
    Map<Long, SignalInfo> lookup(Collection<Long> ids) {
        Map<Long, SignalInfo> out = new HashMap<>();
        if (ids.isEmpty()) return out;
        db.jdbi.useHandle(h -> h.createQuery("select * from bank_signal where signal_id in (<ids>)")
                .bindList("ids", List.copyOf(ids)).map((rs, ctx) -> info(rs)).forEach(i -> out.put(i.signalId(), i)));
        return out;
    }

    SignalInfo lookup(long id) {
        return db.jdbi.withHandle(h -> h.createQuery("select * from bank_signal where signal_id = :id")
                .bind("id", id).map((rs, ctx) -> info(rs)).findOne().orElse(null));
    }

    static SignalInfo info(ResultSet rs) throws SQLException {
        int q = rs.getInt("quality");
        Integer quality = rs.wasNull() ? null : q;
        return new SignalInfo(rs.getLong("signal_id"), SignalType.fromWire(rs.getString("type")), rs.getString("hash_value"),
                quality, SignalStatus.valueOf(rs.getString("status")), instant(rs, "reported_at"),
                instant(rs, "deadline"), rs.getLong("seq"));
    }

    static Instant instant(ResultSet rs, String col) throws SQLException {
        Timestamp t = rs.getTimestamp(col);
        return t == null ? null : t.toInstant();
    }

    static Instant toInstant(Object o) {
        if (o == null) return null;
        if (o instanceof Timestamp t) return t.toInstant();
        if (o instanceof java.time.OffsetDateTime odt) return odt.toInstant();
        if (o instanceof Instant i) return i;
        throw new IllegalStateException("unexpected timestamp type " + o.getClass());
    }
}
