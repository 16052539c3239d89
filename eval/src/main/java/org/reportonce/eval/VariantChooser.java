package org.reportonce.eval;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.reportonce.hashing.Hash256;
import org.reportonce.hashing.pdq.PdqHash;
import org.reportonce.hashing.signalset.MatchRule;
import org.reportonce.hashing.signalset.RgbImage;
import org.reportonce.hashing.signalset.SignalMember;
import org.reportonce.hashing.signalset.SignalSets;
import org.reportonce.hashing.signalset.Variant;

/**
 * Chooses the report variants from data (greedy set cover).
 *
 * <p>It runs on the {@link #GEOMETRIC} edits only. The originals are split at random (by the seed) into a training and a test half. For every
 * original, the PDQ hash of every candidate variant is computed; for every edited copy, the hashes
 * {@link SignalSets#forMatching} looks up. An edited copy is "covered" by a candidate when some
 * look-up hash is within the threshold of the candidate's hash for that copy's original. Starting
 * from the plain hash alone, each step adds the candidate that covers the most training copies not yet
 * covered, skipping any candidate that would make two distinct originals match (either half); it
 * stops when a step gains less than 0.2 % of the training copies or at {@code maxVariants}. Each step
 * is reported with its recall on both halves, so over-fitting shows as a gap.
 */
public final class VariantChooser {
    /**
     * The edits report variants are meant for: geometry that moves the picture in its frame. The
     * others either survive plain PDQ or are handled at match time (dihedral look-ups, trimming).
     */
    public static final java.util.Set<EditKind> GEOMETRIC = java.util.EnumSet.of(EditKind.CROP_CENTRED,
            EditKind.CROP_OFF_CENTRE, EditKind.CROP_ONE_SIDE, EditKind.ROTATE_SMALL, EditKind.ROTATE_SMALL_CANVAS);

    private VariantChooser() {}

    /**
     * The candidates: centred crops; crops of two adjacent edges (towards a corner) and of one edge;
     * off-centre crops on a grid (4, 6, 8 and 10 % cut from each axis, split between its two sides
     * in quarters); straightening turns either way. The grid makes a choice run explore ~140 hashes
     * per picture; on the whole photo folder it finds no single off-centre crop worth much (each
     * covers a shift of 1-2 % of the side), which is why the report's off-centre crops are a
     * symmetric subset of it (docs/benchmarks.md, "Edit-resilient signals", Session 3).
     */
    public static List<Variant> candidates() {
        List<Variant> out = new ArrayList<>();
        for (double c : new double[] {2, 3, 4, 5, 6, 8}) out.add(Variant.cropPercent(c, c, c, c));
        for (double c : new double[] {3, 6, 9}) {
            out.add(Variant.cropPercent(c, c, 0, 0));
            out.add(Variant.cropPercent(0, c, c, 0));
            out.add(Variant.cropPercent(0, 0, c, c));
            out.add(Variant.cropPercent(c, 0, 0, c));
        }
        for (double c : new double[] {3, 6, 9}) {
            out.add(Variant.cropPercent(c, 0, 0, 0));
            out.add(Variant.cropPercent(0, c, 0, 0));
            out.add(Variant.cropPercent(0, 0, c, 0));
            out.add(Variant.cropPercent(0, 0, 0, c));
        }
        for (double c : new double[] {3, 6}) {
            out.add(Variant.cropPercent(c, c / 2, 0, c / 2));
            out.add(Variant.cropPercent(0, c / 2, c, c / 2));
            out.add(Variant.cropPercent(c / 2, c, c / 2, 0));
            out.add(Variant.cropPercent(c / 2, 0, c / 2, c));
        }
        // off-centre crops: t % removed from each axis, split between the two sides at 0, 1/4, 1/2,
        // 3/4 and all of it (the edit battery's off-centre crops are a 2-parameter family per amount)
        for (double t : new double[] {4, 6, 8, 10}) {
            for (int a = 0; a <= 4; a++) {
                for (int b = 0; b <= 4; b++) {
                    if (a == 2 && b == 2) continue; // centred: above
                    out.add(Variant.cropPercent(t * a / 4, t * b / 4, t - t * a / 4, t - t * b / 4));
                }
            }
        }
        for (double d : new double[] {1.5, 2.5, 3.5, 4.5}) {
            out.add(Variant.straighten(d));
            out.add(Variant.straighten(-d));
            out.add(new Variant(0.02, 0.02, 0.02, 0.02, d));
            out.add(new Variant(0.02, 0.02, 0.02, 0.02, -d));
        }
        // the grid repeats some corner and one-side crops above: keep each variant once
        java.util.Map<String, Variant> unique = new java.util.LinkedHashMap<>();
        for (Variant v : out) unique.putIfAbsent(v.label(), v);
        return List.copyOf(unique.values());
    }

