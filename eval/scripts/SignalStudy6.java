// Session-6 study tool (not part of the build): evaluates the look-ups cached by SignalCache6.java (the
// session-5 round-2 code: forReport members R, forMatching look-ups L, and every copy's decoded pixels)
// against the reports, per edit kind, with distinct-original and unrelated false matches, then again with
// sticker look-ups on every upload where StickerFinder6 (the prototype of hashing's Stickers) finds one:
//   -Ddesign=add1     one more look-up, the PDQ of the upload with the sticker painted out (chosen)
//   -Ddesign=add10    and the 9 report regions of that upload, hashed the cheap way
//   -Ddesign=replace  trim/ and area/ look-ups from the painted-out upload instead, plus add1's
//   -Ddesign=prod     forMatching of the code on the class path, checked to keep every cached look-up and
//                     to add exactly the prototype's sticker look-up (the port's bit-identity check)
//   -DonlyStickers=true  try the finder on the originals and sticker copies only (faster sweeps);
//   the finder's thresholds: -Dside -Dflat -Dchroma -Dminfill -Dring -Ddilate -Diter (see StickerFinder6)
// Paths: /tmp/sig6/cache.tsv and /tmp/sig6/px (SignalCache6's outputs).
// Run: javac -d CLS -cp cli/target/reportonce.jar eval/scripts/SignalCache6.java eval/scripts/StickerFinder6.java \
//          eval/scripts/SignalStudy6.java && java -Xmx8g -Ddesign=add1 -cp CLS:cli/target/reportonce.jar SignalStudy6 2
import java.io.*;
import java.nio.file.*;
import java.util.*;
import java.util.concurrent.*;
import org.reportonce.hashing.pdq.*;
import org.reportonce.hashing.signalset.*;

public class SignalStudy6 {
    static int n, E;
    static List<String> names = new ArrayList<>(), kinds = new ArrayList<>();
    static long[][] rep;                // per original: 4 longs per member (q >= 50)
    static List<List<Object[]>>[] look; // [i] -> list over j+1 -> [label, long[5]]

    static long[] parse(String q, String hex) {
        long[] w = new long[5];
        w[0] = Integer.parseInt(q);
        for (int k = 0; k < 4; k++) w[k + 1] = Long.parseUnsignedLong(hex.substring(16 * k, 16 * k + 16), 16);
        return w;
    }
    static long[] of(PdqHash h) { return parse(Integer.toString(h.quality()), h.hash().toHex()); }

    @SuppressWarnings("unchecked")
    static void load(Path p) throws IOException {
        List<List<long[]>> r = new ArrayList<>();
        List<String> lines = Files.readAllLines(p);
        for (String line : lines) {
            String[] f = line.split("\t");
            if (f[0].equals("N")) names.add(f[2]);
            if (f[0].equals("E")) kinds.add(f[2]);
        }
        n = names.size(); E = kinds.size();
        look = new List[n];
        for (int i = 0; i < n; i++) { r.add(new ArrayList<>()); look[i] = new ArrayList<>(); for (int j = 0; j <= E; j++) look[i].add(new ArrayList<>()); }
        for (String line : lines) {
            String[] f = line.split("\t");
            if (f[0].equals("R")) { long[] w = parse(f[4], f[5]); if (w[0] >= 50) r.get(Integer.parseInt(f[1])).add(w); }
            if (f[0].equals("L")) look[Integer.parseInt(f[1])].get(Integer.parseInt(f[2]) + 1).add(new Object[] {f[3], parse(f[4], f[5])});
        }
        rep = new long[n][];
        for (int i = 0; i < n; i++) {
            List<long[]> m = r.get(i);
            rep[i] = new long[4 * m.size()];
            for (int k = 0; k < m.size(); k++) System.arraycopy(m.get(k), 1, rep[i], 4 * k, 4);
        }
    }

