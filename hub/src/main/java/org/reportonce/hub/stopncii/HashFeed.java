package org.reportonce.hub.stopncii;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.reportonce.hub.auth.Caller;
import org.reportonce.hub.http.ApiException;
import org.reportonce.hub.signals.SignalLog;
import org.reportonce.hub.signals.SyncService;
import org.reportonce.hub.store.Database;
import org.reportonce.protocol.FeedbackValue;
import org.reportonce.protocol.SignalType;

/**
 * FetchHashes: the hub's signal log read as StopNCII hash records.
 *
 * <p><b>Paging.</b> The log is ordered by seq, and seqs commit in order (see {@link SignalLog}), so a
 * position in it is a seq: a page covers the changes in {@code (after, end]} and its
 * {@code nextPageToken} encodes {@code end}. Before reading rows the page reads the highest committed
 * seq {@code max}; every seq up to {@code max} is committed and visible, none after it is read. A page
 * holds the first {@code pageSize} records of {@code (after, max]}; when there are fewer, it ends at
 * {@code max} itself. Changes committed while a client pages have seqs above every page already
 * served, so they land in a later page: nothing is skipped or served twice, however the pages and the
 * writers interleave.
 *
 * <p><b>One record per hash per pass.</b> A change row is served only while it is the signal's latest
 * ({@code signal.last_seq = seq}); an older change of a signal that changed again later is passed over,
 * because the later change is further on in the log and will be served there with the state it then
 * has. A record therefore shows the current state (cases, their statuses, the caller's feedback),
 * and a pass over the log serves each hash once unless it changes again during the pass. SHA-256
 * signals are passed over too ({@link StopNciiSignalType} says why).
 *
 * <p><b>Timestamps.</b> {@code lastModtimestamp} is the change's time in unix seconds. Clients store
 * {@code nextSetTimestamp} and later resume with {@code startTimestamp=} instead of a token, so a time
 * must map back to a position without loss, although change times are not quite in seq order (a
 * change's time is taken when its transaction starts, its seq when it commits). Assume that disorder is
 * below {@link #DISORDER}: a change with a smaller seq never has a time more than DISORDER later than a
 * change with a larger seq. Then:
 * <ul>
 *   <li>{@code nextSetTimestamp} = the time (floored to a second) of the change at the page's end
 *       position;</li>
 *   <li>{@code startTimestamp=T} starts after the change {@code q} with the latest time earlier than
 *       {@code T - DISORDER}. Every change before {@code q} has a time below {@code T}, so none at or
 *       after {@code T} is skipped; and for a {@code T} that was a nextSetTimestamp, every change after
 *       the page's end is later than {@code q}, so resuming never skips what the client has not seen.
 *       Up to DISORDER of changes are served again, which is harmless: records are snapshots.</li>
 * </ul>
 * Both lookups use the index on the change time: O(log n), however long the log.
 */
public final class HashFeed {

    /** Upper bound on how far change times run out of seq order (a transaction's duration, with retries). */
    static final Duration DISORDER = Duration.ofMinutes(5);
    public static final int DEFAULT_PAGE_SIZE = 800;
    public static final int MAX_PAGE_SIZE = 10_000;
    private static final String CASE_ID_SALT = "reportonce/stopncii/case/";
    /** Log rows read per query while filling a page. */
    static final int SCAN_CHUNK = 2000;
    /** Ids per lookup query. */
    static final int LOOKUP_CHUNK = 500;

    private final Database db;
    private final Clock clock;
    private final SyncService sync;

    public HashFeed(Database db, Clock clock, SyncService sync) {
        this.db = db;
        this.clock = clock;
        this.sync = sync;
    }

    /** A change in the log; {@code type} is the stored wire name (types this API does not carry are passed over). */
    private record Row(long seq, long signalId, String type, String value, String status, long changedAt, boolean suppressed) {
        Row withSuppressed(boolean s) {
            return new Row(seq, signalId, type, value, status, changedAt, s);
        }

        boolean carried() {
            return "pdq".equals(type) || "md5".equals(type);
        }
    }

    /** For the carried signals of a batch: id -> {last_seq, suppressed ? 1 : 0}. */
    private static Map<Long, long[]> latestOf(Handle h, List<Row> batch) {
        List<Long> ids = batch.stream().filter(Row::carried).map(Row::signalId).distinct().toList();
        Map<Long, long[]> out = new HashMap<>();
        for (List<Long> part : chunks(ids)) {
            h.createQuery("SELECT id, last_seq, suppressed_at FROM signal WHERE id IN (<ids>)")
                    .bindList("ids", part)
                    .map((rs, ctx) -> {
                        long id = rs.getLong(1);
                        long last = rs.getLong(2);
                        rs.getLong(3);
                        return out.put(id, new long[] {last, rs.wasNull() ? 0 : 1});
                    })
                    .forEach(x -> { });
        }
        return out;
    }

