package org.reportonce.index;

/**
 * For every radius 0..256, how one segment answers a query: which chunks to probe and how far
 * (the per-chunk thresholds {@code t[c]}, -1 = not probed), or a linear scan when that is cheaper.
 *
 * <p><b>Exactness.</b> Let {@code s[c] = t[c] + 1 >= 0} with {@code sum(s) = r + 1}. If a stored
 * hash is within {@code r} of the query, its chunk distances {@code d[c]} sum to at most {@code r}
 * {@code < sum(s)}, so some chunk has {@code d[c] < s[c]}, i.e. {@code d[c] <= t[c]}: probing every
 * chunk within its threshold finds it (the generalised pigeonhole principle of multi-index hashing;
 * Norouzi, Punjani and Fleet, "Fast Exact Search in Hamming Space with Multi-Index Hashing", TPAMI
 * 2014, and Qin et al., "GPH: Similarity Search in Hamming Space", ICDE 2018). Any split of the
 * {@code r + 1} units is exact; the cost model only picks a cheap one.
 *
 * <p><b>Cost model.</b> For a chunk of {@code w} bits whose table is bucketed on {@code D} of them
 * (the other {@code F = w - D} bits are a filter stored with each entry), probing within {@code t}
 * visits {@code B(t) = sum_{e<=t} C(D, e)} buckets of {@code n / 2^D} entries each, and passes the
 * filter for {@code n * sum_{j<=t} C(w, j) / 2^w} candidates that must be verified against the full
 * hash. Cost = {@code PROBE * B + SCAN * B * n/2^D + VERIFY * candidates}. The units are rough
 * nanoseconds measured on the development machine; only their ratios matter. Because the marginal
 * cost of one more unit on a chunk grows with its threshold, handing out the {@code r + 1} units
 * one at a time to the cheapest chunk (greedy) gives a near-optimal split, and the split for
 * {@code r + 1} extends the one for {@code r}, so all 257 plans cost one pass.
 *
 * <p>Not modelled: the presence slots of {@link PackedSegment}, which skip about 70 % of the
 * outer-ring buckets at 1M (30 % at 10M) before their entries are read, and the Vector API filter,
 * which makes {@code SCAN} about half as costly. Both lower the cost of every plan with t >= 1
 * alike, so the constants were not re-fitted (2026-11-26, session 3); the plans they give at
 * r = 31 (12 chunks: 8 at t = 2, 4 at t = 1; 11 chunks: 10 at t = 2, 1 at t = 1) are the only
 * splits of 32 units with no chunk above t = 2, the cheapest by the line counts in
 * docs/benchmarks.md. Nor the ring entries of large segments, which make {@code VERIFY} nearly
 * free for the chunks that hold them (session 4); the r = 31 split stays the only one with t <= 2.
 */
final class SearchPlan {

    static final double PROBE = 12;
    static final double SCAN = 1.2;
    static final double VERIFY = 8;
    static final double LINEAR = 1.6;
    /** With {@code preferTables}, the tables are used unless a query would visit more buckets than this. */
    static final double MAX_TEST_PROBES = 200_000;

    private static final double[][] BINOMIAL = new double[65][65];

    static {
        for (int a = 0; a <= 64; a++) {
            BINOMIAL[a][0] = 1;
            for (int b = 1; b <= a; b++) BINOMIAL[a][b] = BINOMIAL[a - 1][b - 1] + (b <= a - 1 ? BINOMIAL[a - 1][b] : 0);
        }
    }

    /** thresholds[r][c]: how far to probe chunk c for radius r; -1 = skip. */
    final int[][] thresholds;
    /** scan[r]: a linear scan is cheaper than the tables. */
    final boolean[] scan;

    private SearchPlan(int[][] thresholds, boolean[] scan) {
        this.thresholds = thresholds;
        this.scan = scan;
    }

    /**
     * @param n entries in the segment
     * @param dirBits bucket bits per chunk
     * @param filtered whether entries carry the other chunk bits as a filter (packed segments), or
     *     every entry of a visited bucket is verified (delta segments)
     * @param preferTables use the tables whenever they are affordable, even if a scan would be cheaper
     *     (tests use it so that small data sets exercise the table code)
     */
    static SearchPlan create(ChunkLayout layout, int n, int dirBits, boolean filtered, boolean preferTables) {
        int m = layout.chunks;
        int[] s = new int[m];
        int[][] thresholds = new int[HammingIndex.MAX_RADIUS + 1][];
        boolean[] scan = new boolean[HammingIndex.MAX_RADIUS + 1];
        double total = 0;
        double probes = 0;
        double linear = LINEAR * n;
        for (int r = 0; r <= HammingIndex.MAX_RADIUS; r++) {
            int best = -1;
            double bestMarginal = Double.POSITIVE_INFINITY;
            for (int c = 0; c < m; c++) {
                double marginal = cost(layout.width[c], dirBits, s[c] + 1 - 1, n, filtered)
                        - cost(layout.width[c], dirBits, s[c] - 1, n, filtered);
                if (marginal < bestMarginal) {
                    bestMarginal = marginal;
                    best = c;
                }
            }
            probes += buckets(dirBits, s[best]) - buckets(dirBits, s[best] - 1);
            s[best]++;
            total += bestMarginal;
            int[] t = new int[m];
            for (int c = 0; c < m; c++) t[c] = s[c] - 1;
            thresholds[r] = t;
            scan[r] = preferTables ? probes > MAX_TEST_PROBES : total > linear;
        }
        return new SearchPlan(thresholds, scan);
    }

    /** Estimated cost of probing one chunk of width w within threshold t (0 for t = -1). */
    private static double cost(int w, int dirBits, int t, int n, boolean filtered) {
        if (t < 0) return 0;
        double b = buckets(dirBits, t);
        double perBucket = n / Math.pow(2, dirBits);
        if (!filtered) return PROBE * b + VERIFY * b * perBucket;
        double within = 0;
        for (int j = 0; j <= Math.min(t, w); j++) within += BINOMIAL[w][j];
        double candidates = n * within / Math.pow(2, w);
        return PROBE * b + SCAN * b * perBucket + VERIFY * candidates;
    }

    private static double buckets(int dirBits, int t) {
        double b = 0;
        for (int e = 0; e <= Math.min(t, dirBits); e++) b += BINOMIAL[dirBits][e];
        return b;
    }
}
