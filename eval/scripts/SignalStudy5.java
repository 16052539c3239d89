// Session-5 study tool (not part of the build): evaluates signal-set designs on the session-4 text cache
// (SignalCache.java ... areas-only) plus the session-5 extension (SignalCache5.java, binary).
// Configuration by system properties:
//   -Dvariants=raw|norm|both   report variants rendered from the picture as given, from the picture as the
//                              match side normalises it (trimmed / turned back), or both (default raw)
//   -Dregions=LABEL,...        report regions (crop labels, e.g. crop_l0_t0_r50_b0); -DregionSrc=raw|norm|both
//   -Dlooks=LABEL,...          upload crops looked up, hashed the cheap way (F: pool of SignalCache5)
//   -DregionLook=exact|fast    how the upload's regions are hashed (exact A: of the text cache, or F:)
//   -DextraLooks=FILE -DextraLookLabels=LABEL,...  more look-ups per upload (SignalCacheBand.java's lines)
// Modes: eval [pairs] ; greedy STEPS (adds the upload crop of the F: pool, or a region, finding most copies)
// Run: java -Xmx4g eval/scripts/SignalStudy5.java CACHE.tsv CACHE5.bin MODE [args]
import java.io.*;
import java.nio.file.*;
import java.util.*;
import java.util.concurrent.*;
import java.util.stream.*;

public class SignalStudy5 {
    static List<String> names = new ArrayList<>(), kinds = new ArrayList<>();
    static int n, E;
    // text cache
    static List<Map<String, long[]>> rep = new ArrayList<>();      // per original: label -> {q, w0..w3}
    static Map<Long, List<Object[]>> look = new HashMap<>();        // (i, j+1) -> [label, long[] {q, w..}]
    // binary extension
    static boolean[] normDiffers;
    static List<String> nVariantLabels = new ArrayList<>(), nRegionLabels = new ArrayList<>(), poolLabels = new ArrayList<>();
    static long[][] nVariants, nRegions;     // per original: 5 longs per label (q, w0..w3)
    static long[][][] pool;                  // [i][j+1] -> 5 longs per pool label
    static Map<String, Integer> poolIndex = new HashMap<>();

    static long key(int i, int j) { return i * 64L + j + 1; }

    static long[] parse(String q, String hex) {
        long[] w = new long[5];
        w[0] = Integer.parseInt(q);
        for (int k = 0; k < 4; k++) w[k + 1] = Long.parseUnsignedLong(hex.substring(16 * k, 16 * k + 16), 16);
        return w;
    }