    static long[] packLooks(List<Object[]> ls) {
        List<long[]> ok = new ArrayList<>();
        for (Object[] o : ls) { long[] w = (long[]) o[1]; if (w[0] >= 50) ok.add(w); }
        long[] out = new long[4 * ok.size()];
        for (int k = 0; k < ok.size(); k++) System.arraycopy(ok.get(k), 1, out, 4 * k, 4);
        return out;
    }

    static boolean matches(long[] a, long[] b) {
        for (int x = 0; x < a.length; x += 4) for (int y = 0; y < b.length; y += 4) {
            int d = Long.bitCount(a[x] ^ b[y]) + Long.bitCount(a[x + 1] ^ b[y + 1]) + Long.bitCount(a[x + 2] ^ b[y + 2]) + Long.bitCount(a[x + 3] ^ b[y + 3]);
            if (d <= 31) return true;
        }
        return false;
    }

    /** [own match 0/1, then the other originals it matches (as a list)] */
    static int[] eval(int i, List<Object[]> ls) {
        long[] a = packLooks(ls);
        List<Integer> out = new ArrayList<>();
        out.add(matches(a, rep[i]) ? 1 : 0);
        for (int r = 0; r < n; r++) if (r != i && matches(a, rep[r])) out.add(r);
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    static String design = System.getProperty("design", "add1");

    /** The look-ups of upload (i, j) under the design, or null when unchanged. */
    static List<Object[]> redesign(int i, int j, List<Object[]> old) throws IOException {
        RgbImage e = SignalCache6.read(Path.of("/tmp/sig6/px/" + i + "_" + j + ".px"));
        if (design.equals("prod")) {
            List<Object[]> out = new ArrayList<>();
            for (SignalMember m : SignalSets.forMatching(e).members()) out.add(new Object[] {m.variant(), of(m.pdq())});
            // the session-5 look-ups must be unchanged
            if (out.size() < old.size()) throw new IllegalStateException("fewer look-ups " + i + " " + j);
            for (int k = 0; k < old.size(); k++) if (!Arrays.equals((long[]) old.get(k)[1], (long[]) out.get(k)[1]) || !old.get(k)[0].equals(out.get(k)[0])) throw new IllegalStateException("changed " + i + " " + j + " " + old.get(k)[0]);
            if (out.size() == old.size()) return null;
            // and the sticker look-up must be the prototype's
            RgbImage pf;
            synchronized (StickerFinder6.class) { StickerFinder6.Box b = StickerFinder6.find(e); pf = b == null ? null : StickerFinder6.fill(e, b, 2); }
            if (pf == null || !Arrays.equals(of(PdqHasher.canonical().hashRgb(pf.rgb(), pf.width(), pf.height())), (long[]) out.get(out.size() - 1)[1])) throw new IllegalStateException("differs from the prototype " + i + " " + j);
            return out;
        }
        RgbImage f;
        synchronized (StickerFinder6.class) {
            StickerFinder6.Box b = StickerFinder6.find(e);
            if (b == null) return null;
            f = StickerFinder6.fill(e, b, 2);
        }
        List<Object[]> out = new ArrayList<>();
        SignalSet fm = SignalSets.forMatching(f);
        if (design.equals("add1") || design.equals("add10")) {
            out.addAll(old);
            out.add(new Object[] {"sticker/orig", of(fm.members().get(0).pdq())});
            if (design.equals("add10")) {
                for (SignalMember m : fm.members()) {
                    String l = m.variant();
                    for (Variant v : SignalSets.reportRegions()) if (l.equals("area/" + v.label())) out.add(new Object[] {"sticker/" + l, of(m.pdq())});
                }
            }
        } else { // replace: trim/ and area/ look-ups from the upload with the sticker filled
            for (Object[] o : old) { String l = (String) o[0]; if (!l.startsWith("trim/") && !l.startsWith("area/")) out.add(o); }
            for (SignalMember m : fm.members()) { String l = m.variant(); if (l.startsWith("trim/") || l.startsWith("area/")) out.add(new Object[] {l, of(m.pdq())}); }
            out.add(new Object[] {"sticker/orig", of(fm.members().get(0).pdq())});
        }
        return out;
    }

    public static void main(String[] a) throws Exception {
        load(Path.of("/tmp/sig6/cache.tsv"));
        boolean onlyStickers = Boolean.getBoolean("onlyStickers");
        int threads = Integer.parseInt(a[0]);
        int[][][] base = new int[n][E + 1][], now = new int[n][E + 1][];
        int[][] count = new int[n][E + 1];
        boolean[][] fired = new boolean[n][E + 1];
        ExecutorService ex = Executors.newFixedThreadPool(threads);
        List<Future<?>> fs = new ArrayList<>();
        for (int i0 = 0; i0 < n; i0++) {
            int i = i0;
            fs.add(ex.submit(() -> {
                for (int j = -1; j < E; j++) {
                    List<Object[]> old = look[i].get(j + 1);
                    base[i][j + 1] = eval(i, old);
                    now[i][j + 1] = base[i][j + 1];
                    count[i][j + 1] = old.size();
                    if (onlyStickers && !(j < 0 || kinds.get(j).equals("sticker"))) continue;
                    List<Object[]> nl = redesign(i, j, old);
                    if (nl != null) { fired[i][j + 1] = true; now[i][j + 1] = eval(i, nl); count[i][j + 1] = nl.size(); }
                }
                return null;
            }));
        }
        for (Future<?> f : fs) f.get();
        ex.shutdown();
        report("base", base, null, null);
        for (int i = 0; i < n; i++) for (int j = -1; j < E; j++) {
            Set<Integer> b = new HashSet<>(); for (int k = 1; k < base[i][j + 1].length; k++) b.add(base[i][j + 1][k]);
            for (int k = 1; k < now[i][j + 1].length; k++) if (!b.contains(now[i][j + 1][k])) System.out.println("  NEW false match: upload " + names.get(i) + " " + (j < 0 ? "original" : kinds.get(j) + "#" + j) + " -> report " + names.get(now[i][j + 1][k]));
            if (base[i][j + 1][0] == 1 && now[i][j + 1][0] == 0) System.out.println("  LOST: " + names.get(i) + " " + j);
        }
        report(design, now, count, fired);
    }

    static void report(String title, int[][][] res, int[][] count, boolean[][] fired) {
        Map<String, int[]> perKind = new LinkedHashMap<>();
        int all = 0, tot = 0, distinct = 0, unrelated = 0, firedOrig = 0, firedCopies = 0, maxLooks = 0;
        double looks = 0;
        for (int i = 0; i < n; i++) {
            distinct += res[i][0].length - 1;
            if (fired != null && fired[i][0]) firedOrig++;
            for (int j = 0; j < E; j++) {
                int[] r = res[i][j + 1];
                int[] k = perKind.computeIfAbsent(kinds.get(j), x -> new int[3]);
                k[0] += r[0]; k[1]++;
                all += r[0]; tot++;
                unrelated += r.length - 1;
                if (fired != null && fired[i][j + 1]) { firedCopies++; k[2]++; }
                if (count != null) { looks += count[i][j + 1]; maxLooks = Math.max(maxLooks, count[i][j + 1]); }
            }
        }
        System.out.println("== " + title);
        for (var en : perKind.entrySet()) System.out.printf(Locale.ROOT, "  %-22s %5.1f %% (%d/%d)%s%n", en.getKey(), 100.0 * en.getValue()[0] / en.getValue()[1], en.getValue()[0], en.getValue()[1], fired == null ? "" : "  fired " + en.getValue()[2]);
        System.out.printf(Locale.ROOT, "  ALL %.2f %% (%d/%d)  distinct %d  unrelated %d%n", 100.0 * all / tot, all, tot, distinct / 2 * 2 == distinct ? distinct : distinct, unrelated);
        if (count != null) System.out.printf(Locale.ROOT, "  look-ups/upload %.2f max %d; fired on %d originals, %d copies%n", looks / tot, maxLooks, firedOrig, firedCopies);
    }
}
