package org.reportonce.index;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.reportonce.hashing.Hash256;

/**
 * The fast, exact, thread-safe {@link HammingIndex}: multi-index hashing over packed primitive
 * arrays, with a small mutable delta merged in the background.
 *
 * <h2>The idea</h2>
 * Cut each 256-bit hash into {@code m} disjoint chunks and index every chunk in its own table. If
 * two hashes are within {@code r} bits, their chunk distances sum to at most {@code r}, so at least
 * one chunk differs by at most {@code t} bits for any thresholds {@code t[c]} with
 * {@code sum(t[c] + 1) = r + 1} (the pigeonhole principle; see {@link SearchPlan}). A query probes
 * each table for the keys within {@code t[c]} of its own chunk, verifies the few candidates against
 * the full hash with four popcounts, and reports each hit from the first chunk that found it (so no
 * hit is reported twice and no "seen" set is needed). Nothing is approximate: every entry within
 * {@code r} is found and every reported distance is the true one, at every radius 0..256.
 *
 * <h2>Why 11 chunks of 23-24 bits (12 of 21-22 below 2^19 entries)</h2>
 * The work per query is buckets visited plus candidates verified, each a random memory access.
 * Narrow chunks mean few buckets but many candidates (16 chunks of 16 bits at r = 31: 272
 * buckets but n/240 candidates, 42 000 at n = 10M); wide chunks the reverse (8 chunks of 32 bits:
 * 5 489 buckets per chunk). Multi-index hashing's analysis puts the optimum near {@code log2(n)}
 * bits per chunk. With 12 chunks of 21/21/22 bits (each 64-bit word cut in three) r = 31 needs 32
 * units over 12 chunks: 8 chunks probed within 2 bits, 4 within 1. A table keyed on all 21 bits
 * would cost 2^21 offsets (8 MB) per chunk, too much at 1M hashes, so each table is bucketed on
 * only {@code D ~ log2(n) - 3} bits (about 8 entries per bucket; one bit more for the 11 chunks
 * below 4M entries, 18 at 1M, and one fewer for ring segments, 20 at 10M) and the other
 * {@code F = w - D} bits ride in the high bits of the int that holds the entry's ordinal; a bucket
 * visit keeps the entries whose filter bits fit the remaining budget with one popcount each, a
 * sequential read. Chunk distance = bucket distance + filter distance, so this is exact. From 2^19
 * entries 11 chunks of 23-24 bits (some straddling two words; r = 31 then probes 10 chunks within
 * 2 bits, 1 within 1) verify 2.5 times fewer candidates for 20 % more buckets
 * ({@link ChunkLayout#forSize}; the threshold was 3M before the presence slots below made the extra
 * buckets cheap). Each bucket's offset int also carries presence bits in every bit the offset
 * does not need (22 at 1M: which groups of filter values occur in it), so a probe skips the
 * buckets that cannot hold a wanted entry without reading them ({@link PackedSegment}). Per query
 * at r = 31 on uniform hashes: 1M entries (D = 18), 1 739 buckets enumerated, 379 read, 1 744 filter
 * checks, 288 verifications (D = 17: 1 558, 564, 4 686; with 16 presence bits 689 read and 5 702
 * checks); 10M, 2 342 enumerated,
 * 1 525 read, 8 075 checks, 2 873 verifications.
 *
 * <p>The random reads dominate, so {@link PackedSegment#search} issues them in passes that do not
 * depend on each other, each over all probed chunks (all bucket offsets, then a touch of every
 * kept bucket's entry lines, then the branch-free filter, on the Vector API when present, then a
 * touch of every survivor's hash line in one short loop (session 6: 7-10 % less CPU than a touch
 * after each chunk's filter), then the verification of the survivors against the first half of
 * each hash), letting the CPU overlap the cache misses
 * instead of paying one memory latency per bucket. How many misses overlap depends on how short
 * the loop that issues them is (the reorder buffer holds a fixed number of instructions), so the
 * bucket ints are first copied in a loop that does nothing else (pass 1a, over bucket keys taken
 * from a precomputed table of flip masks), then tested for presence in another short loop (1b),
 * and only the ~22 % kept are turned into ranges (1c): 1.4-1.6 times less CPU per fresh 1M query
 * than computing the ranges in the loop that loads them (session 5), and 1b/1c another ~10 %
 * (session 6). Pass 2 touches, per kept bucket, the line of its first entry and the line of the
 * last lane of the filter's vector load from there (16 ints at AVX-512): the masked vector load
 * waits for every line it spans, masked lanes too, so touching only the entries' own lines left
 * the filter waiting for ~300 lines one after another (session 6: 22 % less CPU per 1M query).
 * At 1M the spare ordinal bits of each entry (6) carry the next chunk's top bits, and the
 * filter applies the pigeonring pair test on them, so ~35 % of the survivors are dropped before
 * their hash is read ({@link PackedSegment}, "Pair bits").
 * Cost model, counted in distinct 64-byte lines
 * read per query at r = 31 (each a likely miss: the tables are far larger than the cache): 1M,
 * ~1 090 offset lines (11.5 MB, mostly held in the 32 MB L3, so cheap) + ~410 entry lines (plus
 * up to one more line per kept bucket, ~380, that only the vector load's masked lanes reach)
 * + ~186 hash lines (~290 before the pair bits) (D = 17: ~960 + ~740 + ~290 =
 * ~1 980; with 16 presence bits, ~2 140); 10M (D = 20), ~1 490 offset lines
 * + ~2 870 entry lines (8-byte entries, ~10 per bucket, partly sequential) + ~1 hash line = ~4 360
 * (it was ~6 100, ~2 870 of them hash lines, before the 10M tables carried each entry's next
 * chunk and rejected candidates by the pigeonring test without reading their hash;
 * {@link PackedSegment}, "Ring entries"). On the development VM an
 * independent random line from DRAM costs 5-30 ns when many are in flight (a dependent one
 * 270-600 ns), and the computation with everything cached ~5.5 us at 1M (~15 us at 10M), so a
 * fresh 1M query costs ~17-25 us, most of it waiting for the ~600 entry and hash lines that
 * come from DRAM (docs/benchmarks.md, Index, session 6).
 *
 * <h2>Memory</h2>
 * Per entry: 8 bytes id (4 when every id fits an int) + 32 bytes hash + 4 bytes per chunk (44 for
 * 11 chunks) = 84 bytes (80), plus about 4 * 2^D bytes of bucket offsets and presence bits per chunk
 * (an int per bucket, over an int base per 64 buckets; see {@link PackedSegment}); 1M entries
 * (11 chunks, D = 18, int ids): 91.7 MB of arrays (95.7 MB retained heap; D = 17 with long ids, as
 * before session 5: 89.9 and 94.1). From 4M entries the 10 chunks probed within 2 at r = 31 hold 8-byte ring
 * entries (+4 bytes per entry and chunk) and bucket on one bit fewer: 10M, 1 287 MB of arrays
 * (1 385 MB retained; 934 MB and 1 012 MB without ring entries), but only when the JVM's maximum
 * heap holds three such segments (10M: ~3.7 GB), else the plain tables, so a matcher sized for
 * them does not run out of memory in a merge ({@code -Dreportonce.index.ring=auto|on|off},
 * {@link PackedSegment#ringFits}). Removals add a
 * lazily allocated 4-byte death stamp per packed entry. No boxed objects per entry anywhere. A
 * background merge builds the new packed segment beside the old one, so the heap needs room for
 * both while it runs.
 *
 * <h2>Updates and concurrency</h2>
 * State = one immutable {@link PackedSegment} (bulk of the entries, sorted by id) + a mutable
 * {@link DeltaSegment} that new entries are appended to + while a merge runs, the previous delta,
 * frozen. One writer at a time (a lock; the contract expects one updating thread) changes the
 * state, then publishes a new {@link Snapshot} through a volatile field. A query reads the
 * snapshot once and never blocks or retries:
 * <ul>
 *   <li>Every update gets the next version number. Removing (or replacing) an entry stamps it dead
 *       at that version; the entry stays in place, so a query on an older snapshot still sees it.
 *   <li>An entry is visible to a snapshot of version {@code V} iff it was appended before the
 *       snapshot (its ordinal is below the snapshot's delta size) and not stamped dead at a version
 *       {@code <= V}. A replacement stamps the old entry and appends the new one under the same
 *       version, so a query sees exactly one of them: never both, never neither, never half a hash.
 *   <li>An update is visible to every query that starts after it returns (the volatile publish).
 *   <li>When the delta outgrows {@code max(16 384, n/16)} entries it is frozen, a fresh delta takes
 *       new adds, and a background thread builds a new packed segment from the entries alive at
 *       the freeze. Entries removed while it builds are logged and stamped dead in the result
 *       before it is swapped in. Queries keep running on the old snapshot meanwhile; the merge costs
 *       a rebuild of O(n) but happens after O(n/16) adds, so O(1) amortised per add.
 * </ul>
 * {@link #get} takes the writer lock (it reads the writer's id maps); queries never do.
 *
 * <h2>Costs</h2>
 * add/remove: O(1) amortised (a map lookup or binary search, an append to m buckets). Query: as
 * above, chosen per radius by the cost model in {@link SearchPlan}; beyond about r = 60 at 1M a
 * linear scan of the hash array (32 bytes per entry, sequential) is cheaper and is used instead.
 * nearest(k): a radius-31 (then 47) query, falling back to one scan with a histogram bound
 * ({@link TopK}). radiusAny: one query per hash on the same snapshot, merged by id.
 */