    static void load(Path text, Path bin) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(text)) {
            for (String line; (line = r.readLine()) != null; ) {
                String[] f = line.split("\t");
                switch (f[0]) {
                    case "N" -> { names.add(f[2]); rep.add(new HashMap<>()); }
                    case "E" -> kinds.add(f[2]);
                    case "R" -> { if (!f[3].startsWith("area/")) rep.get(Integer.parseInt(f[1])).put(f[3], parse(f[4], f[5])); }
                    case "L" -> { if (!f[3].startsWith("area/")) look.computeIfAbsent(key(Integer.parseInt(f[1]), Integer.parseInt(f[2])), k -> new ArrayList<>()).add(new Object[] {f[3], parse(f[4], f[5])}); }
                    default -> {}
                }
            }
        }
        n = names.size();
        E = kinds.size();
        String extra = System.getProperty("extra");
        if (extra != null) {
            for (String line : Files.readAllLines(Path.of(extra))) {
                String[] f = line.split("\t");
                rep.get(Integer.parseInt(f[1])).put(f[3], parse(f[4], f[5]));
                extraLabels.add(f[3]);
            }
        }
        String extraLooks = System.getProperty("extraLooks");
        if (extraLooks != null) {
            for (String line : Files.readAllLines(Path.of(extraLooks))) {
                String[] f = line.split("\t");
                bandLook.computeIfAbsent(key(Integer.parseInt(f[1]), Integer.parseInt(f[2])), k -> new ArrayList<>()).add(new Object[] {f[3], parse(f[4], f[5])});
            }
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(bin), 1 << 20))) {
            if (in.readInt() != n || in.readInt() != E) throw new IllegalStateException("caches disagree");
            for (int k = in.readInt(); k > 0; k--) nVariantLabels.add(in.readUTF());
            for (int k = in.readInt(); k > 0; k--) nRegionLabels.add(in.readUTF());
            for (int k = in.readInt(); k > 0; k--) poolLabels.add(in.readUTF());
            for (int k = 0; k < poolLabels.size(); k++) poolIndex.put(poolLabels.get(k), k);
            normDiffers = new boolean[n];
            nVariants = new long[n][];
            nRegions = new long[n][];
            pool = new long[n][E + 1][];
            for (int i = 0; i < n; i++) {
                normDiffers[i] = in.readBoolean();
                if (normDiffers[i]) {
                    nVariants[i] = read(in, nVariantLabels.size());
                    nRegions[i] = read(in, nRegionLabels.size());
                }
                for (int j = 0; j <= E; j++) pool[i][j] = read(in, poolLabels.size());
            }
        }
    }

    static long[] read(DataInputStream in, int count) throws IOException {
        long[] out = new long[5 * count];
        for (int k = 0; k < count; k++) {
            out[5 * k] = in.readUnsignedByte();
            for (int w = 1; w <= 4; w++) out[5 * k + w] = in.readLong();
        }
        return out;
    }

    // ------------------------------------------------------------------ configuration -> flat arrays

    static Set<String> extraLabels = new LinkedHashSet<>();
    // extra look-ups (SignalCacheBand.java, -DextraLooks=FILE), those labelled in -DextraLookLabels
    static Map<Long, List<Object[]>> bandLook = new HashMap<>();
    static List<String> extraLookLabels = list(System.getProperty("extraLookLabels", ""));
    static List<String> extraVariants = list(System.getProperty("extraVariants", ""));
    static String variantsMode = System.getProperty("variants", "raw");
    static List<String> regions = list(System.getProperty("regions", "crop_l0_t0_r50_b0,crop_l50_t0_r0_b0,crop_l0_t0_r0_b50,crop_l0_t50_r0_b0"));
    static String regionSrc = System.getProperty("regionSrc", "raw");
    static List<String> looks = list(System.getProperty("looks", "crop_l2_t0_r0_b0,crop_l0_t2_r0_b0,crop_l0_t0_r2_b0,crop_l0_t0_r0_b2,crop_l3_t3_r0_b0,crop_l0_t3_r3_b0,crop_l0_t0_r3_b3,crop_l3_t0_r0_b3,crop_l3_t3_r3_b3"));
    static String regionLook = System.getProperty("regionLook", "exact");
    static String lookSrc = System.getProperty("lookSrc", "fast"); // fast (F:) or exact (A: of the text cache)
    static final int T = Integer.getInteger("t", 31);

    static List<String> list(String s) { return s.isBlank() ? new ArrayList<>() : new ArrayList<>(List.of(s.split(","))); }

    static long[][] members;            // per original: 4 longs per member (quality >= 50 only)
    static String[][] memberLabels;
    static long[][][] lookups;          // per (i, j+1)
    static String[][][] lookupLabels;

    static void add(List<long[]> out, List<String> labels, String label, long[] h, int off) {
        if (h == null || h[off] < 50) return;
        out.add(Arrays.copyOfRange(h, off + 1, off + 5));
        labels.add(label);
    }

    static void build() {
        members = new long[n][];
        memberLabels = new String[n][];
        List<String> variantLabels = nVariantLabels;
        for (int i = 0; i < n; i++) {
            List<long[]> ms = new ArrayList<>();
            List<String> ls = new ArrayList<>();
            Map<String, long[]> r = rep.get(i);
            for (String p : List.of("orig", "trim", "unturn")) add(ms, ls, p, r.get(p), 0);
            for (int v = 0; v < variantLabels.size(); v++) {
                String l = variantLabels.get(v);
                if (!variantsMode.equals("norm") || !normDiffers[i]) add(ms, ls, l, r.get(l), 0);
                if (!variantsMode.equals("raw") && normDiffers[i]) add(ms, ls, "N:" + l, nVariants[i], 5 * v);
            }
            for (String l : extraVariants) add(ms, ls, l, r.get(l), 0);
            for (String g : regions) {
                if (!regionSrc.equals("norm") || !normDiffers[i]) add(ms, ls, "A:" + g, r.get("A:" + g), 0);
                if (!regionSrc.equals("raw") && normDiffers[i]) add(ms, ls, "NA:" + g, nRegions[i], 5 * nRegionLabels.indexOf(g));
            }
            // drop duplicates as forReport does
            Set<String> seen = new HashSet<>();
            List<long[]> ded = new ArrayList<>();
            List<String> dl = new ArrayList<>();
            for (int k = 0; k < ms.size(); k++) if (seen.add(Arrays.toString(ms.get(k)))) { ded.add(ms.get(k)); dl.add(ls.get(k)); }
            members[i] = flat(ded);
            memberLabels[i] = dl.toArray(new String[0]);
        }
        lookups = new long[n][E + 1][];
        lookupLabels = new String[n][E + 1][];
        for (int i = 0; i < n; i++) for (int j = -1; j < E; j++) {
            List<long[]> out = new ArrayList<>();
            List<String> ls = new ArrayList<>();
            Map<String, long[]> exact = new HashMap<>();
            for (Object[] o : look.getOrDefault(key(i, j), List.of())) {
                String l = (String) o[0];
                if (l.startsWith("A:")) exact.put(l.substring(2), (long[]) o[1]);
                else add(out, ls, l, (long[]) o[1], 0);
            }
            Set<String> areas = new LinkedHashSet<>(regions);
            List<String> crops = new ArrayList<>(looks);
            for (String g : areas) {
                if (regionLook.equals("fast") && poolIndex.containsKey(g)) add(out, ls, g, pool[i][j + 1], 5 * poolIndex.get(g));
                else add(out, ls, g, exact.get(g), 0);
            }
            for (String c : crops) {
                if (lookSrc.equals("exact") || !poolIndex.containsKey(c)) add(out, ls, c, exact.get(c), 0);
                else add(out, ls, c, pool[i][j + 1], 5 * poolIndex.get(c));
            }
            for (Object[] o : bandLook.getOrDefault(key(i, j), List.of())) {
                if (extraLookLabels.contains((String) o[0])) add(out, ls, (String) o[0], (long[]) o[1], 0);
            }
            lookups[i][j + 1] = flat(out);
            lookupLabels[i][j + 1] = ls.toArray(new String[0]);
        }
    }

    static long[] flat(List<long[]> l) {
        long[] out = new long[4 * l.size()];
        for (int k = 0; k < l.size(); k++) System.arraycopy(l.get(k), 0, out, 4 * k, 4);
        return out;
    }

    /** Index of the first member within T of any look-up, or -1. */
    static int hit(long[] ms, long[] ls) {
        for (int a = 0; a < ms.length; a += 4) {
            long m0 = ms[a], m1 = ms[a + 1], m2 = ms[a + 2], m3 = ms[a + 3];
            for (int b = 0; b < ls.length; b += 4) {
                int d = Long.bitCount(m0 ^ ls[b]) + Long.bitCount(m1 ^ ls[b + 1]);
                if (d > T) continue;
                d += Long.bitCount(m2 ^ ls[b + 2]) + Long.bitCount(m3 ^ ls[b + 3]);
                if (d <= T) return a / 4;
            }
        }
        return -1;
    }

    static String stem(String name) {
        String s = name.replaceAll("\\.[a-z]+$", "");
        return s.replaceAll("-no-logo$", "").replaceAll("(-d|-l|-dark|-light|_dark|_light|-day|-night)$", "").replaceAll("-(Cold|Warm|Radioactive)$", "");
    }

    static void evaluate(String title, boolean pairs, boolean falses) throws Exception {
        build();
        Map<String, int[]> byKind = new LinkedHashMap<>();
        for (String k : kinds) byKind.putIfAbsent(k, new int[2]);
        int hits = 0;
        long memberCount = 0, lookCount = 0;
        for (int i = 0; i < n; i++) {
            memberCount += members[i].length / 4;
            for (int j = 0; j < E; j++) {
                lookCount += lookups[i][j + 1].length / 4;
                boolean h = hit(members[i], lookups[i][j + 1]) >= 0;
                int[] k = byKind.get(kinds.get(j));
                k[1]++;
                if (h) { k[0]++; hits++; }
            }
        }
        int distinct = 0, unrelated = 0, otherStem = 0;
        Map<String, Integer> pairCount = new TreeMap<>();
        if (falses) {
            ExecutorService ex = Executors.newFixedThreadPool(2);
            List<Future<int[]>> fs = new ArrayList<>();
            Map<String, Integer> pc = new ConcurrentHashMap<>();
            for (int i0 = 0; i0 < n; i0++) {
                int i = i0;
                fs.add(ex.submit(() -> {
                    int[] c = new int[3];
                    for (int o = 0; o < n; o++) {
                        if (o == i) continue;
                        boolean same = stem(names.get(i)).equals(stem(names.get(o)));
                        for (int j = -1; j < E; j++) {
                            int m = hit(members[i], lookups[o][j + 1]);
                            if (m < 0) continue;
                            if (j < 0) {
                                c[0]++;
                                long[] ms = Arrays.copyOfRange(members[i], 4 * m, 4 * m + 4);
                                int b = -1;
                                for (int k = 0; k < lookups[o][0].length / 4; k++) {
                                    long[] one = Arrays.copyOfRange(lookups[o][0], 4 * k, 4 * k + 4);
                                    if (hit(ms, one) >= 0) { b = k; break; }
                                }
                                pc.merge("DISTINCT " + names.get(i) + " <- " + names.get(o) + " (" + memberLabels[i][m] + " ~ " + lookupLabels[o][0][b] + ")", 1, Integer::sum);
                                continue;
                            }
                            c[1]++;
                            if (!same) {
                                c[2]++;
                                pc.merge(names.get(i) + " <- " + names.get(o) + " (" + kinds.get(j) + ", " + memberLabels[i][m] + ")", 1, Integer::sum);
                            }
                        }
                    }
                    return c;
                }));
            }
            for (Future<int[]> f : fs) { int[] c = f.get(); distinct += c[0]; unrelated += c[1]; otherStem += c[2]; }
            ex.shutdown();
            pairCount.putAll(pc);
        }
        int all = n * E;
        System.out.printf(Locale.ROOT, "== %s%n  recall %.1f %% (%d/%d)  distinct %s  unrelated %s (other designs %s)  members/report %.2f  look-ups/upload %.2f%n",
                title, 100.0 * hits / all, hits, all, falses ? distinct : "-", falses ? unrelated : "-", falses ? otherStem : "-",
                (double) memberCount / n, (double) lookCount / all);
        StringBuilder sb = new StringBuilder("  ");
        for (var e : byKind.entrySet()) sb.append(String.format(Locale.ROOT, "%s %.1f  ", e.getKey(), 100.0 * e.getValue()[0] / e.getValue()[1]));
        System.out.println(sb);
        if (pairs) pairCount.forEach((k, v) -> System.out.println("    " + v + "  " + k));
    }

    /** Greedy by recall: each step adds the upload crop (from the F: pool) or region finding most copies missed so far. */
    static void greedy(int steps, List<String> regionCands) throws Exception {
        for (int s = 0; s <= steps; s++) {
            build();
            BitSet covered = new BitSet(n * E);
            for (int i = 0; i < n; i++) for (int j = 0; j < E; j++) if (hit(members[i], lookups[i][j + 1]) >= 0) covered.set(i * E + j);
            System.out.printf(Locale.ROOT, "step %d: %.2f %%  regions=%d looks=%d%n", s, 100.0 * covered.cardinality() / (n * E), regions.size(), looks.size());
            if (s == steps) break;
            String best = null;
            int bestGain = 0;
            boolean bestIsRegion = false;
            int baseDistinct = distinctCount();
            for (String c : poolLabels) {
                if (looks.contains(c) || regions.contains(c)) continue;
                int idx = 5 * poolIndex.get(c);
                if (NO_NEW_DISTINCT && addsDistinct(idx)) continue;
                int g = 0;
                for (int i = 0; i < n; i++) for (int j = 0; j < E; j++) {
                    if (covered.get(i * E + j)) continue;
                    long[] p = pool[i][j + 1];
                    if (p[idx] < 50) continue;
                    if (hit(members[i], new long[] {p[idx + 1], p[idx + 2], p[idx + 3], p[idx + 4]}) >= 0) g++;
                }
                if (g > bestGain) { bestGain = g; best = c; bestIsRegion = false; }
            }
            for (String c : regionCands) {
                if (regions.contains(c)) continue;
                regions.add(c);
                build();
                int g = 0;
                for (int i = 0; i < n; i++) for (int j = 0; j < E; j++) if (!covered.get(i * E + j) && hit(members[i], lookups[i][j + 1]) >= 0) g++;
                if (NO_NEW_DISTINCT && g > bestGain && distinctCount() > baseDistinct) g = 0;
                regions.remove(c);
                if (g > bestGain) { bestGain = g; best = c; bestIsRegion = true; }
            }
            if (best == null) break;
            if (bestIsRegion) regions.add(best); else looks.add(best);
            System.out.printf(Locale.ROOT, "  + %-28s %s gain %d%n", best, bestIsRegion ? "region" : "crop", bestGain);
        }
        System.out.println("-Dregions=" + String.join(",", regions));
        System.out.println("-Dlooks=" + String.join(",", looks));
    }

    /** Greedy by recall over the extra report variants (-Dextra): members only, no new distinct pair. */
    static void greedyVariants(int steps) throws Exception {
        for (int s = 0; s <= steps; s++) {
            build();
            BitSet covered = new BitSet(n * E);
            for (int i = 0; i < n; i++) for (int j = 0; j < E; j++) if (hit(members[i], lookups[i][j + 1]) >= 0) covered.set(i * E + j);
            System.out.printf(Locale.ROOT, "step %d: %.2f %%  extra variants=%d%n", s, 100.0 * covered.cardinality() / (n * E), extraVariants.size());
            if (s == steps) break;
            String best = null;
            int bestGain = 0;
            for (String c : extraLabels) {
                if (extraVariants.contains(c)) continue;
                int g = 0;
                boolean distinct = false;
                for (int i = 0; i < n && !distinct; i++) {
                    long[] h = rep.get(i).get(c);
                    if (h == null || h[0] < 50) continue;
                    long[] one = Arrays.copyOfRange(h, 1, 5);
                    for (int o = 0; o < n; o++) if (o != i && hit(one, lookups[o][0]) >= 0 && hit(members[i], lookups[o][0]) < 0) { distinct = true; break; }
                    for (int j = 0; j < E; j++) if (!covered.get(i * E + j) && hit(one, lookups[i][j + 1]) >= 0) g++;
                }
                if (!distinct && g > bestGain) { bestGain = g; best = c; }
            }
            if (best == null) break;
            extraVariants.add(best);
            System.out.printf(Locale.ROOT, "  + %-28s gain %d%n", best, bestGain);
        }
        System.out.println("-DextraVariants=" + String.join(",", extraVariants));
    }

    static final boolean NO_NEW_DISTINCT = Boolean.parseBoolean(System.getProperty("noNewDistinct", "true"));

    /** Distinct originals matched (report i against original o's look-ups), current configuration. */
    static int distinctCount() {
        int c = 0;
        for (int i = 0; i < n; i++) for (int o = 0; o < n; o++) if (o != i && hit(members[i], lookups[o][0]) >= 0) c++;
        return c;
    }

    /** Whether the pool hash at idx of some original matches the report of another not matched yet. */
    static boolean addsDistinct(int idx) {
        for (int o = 0; o < n; o++) {
            long[] p = pool[o][0];
            if (p[idx] < 50) continue;
            long[] one = {p[idx + 1], p[idx + 2], p[idx + 3], p[idx + 4]};
            for (int i = 0; i < n; i++) if (i != o && hit(members[i], one) >= 0 && hit(members[i], lookups[o][0]) < 0) return true;
        }
        return false;
    }

    public static void main(String[] args) throws Exception {
        load(Path.of(args[0]), Path.of(args[1]));
        System.out.println(n + " originals, " + E + " edits, pool " + poolLabels.size() + ", normalised differs for "
                + IntStream.range(0, n).filter(i -> normDiffers[i]).count());
        String mode = args[2];
        String title = String.format("variants=%s regions=%s(%s, look %s) looks=%d(%s)", variantsMode, regions, regionSrc, regionLook, looks.size(), lookSrc);
        switch (mode) {
            case "eval" -> evaluate(title, false, true);
            case "evalpairs" -> evaluate(title, true, true);
            case "recall" -> evaluate(title, false, false);
            case "greedyvariants" -> greedyVariants(Integer.parseInt(args[3]));
            case "greedy" -> greedy(Integer.parseInt(args[3]), args.length > 4 ? list(args[4]) : List.of());
            default -> throw new IllegalArgumentException(mode);
        }
    }
}
