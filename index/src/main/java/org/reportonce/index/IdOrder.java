package org.reportonce.index;

import java.util.Arrays;

/** Puts entries in id order, as packed segments keep them, with a stable LSD radix sort. */
final class IdOrder {
    private IdOrder() {}

    private static final int DIGIT_BITS = 11;
    private static final int RADIX = 1 << DIGIT_BITS;

    /** Entries sorted by id, each id once. */
    record Sorted(long[] ids, long[] words, int n) {}

    /**
     * Sorts {@code n} entries by id; when an id repeats, the entry that came last wins. The inputs
     * are not modified. When they are already in strict order the words are returned as they are
     * (callers only read them to build a segment, which copies them into its own layout) and so are
     * the ids if {@code mayKeepIds}; otherwise the ids are copied, as a segment keeps them.
     */
    static Sorted sortUnique(long[] ids, long[] words, int n, boolean mayKeepIds) {
        boolean ascending = true;
        for (int i = 1; i < n && ascending; i++) ascending = ids[i - 1] < ids[i];
        if (ascending) {
            return new Sorted(mayKeepIds ? ids : Arrays.copyOf(ids, n), words, n);
        }
        long[] keys = new long[n];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            keys[i] = ids[i] ^ Long.MIN_VALUE; // signed order as unsigned digits
            order[i] = i;
        }
        long[] keysTmp = new long[n];
        int[] orderTmp = new int[n];
        int[] count = new int[RADIX];
        for (int shift = 0; shift < 64; shift += DIGIT_BITS) {
            Arrays.fill(count, 0);
            for (int i = 0; i < n; i++) count[(int) (keys[i] >>> shift) & (RADIX - 1)]++;
            if (count[(int) (keys[0] >>> shift) & (RADIX - 1)] == n) continue; // digit constant
            for (int d = 0, sum = 0; d < RADIX; d++) {
                int c = count[d];
                count[d] = sum;
                sum += c;
            }
            for (int i = 0; i < n; i++) {
                int pos = count[(int) (keys[i] >>> shift) & (RADIX - 1)]++;
                keysTmp[pos] = keys[i];
                orderTmp[pos] = order[i];
            }
            long[] k = keys;
            keys = keysTmp;
            keysTmp = k;
            int[] o = order;
            order = orderTmp;
            orderTmp = o;
        }
        int unique = 0;
        for (int i = 0; i < n; i++) if (i == n - 1 || keys[i] != keys[i + 1]) unique++;
        long[] outIds = new long[unique];
        long[] outWords = new long[4 * unique];
        int u = 0;
        for (int i = 0; i < n; i++) {
            if (i == n - 1 || keys[i] != keys[i + 1]) { // stable sort: the last of a run came last
                int src = order[i];
                outIds[u] = ids[src];
                System.arraycopy(words, 4 * src, outWords, 4 * u, 4);
                u++;
            }
        }
        return new Sorted(outIds, outWords, unique);
    }
}