public final class MultiIndexHammingIndex implements HammingIndex {

    /** The most entries one index holds (2^27, about 134 million: ordinals fit 27 bits of a candidate). */
    public static final int MAX_SIZE = 1 << 27;

    private static final System.Logger LOG = System.getLogger(MultiIndexHammingIndex.class.getName());
    private static final int[] NEAREST_RADII = {31, 47};

    /**
     * Knobs, fixed per index. {@code layout} null = chosen by size at every build and merge. Tests
     * shrink the thresholds to exercise merges and delta tables.
     */
    record Tuning(ChunkLayout layout, int minMergeSize, int mergeDivisor, int deltaLinearLimit, boolean preferTables,
            int ringFrom) {
        static final Tuning DEFAULT = new Tuning(null, 16_384, 16, 1_024, false);

        /** With ring entries from {@link PackedSegment#RING_FROM} entries, as in production. */
        Tuning(ChunkLayout layout, int minMergeSize, int mergeDivisor, int deltaLinearLimit, boolean preferTables) {
            this(layout, minMergeSize, mergeDivisor, deltaLinearLimit, preferTables, PackedSegment.RING_FROM);
        }

        Tuning {
            if (minMergeSize < 1) throw new IllegalArgumentException("minMergeSize must be >= 1, got " + minMergeSize);
            if (mergeDivisor < 1) throw new IllegalArgumentException("mergeDivisor must be >= 1, got " + mergeDivisor);
            if (deltaLinearLimit < 0) {
                throw new IllegalArgumentException("deltaLinearLimit must be >= 0, got " + deltaLinearLimit);
            }
        }
    }

