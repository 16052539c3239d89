package org.reportonce.eval;

import java.util.List;
import java.util.Map;

/**
 * The measurements of one run, per detector. Distances are kept as histograms (index 0..256, and
 * 257 for "never matches"), so recall and false-match rates come out at any threshold.
 */
public record EvalResult(
        long seed,
        int originals,
        int editsPerOriginal,
        int uploadQuality,
        List<String> notes,
        List<DetectorResult> detectors) {

    public static final int NEVER = 257;

    /** One detector's figures. */
    public record DetectorResult(
            String name,
            String description,
            int threshold,
            Map<EditKind, long[]> editDistances,
            long[] distinctOriginalDistances,
            long[] unrelatedDistances,
            List<String> falseMatchPairs,
            List<String> unrelatedFalseMatchPairs,
            double hashesPerReport,
            double lookupsPerUpload,
            double reportsPerSecond,
            double uploadsPerSecond) {

        public long editCount(EditKind kind) {
            return total(editDistances.get(kind));
        }

        public double recall(EditKind kind, int t) {
            long[] h = editDistances.get(kind);
            return (double) atMost(h, t) / Math.max(1, total(h));
        }

        public double recall(int t) {
            long hit = 0;
            long all = 0;
            for (long[] h : editDistances.values()) {
                hit += atMost(h, t);
                all += total(h);
            }
            return (double) hit / Math.max(1, all);
        }

        public long distinctFalseMatches(int t) {
            return atMost(distinctOriginalDistances, t);
        }

        public double distinctFalseMatchRate(int t) {
            return (double) atMost(distinctOriginalDistances, t) / Math.max(1, total(distinctOriginalDistances));
        }

        public long unrelatedFalseMatches(int t) {
            return atMost(unrelatedDistances, t);
        }

        public double unrelatedFalseMatchRate(int t) {
            return (double) atMost(unrelatedDistances, t) / Math.max(1, total(unrelatedDistances));
        }

        public long distinctPairs() {
            return total(distinctOriginalDistances);
        }

        public long unrelatedPairs() {
            return total(unrelatedDistances);
        }
    }

    static long atMost(long[] h, int t) {
        long s = 0;
        for (int d = 0; d <= Math.min(t, 256); d++) s += h[d];
        return s;
    }

    static long total(long[] h) {
        long s = 0;
        for (long v : h) s += v;
        return s;
    }
}
