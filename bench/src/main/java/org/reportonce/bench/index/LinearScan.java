package org.reportonce.bench.index;

import java.util.ArrayList;
import java.util.List;
import org.reportonce.hashing.Hash256;
import org.reportonce.index.HammingIndex.Match;

/**
 * The brute-force baseline: a linear scan of the hashes as a flat {@code long[]} (four popcounts per
 * entry, sequential memory), the same work as faiss's IndexBinaryFlat. Faster than the test model
 * {@code BruteForceIndex}, whose boxed HashMap would make the ratio look better than it is.
 */
final class LinearScan {
    private final long[] ids;
    private final long[] words;

    LinearScan(long[] ids, long[] words) {
        this.ids = ids;
        this.words = words;
    }

    List<Match> radius(Hash256 q, int radius) {
        long q0 = q.w0(), q1 = q.w1(), q2 = q.w2(), q3 = q.w3();
        long[] w = words;
        List<Match> out = new ArrayList<>();
        for (int i = 0, b = 0; b < w.length; i++, b += 4) {
            int d = Long.bitCount(w[b] ^ q0) + Long.bitCount(w[b + 1] ^ q1) + Long.bitCount(w[b + 2] ^ q2)
                    + Long.bitCount(w[b + 3] ^ q3);
            if (d <= radius) out.add(new Match(ids[i], d));
        }
        out.sort(null);
        return out;
    }

    /** One pass for several query hashes: each entry's best distance over all of them. */
    List<Match> radiusAny(List<Hash256> queries, int radius) {
        int k = queries.size();
        long[] q = new long[4 * k];
        for (int j = 0; j < k; j++) {
            Hash256 h = queries.get(j);
            q[4 * j] = h.w0();
            q[4 * j + 1] = h.w1();
            q[4 * j + 2] = h.w2();
            q[4 * j + 3] = h.w3();
        }
        long[] w = words;
        List<Match> out = new ArrayList<>();
        for (int i = 0, b = 0; b < w.length; i++, b += 4) {
            long w0 = w[b], w1 = w[b + 1], w2 = w[b + 2], w3 = w[b + 3];
            int best = Integer.MAX_VALUE, bestJ = -1;
            for (int j = 0; j < k; j++) {
                int d = Long.bitCount(w0 ^ q[4 * j]) + Long.bitCount(w1 ^ q[4 * j + 1])
                        + Long.bitCount(w2 ^ q[4 * j + 2]) + Long.bitCount(w3 ^ q[4 * j + 3]);
                if (d < best) {
                    best = d;
                    bestJ = j;
                }
            }
            if (best <= radius) out.add(new Match(ids[i], best, bestJ));
        }
        out.sort(null);
        return out;
    }
}
