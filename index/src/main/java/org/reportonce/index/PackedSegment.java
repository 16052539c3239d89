package org.reportonce.index;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The bulk of an index: an immutable, packed multi-index over {@code n} entries sorted by id.
 *
 * <p>Storage: {@code ids[n]} ascending (so an id is found by binary search, with no hash map);
 * {@code words[4n]}, the hashes in the same order. For each chunk {@code c}, a bucket table in
 * compressed-sparse-row form: {@code dirs[c]} (2^D + 1 offsets) and {@code entries[c]} (n ints),
 * where the bucket of an entry is the top {@code D} bits of its chunk and each int holds the
 * entry's ordinal in the low {@code ordBits} bits and the chunk's remaining {@code F = w - D} bits
 * above them. Probing a chunk within {@code t} enumerates the buckets within {@code e <= t} bits of
 * the query's, and within each bucket keeps the entries whose filter bits are within {@code t - e}:
 * exactly the entries whose chunk is within {@code t}, found with one sequential read per bucket
 * and no random access for the many that the filter rejects.
 *
 * <p>The only mutable state is {@link #deaths}: a removal stamps the entry with the version at
 * which it died (relative to {@link #origin}), so queries on older snapshots still see it.
 */
final class PackedSegment {


    final int n;
    final long[] ids;
    final long[] words;
    final ChunkLayout layout;
    final int dirBits;
    final int ordBits;
    final int ordMask;
    final int[][] dirs;
    final int[][] entries;
    final SearchPlan plan;

    /** Version just before this segment was published; death stamps count from it. Set before publication. */
    long origin;
    /** Death stamps, allocated on the first removal: 0 = alive, s = dead from version origin + s. */
    volatile int[] deaths;

    private PackedSegment(int n, long[] ids, long[] words, ChunkLayout layout, int dirBits, int[][] dirs,
            int[][] entries, boolean preferTables) {
        this.n = n;
        this.ids = ids;
        this.words = words;
        this.layout = layout;
        this.dirBits = dirBits;
        this.ordBits = 32 - (layout.maxWidth - dirBits);
        this.ordMask = ordBits == 32 ? -1 : (1 << ordBits) - 1;
        this.dirs = dirs;
        this.entries = entries;
        this.plan = SearchPlan.create(layout, n, dirBits, true, preferTables);
    }

    /** Bucket bits for n entries: about 8 entries per bucket, at least one filter bit per chunk. */
    static int dirBitsFor(int n, ChunkLayout layout) {
        int log2 = 32 - Integer.numberOfLeadingZeros(Math.max(1, n));
        return Math.max(4, Math.min(layout.minWidth - 1, log2 - 3));
    }

    /**
     * Builds the tables over {@code n} entries already sorted by id without repeats.
     *
     * @param parallel build the chunk tables on several threads (bulk builds); false for background merges
     */
    static PackedSegment build(long[] ids, long[] words, int n, ChunkLayout layout, boolean parallel,
            boolean preferTables) {
        int dirBits = dirBitsFor(n, layout);
        int ordBits = 32 - (layout.maxWidth - dirBits);
        if (ordBits < 31 && n > (1 << ordBits)) {
            throw new IllegalArgumentException("too many entries for one segment: " + n);
        }
        int m = layout.chunks;
        int[][] dirs = new int[m][];
        int[][] entries = new int[m][];
        IntStream chunks = IntStream.range(0, m);
        (parallel ? chunks.parallel() : chunks).forEach(c -> {
            int f = layout.width[c] - dirBits;
            int fmask = (1 << f) - 1;
            int[] dir = new int[(1 << dirBits) + 1];
            for (int ord = 0, b = 0; ord < n; ord++, b += 4) dir[(layout.key(words, b, c) >>> f) + 1]++;
            for (int k = 0; k < 1 << dirBits; k++) dir[k + 1] += dir[k];
            int[] next = Arrays.copyOf(dir, 1 << dirBits);
            int[] ent = new int[n];
            for (int ord = 0, b = 0; ord < n; ord++, b += 4) {
                int key = layout.key(words, b, c);
                ent[next[key >>> f]++] = ((key & fmask) << ordBits) | ord;
            }
            dirs[c] = dir;
            entries[c] = ent;
        });
        return new PackedSegment(n, ids, words, layout, dirBits, dirs, entries, preferTables);
    }

    /** The ordinal of {@code id}, or -1 (dead entries included; check {@link #alive}). */
    int find(long id) {
        int i = Arrays.binarySearch(ids, 0, n, id);
        return i >= 0 ? i : -1;
    }

    boolean alive(int ord, long version) {
        int[] d = deaths;
        if (d == null) return true;
        int s = d[ord];
        return s == 0 || origin + s > version;
    }

    /** Writer only: marks {@code ord} dead from {@code version} on. */
    void kill(int ord, long version) {
        int[] d = deaths;
        if (d == null) deaths = d = new int[Math.max(1, n)];
        d[ord] = Math.toIntExact(version - origin);
    }

    boolean aliveNow(int ord) {
        int[] d = deaths;
        return d == null || d[ord] == 0;
    }

    void search(Query q, MatchSink sink, long version) {
        if (n == 0) return;
        int r = q.radius;
        if (plan.scan[r]) {
            scan(q, sink, version);
            return;
        }
        int[] thresholds = plan.thresholds[r];
        for (int c = 0; c < thresholds.length; c++) {
            int t = thresholds[c];
            if (t >= 0) probe(c, t, thresholds, q, sink, version);
        }
    }

    /** Every entry whose chunk c is within t of the query's, enumerating buckets by Gosper's hack. */
    private void probe(int c, int t, int[] thresholds, Query q, MatchSink sink, long version) {
        int f = layout.width[c] - dirBits;
        int key = q.keys[c];
        int bucket = key >>> f;
        int filter = key & ((1 << f) - 1);
        int maxE = Math.min(t, dirBits);
        int limit = 1 << dirBits;
        scanBucket(c, bucket, filter, t, thresholds, q, sink, version);
        for (int e = 1; e <= maxE; e++) {
            int budget = t - e;
            int flips = (1 << e) - 1;
            while (flips < limit) {
                scanBucket(c, bucket ^ flips, filter, budget, thresholds, q, sink, version);
                int low = flips & -flips;
                int ripple = flips + low;
                flips = (((ripple ^ flips) >>> 2) >>> Integer.numberOfTrailingZeros(low)) | ripple;
            }
        }
    }

    private void scanBucket(int c, int bucket, int filter, int budget, int[] thresholds, Query q, MatchSink sink,
            long version) {
        int[] dir = dirs[c];
        int[] ent = entries[c];
        int end = dir[bucket + 1];
        int shift = ordBits;
        for (int p = dir[bucket]; p < end; p++) {
            int e = ent[p];
            if (Integer.bitCount((e >>> shift) ^ filter) <= budget) {
                int ord = e & ordMask;
                int d = q.distance(words, ord << 2);
                if (d <= q.radius) report(ord, d, c, thresholds, q, sink, version);
            }
        }
    }

    private void report(int ord, int d, int c, int[] thresholds, Query q, MatchSink sink, long version) {
        if (q.firstChunkWithin(layout, thresholds, words, ord << 2, c) && alive(ord, version)) {
            sink.add(ids[ord], d, q.queryIndex);
        }
    }

    private void scan(Query q, MatchSink sink, long version) {
        int r = q.radius;
        long[] w = words;
        for (int ord = 0, b = 0; ord < n; ord++, b += 4) {
            int d = q.distance(w, b);
            if (d <= r && alive(ord, version)) sink.add(ids[ord], d, q.queryIndex);
        }
    }

    void nearest(Query q, TopK top, long version) {
        long[] w = words;
        for (int ord = 0, b = 0; ord < n; ord++, b += 4) {
            int d = q.distance(w, b);
            if (d <= top.bound() && alive(ord, version)) top.offer(ids[ord], d);
        }
    }

    /** Bytes held by the arrays (the object headers are noise at these sizes). */
    long bytes() {
        long b = 8L * ids.length + 8L * words.length;
        for (int c = 0; c < dirs.length; c++) b += 4L * dirs[c].length + 4L * entries[c].length;
        int[] d = deaths;
        return d == null ? b : b + 4L * d.length;
    }
}
