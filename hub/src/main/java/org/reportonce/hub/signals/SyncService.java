package org.reportonce.hub.signals;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reportonce.hub.audit.AuditLog;
import org.reportonce.hub.store.Database;
import org.reportonce.protocol.SignalPage;

/**
 * Platforms reading the signal log, and the proof of delivery that reading leaves behind.
 *
 * <p>Per platform the hub keeps: {@code acked_seq}, the highest checkpoint the platform has told us it
 * applied ({@code after=} of a page request, {@code Last-Event-ID} of a stream); {@code delivered_seq},
 * the highest seq the hub has handed it (a page returned, a stream event flushed); and the time of
 * its last contact. When {@code delivered_seq} moves from a to b, every case whose
 * {@code distributed_seq} lies in (a, b] gets a delivery row for that platform with the time: that is
 * when the platform received the report, the start of its evidence. Both values are clamped to the
 * highest committed seq, so a platform cannot claim more than exists.
 *
 * <p>Cost on the hot path (every page a platform reads): a contact that moves nothing is written at
 * most once a second per platform (the last-contact time has that resolution); and on PostgreSQL
 * these transactions commit asynchronously ({@code synchronous_commit off}): they do not wait for the
 * disk, so they do not hold the audit chain's lock through a disk flush. A crash can lose the last
 * fraction of a second of delivery records and nothing else (the log is flushed in order, so a later
 * durable commit, such as a report, flushes them too); the platform's next page records them again,
 * with the later time, which errs against the platform, never for it.
 */
public final class SyncService {

    public static final int DEFAULT_LIMIT = 1000;
    public static final int MAX_LIMIT = 10_000;

    /** How long an empty page read from the database vouches for the head of the log. */
    public static final long HEAD_TTL_NANOS = 50_000_000L;

    /** The last seq known to be the head of the log, and when (nanoTime) that was read. */
    private volatile long[] head = {0, 0};

    /** A contact that moves nothing is written at most this often per platform (last-contact time only). */
    static final long CONTACT_WRITE_INTERVAL_MS = 1000;

    private final Database db;
    private final Clock clock;
    private final SignalNotifier notifier;
    /** What this process last wrote per platform: skips writes that would change nothing but the contact time. */
    private final java.util.concurrent.ConcurrentHashMap<String, long[]> lastWritten = new java.util.concurrent.ConcurrentHashMap<>();

    public SyncService(Database db, Clock clock, SignalNotifier notifier) {
        this.db = db;
        this.clock = clock;
        this.notifier = notifier;
    }

    /** A page of changes after {@code after}, recording the platform's acknowledgement and the delivery. */
    public SignalPage page(String memberId, long after, int limit) {
        SignalPage page;
        if (caughtUp(after)) {
            // not a fresh read: must not extend how long the last read vouches for the head
            page = new SignalPage(List.of(), after, false, List.of());
        } else {
            long readAt = System.nanoTime();
            page = db.read(h -> SignalLog.page(h, after, limit));
            if (page.changes().isEmpty() && page.skipped().isEmpty()) head = new long[] {after, readAt};
        }
        record(memberId, after, page.next());
        return page;
    }

    /**
     * Whether {@code after} is known to be the head of the log, so the page is empty without asking the
     * database. Most requests of a network of caught-up platforms are such polls. Known means: a page
     * read from the database after {@code after} came back empty less than {@link #HEAD_TTL_NANOS} ago,
     * and this process has published nothing since. A change written by another hub process sharing the
     * database is therefore seen at most that much later; a platform's checkpoint does not move on an
     * empty page, so it is delayed, never lost.
     */
    private boolean caughtUp(long after) {
        long[] h = head;
        return after >= h[0] && h[1] != 0 && System.nanoTime() - h[1] < HEAD_TTL_NANOS && notifier.latest() <= h[0];
    }

    /** Records contact: acknowledged through {@code acked}, handed everything through {@code delivered}, now. */
    public void record(String memberId, long acked, long delivered) {
        record(memberId, acked, delivered, null);
    }

    /**
     * Records contact now, and that everything through {@code delivered} was handed to the platform at
     * {@code deliveredAt} (null: now), e.g. when a stream's write is confirmed a moment after it was made.
     */
    public void record(String memberId, long acked, long delivered, Instant deliveredAt) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        long t = now.toEpochMilli();
        long td = deliveredAt == null ? t : Math.min(t, deliveredAt.toEpochMilli());
        long[] seen = lastWritten.get(memberId);
        if (seen != null && acked <= seen[0] && delivered <= seen[1] && t >= seen[2] && t - seen[2] < CONTACT_WRITE_INTERVAL_MS) {
            return; // nothing new, and the contact time was recorded less than a second ago
        }
        long[] written = db.write(h -> {
            if (db.isPostgres()) h.execute("SET LOCAL synchronous_commit TO OFF");
            long max = SignalLog.maxSeq(h);
            long ack = Math.min(acked, max);
            h.createUpdate("INSERT INTO platform_sync (member_id, acked_seq, delivered_seq) VALUES (:m, 0, 0) ON CONFLICT DO NOTHING")
                    .bind("m", memberId).execute();
            long[] row = h.createQuery("SELECT acked_seq, delivered_seq FROM platform_sync WHERE member_id = :m FOR UPDATE")
                    .bind("m", memberId).map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)}).one();
            long newAck = Math.max(row[0], ack);
            long newDelivered = Math.max(row[1], Math.max(newAck, Math.min(delivered, max)));
            h.createUpdate("UPDATE platform_sync SET acked_seq = :a, delivered_seq = :d, last_contact_at = :t, "
                            + "last_ack_at = CASE WHEN :a > acked_seq THEN :t ELSE last_ack_at END, "
                            + "last_delivery_at = CASE WHEN :d > delivered_seq THEN :td ELSE last_delivery_at END "
                            + "WHERE member_id = :m")
                    .bind("a", newAck).bind("d", newDelivered).bind("t", t).bind("td", td).bind("m", memberId).execute();
            if (newDelivered > row[1]) {
                int cases = h.createUpdate("INSERT INTO case_delivery (case_id, member_id, delivered_at) "
                                + "SELECT id, :m, :t FROM report_case WHERE distributed_seq > :from AND distributed_seq <= :to")
                        .bind("m", memberId).bind("t", td).bind("from", row[1]).bind("to", newDelivered).execute();
                h.createUpdate("UPDATE report_case SET status = 'active' WHERE status = 'received' "
                                + "AND distributed_seq > :from AND distributed_seq <= :to")
                        .bind("from", row[1]).bind("to", newDelivered).execute();
                Map<String, Object> detail = new LinkedHashMap<>();
                detail.put("from", row[1]);
                detail.put("to", newDelivered);
                detail.put("acked", newAck);
                detail.put("cases", cases);
                AuditLog.append(h, now, memberId, "sync.delivered", "member:" + memberId, detail);
            }
            return new long[] {newAck, newDelivered};
        });
        lastWritten.put(memberId, new long[] {written[0], written[1], t});
    }
}
