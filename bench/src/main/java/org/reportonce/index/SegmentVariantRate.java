package org.reportonce.index;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.SplittableRandom;
import org.reportonce.hashing.Hash256;

/**
 * A/B harness over one {@link PackedSegment} (package-private, hence this package): CPU time per
 * fresh miss query at one radius for the scalar and the vector filter, alternating rounds in one
 * JVM on the same data, so that machine load affects both alike; and the same with the presence
 * bitmaps, and one query repeated (hot: its data stays cached). Each argument after SIZE and
 * RADIUS is a variant {@code CHUNKS:D[:G]} (12 or 11 chunks; D = bucket bits, or 0 = the default;
 * G = log2 of the buckets per group of the compact offsets, default {@code PackedSegment.GROUP_BITS};
 * a fourth part {@code early}, {@code after} or {@code late} chooses when the candidates' hash lines are touched
 * ({@code PackedSegment.earlyTouch}, {@code touchAfterFilters}); a fifth,
 * {@code ring} or {@code plain}, whether the tables hold ring entries, default by size; a sixth the
 * slot limit; a seventh {@code flips} or {@code gosper}; an eighth {@code load} or {@code inline};
 * a ninth {@code first}, {@code ends} or {@code reach}, the lines pass 2 touches per bucket of a plain segment;
 * a tenth {@code PackedSegment.stopAfter} (9 = every pass); an eleventh {@code keep} or {@code all}
 * ({@code PackedSegment.keepFirst}); a twelfth the most pair bits, 0 = none).
 * <pre>
 * java --add-modules jdk.incubator.vector -Xmx6g -cp bench/target/benchmarks.jar \
 *     org.reportonce.index.SegmentVariantRate 1000000 31 12:0 12:16 11:0
 * </pre>
 */
