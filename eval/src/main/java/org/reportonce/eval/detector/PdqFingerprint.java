package org.reportonce.eval.detector;

import java.util.List;
import org.reportonce.eval.Detector;
import org.reportonce.hashing.Hash256;
import org.reportonce.hashing.pdq.PdqHash;

/**
 * PDQ hashes packed for fast all-pairs comparison: only hashes at or above the quality floor are kept
 * (the others can never match), as four longs each; {@link #hashCount()} still counts every hash,
 * since each costs an index entry or a look-up.
 */
public final class PdqFingerprint implements Detector.Fingerprint {
    private final long[] words;
    private final int total;

    public PdqFingerprint(List<PdqHash> hashes, int qualityFloor) {
        this.total = hashes.size();
        int eligible = 0;
        for (PdqHash h : hashes) {
            if (h.quality() >= qualityFloor) eligible++;
        }
        words = new long[4 * eligible];
        int i = 0;
        for (PdqHash h : hashes) {
            if (h.quality() < qualityFloor) continue;
            Hash256 x = h.hash();
            words[i++] = x.w0();
            words[i++] = x.w1();
            words[i++] = x.w2();
            words[i++] = x.w3();
        }
    }

    @Override
    public int hashCount() {
        return total;
    }

    /** Smallest distance between any eligible hash here and any there; NO_MATCH if either has none. */
    public int closest(PdqFingerprint other) {
        long[] a = words;
        long[] b = other.words;
        int best = Detector.NO_MATCH;
        for (int i = 0; i < a.length; i += 4) {
            for (int j = 0; j < b.length; j += 4) {
                int d = Long.bitCount(a[i] ^ b[j]) + Long.bitCount(a[i + 1] ^ b[j + 1])
                        + Long.bitCount(a[i + 2] ^ b[j + 2]) + Long.bitCount(a[i + 3] ^ b[j + 3]);
                if (d < best) best = d;
            }
        }
        return best;
    }
}