    /** What one query sees: a version and the segments as of that version. */
    record Snapshot(long version, int size, PackedSegment base, DeltaSegment.View frozen, DeltaSegment.View active) {}

    private static final int BASE = 1;
    private static final int FROZEN = 2;
    private static final int ACTIVE = 3;
    private static final long NONE = -1;

    private final Tuning tuning;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition mergeDone = lock.newCondition();
    private volatile Snapshot snapshot;

    // writer state, guarded by lock
    private long version;
    private int size;
    private PackedSegment base;
    private DeltaSegment frozen;
    private DeltaSegment active;
    private boolean merging;
    private long[] mergeLog = new long[0];
    private int mergeLogSize;
    private Throwable mergeFailure;
    private int retryAtActiveSize;

    MultiIndexHammingIndex() {
        this(Tuning.DEFAULT);
    }

    MultiIndexHammingIndex(Tuning tuning) {
        this(tuning, PackedSegment.build(new long[0], new long[0], 0, tuning.layout(), false, tuning.preferTables(),
                tuning.ringFrom()));
    }

    private MultiIndexHammingIndex(Tuning tuning, PackedSegment base) {
        this.tuning = tuning;
        this.base = base;
        this.size = base.n;
        this.active = newDelta();
        publish();
    }

    /** Bulk build: sort by id (later repeats win), then one packed segment. */
    static MultiIndexHammingIndex bulk(long[] ids, long[] words, Tuning tuning, boolean owned) {
        IdOrder.Sorted s = IdOrder.sortUnique(ids, words, ids.length, owned);
        return new MultiIndexHammingIndex(tuning,
                PackedSegment.build(s.ids(), s.words(), s.n(), tuning.layout(), true, tuning.preferTables(),
                        tuning.ringFrom()));
    }

