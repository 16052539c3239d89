package org.reportonce.index;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The mutable part of an index: entries added since the last merge, appended in order.
 *
 * <p>The single writer appends to growable arrays and to per-bucket int arrays; readers run
 * concurrently without locks, each through a {@link View} taken from its snapshot. A view fixes
 * {@code size}: entries appended later have ordinals {@code >= size} and are ignored, so a view
 * sees exactly the entries that existed at its version. Bucket arrays are published with release
 * stores and read with acquire loads, so a reader that sees an ordinal in a bucket sees a correct
 * ordinal; the entry's words and id were written before the snapshot that made it visible.
 *
 * <p>While small the delta has no tables and is scanned linearly (a few KB, sequential). Beyond
 * {@code linearLimit} entries it keeps, per chunk, 2^Dd buckets keyed on the top Dd bits of the
 * chunk (about 8 entries each when built), holding ordinals only; every entry of a visited bucket
 * is verified. The tables are rebuilt with more buckets each time the delta grows fourfold
 * (amortised O(1) per add). Memory: about 4 bytes per entry per chunk plus bucket slack.
 */
final class DeltaSegment {

    private static final VarHandle BUCKET_REF = MethodHandles.arrayElementVarHandle(int[][].class);
    private static final VarHandle BUCKET_INT = MethodHandles.arrayElementVarHandle(int[].class);

    final ChunkLayout layout;
    /** Version when this delta was created; death stamps count from it. */
    final long origin;
    private final int linearLimit;
    private final boolean preferTables;

    private long[] ids = new long[16];
    private long[] words = new long[64];
    private int[] deaths = new int[16];
    private int size;
    private Tables tables;
    /** Writer only: id to ordinal of its live entry here. */
    final LongIntMap live = new LongIntMap();

    DeltaSegment(ChunkLayout layout, long origin, int linearLimit, boolean preferTables) {
        this.layout = layout;
        this.origin = origin;
        this.linearLimit = linearLimit;
        this.preferTables = preferTables;
    }

    /** Per-chunk buckets over the top {@code dirBits} bits of each chunk. */
    static final class Tables {
        final int dirBits;
        final int[][][] buckets;
        final SearchPlan plan;

        Tables(ChunkLayout layout, int dirBits, int expected, boolean preferTables) {
            this.dirBits = dirBits;
            this.buckets = new int[layout.chunks][1 << dirBits][];
            this.plan = SearchPlan.create(layout, expected, dirBits, false, preferTables);
        }
    }

    int size() {
        return size;
    }

    long id(int ord) {
        return ids[ord];
    }

    boolean aliveNow(int ord) {
        return deaths[ord] == 0;
    }

    boolean sameHash(int ord, long w0, long w1, long w2, long w3) {
        int b = ord << 2;
        return words[b] == w0 && words[b + 1] == w1 && words[b + 2] == w2 && words[b + 3] == w3;
    }

    long word(int ord, int i) {
        return words[(ord << 2) + i];
    }

    /** Writer only: appends an entry and returns its ordinal. Visible to views taken afterwards. */
    int append(long id, long w0, long w1, long w2, long w3) {
        if (size == ids.length) {
            int cap = size * 2;
            ids = Arrays.copyOf(ids, cap);
            words = Arrays.copyOf(words, 4 * cap);
            deaths = Arrays.copyOf(deaths, cap);
        }
        int ord = size;
        ids[ord] = id;
        int b = ord << 2;
        words[b] = w0;
        words[b + 1] = w1;
        words[b + 2] = w2;
        words[b + 3] = w3;
        size++;
        live.put(id, ord);
        if (tables != null && size > (32 << tables.dirBits) && tables.dirBits < layout.minWidth - 1) {
            tables = null; // grown past its buckets: rebuild below with more
        }
        if (tables == null) {
            if (size > linearLimit) rebuildTables();
        } else {
            for (int c = 0; c < layout.chunks; c++) {
                insert(tables.buckets[c], layout.key(words, b, c) >>> (layout.width[c] - tables.dirBits), ord);
            }
        }
        return ord;
    }

    private void rebuildTables() {
        int log2 = 32 - Integer.numberOfLeadingZeros(size);
        int dirBits = Math.max(2, Math.min(layout.minWidth - 1, log2 - 3));
        Tables t = new Tables(layout, dirBits, 2 * size, preferTables);
        for (int ord = 0; ord < size; ord++) {
            int b = ord << 2;
            for (int c = 0; c < layout.chunks; c++) {
                insert(t.buckets[c], layout.key(words, b, c) >>> (layout.width[c] - dirBits), ord);
            }
        }
        tables = t;
    }

