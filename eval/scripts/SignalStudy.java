// Session-3 study tool (not part of the build): reads the cache SignalCache.java wrote and evaluates
// variant sets and match rules on it — recall per edit kind, false matches among distinct originals
// and unrelated edited copies — and runs a greedy variant choice that charges unrelated false matches.
// Session 4: look-ups labelled "A:..." (area hashes of the normalised upload) take part only when
// named in -Dlook=LABEL,LABEL,... (report-side "A:..." members only when named in the variant set);
// mode "greedyareas" chooses regions (member and same-rectangle look-up together) and upload crops
// (look-up only) greedily by recall.
// Run: java [-Dlook=...] eval/scripts/SignalStudy.java CACHE MODE [args]
import java.io.*;
import java.nio.file.*;
import java.util.*;
import java.util.stream.*;

public class SignalStudy {
    record H(String label, int q, long a, long b, long c, long d) {
        int dist(H o) { return Long.bitCount(a ^ o.a) + Long.bitCount(b ^ o.b) + Long.bitCount(c ^ o.c) + Long.bitCount(d ^ o.d); }
    }
    static List<String> names = new ArrayList<>();
    static List<String> kinds = new ArrayList<>();
    static Map<Integer, LinkedHashMap<String, H>> rep = new HashMap<>();
    static Map<Long, List<H>> look = new HashMap<>(); // key i*64+(j+1); filtered by LOOK
    static Map<Long, List<H>> lookAll = new HashMap<>();
    static Set<String> LOOK = new HashSet<>(List.of(System.getProperty("look", "").split(",")));

    static void filterLook() {
        look = new HashMap<>();
        for (var e : lookAll.entrySet()) {
            List<H> l = new ArrayList<>();
            for (H h : e.getValue()) if (!h.label.startsWith("A:") || LOOK.contains(h.label)) l.add(h);
            look.put(e.getKey(), l);
        }
    }
    static int n, E;
    static final boolean ORIG_ONLY = Boolean.getBoolean("origOnly"); // plain PDQ: with rule -1 -1 -1 31
    static final int DERIVED_FLOOR = Integer.getInteger("floor", 50);

    static H parse(String label, String q, String hex) {
        long[] w = new long[4];
        for (int k = 0; k < 4; k++) w[k] = Long.parseUnsignedLong(hex.substring(16 * k, 16 * k + 16), 16);
        return new H(label, Integer.parseInt(q), w[0], w[1], w[2], w[3]);
    }

    static void load(Path p) throws IOException {
        for (String line : Files.readAllLines(p)) {
            String[] f = line.split("\t");
            switch (f[0]) {
                case "N" -> names.add(f[2]);
                case "E" -> kinds.add(f[2]);
                case "R", "L" -> { if (f[3].startsWith("area/")) continue; } // SignalSets' own area members: the study uses A: columns
                default -> {}
            }
            switch (f[0]) {
                case "R" -> { H h = parse(f[3], f[4], f[5]); if (h.q >= 50) rep.computeIfAbsent(Integer.parseInt(f[1]), k -> new LinkedHashMap<>()).put(f[3], h); }
                case "L" -> { H h = parse(f[3], f[4], f[5]); if (h.q >= 50) lookAll.computeIfAbsent(Integer.parseInt(f[1]) * 64L + Integer.parseInt(f[2]) + 1, k -> new ArrayList<>()).add(h); }
                default -> {}
            }
        }
        n = names.size();
        E = kinds.size();
        filterLook();
    }

    static boolean plainMember(String l) { return l.equals("orig") || l.equals("trim") || l.equals("unturn"); }
    static boolean plainLookup(String l) { return l.equals("orig"); }

    /** thresholds: [plain member][plain lookup] -> t ; index 1 = plain. */
    static int[][] T = {{31, 31}, {31, 31}};

    static boolean matches(H m, List<H> ls) {
        if (ls == null) return false;
        int pm = plainMember(m.label) ? 1 : 0;
        for (H l : ls) {
            int t = T[pm][plainLookup(l.label) ? 1 : 0];
            if (m.dist(l) <= t) return true;
        }
        return false;
    }

    static List<H> members(int i, Set<String> variants) {
        List<H> out = new ArrayList<>();
        LinkedHashMap<String, H> r = rep.get(i);
        if (r == null) return out;
        for (var e : r.entrySet()) {
            if (ORIG_ONLY && !e.getKey().equals("orig")) continue;
            if (plainMember(e.getKey()) || (variants.contains(e.getKey()) && e.getValue().q >= DERIVED_FLOOR)) out.add(e.getValue());
        }
        return out;
    }