    /** Id lists in parts small enough that each lookup is planned as index probes. */
    private static <T> List<List<T>> chunks(List<T> all) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += LOOKUP_CHUNK) out.add(all.subList(i, Math.min(all.size(), i + LOOKUP_CHUNK)));
        return out;
    }

    private record Page(FetchHashesResponse response, long acked, long end) {}

    /**
     * One page for {@code caller}: from {@code token} when given, else from {@code startTimestamp}
     * (unix seconds). Records the delivery to the platform like a page of {@code GET /v1/signals}.
     */
    public FetchHashesResponse fetch(Caller.Authenticated caller, long startTimestamp, int pageSize, String token) {
        PageToken from = null;
        if (token != null && !token.isEmpty()) {
            try {
                from = PageToken.decode(token);
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid("nextPageToken", e.getMessage() + "; pass back a nextPageToken exactly as received, "
                        + "or leave it out and use startTimestamp");
            }
        }
        PageToken start = from;
        String memberId = caller.member().id();
        String source = caller.member().displayName();
        Page page = db.read(h -> page(h, memberId, source, start, startTimestamp, pageSize));
        sync.record(memberId, page.acked(), page.end());
        return page.response();
    }

    private Page page(Handle h, String memberId, String source, PageToken token, long startTimestamp, int pageSize) {
        long max = SignalLog.maxSeq(h);
        long after;
        long acked;
        if (token != null) {
            if (token.seq() > max) {
                throw ApiException.invalid("nextPageToken", "points past the end of this hub's log (" + token.seq() + " > " + max
                        + "); it was not issued by this hub. Start again with startTimestamp");
            }
            after = token.seq();
            acked = after;
        } else {
            after = positionAt(h, startTimestamp);
            acked = 0;
        }
        // Scan the log in seq order a chunk at a time and keep the changes to serve, until the page is full
        // or the scan reaches max. Plain index range scans and id lookups in chunks: a join of the log with
        // the signal table is misestimated by the planner (the two columns are correlated) into whole-table scans.
        List<Row> rows = new ArrayList<>();
        boolean hasMore = false;
        long end = after;
        long endChangedAt = -1;
        long cursor = after;
        int chunk = Math.min(pageSize + 1, SCAN_CHUNK);
        scan:
        while (true) {
            List<Row> batch = h.createQuery("SELECT seq, signal_id, signal_type, hash_value, status, changed_at FROM signal_change "
                            + "WHERE seq > :after AND seq <= :max ORDER BY seq LIMIT :n")
                    .bind("after", cursor).bind("max", max).bind("n", chunk)
                    .map((rs, ctx) -> new Row(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getLong(6), false))
                    .list();
            Map<Long, long[]> latest = latestOf(h, batch);
            for (Row r : batch) {
                if (rows.size() == pageSize) {
                    hasMore = true;
                    break scan;
                }
                end = r.seq();
                endChangedAt = r.changedAt();
                long[] l = latest.get(r.signalId());
                if (l != null && l[0] == r.seq()) rows.add(r.withSuppressed(l[1] != 0));
            }
            if (batch.size() < chunk) {
                if (end != max) {
                    end = max;
                    endChangedAt = -1;
                }
                break;
            }
            cursor = batch.get(batch.size() - 1).seq();
        }
        long checkpointMs;
        if (endChangedAt >= 0) {
            checkpointMs = endChangedAt;
        } else if (end > 0) {
            checkpointMs = h.createQuery("SELECT changed_at FROM signal_change WHERE seq = :s").bind("s", end).mapTo(Long.class).one();
        } else {
            // an empty log: whatever is written next is at least this late (less the disorder bound)
            checkpointMs = Math.min(startTimestamp * 1000, clock.millis());
        }
        List<FetchHashesResponse.HashRecord> records = records(h, memberId, source, rows);
        FetchHashesResponse response = new FetchHashesResponse(records.size(), new PageToken(end).encode(),
                Math.floorDiv(checkpointMs, 1000), hasMore, records);
        return new Page(response, acked, end);
    }

    /** The position to start after for {@code startTimestamp} (see the class comment). */
    static long positionAt(Handle h, long startTimestamp) {
        long bound = startTimestamp * 1000 - DISORDER.toMillis();
        return h.createQuery("SELECT seq FROM signal_change WHERE changed_at < :b ORDER BY changed_at DESC, seq DESC LIMIT 1")
                .bind("b", bound).mapTo(Long.class).findOne().orElse(0L);
    }

    private List<FetchHashesResponse.HashRecord> records(Handle h, String memberId, String source, List<Row> rows) {
        if (rows.isEmpty()) return List.of();
        List<Long> ids = rows.stream().map(Row::signalId).distinct().toList();
        Map<Long, Map<String, HashStatus>> cases = new HashMap<>();
        Map<Long, FetchHashesResponse.CspFeedback> feedback = new HashMap<>();
        for (List<Long> part : chunks(ids)) {
            Map<Long, List<Long>> casesOf = new HashMap<>();
            h.createQuery("SELECT signal_id, case_id FROM case_signal WHERE signal_id IN (<ids>)")
                    .bindList("ids", part)
                    .map((rs, ctx) -> casesOf.computeIfAbsent(rs.getLong(2), k -> new ArrayList<>()).add(rs.getLong(1)))
                    .forEach(x -> { });
            for (List<Long> caseIds : chunks(List.copyOf(casesOf.keySet()))) {
                h.createQuery("SELECT id, case_number, status FROM report_case WHERE id IN (<ids>)")
                        .bindList("ids", caseIds)
                        .map((rs, ctx) -> {
                            String id = caseId(rs.getString(2));
                            HashStatus st = HashStatus.ofCase(rs.getString(3));
                            for (long signal : casesOf.get(rs.getLong(1))) cases.computeIfAbsent(signal, k -> new LinkedHashMap<>()).put(id, st);
                            return 0;
                        })
                        .forEach(x -> { });
            }
            h.createQuery("SELECT signal_id, feedback_value, tags FROM feedback_latest WHERE member_id = :m AND signal_id IN (<ids>)")
                    .bind("m", memberId).bindList("ids", part)
                    .map((rs, ctx) -> feedback.put(rs.getLong(1), new FetchHashesResponse.CspFeedback(
                            FeedbackValue.fromWire(rs.getString(2)), tags(rs.getString(3)), source)))
                    .forEach(x -> { });
        }
        List<FetchHashesResponse.HashRecord> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            Map<String, HashStatus> caseStatus = cases.getOrDefault(r.signalId(), Map.of());
            FetchHashesResponse.CspFeedback mine = feedback.get(r.signalId());
            out.add(new FetchHashesResponse.HashRecord(Math.floorDiv(r.changedAt(), 1000),
                    StopNciiSignalType.of(SignalType.fromWire(r.type())).orElseThrow(), r.value(), hashStatus(r, caseStatus),
                    caseStatus, mine == null ? List.of() : List.of(mine)));
        }
        return out;
    }

    /** The aggregate status of a hash (see {@link HashStatus}). */
    private static HashStatus hashStatus(Row r, Map<String, HashStatus> cases) {
        if ("ACTIVE".equals(r.status())) {
            return cases.containsValue(HashStatus.Active) ? HashStatus.Active : HashStatus.Received;
        }
        if (r.suppressed()) return HashStatus.Deleted;
        boolean allWithdrawn = !cases.isEmpty() && cases.values().stream().allMatch(s -> s == HashStatus.Withdrawn);
        return allWithdrawn ? HashStatus.Withdrawn : HashStatus.Deleted;
    }

    private static List<String> tags(String stored) {
        if (stored == null || stored.isEmpty()) return List.of();
        return Arrays.stream(stored.split(",")).filter(t -> !t.isEmpty()).sorted().toList();
    }

    /**
     * The id a platform sees for a case: a UUID (version 8) made from SHA-256 of the case number. It is
     * stable, distinct per case, and does not reveal the case number, which is half of the case holder's
     * credentials and is never shown to platforms.
     */
    static String caseId(String caseNumber) {
        byte[] d;
        try {
            d = MessageDigest.getInstance("SHA-256").digest((CASE_ID_SALT + caseNumber).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) hi = (hi << 8) | (d[i] & 0xff);
        for (int i = 8; i < 16; i++) lo = (lo << 8) | (d[i] & 0xff);
        hi = (hi & ~0xF000L) | 0x8000L;                     // version 8: custom
        lo = (lo & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // RFC 9562 variant
        return new UUID(hi, lo).toString();
    }
}