    private static void insert(int[][] table, int k, int ord) {
        int[] bucket = table[k];
        if (bucket == null) {
            bucket = new int[4];
            bucket[0] = 1;
            bucket[1] = ord;
            BUCKET_REF.setRelease(table, k, bucket);
            return;
        }
        int count = bucket[0];
        if (count + 1 < bucket.length) {
            bucket[count + 1] = ord;
            BUCKET_INT.setRelease(bucket, 0, count + 1);
        } else {
            int[] grown = Arrays.copyOf(bucket, bucket.length * 2);
            grown[count + 1] = ord;
            grown[0] = count + 1;
            BUCKET_REF.setRelease(table, k, grown);
        }
    }

    /** Writer only: marks {@code ord} dead from {@code version} on. */
    void kill(int ord, long version) {
        deaths[ord] = Math.toIntExact(version - origin);
        live.remove(ids[ord]);
    }

    View view() {
        return new View(this, ids, words, deaths, size, tables);
    }

    /** What one snapshot sees of a delta: a fixed prefix of its entries. */
    record View(DeltaSegment segment, long[] ids, long[] words, int[] deaths, int size, Tables tables) {

        boolean alive(int ord, long version) {
            int s = deaths[ord];
            return s == 0 || segment.origin + s > version;
        }

        void search(Query q, MatchSink sink, long version) {
            if (size == 0) return;
            int r = q.radius;
            if (tables == null || tables.plan.scan[r]) {
                for (int ord = 0, b = 0; ord < size; ord++, b += 4) {
                    int d = q.distance(words, b);
                    if (d <= r && alive(ord, version)) sink.add(ids[ord], d, q.queryIndex);
                }
                return;
            }
            ChunkLayout layout = segment.layout;
            int[] thresholds = tables.plan.thresholds[r];
            int dirBits = tables.dirBits;
            for (int c = 0; c < thresholds.length; c++) {
                int t = thresholds[c];
                if (t < 0) continue;
                int bucket = q.keys(layout)[c] >>> (layout.width[c] - dirBits);
                int[][] table = tables.buckets[c];
                visit(table, bucket, c, t, thresholds, q, sink, version);
                int limit = 1 << dirBits;
                for (int e = 1; e <= Math.min(t, dirBits); e++) {
                    int flips = (1 << e) - 1;
                    while (flips < limit) {
                        visit(table, bucket ^ flips, c, t, thresholds, q, sink, version);
                        int low = flips & -flips;
                        int ripple = flips + low;
                        flips = (((ripple ^ flips) >>> 2) >>> Integer.numberOfTrailingZeros(low)) | ripple;
                    }
                }
            }
        }

        private void visit(int[][] table, int k, int c, int t, int[] thresholds, Query q, MatchSink sink,
                long version) {
            int[] bucket = (int[]) BUCKET_REF.getAcquire(table, k);
            if (bucket == null) return;
            int count = (int) BUCKET_INT.getAcquire(bucket, 0);
            ChunkLayout layout = segment.layout;
            for (int i = 1; i <= count; i++) {
                int ord = bucket[i];
                if (ord >= size) break; // appended after this view; later ones are newer still
                int b = ord << 2;
                int d = q.distance(words, b);
                if (d <= q.radius
                        && Integer.bitCount(layout.key(words, b, c) ^ q.keys(layout)[c]) <= t
                        && q.firstChunkWithin(layout, thresholds, words[b], words[b + 1], words[b + 2], words[b + 3], c)
                        && alive(ord, version)) {
                    sink.add(ids[ord], d, q.queryIndex);
                }
            }
        }

        void nearest(Query q, TopK top, long version) {
            for (int ord = 0, b = 0; ord < size; ord++, b += 4) {
                int d = q.distance(words, b);
                if (d <= top.bound() && alive(ord, version)) top.offer(ids[ord], d);
            }
        }

        long bytes() {
            long b = 8L * ids.length + 8L * words.length + 4L * deaths.length;
            if (tables != null) {
                for (int[][] table : tables.buckets) {
                    b += 4L * table.length;
                    for (int[] bucket : table) if (bucket != null) b += 16 + 4L * bucket.length;
                }
            }
            return b;
        }
    }
}