    /** One greedy step. */
    public record Step(Variant variant, int gain, double trainRecall, double testRecall, int distinctFalseMatches) {}

    public record Choice(int threshold, int trainCopies, int testCopies, List<Step> steps) {
        public String table() {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                    "greedy variant choice at distance <= %d (%d training copies, %d test copies)%n"
                            + "%-4s %-34s %6s %10s %10s %6s%n",
                    threshold, trainCopies, testCopies, "step", "variant", "gain", "train", "test", "false"));
            for (int i = 0; i < steps.size(); i++) {
                Step s = steps.get(i);
                sb.append(String.format(Locale.ROOT, "%-4d %-34s %6d %9.2f%% %9.2f%% %6d%n", i, s.variant().label(),
                        s.gain(), 100 * s.trainRecall(), 100 * s.testRecall(), s.distinctFalseMatches()));
            }
            sb.append("as Java:\n");
            for (Step s : steps.subList(1, steps.size())) {
                Variant v = s.variant();
                sb.append(v.degrees() != 0 && v.left() == 0 && v.top() == 0 && v.right() == 0 && v.bottom() == 0
                        ? String.format(Locale.ROOT, "        Variant.straighten(%s),%n", fmt(v.degrees()))
                        : String.format(Locale.ROOT, "        Variant.cropPercent(%s, %s, %s, %s),%n",
                                fmt(v.left() * 100), fmt(v.top() * 100), fmt(v.right() * 100), fmt(v.bottom() * 100)));
            }
            return sb.toString();
        }

        private static String fmt(double v) {
            return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(Math.round(v * 10) / 10.0);
        }
    }

    /** Runs the greedy choice at each threshold, from one computation of all distances. */
    public static List<Choice> choose(List<Corpus.Original> originals, List<Edits.Edit> battery, List<Variant> candidates,
                                      long seed, int uploadQuality, List<Integer> thresholds, int maxVariants, int threads,
                                      IntConsumer progress) {
        int n = originals.size();
        int cn = candidates.size() + 1; // index 0: the plain hash
        int e = battery.size();
        Hash256[][] cand = new Hash256[n][cn];
        int[][][] minDist = new int[n][e][cn];
        List<Hash256>[] origQueries = newListArray(n);
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int ii = i;
                fs.add(pool.submit(() -> {
                    BufferedImage orig = originals.get(ii).image();
                    RgbImage rgb = Harness.rgbImage(orig);
                    List<Variant> all = new ArrayList<>(cn);
                    all.add(Variant.IDENTITY);
                    all.addAll(candidates);
                    List<PdqHash> hashes = SignalSets.variantHashes(rgb, all);
                    for (int c = 0; c < cn; c++) cand[ii][c] = eligible(hashes.get(c));
                    origQueries[ii] = lookups(rgb);
                    for (int j = 0; j < e; j++) {
                        List<Hash256> q = lookups(Harness.rgbImage(
                                Harness.editedCopy(orig, ii, j, battery.get(j), seed, uploadQuality)));
                        for (int c = 0; c < cn; c++) minDist[ii][j][c] = closest(q, cand[ii][c]);
                    }
                    progress.accept(done.incrementAndGet());
                    return null;
                }));
            }
            for (Future<?> f : fs) f.get();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        } catch (java.util.concurrent.ExecutionException ex) {
            throw new IllegalStateException("variant choice failed: " + ex.getCause(), ex.getCause());
        } finally {
            pool.shutdownNow();
        }
        List<Choice> out = new ArrayList<>();
        for (int threshold : thresholds) {
            out.add(greedy(n, cn, e, cand, minDist, origQueries, candidates, seed, threshold, maxVariants));
        }
        return out;
    }

    private static Choice greedy(int n, int cn, int e, Hash256[][] cand, int[][][] minDist, List<Hash256>[] origQueries,
                                 List<Variant> candidates, long seed, int threshold, int maxVariants) {
        // distinct-original false matches each candidate would add: pairs (reported i, uploaded k)
        List<Set<Long>> falsePairs = new ArrayList<>();
        for (int c = 0; c < cn; c++) {
            Set<Long> s = new HashSet<>();
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < n; k++) {
                    if (k != i && closest(origQueries[k], cand[i][c]) <= threshold) s.add((long) i * n + k);
                }
            }
            falsePairs.add(s);
        }
        boolean[] train = new boolean[n];
        int trainCopies = 0;
        for (int i = 0; i < n; i++) {
            train[i] = (Harness.mix(seed, i, -1) & 1) == 0;
            if (train[i]) trainCopies += e;
        }
        int testCopies = n * e - trainCopies;
        boolean[][] covered = new boolean[n][e];
        Set<Long> falseSoFar = new HashSet<>(falsePairs.get(0));
        List<Step> steps = new ArrayList<>();
        boolean[] chosen = new boolean[cn];
        chosen[0] = true;
        int gain0 = cover(covered, minDist, 0, threshold, train, true);
        steps.add(new Step(Variant.IDENTITY, gain0, recall(covered, train, true), recall(covered, train, false), falseSoFar.size()));
        int minGain = Math.max(1, trainCopies / 500);
        while (steps.size() <= maxVariants) {
            int best = -1;
            int bestGain = 0;
            for (int c = 1; c < cn; c++) {
                if (chosen[c] || !falseSoFar.containsAll(falsePairs.get(c))) continue;
                int g = 0;
                for (int i = 0; i < n; i++) {
                    if (!train[i]) continue;
                    for (int j = 0; j < e; j++) {
                        if (!covered[i][j] && minDist[i][j][c] <= threshold) g++;
                    }
                }
                if (g > bestGain) {
                    bestGain = g;
                    best = c;
                }
            }
            if (best < 0 || bestGain < minGain) break;
            chosen[best] = true;
            cover(covered, minDist, best, threshold, train, true);
            cover(covered, minDist, best, threshold, train, false);
            falseSoFar.addAll(falsePairs.get(best));
            steps.add(new Step(candidates.get(best - 1), bestGain, recall(covered, train, true),
                    recall(covered, train, false), falseSoFar.size()));
        }
        return new Choice(threshold, trainCopies, testCopies, steps);
    }

    private static int cover(boolean[][] covered, int[][][] minDist, int c, int t, boolean[] train, boolean trainHalf) {
        int g = 0;
        for (int i = 0; i < covered.length; i++) {
            if (train[i] != trainHalf && c != 0) continue;
            for (int j = 0; j < covered[i].length; j++) {
                if (!covered[i][j] && minDist[i][j][c] <= t) {
                    covered[i][j] = true;
                    if (train[i]) g++;
                }
            }
        }
        return g;
    }

    private static double recall(boolean[][] covered, boolean[] train, boolean trainHalf) {
        long hit = 0;
        long all = 0;
        for (int i = 0; i < covered.length; i++) {
            if (train[i] != trainHalf) continue;
            for (boolean b : covered[i]) {
                all++;
                if (b) hit++;
            }
        }
        return (double) hit / Math.max(1, all);
    }

    private static Hash256 eligible(PdqHash h) {
        return h.quality() >= MatchRule.QUALITY_FLOOR ? h.hash() : null;
    }

    private static List<Hash256> lookups(RgbImage img) {
        List<Hash256> out = new ArrayList<>();
        for (SignalMember m : SignalSets.forMatching(img).atLeastQuality(MatchRule.QUALITY_FLOOR)) out.add(m.hash());
        return out;
    }

    private static int closest(List<Hash256> q, Hash256 h) {
        if (h == null) return Integer.MAX_VALUE;
        int best = Integer.MAX_VALUE;
        for (Hash256 x : q) best = Math.min(best, x.distance(h));
        return best;
    }

    @SuppressWarnings("unchecked")
    private static List<Hash256>[] newListArray(int n) {
        return (List<Hash256>[]) new List<?>[n];
    }
}