    static boolean family(int i, int o) {
        // same design in another colour / light-dark twin: plain PDQ (dihedral look-ups) within 31
        H a = rep.get(i).get("orig");
        List<H> ls = look.get(o * 64L);
        if (a == null || ls == null) return false;
        for (H l : ls) if (!l.label.startsWith("A:") && a.dist(l) <= 31) return true;
        return false;
    }

    static String stem(String name) {
        String s = name.replaceAll("\\.[a-z]+$", "");
        return s.replaceAll("-no-logo$", "").replaceAll("(-d|-l|-dark|-light|_dark|_light|-day|-night)$", "").replaceAll("-(Cold|Warm|Radioactive)$", "");
    }

    static void evaluate(Set<String> variants, boolean pairs) {
        Map<String, int[]> byKind = new LinkedHashMap<>();
        for (String k : kinds) byKind.putIfAbsent(k, new int[2]);
        int hits = 0, all = 0, distinct = 0, unrelated = 0, unrelatedAlt = 0, unrelatedStem = 0;
        long memberCount = 0;
        Map<String, Integer> pairCount = new TreeMap<>();
        Map<String, Integer> byMember = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            List<H> ms = members(i, variants);
            memberCount += ms.size();
            for (int j = 0; j < E; j++) {
                boolean hit = false;
                for (H m : ms) if (matches(m, look.get(i * 64L + j + 1))) { hit = true; break; }
                int[] k = byKind.get(kinds.get(j));
                k[1]++; all++;
                if (hit) { k[0]++; hits++; }
            }
            for (int o = 0; o < n; o++) {
                if (o == i) continue;
                boolean fam = family(i, o) || family(o, i);
                boolean sameStem = stem(names.get(i)).equals(stem(names.get(o)));
                for (int j = -1; j < E; j++) {
                    H hitBy = null;
                    for (H m : ms) if (matches(m, look.get(o * 64L + j + 1))) { hitBy = m; break; }
                    if (hitBy == null) continue;
                    if (j < 0) { distinct++; continue; }
                    unrelated++;
                    if (!fam) unrelatedAlt++;
                    if (!sameStem) unrelatedStem++;
                    byMember.merge(hitBy.label, 1, Integer::sum);
                    pairCount.merge(names.get(i) + " <- " + names.get(o) + (fam ? " [family]" : ""), 1, Integer::sum);
                }
            }
        }
        System.out.printf(Locale.ROOT, "variants=%d rule=%s  recall %.1f %% (%d/%d)  distinct %d  unrelated %d  (non-family %d, other-stem %d)  members/report %.2f%n",
                variants.size(), Arrays.deepToString(T), 100.0 * hits / all, hits, all, distinct, unrelated, unrelatedAlt, unrelatedStem, (double) memberCount / n);
        StringBuilder sb = new StringBuilder("  ");
        for (var e : byKind.entrySet()) sb.append(String.format(Locale.ROOT, "%s %.1f  ", e.getKey(), 100.0 * e.getValue()[0] / e.getValue()[1]));
        System.out.println(sb);
        if (pairs) {
            pairCount.entrySet().stream().sorted((x, y) -> y.getValue() - x.getValue()).limit(40)
                    .forEach(e -> System.out.println("    " + e.getValue() + "  " + e.getKey()));
            System.out.println("  by member: " + byMember);
        }
    }

    public static void main(String[] args) throws Exception {
        load(Path.of(args[0]));
        System.out.println(n + " originals, " + E + " edits");
        String mode = args[1];
        Set<String> current = new LinkedHashSet<>(List.of(args.length > 2 ? args[2].split(",") : new String[0]));
        if (mode.startsWith("eval")) {
            for (int k = 3; k + 3 < args.length + 1 && k < args.length; k += 4) {
                T = new int[][] {{Integer.parseInt(args[k]), Integer.parseInt(args[k + 1])},
                        {Integer.parseInt(args[k + 2]), Integer.parseInt(args[k + 3])}};
                evaluate(current, mode.equals("evalpairs"));
            }
            if (args.length <= 3) evaluate(current, mode.equals("evalpairs"));
        }
        if (mode.equals("greedyareas")) {
            greedyAreas(current, Integer.parseInt(args[3]), args.length > 4 ? args[4] : "");
        }
        if (mode.equals("prune")) {
            prune(current, Integer.parseInt(args[3]));
        }
        if (mode.equals("greedy")) {
            T = new int[][] {{Integer.parseInt(args[3]), Integer.parseInt(args[4])},
                    {Integer.parseInt(args[5]), Integer.parseInt(args[6])}};
            double lambda = Double.parseDouble(args[7]);
            int max = Integer.parseInt(args[8]);
            greedy(current, lambda, max);
        }
    }

    /** Removes, one at a time, the variant whose removal loses the fewest edited copies (all originals). */
    static void prune(Set<String> start, int keep) {
        List<String> vs = new ArrayList<>(start);
        Map<String, BitSet> own = new HashMap<>();
        BitSet base = new BitSet(n * E);
        for (String v : vs) own.put(v, new BitSet(n * E));
        for (int i = 0; i < n; i++) {
            LinkedHashMap<String, H> r = rep.get(i);
            for (int j = 0; j < E; j++) {
                List<H> ls = look.get(i * 64L + j + 1);
                for (var e : r.entrySet()) {
                    if (plainMember(e.getKey())) { if (matches(e.getValue(), ls)) base.set(i * E + j); }
                    else if (own.containsKey(e.getKey()) && e.getValue().q >= DERIVED_FLOOR && matches(e.getValue(), ls)) own.get(e.getKey()).set(i * E + j);
                }
            }
        }
        while (vs.size() > keep) {
            String worst = null; int worstLoss = Integer.MAX_VALUE;
            for (String v : vs) {
                BitSet others = (BitSet) base.clone();
                for (String w : vs) if (!w.equals(v)) others.or(own.get(w));
                BitSet mine = (BitSet) own.get(v).clone();
                mine.andNot(others);
                if (mine.cardinality() < worstLoss) { worstLoss = mine.cardinality(); worst = v; }
            }
            vs.remove(worst);
            BitSet all = (BitSet) base.clone();
            for (String w : vs) all.or(own.get(w));
            System.out.printf(Locale.ROOT, "drop %-26s loses %3d -> %d variants, %.1f %%%n", worst, worstLoss, vs.size(), 100.0 * all.cardinality() / (n * E));
        }
        System.out.println("kept: " + String.join(",", vs));
    }

    /**
     * Greedy by recall (all originals): each step adds the region (report member + same-rectangle
     * look-up, label A:...) or upload crop (look-up only; labels listed in cropsCsv) that finds the
     * most edited copies not yet found.
     */
    static void greedyAreas(Set<String> start, int max, String cropsCsv) {
        Set<String> crops = new HashSet<>(List.of(cropsCsv.split(",")));
        Set<String> regionLabels = new TreeSet<>();
        for (var r : rep.values()) for (String l : r.keySet()) if (l.startsWith("A:")) regionLabels.add(l);
        Set<String> lookLabels = new TreeSet<>();
        for (var ls : lookAll.values()) for (H h : ls) if (h.label.startsWith("A:")) lookLabels.add(h.label);
        List<String> cands = new ArrayList<>();
        for (String l : lookLabels) if (regionLabels.contains(l) || crops.contains(l) || cropsCsv.equals("*")) cands.add(l);
        Set<String> members = new LinkedHashSet<>(start);
        Set<String> looks = new HashSet<>(LOOK);
        for (int step = 0; step <= max; step++) {
            LOOK = looks; filterLook();
            BitSet covered = new BitSet(n * E);
            for (int i = 0; i < n; i++) {
                List<H> ms = members(i, members);
                for (int j = 0; j < E; j++) for (H m : ms) if (matches(m, look.get(i * 64L + j + 1))) { covered.set(i * E + j); break; }
            }
            System.out.printf(Locale.ROOT, "step %d: %.2f %% members=%d looks=%d%n", step, 100.0 * covered.cardinality() / (n * E), members.size(), looks.size());
            if (step == max) break;
            String best = null; int bestGain = 0;
            for (String c : cands) {
                if (looks.contains(c)) continue;
                boolean isRegion = regionLabels.contains(c) && !crops.contains(c);
                int g = 0;
                for (int i = 0; i < n; i++) {
                    List<H> ms = members(i, members);
                    H mine = isRegion && rep.get(i) != null ? rep.get(i).get(c) : null;
                    for (int j = 0; j < E; j++) {
                        if (covered.get(i * E + j)) continue;
                        List<H> all = lookAll.get(i * 64L + j + 1);
                        if (all == null) continue;
                        H lc = null;
                        for (H h : all) if (h.label.equals(c)) { lc = h; break; }
                        boolean hit = false;
                        if (lc != null) for (H m : ms) if (m.dist(lc) <= T[0][0]) { hit = true; break; }
                        if (!hit && lc != null && mine != null && mine.dist(lc) <= T[0][0]) hit = true;
                        if (!hit && mine != null) for (H l : look.get(i * 64L + j + 1)) if (mine.dist(l) <= T[0][0]) { hit = true; break; }
                        if (hit) g++;
                    }
                }
                if (g > bestGain) { bestGain = g; best = c; }
            }
            if (best == null) break;
            looks.add(best);
            if (regionLabels.contains(best) && !crops.contains(best)) members.add(best);
            System.out.printf(Locale.ROOT, "  + %-28s %s gain %d%n", best, members.contains(best) ? "region" : "crop", bestGain);
        }
        System.out.println("members: " + String.join(",", members));
        System.out.println("looks: " + String.join(",", looks));
    }

    static boolean train(int i) { return ((i * 0x9E3779B9L) >>> 7 & 1) == 0; }

    static void greedy(Set<String> start, double lambda, int max) {
        Set<String> labels = new LinkedHashSet<>();
        for (var r : rep.values()) for (String l : r.keySet()) if (!plainMember(l)) labels.add(l);
        List<String> cands = new ArrayList<>(labels);
        int cn = cands.size();
        // own coverage and unrelated false pairs per candidate
        BitSet[] own = new BitSet[cn];
        List<Set<Long>> fals = new ArrayList<>();
        for (int c = 0; c < cn; c++) { own[c] = new BitSet(n * E); fals.add(new HashSet<>()); }
        BitSet covered = new BitSet(n * E);
        Set<Long> falseSoFar = new HashSet<>();
        for (int i = 0; i < n; i++) {
            List<H> base = members(i, start);
            for (int j = 0; j < E; j++) for (H m : base) if (matches(m, look.get(i * 64L + j + 1))) { covered.set(i * E + j); break; }
            for (int o = 0; o < n; o++) { if (o == i) continue; for (int j = -1; j < E; j++) for (H m : base) if (matches(m, look.get(o * 64L + j + 1))) { falseSoFar.add(((long) i * n + o) * 64 + j + 1); break; } }
            LinkedHashMap<String, H> r = rep.get(i);
            for (int c = 0; c < cn; c++) {
                H h = r.get(cands.get(c));
                if (h == null || h.q < DERIVED_FLOOR) continue;
                for (int j = 0; j < E; j++) if (matches(h, look.get(i * 64L + j + 1))) own[c].set(i * E + j);
                for (int o = 0; o < n; o++) { if (o == i) continue; for (int j = -1; j < E; j++) if (matches(h, look.get(o * 64L + j + 1))) fals.get(c).add(((long) i * n + o) * 64 + j + 1); }
            }
        }
        Set<String> chosen = new LinkedHashSet<>(start);
        System.out.println("start: " + stats(covered, falseSoFar));
        for (int step = 0; step < max; step++) {
            int best = -1; double bestScore = 0; int bestGain = 0, bestFalse = 0;
            for (int c = 0; c < cn; c++) {
                if (chosen.contains(cands.get(c))) continue;
                int g = 0;
                for (int b = own[c].nextSetBit(0); b >= 0; b = own[c].nextSetBit(b + 1)) if (!covered.get(b) && train(b / E)) g++;
                int f = 0;
                for (long p : fals.get(c)) if (!falseSoFar.contains(p) && train((int) (p / 64 / n))) f++;
                double score = g - lambda * f;
                if (score > bestScore) { bestScore = score; best = c; bestGain = g; bestFalse = f; }
            }
            if (best < 0) break;
            chosen.add(cands.get(best));
            covered.or(own[best]);
            falseSoFar.addAll(fals.get(best));
            System.out.printf(Locale.ROOT, "%2d %-24s gain %3d false+%d  %s%n", step, cands.get(best), bestGain, bestFalse, stats(covered, falseSoFar));
        }
        System.out.println("chosen: " + String.join(",", chosen));
    }

    static String stats(BitSet covered, Set<Long> fals) {
        int tr = 0, trAll = 0, te = 0, teAll = 0;
        for (int i = 0; i < n; i++) for (int j = 0; j < E; j++) {
            if (train(i)) { trAll++; if (covered.get(i * E + j)) tr++; } else { teAll++; if (covered.get(i * E + j)) te++; }
        }
        int dis = 0, unr = 0, unrTr = 0;
        for (long p : fals) { if (p % 64 == 0) dis++; else { unr++; if (train((int) (p / 64 / n))) unrTr++; } }
        return String.format(Locale.ROOT, "train %.1f%% test %.1f%% | distinct %d unrelated %d (train-reports %d)",
                100.0 * tr / trAll, 100.0 * te / teAll, dis, unr, unrTr);
    }
}
