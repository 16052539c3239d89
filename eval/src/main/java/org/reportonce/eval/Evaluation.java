package org.reportonce.eval;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntConsumer;
import org.reportonce.hashing.signalset.RgbImage;

/**
 * Runs detectors over a corpus: for each original, its report fingerprint and its upload fingerprint;
 * for each of its edited copies, an upload fingerprint. Then three families of distances:
 * <ul>
 *   <li>edited copy vs its own original's report — these should match (recall, per edit kind);
 *   <li>each original uploaded vs every other original's report — distinct pictures, should not match;
 *   <li>every edited copy vs every other original's report — unrelated pictures, should not match.
 * </ul>
 * Timing (reports/s, uploads/s) is the wall time of the fingerprint calls alone, per thread.
 */
public final class Evaluation {

    /** How to run. {@code threads} ≥ 1; {@code uploadQuality} 0..100 (0: no JPEG step). */
    public record Config(long seed, int uploadQuality, int threads, Map<String, Integer> thresholds) {
        public Config {
            if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
            if (uploadQuality < 0 || uploadQuality > 100) {
                throw new IllegalArgumentException("upload JPEG quality must be 0..100, got " + uploadQuality);
            }
            thresholds = Map.copyOf(thresholds);
        }
    }

    private Evaluation() {}

    private record Prints(Detector.Fingerprint[] reported, Detector.Fingerprint[] uploadedOriginal,
                          Detector.Fingerprint[][] uploadedEdits) {}

    public static EvalResult run(List<Corpus.Original> originals, List<Edits.Edit> battery, List<Detector> detectors,
                                 Config config, List<String> notes, IntConsumer progress) {
        int n = originals.size();
        int dn = detectors.size();
        if (n < 2) throw new IllegalArgumentException("need at least 2 distinct originals, got " + n);
        Prints[] prints = new Prints[dn];
        for (int k = 0; k < dn; k++) {
            prints[k] = new Prints(new Detector.Fingerprint[n], new Detector.Fingerprint[n],
                    new Detector.Fingerprint[n][battery.size()]);
        }
        AtomicLongArray reportNanos = new AtomicLongArray(dn);
        AtomicLongArray uploadNanos = new AtomicLongArray(dn);
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(config.threads());
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int ii = i;
                futures.add(pool.submit(() -> {
                    BufferedImage orig = originals.get(ii).image();
                    RgbImage origRgb = Harness.rgbImage(orig);
                    for (int k = 0; k < dn; k++) {
                        long t0 = System.nanoTime();
                        prints[k].reported[ii] = detectors.get(k).reported(origRgb);
                        long t1 = System.nanoTime();
                        prints[k].uploadedOriginal[ii] = detectors.get(k).uploaded(origRgb);
                        long t2 = System.nanoTime();
                        reportNanos.addAndGet(k, t1 - t0);
                        uploadNanos.addAndGet(k, t2 - t1);
                    }
                    for (int j = 0; j < battery.size(); j++) {
                        RgbImage edited = Harness.rgbImage(
                                Harness.editedCopy(orig, ii, j, battery.get(j), config.seed(), config.uploadQuality()));
                        for (int k = 0; k < dn; k++) {
                            long t0 = System.nanoTime();
                            prints[k].uploadedEdits[ii][j] = detectors.get(k).uploaded(edited);
                            uploadNanos.addAndGet(k, System.nanoTime() - t0);
                        }
                    }
                    progress.accept(done.incrementAndGet());
                    return null;
                }));
            }
            for (Future<?> f : futures) f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("evaluation interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("evaluation failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }

        List<EvalResult.DetectorResult> results = new ArrayList<>();
        for (int k = 0; k < dn; k++) {
            Detector det = detectors.get(k);
            Prints p = prints[k];
            int threshold = config.thresholds().getOrDefault(det.name(), det.defaultThreshold());
            Map<EditKind, long[]> byKind = new EnumMap<>(EditKind.class);
            for (Edits.Edit e : battery) byKind.computeIfAbsent(e.kind(), x -> new long[EvalResult.NEVER + 1]);
            long[] distinct = new long[EvalResult.NEVER + 1];
            long[] unrelated = new long[EvalResult.NEVER + 1];
            List<String> pairs = new ArrayList<>();
            // which originals the unrelated false matches are between, so a reader can see whether
            // they are unrelated pictures or variants of one design (e.g. a wallpaper in two colours)
            List<String> unrelatedPairs = new ArrayList<>();
            long reportHashes = 0;
            long lookups = 0;
            for (int i = 0; i < n; i++) {
                reportHashes += p.reported[i].hashCount();
                for (int j = 0; j < battery.size(); j++) {
                    lookups += p.uploadedEdits[i][j].hashCount();
                    byKind.get(battery.get(j).kind())[bucket(det.distance(p.reported[i], p.uploadedEdits[i][j]))]++;
                }
                for (int o = 0; o < n; o++) {
                    if (o == i) continue;
                    int d = det.distance(p.reported[i], p.uploadedOriginal[o]);
                    distinct[bucket(d)]++;
                    if (d <= threshold) {
                        pairs.add(originals.get(i).name() + " reported ~ " + originals.get(o).name() + " uploaded: " + d);
                    }
                    int copies = 0;
                    int closest = Detector.NO_MATCH;
                    for (int j = 0; j < battery.size(); j++) {
                        int du = det.distance(p.reported[i], p.uploadedEdits[o][j]);
                        unrelated[bucket(du)]++;
                        if (du <= threshold) {
                            copies++;
                            closest = Math.min(closest, du);
                        }
                    }
                    if (copies > 0) {
                        unrelatedPairs.add(originals.get(i).name() + " reported ~ " + copies + " edited copies of "
                                + originals.get(o).name() + ", closest " + closest);
                    }
                }
            }
            long uploads = (long) n * (battery.size() + 1);
            results.add(new EvalResult.DetectorResult(det.name(), det.description(), threshold, byKind, distinct, unrelated,
                    pairs, List.copyOf(unrelatedPairs), (double) reportHashes / n, (double) lookups / ((long) n * battery.size()),
                    n / (reportNanos.get(k) / 1e9), uploads / (uploadNanos.get(k) / 1e9)));
        }
        return new EvalResult(config.seed(), n, battery.size(), config.uploadQuality(), List.copyOf(notes), results);
    }

    static int bucket(int d) {
        return d < 0 || d > 256 ? EvalResult.NEVER : d;
    }
}
