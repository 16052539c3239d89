package org.reportonce.index;

import org.reportonce.hashing.Hash256;

/** One query hash prepared for the segments: its words, its chunk keys, the radius and its position. */
final class Query {
    final long q0;
    final long q1;
    final long q2;
    final long q3;
    final int radius;
    final int queryIndex;
    private ChunkLayout keysLayout;
    private int[] keys;

    Query(Hash256 hash, int radius, int queryIndex) {
        this.q0 = hash.w0();
        this.q1 = hash.w1();
        this.q2 = hash.w2();
        this.q3 = hash.w3();
        this.radius = radius;
        this.queryIndex = queryIndex;
    }

    /** The query's chunks under {@code layout} (segments built at different sizes may differ). */
    int[] keys(ChunkLayout layout) {
        if (keysLayout != layout) {
            keys = layout.keys(q0, q1, q2, q3);
            keysLayout = layout;
        }
        return keys;
    }

    int distance(long[] words, int base) {
        return Long.bitCount(words[base] ^ q0) + Long.bitCount(words[base + 1] ^ q1)
                + Long.bitCount(words[base + 2] ^ q2) + Long.bitCount(words[base + 3] ^ q3);
    }

    /**
     * Whether chunk {@code c} is the first probed chunk within its threshold for the hash w0..w3:
     * each hit is reported only from that chunk, so no result appears twice and no per-query
     * "seen" set is needed.
     */
    boolean firstChunkWithin(ChunkLayout layout, int[] thresholds, long w0, long w1, long w2, long w3, int c) {
        int[] k = keys(layout);
        for (int j = 0; j < c; j++) {
            if (thresholds[j] >= 0 && Integer.bitCount(layout.key(w0, w1, w2, w3, j) ^ k[j]) <= thresholds[j]) {
                return false;
            }
        }
        return true;
    }

    /**
     * For a segment whose chunks filter by the pigeonring pair test: whether chunk {@code c} is the
     * first chunk j whose own test the hash w0..w3 passes: {@code d[j] <= t[j]}, and for a ring
     * chunk ({@code ringEntries == null}: every chunk; else {@code ringEntries[j] != null}) also the
     * pair test {@code d[j] + d[j+1] <= t[j] + t[j+1] + 1} (j + 1 taken mod m). Chunk c's own test
     * is checked too, since a filter on some bits of chunk c + 1 only (pair bits) lets through
     * hashes that fail it. Each hit is reported only from that chunk.
     */
    boolean firstRingChunk(ChunkLayout layout, int[] thresholds, long[][] ringEntries, long w0, long w1, long w2,
            long w3, int c) {
        int[] k = keys(layout);
        int m = layout.chunks;
        for (int j = 0; j <= c; j++) {
            int t = thresholds[j];
            if (t < 0) continue;
            int d = Integer.bitCount(layout.key(w0, w1, w2, w3, j) ^ k[j]);
            boolean passes = d <= t;
            if (passes && (ringEntries == null || ringEntries[j] != null)) {
                int next = (j + 1) % m;
                passes = d + Integer.bitCount(layout.key(w0, w1, w2, w3, next) ^ k[next]) <= t + thresholds[next] + 1;
            }
            if (j < c && passes) return false;
            if (j == c) return passes;
        }
        return true;
    }
}
