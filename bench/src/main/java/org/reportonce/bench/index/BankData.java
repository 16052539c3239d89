package org.reportonce.bench.index;

import java.util.SplittableRandom;
import org.reportonce.hashing.Hash256;

/**
 * Synthetic hash banks and queries for the index benchmarks, generated from fixed seeds so every
 * run measures the same data.
 *
 * <ul>
 *   <li>{@code uniform}: independent random 256-bit hashes (what a bank of unrelated images looks
 *       like to PDQ: pairs sit around 128 bits apart).
 *   <li>{@code clustered}: families of near-duplicates as real banks hold (the same image
 *       re-encoded, resized, lightly cropped): a random centre per family of 1..20 members, each
 *       within 0..16 bits of it.
 * </ul>
 * Queries: {@code miss} = fresh random hashes (the common case: an upload matching nothing);
 * {@code hit} = a bank entry with 0..30 bits flipped (as in the comparison table).
 */
final class BankData {
    private BankData() {}

    static long[] words(int n, String kind, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        long[] w = new long[4 * n];
        switch (kind) {
            case "uniform" -> {
                for (int i = 0; i < w.length; i++) w[i] = rnd.nextLong();
            }
            case "clustered" -> {
                long c0 = 0, c1 = 0, c2 = 0, c3 = 0;
                int left = 0;
                for (int i = 0; i < n; i++) {
                    if (left == 0) {
                        c0 = rnd.nextLong();
                        c1 = rnd.nextLong();
                        c2 = rnd.nextLong();
                        c3 = rnd.nextLong();
                        left = 1 + rnd.nextInt(20);
                    }
                    left--;
                    long[] m = flipMask(rnd.nextInt(17), rnd);
                    w[4 * i] = c0 ^ m[0];
                    w[4 * i + 1] = c1 ^ m[1];
                    w[4 * i + 2] = c2 ^ m[2];
                    w[4 * i + 3] = c3 ^ m[3];
                }
            }
            default -> throw new IllegalArgumentException("data must be uniform or clustered, got " + kind);
        }
        return w;
    }

    static long[] ids(int n) {
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) ids[i] = i;
        return ids;
    }

    static Hash256[] queries(long[] words, int count, String kind, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = words.length / 4;
        Hash256[] out = new Hash256[count];
        for (int i = 0; i < count; i++) {
            switch (kind) {
                case "miss" -> out[i] = new Hash256(rnd.nextLong(), rnd.nextLong(), rnd.nextLong(), rnd.nextLong());
                case "hit" -> {
                    int e = rnd.nextInt(n);
                    long[] m = flipMask(rnd.nextInt(31), rnd);
                    out[i] = new Hash256(words[4 * e] ^ m[0], words[4 * e + 1] ^ m[1], words[4 * e + 2] ^ m[2],
                            words[4 * e + 3] ^ m[3]);
                }
                default -> throw new IllegalArgumentException("queries must be miss or hit, got " + kind);
            }
        }
        return out;
    }

    static Hash256 random(SplittableRandom rnd) {
        return new Hash256(rnd.nextLong(), rnd.nextLong(), rnd.nextLong(), rnd.nextLong());
    }

    /** A mask with exactly {@code bits} distinct bits set. */
    static long[] flipMask(int bits, SplittableRandom rnd) {
        long[] m = new long[4];
        int set = 0;
        while (set < bits) {
            int b = rnd.nextInt(256);
            if ((m[b >>> 6] & (1L << b)) == 0) {
                m[b >>> 6] |= 1L << b;
                set++;
            }
        }
        return m;
    }
}
