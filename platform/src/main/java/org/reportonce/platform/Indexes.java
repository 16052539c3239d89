package org.reportonce.platform;

import org.reportonce.index.HammingIndex;
import org.reportonce.index.HammingIndexes;

/** The one place the matcher chooses its Hamming index implementation. */
final class Indexes {
    private Indexes() {}

    static HammingIndex newIndex() {
        return HammingIndexes.create();
    }

    /** A bulk-built index (at start: far faster than adding millions one by one). */
    static HammingIndex build(LongArray ids, LongArray words) {
        return HammingIndexes.build(ids.toArray(), words.toArray());
    }

    /** A growable array of longs (no boxing while reading millions of rows). */
    static final class LongArray {
        private long[] a = new long[1024];
        private int n;

        void add(long v) {
            if (n == a.length) a = java.util.Arrays.copyOf(a, a.length * 2);
            a[n++] = v;
        }

        void add(org.reportonce.hashing.Hash256 h) {
            add(h.w0());
            add(h.w1());
            add(h.w2());
            add(h.w3());
        }

        long[] toArray() {
            return java.util.Arrays.copyOf(a, n);
        }
    }
}