    private DeltaSegment newDelta() {
        // the delta shares the packed segment's chunks, sized for what it will join
        return new DeltaSegment(base.layout, version, tuning.deltaLinearLimit(), tuning.preferTables());
    }

    private void publish() {
        snapshot = new Snapshot(version, size, base, frozen == null ? null : frozen.view(), active.view());
    }

    // ---- updates (one writer at a time) ----

    @Override
    public void add(long id, Hash256 hash) {
        Objects.requireNonNull(hash, "hash");
        long w0 = hash.w0(), w1 = hash.w1(), w2 = hash.w2(), w3 = hash.w3();
        lock.lock();
        try {
            long loc = locate(id);
            if (loc != NONE && sameHash(loc, w0, w1, w2, w3)) return;
            if (loc == NONE && size >= MAX_SIZE) {
                throw new IllegalStateException("the index is full: it holds at most " + MAX_SIZE + " entries");
            }
            long v = version + 1;
            if (loc != NONE) {
                kill(loc, id, v);
            } else {
                size++;
            }
            active.append(id, w0, w1, w2, w3);
            version = v;
            publish();
            maybeStartMerge();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean remove(long id) {
        lock.lock();
        try {
            long loc = locate(id);
            if (loc == NONE) return false;
            long v = version + 1;
            kill(loc, id, v);
            size--;
            version = v;
            publish();
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Hash256 get(long id) {
        lock.lock();
        try {
            long loc = locate(id);
            if (loc == NONE) return null;
            int ord = (int) loc;
            return switch ((int) (loc >>> 32)) {
                case BASE -> new Hash256(base.word(ord, 0), base.word(ord, 1), base.word(ord, 2), base.word(ord, 3));
                case FROZEN -> hashOf(frozen, ord);
                default -> hashOf(active, ord);
            };
        } finally {
            lock.unlock();
        }
    }

    private static Hash256 hashOf(DeltaSegment d, int ord) {
        return new Hash256(d.word(ord, 0), d.word(ord, 1), d.word(ord, 2), d.word(ord, 3));
    }

    @Override
    public int size() {
        return snapshot.size();
    }

    /** Where the live entry for {@code id} is: segment tag in the high int, ordinal in the low; or NONE. */
    private long locate(long id) {
        int ord = active.live.get(id);
        if (ord >= 0) return ((long) ACTIVE << 32) | ord;
        if (frozen != null) {
            ord = frozen.live.get(id);
            if (ord >= 0) return ((long) FROZEN << 32) | ord;
        }
        ord = base.find(id);
        if (ord >= 0 && base.aliveNow(ord)) return ((long) BASE << 32) | ord;
        return NONE;
    }

    private boolean sameHash(long loc, long w0, long w1, long w2, long w3) {
        int ord = (int) loc;
        return switch ((int) (loc >>> 32)) {
            case BASE -> base.sameHash(ord, w0, w1, w2, w3);
            case FROZEN -> frozen.sameHash(ord, w0, w1, w2, w3);
            default -> active.sameHash(ord, w0, w1, w2, w3);
        };
    }

    private void kill(long loc, long id, long v) {
        int ord = (int) loc;
        switch ((int) (loc >>> 32)) {
            case BASE -> {
                base.kill(ord, v);
                logForMerge(id);
            }
            case FROZEN -> {
                frozen.kill(ord, v);
                logForMerge(id);
            }
            default -> active.kill(ord, v);
        }
    }

    /** A running merge copies entries alive when it started; removals since then are replayed on its result. */
    private void logForMerge(long id) {
        if (!merging) return;
        if (mergeLogSize == mergeLog.length) mergeLog = Arrays.copyOf(mergeLog, Math.max(16, 2 * mergeLogSize));
        mergeLog[mergeLogSize++] = id;
    }

    private int mergeThreshold() {
        return Math.max(tuning.minMergeSize(), base.n / tuning.mergeDivisor());
    }

    private void maybeStartMerge() {
        if (merging) return;
        if (frozen == null) {
            if (active.size() < mergeThreshold()) return;
            frozen = active;
            active = newDelta();
            publish();
        } else if (active.size() < retryAtActiveSize) {
            return; // the last merge failed: retry after more growth, not on every add
        }
        startMerge();
    }

    private void startMerge() {
        merging = true;
        mergeLogSize = 0;
        PackedSegment b = base;
        DeltaSegment.View f = frozen.view();
        long at = version;
        Thread.ofPlatform().daemon().name("hamming-index-merge").start(() -> runMerge(b, f, at));
    }

    private void runMerge(PackedSegment b, DeltaSegment.View f, long at) {
        PackedSegment merged;
        try {
            IdOrder.Sorted live = liveEntries(b, at, f);
            merged = PackedSegment.build(live.ids(), live.words(), live.n(), tuning.layout(), false, tuning.preferTables(),
                    tuning.ringFrom());
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "index merge failed; the index stays correct but slower", t);
            lock.lock();
            try {
                merging = false;
                mergeFailure = t;
                retryAtActiveSize = active.size() + mergeThreshold();
                mergeDone.signalAll();
            } finally {
                lock.unlock();
            }
            return;
        }
        install(merged);
    }

    private void install(PackedSegment merged) {
        lock.lock();
        try {
            long v = version + 1;
            merged.origin = v - 1;
            for (int i = 0; i < mergeLogSize; i++) {
                int ord = merged.find(mergeLog[i]);
                if (ord >= 0) merged.kill(ord, v);
            }
            mergeLog = new long[0];
            mergeLogSize = 0;
            base = merged;
            frozen = null;
            merging = false;
            mergeFailure = null;
            retryAtActiveSize = 0;
            version = v;
            publish();
            mergeDone.signalAll();
            maybeStartMerge();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until no background merge is running (benchmarks and tests use it to measure a settled index). */
    public void awaitMerges() throws InterruptedException {
        lock.lock();
        try {
            while (merging) mergeDone.await();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Merges every entry into one packed segment now and waits for it: the fastest layout for
     * queries, e.g. after a burst of adds.
     *
     * @throws IllegalStateException when the merge failed (the index is still correct)
     */
    public void compact() throws InterruptedException {
        lock.lock();
        try {
            while (merging) mergeDone.await();
            if (frozen == null) {
                if (active.size() == 0) return;
                frozen = active;
                active = newDelta();
                publish();
            }
            startMerge();
            while (merging) mergeDone.await();
            if (frozen != null) throw new IllegalStateException("index merge failed", mergeFailure);
        } finally {
            lock.unlock();
        }
    }

    // ---- queries (lock-free, on one snapshot) ----

    @Override
    public List<Match> radius(Hash256 query, int radius) {
        Objects.requireNonNull(query, "query");
        HammingIndex.checkRadius(radius);
        Snapshot s = snapshot;
        MatchSink sink = new MatchSink();
        search(s, new Query(query, radius, 0), sink);
        return sink.sorted();
    }

    @Override
    public List<Match> nearest(Hash256 query, int k) {
        Objects.requireNonNull(query, "query");
        if (k < 0) throw new IllegalArgumentException("k must be >= 0, got " + k);
        if (k == 0) return List.of();
        Snapshot s = snapshot;
        for (int r : NEAREST_RADII) {
            if (s.base().plan.scan[r]) break;
            MatchSink sink = new MatchSink();
            search(s, new Query(query, r, 0), sink);
            // every entry within r is here and all others are farther: the k nearest are among these
            if (sink.size() >= k) return sink.first(k);
        }
        TopK top = new TopK(k);
        Query q = new Query(query, MAX_RADIUS, 0);
        s.base().nearest(q, top, s.version());
        if (s.frozen() != null) s.frozen().nearest(q, top, s.version());
        s.active().nearest(q, top, s.version());
        return top.result();
    }

    @Override
    public List<Match> radiusAny(List<Hash256> queries, int radius) {
        Objects.requireNonNull(queries, "queries");
        HammingIndex.checkRadius(radius);
        Snapshot s = snapshot;
        MatchSink sink = new MatchSink();
        for (int i = 0; i < queries.size(); i++) {
            Hash256 h = queries.get(i);
            if (h == null) throw new NullPointerException("queries[" + i + "] is null");
            search(s, new Query(h, radius, i), sink);
        }
        return sink.bestPerId();
    }

    private static void search(Snapshot s, Query q, MatchSink sink) {
        long v = s.version();
        s.base().search(q, sink, v);
        if (s.frozen() != null) s.frozen().search(q, sink, v);
        s.active().search(q, sink, v);
    }

    // ---- persistence and introspection ----

    /**
     * Saves the entries as of this moment (one consistent snapshot; concurrent updates may go on)
     * to {@code file}, replacing it atomically. Format: see {@link IndexFile}.
     */
    public void save(Path file) throws IOException {
        Snapshot s = snapshot;
        IdOrder.Sorted live = s.frozen() == null ? liveEntries(s.base(), s.version(), s.active())
                : liveEntries(s.base(), s.version(), s.frozen(), s.active());
        IndexFile.write(file, live.ids(), live.words(), live.n());
    }

    /** The entries of {@code base} and {@code deltas} alive at version {@code at}, in id order. */
    private static IdOrder.Sorted liveEntries(PackedSegment base, long at, DeltaSegment.View... deltas) {
        int deltaCount = 0;
        for (DeltaSegment.View d : deltas) deltaCount += d.size();
        long[] dIds = new long[deltaCount];
        long[] dWords = new long[4 * deltaCount];
        int dn = 0;
        for (DeltaSegment.View d : deltas) {
            for (int ord = 0; ord < d.size(); ord++) {
                if (!d.alive(ord, at)) continue;
                dIds[dn] = d.ids()[ord];
                System.arraycopy(d.words(), 4 * ord, dWords, 4 * dn, 4);
                dn++;
            }
        }
        // at one version each id has at most one live entry, so sorting the delta entries loses none
        IdOrder.Sorted fresh = IdOrder.sortUnique(dIds, dWords, dn, true);
        int total = fresh.n();
        for (int ord = 0; ord < base.n; ord++) if (base.alive(ord, at)) total++;
        long[] ids = new long[total];
        long[] words = new long[4 * total];
        int out = 0;
        int i = 0;
        int j = 0;
        while (true) {
            while (i < base.n && !base.alive(i, at)) i++;
            if (i < base.n && j < fresh.n() && base.id(i) == fresh.ids()[j]) { // cannot happen; newer wins
                i++;
                continue;
            }
            boolean takeBase = i < base.n && (j >= fresh.n() || base.id(i) < fresh.ids()[j]);
            if (takeBase) {
                ids[out] = base.id(i);
                for (int k = 0; k < 4; k++) words[4 * out + k] = base.word(i, k);
                i++;
            } else if (j < fresh.n()) {
                ids[out] = fresh.ids()[j];
                System.arraycopy(fresh.words(), 4 * j, words, 4 * out, 4);
                j++;
            } else {
                break;
            }
            out++;
        }
        return new IdOrder.Sorted(ids, words, out);
    }

    /**
     * Bytes held by the index's arrays (ids, hashes, tables, death stamps, delta buckets); object
     * headers and the snapshot are noise next to them. Benchmarks report it as the index's memory.
     */
    public long estimatedBytes() {
        Snapshot s = snapshot;
        long b = s.base().bytes() + s.active().bytes();
        if (s.frozen() != null) b += s.frozen().bytes();
        return b;
    }

    @Override
    public String toString() {
        Snapshot s = snapshot;
        return "MultiIndexHammingIndex[size=" + s.size() + ", packed=" + s.base().n + ", delta=" + s.active().size()
                + (s.frozen() != null ? ", merging=" + s.frozen().size() : "") + ", chunks=" + s.base().layout
                + ", D=" + s.base().dirBits + "]";
    }
}