public final class SegmentVariantRate {
    private SegmentVariantRate() {}

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        int radius = Integer.parseInt(args[1]);
        SplittableRandom rnd = new SplittableRandom(42);
        long[] ids = new long[n];
        long[] lo = new long[2 * n];
        long[] hi = new long[2 * n];
        for (int i = 0; i < n; i++) {
            ids[i] = i;
            lo[2 * i] = rnd.nextLong();
            lo[2 * i + 1] = rnd.nextLong();
            hi[2 * i] = rnd.nextLong();
            hi[2 * i + 1] = rnd.nextLong();
        }
        Hash256[] queries = new Hash256[8192];
        for (int i = 0; i < queries.length; i++) {
            queries[i] = new Hash256(rnd.nextLong(), rnd.nextLong(), rnd.nextLong(), rnd.nextLong());
        }
        int rounds = Integer.getInteger("rounds", 6);
        boolean countOnly = Boolean.getBoolean("countOnly");
        int variants = args.length - 2;
        PackedSegment[] segs = new PackedSegment[variants];
        for (int a = 0; a < variants; a++) {
            String[] v = args[a + 2].split(":");
            ChunkLayout layout = switch (v[0]) {
                case "11" -> ChunkLayout.ELEVEN;
                case "16" -> ChunkLayout.SIXTEEN;
                default -> ChunkLayout.TWELVE;
            };
            int d = Integer.parseInt(v[1]);
            if (d == 0) d = PackedSegment.dirBitsFor(n, layout);
            int g = v.length > 2 ? Integer.parseInt(v[2]) : PackedSegment.GROUP_BITS;
            boolean ring = v.length > 4 ? v[4].equals("ring") : n >= PackedSegment.RING_FROM;
            int slots = v.length > 5 ? Integer.parseInt(v[5]) : PackedSegment.MAX_SLOTS;
            int pairs = v.length > 11 ? Integer.parseInt(v[11]) : PackedSegment.MAX_PAIR_BITS;
            segs[a] = PackedSegment.build(ids, lo, hi, n, layout, d, true, false, g, ring, slots, pairs);
            if (v.length > 10) segs[a].keepFirst = v[10].equals("keep");
            if (v.length > 9) segs[a].stopAfter = Integer.parseInt(v[9]);
            if (v.length > 8) segs[a].touchVectorReach = v[8].equals("reach");
            if (v.length > 8) segs[a].touchScalarEnds = v[8].equals("reach");
            if (v.length > 8) segs[a].touchEntryEnds = v[8].equals("ends"); // else "first": pass 2 touches first lines only
            if (v.length > 7) segs[a].loadOffsetsFirst = v[7].equals("load"); // else "inline"
            if (v.length > 6) segs[a].useFlipTable = v[6].equals("flips"); // else "gosper"
            // early: per chunk, after its filter; after: all, after every filter (the default); late: none
            if (v.length > 3) segs[a].earlyTouch = v[3].equals("early");
            if (v.length > 3) segs[a].touchAfterFilters = v[3].equals("after");
            System.out.printf("variant %d: %s D=%d G=%d ring=%s pairBits=%d slots<=%d offsetBits=%s thresholds=%s bytes=%.1f MB%n", a,
                    layout, d, g, ring, segs[a].pairBits, slots, java.util.Arrays.toString(segs[a].offsetBits),
                    java.util.Arrays.toString(segs[a].plan.thresholds[radius]), segs[a].bytes() / 1e6);
            for (boolean presence : new boolean[] {false, true}) {
                System.out.println("  per query, presence=" + presence + ": " + lines(segs[a], queries, radius, presence));
            }
        }
        if (countOnly) return;
        // rounds alternate variants and modes, so that load changes hit all of them alike
        // (-Dmodes=2,4 runs only those modes; the order of the variants alternates between rounds)
        String[] modes = {"scalar", "simd", "simd+presence", "scalar+presence", "simd+presence hot"};
        int nm = modes.length;
        int[] chosen = java.util.Arrays.stream(System.getProperty("modes", "0,1,2,3,4").split(","))
                .mapToInt(Integer::parseInt).toArray();
        double[][] us = new double[variants * nm][rounds];
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < variants; i++) {
                int a = round % 2 == 0 ? i : variants - 1 - i;
                for (int mode : chosen) {
                    us[a * nm + mode][round] = run(segs[a], queries, radius, mode == 1 || mode == 2 || mode == 4,
                            mode >= 2, mode == 4);
                }
            }
        }
        for (int a = 0; a < variants; a++) {
            StringBuilder line = new StringBuilder("variant " + a + " (" + args[a + 2] + "):");
            for (int mode : chosen) {
                double[] x = us[a * nm + mode].clone();
                java.util.Arrays.sort(x);
                // paired with variant 0 in the same round: the median ratio resists load changes
                double[] ratio = new double[rounds];
                for (int r = 0; r < rounds; r++) ratio[r] = us[a * nm + mode][r] / us[mode][r];
                java.util.Arrays.sort(ratio);
                line.append(String.format("%n   %-18s best %6.1f us (%6.0f/CPU-s) median %6.1f; vs variant 0, median ratio %.3f",
                        modes[mode], x[0], 1e6 / x[0], x[x.length / 2], ratio[rounds / 2]));
            }
            System.out.println(line);
        }
    }

    /**
     * Counts, averaged over 512 queries (-DcountQueries), of what a query reads: buckets kept, entries filtered,
     * candidates verified, and the distinct 64-byte lines of the offsets, bitmaps, entries and
     * hashes it touches (each a likely cache miss at these sizes). Load-independent, unlike time.
     */
    private static String lines(PackedSegment seg, Hash256[] queries, int radius, boolean usePresence) {
        ChunkLayout layout = seg.layout;
        int[] t = seg.plan.thresholds[radius];
        long buckets = 0, entries = 0, candidates = 0, dirLines = 0, bitLines = 0, entLines = 0, hashLines = 0;
        int count = Integer.getInteger("countQueries", 512);
        for (int qi = 0; qi < count; qi++) {
            Query q = new Query(queries[qi], radius, 0);
            int[] keys = q.keys(layout);
            java.util.HashSet<Long> hashSet = new java.util.HashSet<>();
            for (int c = 0; c < layout.chunks; c++) {
                if (t[c] < 0) continue;
                int f = layout.width[c] - seg.dirBits;
                int home = keys[c] >>> f;
                int filter = keys[c] & ((1 << f) - 1);
                int[] rel = seg.dirLow[c];
                java.util.HashSet<Integer> dl = new java.util.HashSet<>(), bl = new java.util.HashSet<>(),
                        el = new java.util.HashSet<>();
                for (int k = 0; k < 1 << seg.dirBits; k++) {
                    int e = Integer.bitCount(k ^ home);
                    if (e > t[c]) continue;
                    int budget = t[c] - e;
                    boolean keep = true;
                    if (usePresence && rel != null) {
                        dl.add(k >>> 4); // the slots sit in the offsets' ints
                        keep = (seg.presence(c, k) & seg.accepted(c, filter, budget)) != 0;
                    }
                    if (!keep) continue;
                    buckets++;
                    if (rel != null) { // the group bases of the bucket and of the next
                        bl.add(k >>> seg.groupBits >>> 4);
                        bl.add((k + 1) >>> seg.groupBits >>> 4);
                    }
                    dl.add(k >>> 4);
                    dl.add((k + 1) >>> 4);
                    int from = seg.bucketStart(c, k);
                    int to = seg.bucketStart(c, k + 1);
                    for (int p = from; p < to; p++) {
                        entries++;
                        el.add(p >>> (seg.ring ? 3 : 4));
                        int ent = seg.entry(c, p);
                        int next = (c + 1) % layout.chunks;
                        int ordWidth = seg.ordBits - seg.pairBits;
                        int pairQuery = seg.pairBits == 0 ? 0 : keys[next] >>> (layout.width[next] - seg.pairBits);
                        int pairDistance = Integer.bitCount(((ent >>> ordWidth) ^ pairQuery) & ((1 << seg.pairBits) - 1));
                        int fd = Integer.bitCount((ent >>> seg.ordBits) ^ filter);
                        if (fd <= budget && (seg.pairBits == 0 || fd + pairDistance <= budget + t[next] + 1)) {
                            candidates++;
                            hashSet.add((long) (ent & seg.ordMask) >>> 2);
                        }
                    }
                }
                dirLines += dl.size();
                bitLines += bl.size();
                entLines += el.size();
            }
            hashLines += hashSet.size();
        }
        return String.format("buckets %.0f, entries %.0f, candidates %.0f; lines: offsets %.0f, group bases %.0f, entries %.0f,"
                + " hashes %.0f", buckets / (double) count, entries / (double) count, candidates / (double) count,
                dirLines / (double) count, bitLines / (double) count, entLines / (double) count, hashLines / (double) count);
    }

    private static int sink;
    private static final long ROUND_NANOS = Long.getLong("roundMillis", 500) * 1_000_000L;

    /** CPU microseconds per query over about half a CPU-second of queries. */
    private static double run(PackedSegment seg, Hash256[] queries, int radius, boolean simd, boolean presence,
            boolean hot) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu0 = threads.getCurrentThreadCpuTime();
        int done = 0;
        int found = 0;
        while (threads.getCurrentThreadCpuTime() - cpu0 < ROUND_NANOS) {
            for (int i = 0; i < 64; i++) {
                Hash256 h = queries[hot ? 0 : done & (queries.length - 1)];
                MatchSink s = new MatchSink();
                seg.search(new Query(h, radius, 0), s, Long.MAX_VALUE, simd, presence);
                found += s.size();
                done++;
            }
        }
        sink += found;
        return (threads.getCurrentThreadCpuTime() - cpu0) / 1e3 / done;
    }
}
