package org.reportonce.index;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The bulk of an index: an immutable, packed multi-index over {@code n} entries sorted by id.
 *
 * <p>Storage: the ids ascending (so an id is found by binary search, with no hash map), as ints
 * when every id fits one, else as longs;
 * the hashes in the same order, split in halves: {@code lo[2n]} holds w0, w1 and {@code hi[2n]}
 * w2, w3. Verification reads {@code lo} first: 128 random bits sit about 64 apart, so the first
 * half rejects nearly every candidate, and it is one aligned 16-byte read from an array half the
 * size (fewer cache and TLB misses than a 32-byte record that may straddle two lines). For each chunk {@code c}, a bucket table in
 * compressed-sparse-row form: the bucket offsets (2^D + 1 of them) and {@code entries[c]} (n ints),
 * where the bucket of an entry is the top {@code D} bits of its chunk and each int holds the
 * entry's ordinal in the low {@code ordBits} bits and the chunk's remaining {@code F = w - D} bits
 * above them. Probing a chunk within {@code t} enumerates the buckets within {@code e <= t} bits of
 * the query's, and within each bucket keeps the entries whose filter bits are within {@code t - e}:
 * exactly the entries whose chunk is within {@code t}, found with one sequential read per bucket
 * and no random access for the many that the filter rejects.
 *
 * <p>The bucket offsets are stored in two levels: an int base per group of 64 buckets
 * ({@code dirBase[c]}, small enough to stay cached) plus, per bucket, an int in {@code dirLow[c]}
 * whose low {@code offsetBits[c]} bits are its distance from the group's base (the fewest that hold
 * the fullest group's: 10 at 1M, where a group holds ~490 entries) and whose other bits are its
 * <em>presence slots</em>, {@code S = 32 - offsetBits} of them (22 at 1M; at most
 * {@link #MAX_SLOTS}): bit y is set iff some entry of the bucket has a filter value whose top
 * {@code g = min(F, 8)} bits u have {@link #slot}{@code (u) == y}, i.e. u itself when every value
 * has its own slot (F <= 4, as in large segments), else {@code u * S >>> g}, so neighbouring
 * values share a slot. A probe reads this int anyway for the offsets, and skips a bucket none of
 * whose occupied slots can hold a value within the remaining budget ({@code acceptBits[c]}, by the
 * query's top filter bits and the budget), so its entries' line is never fetched. At the outer
 * ring of a probe (budget 0: 136 of the 154 buckets at t = 2, D = 17) exactly one filter value is
 * wanted, and its slot is empty in e^(-(n/2^D)/S) of the buckets: at 1M entries (11 chunks of
 * 23-24 bits, ~7.6 entries per bucket) 71 % with 22 slots, against 62 % with the 16 slots of the
 * fixed half-int this replaced. Counted per query at 1M, r = 31: 564 buckets kept of 1 558,
 * 4 686 entries filtered (689 and 5 702 with 16 slots; 1 982 lines against 2 140; docs/benchmarks.md,
 * Index, Session 5). A chunk whose group of 64 buckets holds more than 65 535 entries (a bank of
 * many equal chunks) keeps plain int offsets in {@code dirs[c]} instead, and no presence slots.
 *
 * <p>The filter (pass 3) runs on the Vector API when {@code jdk.incubator.vector} is present
 * ({@link SimdFilter}: one masked vector of up to 16 entries per bucket, a lane-wise popcount and a
 * compress-store, no mispredicted loop exit), else as a branch-free scalar loop; both give the
 * same candidates. With everything cached (the same query repeated) it halves the CPU per query
 * at 1M, r = 31 (about 23 us to 10 us with the presence slots; docs/benchmarks.md). Its masked
 * load of 16 ints (64 bytes) from a bucket's start spans two lines unless the start is
 * line-aligned, and it waits for both even when the lanes in the second are masked off (measured:
 * touching only the lines that hold entries left the filter ~9 us per 1M query behind; a second
 * filter over the same buckets ran in 1 us), so pass 2 touches the line of the start and of the
 * start + 15 (session 6; 8-lane or 4-lane loads, whose reach is shorter, measured slower).
 *
 * <p><b>Ring entries (from {@link #RING_FROM} entries).</b> At 10M nearly all of a query's ~2 900
 * filter survivors fail verification, and each costs a random line of {@code lo} (about half the
 * lines of a query). A large segment therefore stores, for every chunk probed within 2 at r = 31,
 * its entries as longs: the entry int in the low half and the entry's whole next chunk
 * ({@code (c + 1) % m}) in the high half ({@link #ringEntries}). The filter then also applies the
 * pigeonring test (Qin, Xiao et al., "Pigeonring: A Principle for Faster Thresholded Similarity
 * Search", PVLDB 2018): with {@code s[c] = t[c] + 1} and {@code sum(s) = r + 1}, a hash within
 * {@code r} has {@code x[c] = s[c] - d[c]} summing to at least 1 around the ring of chunks, so by the
 * cycle lemma some chunk i starts a run whose every prefix sum of x is positive; its first two terms
 * give {@code d[i] <= t[i]} and {@code d[i] + d[i+1] <= t[i] + t[i+1] + 1}. A survivor failing the
 * second test is dropped without touching its hash: a random one passes with probability
 * {@code sum_{j<=3} C(24, j) / 2^24 ~ 1.4e-4} when found at budget 0, so ~2 900 hash lines per 10M
 * query become ~1. A hit is reported from the first chunk whose own test it passes (the pair test
 * for ring chunks, {@code d <= t} for plain ones), which exists for every hit whatever the mix.
 * Cost: 4 more bytes per entry and ring chunk (+400 MB at 10M) and more entry lines per query
 * (8-byte entries), for ~2 900 fewer hash lines. Ring segments also bucket on one bit fewer
 * (D = 20 at 10M): as fast, 47 MB less; 10M retains 1 385 MB. Only where the heap has room for
 * a merge beside them ({@link #ringFits}); else the plain tables, the same results a little slower.
 *
 * <p><b>Pair bits (plain segments).</b> An entry int holds its ordinal in {@code ordBits = 32 - F}
 * bits, but a segment of n entries needs only {@code ceil(log2 n)} of them: at 1M, 20 of 26. The
 * spare bits (up to {@link #MAX_PAIR_BITS}) carry the top bits of the entry's next chunk, between
 * the ordinal and the filter bits, and the filter ({@link #filterPairs}) applies the pigeonring pair
 * test above on them: the distance on those bits is a lower bound on {@code d[c+1]}, so every hit
 * still passes in the chunk that reports it, while a random survivor found at {@code d[c] = 2}
 * with 6 pair bits is dropped when 4 or more of them differ (34 %). At 1M, r = 31, 186 hashes are
 * read per query instead of 288, for no memory. A hit is then reported from the first chunk whose
 * full test (from its hash) it passes, as for ring entries.
 *
 * <p>The only mutable state is {@link #deaths}: a removal stamps the entry with the version at
 * which it died (relative to {@link #origin}), so queries on older snapshots still see it.
 */
final class PackedSegment {

    final int n;
    /** The ids, ascending: as ints when every id fits one (4 bytes instead of 8 per entry), else null. */
    private final int[] narrowIds;
    /** The ids, ascending, when some id does not fit an int (else null). */
    private final long[] wideIds;
    /** w0, w1 of entry i at [2i], [2i+1]. */
    final long[] lo;
    /** w2, w3 of entry i at [2i], [2i+1]. */
    final long[] hi;
    final ChunkLayout layout;
    final int dirBits;
    final int ordBits;
    final int ordMask;
    /** Plain int bucket offsets, only for a chunk whose offsets do not fit the compact form (else null). */
    final int[][] dirs;
    /**
     * Per bucket: in the low {@code offsetBits[c]} bits its offset minus its group's base
     * (unsigned); above them its presence slots, bit y set iff some entry of the bucket has a filter
     * value in slot y ({@link #slot}). Null where {@code dirs[c]} is used.
     */
    final int[][] dirLow;
    /** Per group of {@code 2^GROUP_BITS} buckets, the offset of its first bucket. */
    final int[][] dirBase;
    /**
     * Per compact chunk: how many low bits of a {@code dirLow} int hold the bucket's offset within
     * its group (the smallest that fits the fullest group, at most 16); the other
     * {@code 32 - offsetBits} bits are its presence slots.
     */
    final int[] offsetBits;
    /**
     * Per compact chunk, the presence slots a query may accept, by the top {@code g} bits x of the
     * query's filter value and a distance d: {@code acceptBits[c][x * (g + 1) + d]} = the slots of
     * the filter values whose top g bits are exactly d bits from x (g = {@link #slotKeyBits}).
     */
    final int[][] acceptBits;
    /** Per compact chunk, how many top bits of a filter value choose its slot ({@code min(F, 8)}). */
    final int[] slotKeyBits;
    /** Per chunk, the entry ints (ordinal | filter bits << ordBits); null where {@link #ring} holds them. */
    final int[][] entries;
    /**
     * Ring segments only (else null): per ring chunk c, the entry int in the low half of a long and
     * the entry's whole key of chunk {@code (c + 1) % m} in the high half, for the pigeonring filter
     * (null for the chunks that keep plain {@code entries}).
     */
    final long[][] ringEntries;
    /**
     * Plain segments only: how many top bits of the next chunk ({@code (c + 1) % m}) each entry
     * int of chunk c holds between its ordinal and its filter bits (0 = none), for the pigeonring
     * pair test before a candidate's hash is read ({@link #filterPairs}; 6-7 at 1M).
     */
    final int pairBits;
    /** The most pair bits per entry int ({@link #pairBits}); more rejects little more. */
    static final int MAX_PAIR_BITS = 8;
    /** Whether some chunk filters candidates by two consecutive chunks (the pigeonring test), see {@link #RING_FROM}. */
    final boolean ring;
    /**
     * The most presence slots per bucket: all the bits of its {@code dirLow} int that the offset
     * does not need (22 at 1M, where a group of 64 buckets holds ~490 entries and the offsets take
     * 10 bits). Benchmarks compare with 16, the fixed half-int of session 3.
     */
    static final int MAX_SLOTS = 31;

    /**
     * From this many entries a segment stores each chunk's entries as longs that also carry the
     * entry's next chunk, and drops the filter survivors that fail the pigeonring pair test before
     * reading their hash ({@link #filterRing}). Twice the table memory (8 bytes per entry and chunk):
     * at 10M about +440 MB, within the 1.5 GB goal; below this size the memory goals forbid it.
     */
    static final int RING_FROM = 1 << 22;

    /** {@code auto} (the default: ring entries when the heap has room, {@link #ringFits}), {@code on} or {@code off}. */
    static final String RING_PROPERTY = "reportonce.index.ring";

    /**
     * Heap a ring segment of n entries needs, as a multiple of its own size: a background merge
     * builds the next segment beside the current one, from a copy of the hashes.
     */
    static final int RING_HEAP_FACTOR = 3;

    /** Bytes per entry of a ring segment (11 chunks, 10 of them ring): id, hash, entries. */
    static final long RING_BYTES_PER_ENTRY = 8 + 32 + 10 * 8 + 4;

    /**
     * Whether a segment of {@code n} entries may hold ring entries. They cost ~40 % more memory (+440 MB
     * at 10M), and a matcher run in a heap sized for the plain tables (a 10M bank in {@code -Xmx2g},
     * issue 5) must not run out of memory when it rebuilds or merges; so by default ({@code auto})
     * only when the JVM's maximum heap holds {@link #RING_HEAP_FACTOR} times the ring segment (10M
     * entries: ~3.7 GB). {@code -Dreportonce.index.ring=on} or {@code off} decides instead; the
     * results are the same either way, only speed and memory differ.
     */
    static boolean ringFits(int n, long maxHeap, String setting) {
        if (setting == null || setting.isEmpty() || setting.equals("auto")) {
            return maxHeap >= RING_HEAP_FACTOR * RING_BYTES_PER_ENTRY * n;
        }
        return switch (setting) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException(RING_PROPERTY + " must be auto, on or off, got '" + setting + "'");
        };
    }

    /** Buckets per group of the compact offsets: 64 buckets of ~8 entries stay far below 2^16. */
    static final int GROUP_BITS = 6;
    /** This segment's buckets per group, log2 ({@link #GROUP_BITS} unless a benchmark chose another). */
    final int groupBits;
    final SearchPlan plan;

    /** Version just before this segment was published; death stamps count from it. Set before publication. */
    long origin;
    /** Death stamps, allocated on the first removal: 0 = alive, s = dead from version origin + s. */
    volatile int[] deaths;

    private PackedSegment(int n, long[] ids, long[] lo, long[] hi, ChunkLayout layout, int dirBits, int[][] dirs,
            int[][] dirLow, int[][] dirBase, int[] offsetBits, int[][] acceptBits, int[] slotKeyBits, int[][] entries,
            long[][] ringEntries, boolean preferTables, int groupBits, int pairBits) {
        this.n = n;
        this.pairBits = pairBits;
        this.offsetBits = offsetBits;
        this.acceptBits = acceptBits;
        this.slotKeyBits = slotKeyBits;
        this.groupBits = groupBits;
        boolean narrow = true;
        for (int i = 0; i < n && narrow; i++) narrow = ids[i] == (int) ids[i];
        this.narrowIds = narrow ? new int[n] : null;
        if (narrow) for (int i = 0; i < n; i++) narrowIds[i] = (int) ids[i];
        this.wideIds = narrow ? null : ids;
        this.lo = lo;
        this.hi = hi;
        this.layout = layout;
        this.dirBits = dirBits;
        this.ordBits = 32 - (layout.maxWidth - dirBits);
        int ordWidth = ordBits - pairBits;
        this.ordMask = ordWidth == 32 ? -1 : (1 << ordWidth) - 1;
        this.dirs = dirs;
        this.dirLow = dirLow;
        this.dirBase = dirBase;
        this.entries = entries;
        this.ringEntries = ringEntries;
        this.ring = ringEntries != null && Arrays.stream(ringEntries).anyMatch(java.util.Objects::nonNull);
        this.plan = SearchPlan.create(layout, n, dirBits, true, preferTables);
        int[][] flips = flipTable(dirBits);
        this.flipMasks = flips[0];
        this.flipStart = flips[1];
    }

    /** Bucket bits for n entries: about 8 entries per bucket, at least one filter bit per chunk. */
    static int dirBitsFor(int n, ChunkLayout layout) {
        int log2 = 32 - Integer.numberOfLeadingZeros(Math.max(1, n));
        return Math.max(4, Math.min(layout.minWidth - 1, log2 - 3));
    }

    /**
     * Builds the tables over {@code n} entries already sorted by id without repeats
     * ({@code words[4i..4i+3]} = w0..w3 of entry i; not kept).
     *
     * @param layout the chunks, or null to choose by size
     * @param parallel build the chunk tables on several threads (bulk builds); false for background merges
     */
    static PackedSegment build(long[] ids, long[] words, int n, ChunkLayout layout, boolean parallel,
            boolean preferTables) {
        return build(ids, words, n, layout, parallel, preferTables, RING_FROM);
    }

    /** As above; from {@code ringFrom} entries on, the tables hold ring entries ({@link #RING_FROM}). */
    static PackedSegment build(long[] ids, long[] words, int n, ChunkLayout layout, boolean parallel,
            boolean preferTables, int ringFrom) {
        long[] lo = new long[2 * n];
        long[] hi = new long[2 * n];
        for (int i = 0; i < n; i++) {
            lo[2 * i] = words[4 * i];
            lo[2 * i + 1] = words[4 * i + 1];
            hi[2 * i] = words[4 * i + 2];
            hi[2 * i + 1] = words[4 * i + 3];
        }
        return build(ids, lo, hi, n, layout, parallel, preferTables, ringFrom);
    }

    /** As {@link #build(long[], long[], int, ChunkLayout, boolean, boolean)}, the hashes already in halves. */
    static PackedSegment build(long[] ids, long[] lo, long[] hi, int n, ChunkLayout chosen, boolean parallel,
            boolean preferTables, int ringFrom) {
        ChunkLayout layout = chosen != null ? chosen : ChunkLayout.forSize(n);
        boolean ring = n >= ringFrom && ringFits(n, Runtime.getRuntime().maxMemory(), System.getProperty(RING_PROPERTY));
        int dirBits = dirBitsFor(n, layout);
        // Ring segments bucket on one bit fewer (~10 entries per bucket at 10M): 47 MB less at 10M
        // for the same speed, the longer sequential bucket reads costing what the ~270 offset lines
        // saved per query do (one-JVM A/B, docs/benchmarks.md, Index, session 4).
        if (ring && n >= RING_FROM) dirBits--;
        // Plain eleven-chunk segments below RING_FROM (1M) bucket on one bit more (D = 18 at 1M,
        // ~3.8 entries per bucket): 1 789 lines per query instead of 1 982, and since pass 1a
        // overlaps the extra offset lines, 6-13 % less CPU per miss query (one-JVM A/B, session 5);
        // its 5.8 MB more offsets are paid for by the ids held as ints.
        if (!ring && n < RING_FROM && layout == ChunkLayout.ELEVEN && dirBits < layout.minWidth - 1) dirBits++;
        return build(ids, lo, hi, n, layout, dirBits, parallel, preferTables, GROUP_BITS, ring);
    }

    /** As above with the bucket bits given (benchmarks compare them). */
    static PackedSegment build(long[] ids, long[] lo, long[] hi, int n, ChunkLayout layout, int dirBits,
            boolean parallel, boolean preferTables) {
        return build(ids, lo, hi, n, layout, dirBits, parallel, preferTables, GROUP_BITS);
    }

    /** As above with the buckets per group of the compact offsets given, log2 (benchmarks compare them). */
    static PackedSegment build(long[] ids, long[] lo, long[] hi, int n, ChunkLayout layout, int dirBits,
            boolean parallel, boolean preferTables, int groupBits) {
        return build(ids, lo, hi, n, layout, dirBits, parallel, preferTables, groupBits, n >= RING_FROM);
    }

    /** As above with the pigeonring entries chosen (benchmarks compare them; both give the same results). */
    static PackedSegment build(long[] ids, long[] lo, long[] hi, int n, ChunkLayout layout, int dirBits,
            boolean parallel, boolean preferTables, int groupBits, boolean ring) {
        return build(ids, lo, hi, n, layout, dirBits, parallel, preferTables, groupBits, ring, MAX_SLOTS);
    }

    /** As below with the most pair bits ({@link #MAX_PAIR_BITS}). */
    static PackedSegment build(long[] ids, long[] lo, long[] hi, int n, ChunkLayout layout, int dirBits,
            boolean parallel, boolean preferTables, int groupBits, boolean ring, int slotLimit) {
        return build(ids, lo, hi, n, layout, dirBits, parallel, preferTables, groupBits, ring, slotLimit, MAX_PAIR_BITS);
    }

    /**
     * As above with the most presence slots per bucket and the most pair bits per entry given
     * (benchmarks compare them; 0 pair bits = no pair test; the same results either way).
     */
    static PackedSegment build(long[] ids, long[] lo, long[] hi, int n, ChunkLayout layout, int dirBits,
            boolean parallel, boolean preferTables, int groupBits, boolean ring, int slotLimit, int pairLimit) {
        if (slotLimit < 16 || slotLimit > MAX_SLOTS) {
            throw new IllegalArgumentException("slotLimit must be 16.." + MAX_SLOTS + ", got " + slotLimit);
        }
        int ordBits = 32 - (layout.maxWidth - dirBits);
        if (n > MultiIndexHammingIndex.MAX_SIZE || (ordBits < 31 && n > (1 << ordBits))) {
            throw new IllegalArgumentException("an index holds at most " + MultiIndexHammingIndex.MAX_SIZE
                    + " entries, got " + n);
        }
        int m = layout.chunks;
        // the ordinals need only ceil(log2 n) of the ordBits below the filter bits: the others,
        // up to pairLimit, carry the next chunk's top bits (plain segments only)
        int ordNeeded = 32 - Integer.numberOfLeadingZeros(Math.max(1, n - 1));
        int pairBits = ring || m < 2 ? 0 : Math.max(0, Math.min(Math.min(pairLimit, layout.minWidth), ordBits - ordNeeded));
        int ordWidth = ordBits - pairBits;
        int[][] dirs = new int[m][];
        int[][] dirLow = new int[m][];
        int[][] dirBase = new int[m][];
        int[] offsetBits = new int[m];
        int[][] acceptBits = new int[m][];
        int[] slotKeyBits = new int[m];
        int[][] entries = new int[m][];
        long[][] ringEntries = ring ? new long[m][] : null;
        // Ring entries only where they pay: a chunk probed within 1 at r = 31 yields ~15 candidates
        // at 10M against ~290 for one probed within 2, not worth its 4 extra bytes per entry.
        int[] designPlan = ring ? SearchPlan.create(layout, n, dirBits, true, preferTables).thresholds[31] : null;
        IntStream chunks = IntStream.range(0, m);
        (parallel ? chunks.parallel() : chunks).forEach(c -> {
            int f = layout.width[c] - dirBits;
            int fmask = (1 << f) - 1;
            int[] dir = new int[(1 << dirBits) + 1];
            for (int ord = 0; ord < n; ord++) dir[(layout.key(lo, hi, ord, c) >>> f) + 1]++;
            for (int k = 0; k < 1 << dirBits; k++) dir[k + 1] += dir[k];
            int[] next = Arrays.copyOf(dir, 1 << dirBits);
            int[] ent = new int[n];
            boolean ringChunk = ring && designPlan[c] >= 2;
            int nextChunk = (c + 1) % m;
            // the next chunk's keys, placed like the entries (read in ordinal order: sequential)
            int[] nextKeys = ringChunk ? new int[n] : null;
            int pairShift = layout.width[nextChunk] - pairBits;
            for (int ord = 0; ord < n; ord++) {
                int key = layout.key(lo, hi, ord, c);
                int pos = next[key >>> f]++;
                int pair = pairBits == 0 ? 0 : (layout.key(lo, hi, ord, nextChunk) >>> pairShift) << ordWidth;
                ent[pos] = ((key & fmask) << ordBits) | pair | ord;
                if (ringChunk) nextKeys[pos] = layout.key(lo, hi, ord, nextChunk);
            }
            if (!compact(dir, ent, ordBits, f, dirBits, c, dirLow, dirBase, offsetBits, acceptBits, slotKeyBits,
                    groupBits, slotLimit)) {
                dirs[c] = dir;
            }
            if (ringChunk) {
                long[] wide = new long[n];
                for (int p = 0; p < n; p++) wide[p] = ((long) nextKeys[p] << 32) | (ent[p] & 0xFFFFFFFFL);
                ringEntries[c] = wide;
            } else {
                entries[c] = ent;
            }
        });
        for (int c = 1; c < m; c++) { // chunks of the same filter width and slot count share one table
            for (int e = 0; e < c && acceptBits[c] != null; e++) {
                if (Arrays.equals(acceptBits[e], acceptBits[c])) acceptBits[c] = acceptBits[e];
            }
        }
        return new PackedSegment(n, ids, lo, hi, layout, dirBits, dirs, dirLow, dirBase, offsetBits, acceptBits,
                slotKeyBits, entries, ringEntries, preferTables, groupBits, pairBits);
    }

    /**
     * Stores {@code dir} in the two-level form at index c, or returns false when a group's offsets
     * do not fit 16 bits. The offsets take the fewest low bits that hold the fullest group's; the
     * bits above are presence slots: {@code S = min(slotLimit, 32 - offsetBits)} of them, filter
     * value v in slot {@link #slot} of its top {@code g = min(F, 8)} bits.
     */
    private static boolean compact(int[] dir, int[] ent, int ordBits, int f, int dirBits, int c, int[][] dirLow,
            int[][] dirBase, int[] offsetBits, int[][] acceptBits, int[] slotKeyBits, int groupBits, int slotLimit) {
        int buckets = 1 << dirBits;
        int[] base = new int[(buckets >>> groupBits) + 1];
        for (int g = 0; g < base.length; g++) base[g] = dir[Math.min(buckets, g << groupBits)];
        int maxOff = 0;
        for (int k = 0; k <= buckets; k++) maxOff = Math.max(maxOff, dir[k] - base[k >>> groupBits]);
        int bits = Math.max(1, 32 - Integer.numberOfLeadingZeros(maxOff));
        if (bits > 16) return false;
        int slots = Math.min(slotLimit, 32 - bits);
        int g = Math.min(f, 8);
        int[] slotOf = new int[1 << g];
        for (int u = 0; u < slotOf.length; u++) slotOf[u] = slot(u, g, slots);
        int[] low = new int[buckets + 1];
        for (int k = 0; k <= buckets; k++) {
            int present = 0;
            if (k < buckets) {
                for (int p = dir[k]; p < dir[k + 1]; p++) present |= 1 << slotOf[(ent[p] >>> ordBits) >>> (f - g)];
            }
            low[k] = (present << bits) | (dir[k] - base[k >>> groupBits]);
        }
        int[] accept = new int[(1 << g) * (g + 1)];
        for (int x = 0; x < 1 << g; x++) {
            for (int u = 0; u < 1 << g; u++) accept[x * (g + 1) + Integer.bitCount(u ^ x)] |= 1 << slotOf[u];
        }
        dirLow[c] = low;
        dirBase[c] = base;
        offsetBits[c] = bits;
        acceptBits[c] = accept;
        slotKeyBits[c] = g;
        return true;
    }

    /**
     * The presence slot of a filter value whose top g bits are u, among {@code slots}: the value
     * itself when every value has its own slot, else u scaled down (neighbouring values share one).
     */
    static int slot(int u, int g, int slots) {
        return 1 << g <= slots ? u : (int) (((long) u * slots) >>> g);
    }

    /** The presence slots of bucket k of compact chunk c (a bit per slot). */
    int presence(int c, int k) {
        return dirLow[c][k] >>> offsetBits[c];
    }

    /**
     * The slots that may hold a filter value within {@code budget} of {@code filter} in compact
     * chunk c: a bucket none of whose present slots is among them holds no entry within the budget.
     */
    int accepted(int c, int filter, int budget) {
        int g = slotKeyBits[c];
        int f = layout.width[c] - dirBits;
        int x = filter >>> (f - g);
        int acc = 0;
        for (int d = 0; d <= Math.min(budget, g); d++) acc |= acceptBits[c][x * (g + 1) + d];
        return acc;
    }

    /** Whether pass 1 of chunk c at threshold t reads its buckets from {@link #flipMasks}. */
    private boolean flipTableUsed(int c, int t) {
        return useFlipTable && dirLow[c] != null && Math.min(t, dirBits) <= FLIP_TABLE_MAX;
    }

    /**
     * Pass 1a for chunk c: copies the bucket ints of every bucket pass 1 will visit into
     * {@code s.words} from index w (in pass 1's order); returns the next free index.
     */
    private int loadOffsets(int c, int t, Query q, Scratch s, int w) {
        if (!flipTableUsed(c, t)) return w;
        int f = layout.width[c] - dirBits;
        int home = q.keys(layout)[c] >>> f;
        int[] rel = dirLow[c];
        int[] table = flipMasks;
        int[] words = s.words;
        int stop = flipStart[Math.min(t, dirBits) + 1];
        for (int i = 0; i < stop; i++) words[w + i] = rel[home ^ table[i]];
        return w + stop;
    }

    /** Probes within this many bucket bits use {@link #flipMasks} (r = 31 needs 2); wider ones enumerate. */
    static final int FLIP_TABLE_MAX = 3;

    /**
     * Every bucket-key flip mask of at most {@link #FLIP_TABLE_MAX} bits, by number of bits
     * ({@code flipStart[e]..flipStart[e + 1]} have e bits), in Gosper order.
     */
    private static int[][] flipTable(int dirBits) {
        int maxE = Math.min(FLIP_TABLE_MAX, dirBits);
        int[] start = new int[FLIP_TABLE_MAX + 2];
        int[] masks = new int[1 << Math.min(dirBits, 12)];
        int count = 0;
        for (int e = 0; e <= FLIP_TABLE_MAX; e++) {
            start[e] = count;
            if (e > maxE) continue;
            int flips = (1 << e) - 1;
            while (flips < 1 << dirBits) {
                if (count == masks.length) masks = Arrays.copyOf(masks, 2 * masks.length);
                masks[count++] = flips;
                if (e == 0) break;
                int low = flips & -flips;
                int ripple = flips + low;
                flips = (((ripple ^ flips) >>> 2) >>> Integer.numberOfTrailingZeros(low)) | ripple;
            }
        }
        start[FLIP_TABLE_MAX + 1] = count;
        return new int[][] {Arrays.copyOf(masks, count), start};
    }

    /** Entry range [from, to) of bucket k of chunk c. */
    int bucketStart(int c, int k) {
        if (dirs[c] != null) return dirs[c][k];
        return dirBase[c][k >>> groupBits] + (dirLow[c][k] & ((1 << offsetBits[c]) - 1));
    }

    /** The id of entry {@code ord}. */
    long id(int ord) {
        return narrowIds != null ? narrowIds[ord] : wideIds[ord];
    }

    /** Whether the ids are held as ints (every id fits one). */
    boolean narrowIds() {
        return narrowIds != null;
    }

    /** The ordinal of {@code id}, or -1 (dead entries included; check {@link #alive}). */
    int find(long id) {
        if (narrowIds != null && id != (int) id) return -1;
        int i = narrowIds != null ? Arrays.binarySearch(narrowIds, 0, n, (int) id) : Arrays.binarySearch(wideIds, 0, n, id);
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
        search(q, sink, version, SimdSupport.AVAILABLE, true);
    }

    /**
     * As {@link #search(Query, MatchSink, long)}, with the filter and the use of the presence
     * bitmaps chosen (benchmarks compare them; both choices give the same results).
     */
    void search(Query q, MatchSink sink, long version, boolean simd, boolean usePresence) {
        if (n == 0) return;
        int r = q.radius;
        if (plan.scan[r]) {
            scan(q, sink, version);
            return;
        }
        // Passes whose random reads are independent of one another, each over all probed chunks at
        // once, so the CPU overlaps their cache misses and a query waits about four memory
        // latencies, not four per chunk: bucket offsets for every probed key (1a), the presence
        // test (1b) and the entry ranges of the kept buckets (1c), a touch of every kept bucket's
        // lines (2), the filter over the buckets' entries (3, branch-free), a touch of every
        // survivor's hash line, and verification of the survivors against the hashes.
        int[] thresholds = plan.thresholds[r];
        int m = thresholds.length;
        Scratch s = Scratch.get();
        int capacity = 0;
        for (int c = 0; c < m; c++) if (thresholds[c] >= 0) capacity += buckets(Math.min(thresholds[c], dirBits));
        s.ensureBuckets(capacity);
        int[] chunkEnd = s.chunkEnd(m);
        int nb = 0;
        s.bucketEntries = 0;
        if (useFlipTable && loadOffsetsFirst) {
            // pass 1a: only the bucket ints, for every probed chunk, into s.words (a short loop, so
            // many more of its cache misses are in flight at once than in pass 1 with its stores)
            for (int c = 0, w = 0; c < m; c++) {
                int t = thresholds[c];
                if (t >= 0) w = loadOffsets(c, t, q, s, w);
            }
        }
        if (stopAfter == 1) return;
        for (int c = 0, w = 0; c < m; c++) {
            int t = thresholds[c];
            if (t >= 0) {
                nb = collect(c, t, q, s, nb, usePresence, w);
                w += flipTableUsed(c, t) ? flipStart[Math.min(t, dirBits) + 1] : 0;
            }
            chunkEnd[c] = nb;
        }
        if (stopAfter == 2) return;
        long total = s.bucketEntries;
        int[] starts = s.starts, ends = s.ends;
        int touched = 0;
        for (int c = 0, i = 0; c < m; c++) {
            if (ring && ringEntries[c] != null) {
                long[] ent = ringEntries[c];
                int last = ent.length - 1;
                for (; i < chunkEnd[c]; i++) {
                    touched += (int) (ent[Math.min(starts[i], last)] + ent[Math.max(0, ends[i] - 1)]);
                }
            } else if (simd && touchVectorReach && !touchEntryEnds) {
                // the vector filter loads a whole vector (16 ints at AVX-512: 64 bytes) from each
                // bucket's start, and waits for every line it spans, even where the lanes past the
                // bucket are masked off: touch both lines, its first and its last
                int[] ent = entries[c];
                int last = ent.length - 1;
                int reach = SimdFilter.LANES - 1;
                for (; i < chunkEnd[c]; i++) {
                    int p = starts[i];
                    touched += ent[Math.min(p, last)] + ent[Math.min(p + reach, last)];
                }
            } else if (touchEntryEnds || !simd && touchScalarEnds) {
                // the scalar filter reads exactly the bucket's entries: touch the line of its
                // first and of its last (paired A/B, 1M: 12 % less CPU than the first line only)
                int[] ent = entries[c];
                int last = ent.length - 1;
                for (; i < chunkEnd[c]; i++) touched += ent[Math.min(starts[i], last)] + ent[Math.max(0, ends[i] - 1)];
            } else {
                // a bucket's first line only (~3.8 entries of 4 bytes at 1M: most buckets fit one line):
                // one load per bucket, so more buckets' misses are in flight at once
                int[] ent = entries[c];
                int last = ent.length - 1;
                for (; i < chunkEnd[c]; i++) touched += ent[Math.min(starts[i], last)];
            }
        }
        if (stopAfter == 3) {
            s.touched += touched;
            return;
        }
        s.ensureCandidates(total + SIMD_SLACK);
        int candidates = 0;
        int[] cand = s.candidates;
        long[] lo = this.lo;
        boolean early = earlyTouch;
        for (int c = 0, first = 0; c < m; c++) {
            if (first < chunkEnd[c]) {
                int from = candidates;
                candidates = ring && ringEntries[c] != null
                        ? filterRing(c, thresholds, q, s, first, chunkEnd[c], candidates, simd)
                        : pairBits > 0 && usePairs
                                ? filterPairs(c, thresholds, q, s, first, chunkEnd[c], candidates, simd)
                                : filter(c, q, s, first, chunkEnd[c], candidates, simd);
                if (early) {
                    for (int i = from; i < candidates; i++) touched += (int) lo[(cand[i] & CANDIDATE_ORD_MASK) << 1];
                }
            }
            first = chunkEnd[c];
        }
        if (!early && touchAfterFilters) {
            for (int i = 0; i < candidates; i++) touched += (int) lo[(cand[i] & CANDIDATE_ORD_MASK) << 1];
        }
        s.touched += touched;
        if (stopAfter == 4) return;
        long[] hi = this.hi;
        long q0 = q.q0, q1 = q.q1, q2 = q.q2, q3 = q.q3;
        for (int i = 0; i < candidates; i++) {
            int ord = cand[i] & CANDIDATE_ORD_MASK;
            int b = ord << 1;
            // the first half alone rejects nearly every candidate (128 random bits are ~64 apart)
            int d = Long.bitCount(lo[b] ^ q0) + Long.bitCount(lo[b + 1] ^ q1);
            if (d <= r) {
                d += Long.bitCount(hi[b] ^ q2) + Long.bitCount(hi[b + 1] ^ q3);
                if (d <= r) report(ord, d, cand[i] >>> CANDIDATE_CHUNK_SHIFT, thresholds, q, sink, version);
            }
        }
    }

    /**
     * Touch each chunk's candidates' hash lines right after that chunk's filter, so their cache
     * misses overlap the filtering of the later chunks (one-JVM A/B at 10M, r = 31, session 3
     * round 2: 12-14 % less CPU than touching none). False except in benchmarks that compare: since
     * session 6 the lines are touched by {@link #touchAfterFilters} instead.
     */
    boolean earlyTouch = false;
    /**
     * Touch every candidate's hash line in one short loop after all the filters, before the
     * verification: the loop issues them faster than the per-chunk touches between filters did
     * (paired A/B, r = 31: 1M 0.899 and 1/1.093, 10M plain tables 0.929 of the per-chunk touches;
     * session 6). False only in benchmarks that compare, or with
     * {@code -Dreportonce.index.lateTouch=true} (no touches: the verification loads them).
     */
    boolean touchAfterFilters = !LATE_TOUCH;

    /**
     * Pass 2 of a plain segment touches the first and last entry of every kept bucket whichever
     * filter runs (with the vector filter, 5-7 % more CPU per 1M miss query than its first line
     * only in session 5, 1.5 times the CPU of {@link #touchVectorReach} in session 6). True only in
     * benchmarks that compare.
     */
    boolean touchEntryEnds = false;
    /**
     * With the vector filter, pass 2 of a plain segment touches the line of each kept bucket's
     * start and the line of its start + {@code SimdFilter.LANES - 1} (false: the first line only).
     */
    boolean touchVectorReach = true;
    /** With the scalar filter, pass 2 of a plain segment touches each kept bucket's first and last entry (false: the first only). */
    boolean touchScalarEnds = true;
    /**
     * Benchmarks only, for the phase split in docs/benchmarks.md: a query stops after pass 1a (1),
     * pass 1 (2), pass 2 (3) or pass 3 (4) and reports nothing; anything else runs every pass.
     */
    int stopAfter = 9;
    /**
     * Pass 1 first lists the buckets that pass the presence test, then computes entry ranges for
     * those only (false only in benchmarks that compare).
     */
    boolean keepFirst = true;
    /** Pass 3 applies the pair test where entries carry pair bits (false only in benchmarks that compare). */
    boolean usePairs = true;

    /** Pass 1 reads its buckets from {@link #flipMasks} (false only in benchmarks that compare). */
    boolean useFlipTable = true;
    /** Pass 1a loads the bucket ints before pass 1 uses them (false only in benchmarks that compare). */
    boolean loadOffsetsFirst = true;
    private final int[] flipMasks;
    private final int[] flipStart;

    private static final boolean LATE_TOUCH = Boolean.getBoolean("reportonce.index.lateTouch");

    /** Room past the last candidate for the vector filter's full-width store (up to 2048-bit vectors of ints). */
    private static final int SIMD_SLACK = 64;

    /** A candidate is its ordinal (below 2^27) and the chunk that found it in the bits above. */
    static final int CANDIDATE_CHUNK_SHIFT = 27;
    static final int CANDIDATE_ORD_MASK = (1 << CANDIDATE_CHUNK_SHIFT) - 1;

    /**
     * Pass 1 for chunk c: appends to {@code s.starts/ends/budgets} (from index nb) the entry ranges
     * of the buckets within e <= t bits of the query's (from {@link #flipMasks} when e <= 3, with
     * their ints already copied by pass 1a, {@link #loadOffsets}, to {@code s.words} from index w;
     * else enumerated by Gosper's hack) that may hold an entry within the remaining budget t - e;
     * returns the new count.
     */
    private int collect(int c, int t, Query q, Scratch s, int nb, boolean usePresence, int w) {
        int f = layout.width[c] - dirBits;
        int key = q.keys(layout)[c];
        int home = key >>> f;
        int filter = key & ((1 << f) - 1);
        int maxE = Math.min(t, dirBits);
        int limit = 1 << dirBits;
        int[] dir = dirs[c];
        int[] rel = dirLow[c];
        int[] base = dirBase[c];
        int groupBits = this.groupBits;
        // pass 1: bucket ranges. A bucket's int in dirLow also says which of its presence slots
        // hold an entry (22 slots at 1M, 6 or 7 filter bits: 3-6 values per slot; one slot per
        // value for filters of up to 4 bits); a bucket with no entry in a slot within the remaining
        // budget is dropped (branch-free: its range is written, then overwritten) and its entries
        // are never read. At the last ring (budget 0, 136 of the 154 buckets at t = 2, D = 17) that
        // drops the buckets whose one wanted slot is empty: e^(-8 / 22), 70 % at 1M entries.
        int[] starts = s.starts, ends = s.ends, budgets = s.budgets;
        int[] accept = s.accept;
        int ob = rel != null ? offsetBits[c] : 0;
        int offMask = (1 << ob) - 1;
        if (usePresence && rel != null) {
            int g = slotKeyBits[c];
            int[] table = acceptBits[c];
            int row = (filter >>> (f - g)) * (g + 1);
            int acc = 0;
            for (int b = 0; b <= t; b++) {
                if (b <= g) acc |= table[row + b];
                accept[b] = acc;
            }
        } else {
            for (int b = 0; b <= t; b++) accept[b] = -1;
        }
        long total = 0;
        if (flipTableUsed(c, t)) {
            // the same buckets from a table of flip masks: no serial chain of Gosper steps between
            // one bucket's loads and the next, so the loads of many buckets are in flight at once
            int[] table = flipMasks, first = flipStart;
            int[] words = s.words;
            boolean loaded = loadOffsetsFirst;
            if (loaded && keepFirst) {
                // pass 1b: which buckets pass the presence test, a short branch-free loop over the
                // copied ints (~172 per chunk at r = 31, ~22 % kept at 1M) ...
                int[] kept = s.kept;
                int nk = 0;
                for (int e = 0; e <= maxE; e++) {
                    int acc = accept[t - e];
                    for (int i = first[e], stop = first[e + 1]; i < stop; i++) {
                        int wanted = (words[w + i] >>> ob) & acc;
                        kept[nk] = i;
                        nk += (wanted | -wanted) >>> 31;
                    }
                }
                // ... and pass 1c: the entry ranges of the kept ones only (their budget is t minus
                // the bits of the flip mask that reached them)
                for (int j = 0; j < nk; j++) {
                    int i = kept[j];
                    int flip = table[i];
                    int k = home ^ flip;
                    int from = base[k >>> groupBits] + (words[w + i] & offMask);
                    int to = base[(k + 1) >>> groupBits] + (rel[k + 1] & offMask);
                    starts[nb] = from;
                    ends[nb] = to;
                    budgets[nb] = t - Integer.bitCount(flip);
                    total += to - from;
                    nb++;
                }
                s.bucketEntries += total;
                return nb;
            }
            for (int e = 0; e <= maxE; e++) {
                int budget = t - e;
                int acc = accept[budget];
                for (int i = first[e], stop = first[e + 1]; i < stop; i++) {
                    int k = home ^ table[i];
                    int word = loaded ? words[w + i] : rel[k];
                    int from = base[k >>> groupBits] + (word & offMask);
                    int to = base[(k + 1) >>> groupBits] + (rel[k + 1] & offMask);
                    int wanted = (word >>> ob) & acc;
                    starts[nb] = from;
                    ends[nb] = to;
                    budgets[nb] = budget;
                    total += to - from;
                    nb += (wanted | -wanted) >>> 31;
                }
            }
            s.bucketEntries += total;
            return nb;
        }
        for (int e = 0; e <= maxE; e++) {
            int flips = (1 << e) - 1;
            int budget = t - e;
            int acc = accept[budget];
            while (flips < limit) {
                int k = home ^ flips;
                int from, to, wanted;
                if (rel != null) { // the same branch for the whole chunk: predicted, or unswitched by the JIT
                    int word = rel[k];
                    from = base[k >>> groupBits] + (word & offMask);
                    to = base[(k + 1) >>> groupBits] + (rel[k + 1] & offMask);
                    wanted = (word >>> ob) & acc;
                } else {
                    from = dir[k];
                    to = dir[k + 1];
                    wanted = 1;
                }
                starts[nb] = from;
                ends[nb] = to;
                budgets[nb] = budget;
                total += to - from;
                nb += (wanted | -wanted) >>> 31;
                if (e == 0) break;
                int low = flips & -flips;
                int ripple = flips + low;
                flips = (((ripple ^ flips) >>> 2) >>> Integer.numberOfTrailingZeros(low)) | ripple;
            }
        }
        s.bucketEntries += total;
        return nb;
    }

    /**
     * Pass 3 for chunk c, over its kept buckets {@code [first, end)}: appends to {@code s.candidates}
     * every entry whose filter bits are within the bucket's budget, writing every entry and
     * advancing only past those that pass. (Pass 2, in {@link #search}, touched the first line of
     * every bucket beforehand, and the line of the vector load's last lane (or, for ring entries,
     * of the last entry) too: those loads do not depend on one another, so their misses
     * overlap, and this loop finds the lines in cache instead of waiting a memory latency at every
     * bucket, whose end is a mispredicted branch that would otherwise serialise the misses.)
     */
    private int filter(int c, Query q, Scratch s, int first, int end, int candidates, boolean simd) {
        int f = layout.width[c] - dirBits;
        int filter = q.keys(layout)[c] & ((1 << f) - 1);
        int[] ent = entries[c];
        int[] starts = s.starts, ends = s.ends, budgets = s.budgets;
        int[] cand = s.candidates;
        int shift = ordBits;
        int mask = ordMask;
        int tag = c << CANDIDATE_CHUNK_SHIFT;
        if (simd) {
            return SimdFilter.filter(ent, starts, ends, budgets, first, end, filter, shift, mask, tag, cand, candidates);
        }
        for (int i = first; i < end; i++) {
            int budget = budgets[i];
            for (int p = starts[i], stop = ends[i]; p < stop; p++) {
                int e = ent[p];
                cand[candidates] = tag | (e & mask);
                candidates += ((budget - Integer.bitCount((e >>> shift) ^ filter)) >> 31) + 1;
            }
        }
        return candidates;
    }

    /**
     * Pass 3 of a ring segment for chunk c: as {@link #filter}, but an entry must also pass the
     * pigeonring test on chunks c and c + 1 (mod m): {@code d[c] + d[c+1] <= t[c] + t[c+1] + 1},
     * with {@code d[c+1]} read from the high half of the entry's long, so the ~99.99 % of filter
     * survivors that are not within the radius are dropped without reading their hash.
     */
    private int filterRing(int c, int[] thresholds, Query q, Scratch s, int first, int end, int candidates,
            boolean simd) {
        int f = layout.width[c] - dirBits;
        int m = layout.chunks;
        int[] keys = q.keys(layout);
        int nextChunk = (c + 1) % m;
        long query = ((long) keys[nextChunk] << 32) | ((long) (keys[c] & ((1 << f) - 1)) << ordBits);
        long ordLong = ordMask & 0xFFFFFFFFL;
        long filterMask = 0xFFFFFFFFL & ~ordLong;
        long pairMask = ~ordLong;
        // chunk distance = bucket distance e + filter distance, and t[c] = e + budget, so the
        // pair test d[c] + d[c+1] <= t[c] + t[c+1] + 1 is: filter + next distance <= budget + extra
        int extra = thresholds[nextChunk] + 1;
        long[] ent = ringEntries[c];
        int[] starts = s.starts, ends = s.ends, budgets = s.budgets;
        int[] cand = s.candidates;
        int mask = ordMask;
        int tag = c << CANDIDATE_CHUNK_SHIFT;
        if (simd) {
            return SimdFilter.filterRing(ent, starts, ends, budgets, first, end, query, filterMask, pairMask, extra,
                    mask, tag, cand, candidates);
        }
        for (int i = first; i < end; i++) {
            int budget = budgets[i];
            int pair = budget + extra;
            for (int p = starts[i], stop = ends[i]; p < stop; p++) {
                long e = ent[p];
                long x = e ^ query;
                cand[candidates] = tag | ((int) e & mask);
                int fails = (budget - Long.bitCount(x & filterMask)) | (pair - Long.bitCount(x & pairMask));
                candidates += (fails >>> 31) ^ 1;
            }
        }
        return candidates;
    }

    /**
     * Pass 3 of a plain segment whose entries carry {@link #pairBits}: as {@link #filter}, but an
     * entry must also pass the pigeonring pair test on the bits it holds. Entry int, high to low:
     * filter bits (chunk c's bits below the bucket), the top {@code pairBits} bits of chunk
     * {@code c + 1} (mod m), the ordinal. With x = entry XOR the query's same fields, the filter
     * distance is {@code bitCount(x >>> ordBits)} and {@code bitCount(x >>> ordWidth)} adds the
     * distance on those pair bits, a lower bound on {@code d[c+1]}; so a hit, which passes
     * {@code d[c] + d[c+1] <= t[c] + t[c+1] + 1} in the chunk that reports it, passes
     * {@code bitCount(x >>> ordWidth) <= budget + t[c+1] + 1} there. At 1M (6-7 pair bits) this
     * drops ~40 % of the filter survivors without reading their hash (a survivor at d[c] = 2 passes
     * only if at most 3 of its 6-7 pair bits differ). {@link #report} then applies the full pair
     * test, so each hit is still reported by exactly one chunk.
     */
    private int filterPairs(int c, int[] thresholds, Query q, Scratch s, int first, int end, int candidates,
            boolean simd) {
        int f = layout.width[c] - dirBits;
        int m = layout.chunks;
        int[] keys = q.keys(layout);
        int nextChunk = (c + 1) % m;
        int ordWidth = ordBits - pairBits;
        int query = ((keys[c] & ((1 << f) - 1)) << ordBits)
                | ((keys[nextChunk] >>> (layout.width[nextChunk] - pairBits)) << ordWidth);
        int extra = thresholds[nextChunk] + 1;
        int[] ent = entries[c];
        int[] starts = s.starts, ends = s.ends, budgets = s.budgets;
        int[] cand = s.candidates;
        int shift = ordBits;
        int mask = ordMask;
        int tag = c << CANDIDATE_CHUNK_SHIFT;
        if (simd) {
            return SimdFilter.filterPairs(ent, starts, ends, budgets, first, end, query, shift, ordWidth, extra, mask,
                    tag, cand, candidates);
        }
        for (int i = first; i < end; i++) {
            int budget = budgets[i];
            int pair = budget + extra;
            for (int p = starts[i], stop = ends[i]; p < stop; p++) {
                int x = ent[p] ^ query;
                cand[candidates] = tag | (x & mask);
                int fails = (budget - Integer.bitCount(x >>> shift)) | (pair - Integer.bitCount(x >>> ordWidth));
                candidates += (fails >>> 31) ^ 1;
            }
        }
        return candidates;
    }

    /** The entry int (ordinal | pair bits | filter bits << ordBits) at position p of chunk c's table. */
    int entry(int c, int p) {
        return ring && ringEntries[c] != null ? (int) ringEntries[c][p] : entries[c][p];
    }

    /** Buckets within e <= maxE bits of a key of dirBits bits. */
    private int buckets(int maxE) {
        int total = 0;
        long binom = 1;
        for (int e = 0; e <= maxE; e++) {
            total += (int) binom;
            binom = binom * (dirBits - e) / (e + 1);
        }
        return total;
    }

    /** Per-thread buffers for the passes of one query, reused so queries allocate almost nothing. */
    static final class Scratch {
        private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);

        int[] starts = new int[256];
        int[] ends = new int[256];
        int[] budgets = new int[256];
        /** Pass 1a's copies of the bucket ints, in pass 1's order. */
        int[] words = new int[256];
        /** Pass 1b's kept buckets of one chunk (indexes into the flip table). */
        int[] kept = new int[256];
        /** accept[b]: the presence slots holding a filter value within b bits of the query's. */
        int[] accept = new int[HammingIndex.MAX_RADIUS + 1];
        int[] candidates = new int[4096];
        /** Sum of the touched values, kept so the JIT cannot drop the touching loads. */
        int touched;
        /** Entries in the buckets collected so far for the current query (sizes the candidate buffer). */
        long bucketEntries;
        private int[] chunkEnd = new int[16];

        /** Per probed chunk, the end of its buckets in starts/ends/budgets. */
        int[] chunkEnd(int m) {
            if (chunkEnd.length < m) chunkEnd = new int[m];
            return chunkEnd;
        }

        static Scratch get() {
            return LOCAL.get();
        }

        void ensureBuckets(int n) {
            if (starts.length < n) {
                starts = new int[n];
                ends = new int[n];
                budgets = new int[n];
                words = new int[n];
                kept = new int[n];
            }
        }

        void ensureCandidates(long n) {
            if (candidates.length < n) {
                candidates = Arrays.copyOf(candidates, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(n, 2L * candidates.length)));
            }
        }
    }

    private void report(int ord, int d, int c, int[] thresholds, Query q, MatchSink sink, long version) {
        int b = ord << 1;
        boolean first = ring || (pairBits > 0 && usePairs)
                ? q.firstRingChunk(layout, thresholds, ring ? ringEntries : null, lo[b], lo[b + 1], hi[b], hi[b + 1], c)
                : q.firstChunkWithin(layout, thresholds, lo[b], lo[b + 1], hi[b], hi[b + 1], c);
        if (first && alive(ord, version)) {
            sink.add(id(ord), d, q.queryIndex);
        }
    }

    private void scan(Query q, MatchSink sink, long version) {
        int r = q.radius;
        long[] lo = this.lo;
        long[] hi = this.hi;
        long q0 = q.q0, q1 = q.q1, q2 = q.q2, q3 = q.q3;
        for (int ord = 0, b = 0; ord < n; ord++, b += 2) {
            int d = Long.bitCount(lo[b] ^ q0) + Long.bitCount(lo[b + 1] ^ q1) + Long.bitCount(hi[b] ^ q2)
                    + Long.bitCount(hi[b + 1] ^ q3);
            if (d <= r && alive(ord, version)) sink.add(id(ord), d, q.queryIndex);
        }
    }

    void nearest(Query q, TopK top, long version) {
        long[] lo = this.lo;
        long[] hi = this.hi;
        long q0 = q.q0, q1 = q.q1, q2 = q.q2, q3 = q.q3;
        for (int ord = 0, b = 0; ord < n; ord++, b += 2) {
            int d = Long.bitCount(lo[b] ^ q0) + Long.bitCount(lo[b + 1] ^ q1) + Long.bitCount(hi[b] ^ q2)
                    + Long.bitCount(hi[b + 1] ^ q3);
            if (d <= top.bound() && alive(ord, version)) top.offer(id(ord), d);
        }
    }

    long word(int ord, int j) {
        return j < 2 ? lo[2 * ord + j] : hi[2 * ord + j - 2];
    }

    boolean sameHash(int ord, long w0, long w1, long w2, long w3) {
        int b = ord << 1;
        return lo[b] == w0 && lo[b + 1] == w1 && hi[b] == w2 && hi[b + 1] == w3;
    }

    /** Bytes held by the arrays (the object headers are noise at these sizes). */
    long bytes() {
        long b = (narrowIds != null ? 4L * narrowIds.length : 8L * wideIds.length) + 8L * lo.length + 8L * hi.length;
        for (int c = 0; c < layout.chunks; c++) {
            b += ring && ringEntries[c] != null ? 8L * ringEntries[c].length : 4L * entries[c].length;
            b += dirs[c] != null ? 4L * dirs[c].length : 4L * dirLow[c].length + 4L * dirBase[c].length;
        }
        int[] d = deaths;
        return d == null ? b : b + 4L * d.length;
    }
}
