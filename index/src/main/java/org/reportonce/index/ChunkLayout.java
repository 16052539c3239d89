package org.reportonce.index;

/**
 * How a 256-bit hash is cut into the {@code m} disjoint substrings ("chunks") that multi-index
 * hashing indexes separately. Bit {@code p} (0..255) of a hash is bit {@code p % 64} of word
 * {@code p / 64} (w0..w3 of {@link org.reportonce.hashing.Hash256}); chunk {@code c} is the bits
 * {@code [start[c], start[c] + width[c])}, and may straddle two words.
 */
final class ChunkLayout {

    /** 12 chunks of 21, 21 and 22 bits per word: below {@link #ELEVEN_FROM} entries. */
    static final ChunkLayout TWELVE = perWord("12x21-22", 21, 21, 22);
    /** 11 chunks of 23-24 bits (some straddle words): fewer candidates per query for larger banks. */
    static final ChunkLayout ELEVEN = ofWidths("11x23-24", 24, 23, 23, 24, 23, 23, 24, 23, 23, 23, 23);
    /** 16 chunks of 16 bits: more, narrower tables; for comparison in tests and benchmarks. */
    static final ChunkLayout SIXTEEN = perWord("16x16", 16, 16, 16, 16);

    /**
     * From this many entries (bucket bits D >= 17) {@link #ELEVEN} reads fewer lines per query than
     * {@link #TWELVE}: at 1M, r = 31, 288 verifications instead of 728 for ~110 more buckets read
     * (the presence slots drop most of the extra ones), 2 140 lines against 2 288, 16 % less CPU in
     * an interleaved A/B, and 4.5 MB less memory (docs/benchmarks.md, Index, session 3). It was
     * 3M before the presence slots.
     */
    static final int ELEVEN_FROM = 1 << 19;

    final String name;
    final int chunks;
    final int[] width;
    final int[] start;
    final int[] word;
    final int[] shift;
    final boolean[] straddles;
    final long[] mask;
    final int minWidth;
    final int maxWidth;

    private ChunkLayout(String name, int[] widths) {
        this.name = name;
        int sum = 0;
        for (int w : widths) {
            if (w < 2 || w > 30) throw new IllegalArgumentException("chunk width must be 2..30, got " + w);
            sum += w;
        }
        if (sum != 256) throw new IllegalArgumentException("chunk widths must cover 256 bits, got " + sum);
        chunks = widths.length;
        width = widths.clone();
        start = new int[chunks];
        word = new int[chunks];
        shift = new int[chunks];
        straddles = new boolean[chunks];
        mask = new long[chunks];
        int min = 64, max = 0, pos = 0;
        for (int c = 0; c < chunks; c++) {
            start[c] = pos;
            word[c] = pos >>> 6;
            shift[c] = pos & 63;
            straddles[c] = shift[c] + width[c] > 64;
            mask[c] = (1L << width[c]) - 1;
            pos += width[c];
            min = Math.min(min, width[c]);
            max = Math.max(max, width[c]);
        }
        minWidth = min;
        maxWidth = max;
    }

    private static ChunkLayout perWord(String name, int... widthsPerWord) {
        int[] widths = new int[4 * widthsPerWord.length];
        for (int i = 0; i < widths.length; i++) widths[i] = widthsPerWord[i % widthsPerWord.length];
        return new ChunkLayout(name, widths);
    }

    private static ChunkLayout ofWidths(String name, int... widths) {
        return new ChunkLayout(name, widths);
    }

    /** The layout for a packed segment of {@code n} entries (chunk width near log2 n, as MIH prescribes). */
    static ChunkLayout forSize(int n) {
        return n >= ELEVEN_FROM ? ELEVEN : TWELVE;
    }

    private static long pick(long w0, long w1, long w2, long w3, int j) {
        return switch (j) {
            case 0 -> w0;
            case 1 -> w1;
            case 2 -> w2;
            default -> w3;
        };
    }

    /** Chunk {@code c} of the hash w0..w3. */
    int key(long w0, long w1, long w2, long w3, int c) {
        int j = word[c];
        long v = pick(w0, w1, w2, w3, j) >>> shift[c];
        if (straddles[c]) v |= pick(w0, w1, w2, w3, j + 1) << (64 - shift[c]);
        return (int) (v & mask[c]);
    }

    /** Chunk {@code c} of the hash stored at {@code words[base..base+3]}. */
    int key(long[] words, int base, int c) {
        int j = word[c];
        long v = words[base + j] >>> shift[c];
        if (straddles[c]) v |= words[base + j + 1] << (64 - shift[c]);
        return (int) (v & mask[c]);
    }

    /** Chunk {@code c} of entry {@code ord} stored split in halves: w0, w1 in {@code lo}, w2, w3 in {@code hi}. */
    int key(long[] lo, long[] hi, int ord, int c) {
        int j = word[c];
        int b = ord << 1;
        long v = (j < 2 ? lo[b + j] : hi[b + j - 2]) >>> shift[c];
        if (straddles[c]) {
            int k = j + 1;
            v |= (k < 2 ? lo[b + k] : hi[b + k - 2]) << (64 - shift[c]);
        }
        return (int) (v & mask[c]);
    }

    /** Every chunk of a query hash. */
    int[] keys(long w0, long w1, long w2, long w3) {
        int[] out = new int[chunks];
        for (int c = 0; c < chunks; c++) out[c] = key(w0, w1, w2, w3, c);
        return out;
    }

    @Override
    public String toString() {
        return name;
    }
}
