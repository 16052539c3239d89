package org.reportonce.index;

/**
 * How a 256-bit hash is cut into the {@code m} disjoint substrings ("chunks") that multi-index
 * hashing indexes separately. Each 64-bit word is cut into the same widths, so a chunk never
 * straddles two words and extracting it is one shift and one mask.
 */
final class ChunkLayout {

    /** 12 chunks of 21, 21 and 22 bits: the default (see {@link MultiIndexHammingIndex} for why). */
    static final ChunkLayout TWELVE = new ChunkLayout(21, 21, 22);
    /** 16 chunks of 16 bits: more, narrower tables; kept for comparison in tests and benchmarks. */
    static final ChunkLayout SIXTEEN = new ChunkLayout(16, 16, 16, 16);

    final int chunks;
    final int[] width;
    final int[] word;
    final int[] shift;
    final long[] mask;
    final int minWidth;
    final int maxWidth;

    private ChunkLayout(int... widthsPerWord) {
        int perWord = widthsPerWord.length;
        int sum = 0;
        for (int w : widthsPerWord) sum += w;
        if (sum != 64) throw new IllegalArgumentException("chunk widths must cover 64 bits, got " + sum);
        chunks = 4 * perWord;
        width = new int[chunks];
        word = new int[chunks];
        shift = new int[chunks];
        mask = new long[chunks];
        int min = 64, max = 0;
        for (int c = 0; c < chunks; c++) {
            int j = c % perWord;
            word[c] = c / perWord;
            width[c] = widthsPerWord[j];
            int s = 0;
            for (int l = 0; l < j; l++) s += widthsPerWord[l];
            shift[c] = s;
            mask[c] = (1L << width[c]) - 1;
            min = Math.min(min, width[c]);
            max = Math.max(max, width[c]);
        }
        minWidth = min;
        maxWidth = max;
    }

    /** Chunk {@code c} of the hash stored at {@code words[base..base+3]}. */
    int key(long[] words, int base, int c) {
        return (int) ((words[base + word[c]] >>> shift[c]) & mask[c]);
    }

    /** Every chunk of a query hash. */
    int[] keys(long w0, long w1, long w2, long w3) {
        long[] w = {w0, w1, w2, w3};
        int[] out = new int[chunks];
        for (int c = 0; c < chunks; c++) out[c] = (int) ((w[word[c]] >>> shift[c]) & mask[c]);
        return out;
    }

    @Override
    public String toString() {
        return chunks + " chunks of " + minWidth + (minWidth == maxWidth ? "" : "-" + maxWidth) + " bits";
    }
}
