package org.reportonce.hashing.pdq;

/**
 * The median PDQ thresholds against: of 256 values, the 128th smallest (the lower median), which is
 * what the reference's Torben median returns for an even count.
 */
final class Median {
    private Median() {}

    /** The 128th smallest of {@code values[0..255]}; the array is not modified. */
    static float of256(float[] values) {
        float[] a = java.util.Arrays.copyOf(values, 256);
        // Hoare quickselect for rank 127 (0-based); 256 elements, so recursion depth is no concern.
        int lo = 0;
        int hi = 255;
        int k = 127;
        while (lo < hi) {
            float pivot = a[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) i++;
                while (a[j] > pivot) j--;
                if (i <= j) {
                    float t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }
}
