package org.reportonce.index;

import java.util.SplittableRandom;
import org.reportonce.hashing.Hash256;

/** Hash generators for the tests: uniform, near a given hash, and clustered into near-duplicate families. */
final class TestHashes {
    private TestHashes() {}

    static Hash256 random(SplittableRandom rnd) {
        return new Hash256(rnd.nextLong(), rnd.nextLong(), rnd.nextLong(), rnd.nextLong());
    }

    /** {@code h} with exactly {@code bits} distinct bits flipped. */
    static Hash256 flip(Hash256 h, int bits, SplittableRandom rnd) {
        long[] w = {h.w0(), h.w1(), h.w2(), h.w3()};
        int flipped = 0;
        while (flipped < bits) {
            int b = rnd.nextInt(256);
            long m = 1L << (b & 63);
            if ((w[b >>> 6] & m) == (h.word(b >>> 6) & m)) {
                w[b >>> 6] ^= m;
                flipped++;
            }
        }
        return new Hash256(w[0], w[1], w[2], w[3]);
    }

    /**
     * {@code n} hashes in families of near-duplicates, as real banks hold (re-encodes and crops of
     * one image): each family is a random centre and members within {@code spread} bits of it.
     */
    static Hash256[] clustered(int n, int familySize, int spread, SplittableRandom rnd) {
        Hash256[] out = new Hash256[n];
        Hash256 centre = random(rnd);
        for (int i = 0; i < n; i++) {
            if (i % familySize == 0) centre = random(rnd);
            out[i] = flip(centre, rnd.nextInt(spread + 1), rnd);
        }
        return out;
    }

    static Hash256[] uniform(int n, SplittableRandom rnd) {
        Hash256[] out = new Hash256[n];
        for (int i = 0; i < n; i++) out[i] = random(rnd);
        return out;
    }
}
