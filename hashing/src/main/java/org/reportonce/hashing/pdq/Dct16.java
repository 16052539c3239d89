package org.reportonce.hashing.pdq;

/**
 * Step 5 of PDQ (see {@link PdqHasher}): frequencies 1..16 of the 2-D DCT-II of a 64 x 64 block,
 * and the sign/transpose maps that turn them into the DCT of each dihedral variant.
 */
final class Dct16 {
    private Dct16() {}

    /**
     * D[i][k] = sqrt(2/64) cos(pi (i+1) (2k+1) / 128), 16 x 64 row-major. The reference computes the
     * scale in double, rounds it to float, multiplies in double and rounds the product to float;
     * we do the same so that every entry is the same float.
     */
    static final float[] MATRIX = matrix();

    private static float[] matrix() {
        float scale = (float) Math.sqrt(2.0 / 64.0);
        float[] d = new float[16 * 64];
        for (int i = 0; i < 16; i++) {
            for (int k = 0; k < 64; k++) {
                d[i * 64 + k] = (float) (scale * Math.cos((Math.PI / 2.0 / 64.0) * (i + 1) * (2 * k + 1)));
            }
        }
        return d;
    }

    /**
     * out[16 i + j] = sum_k (sum_m D[i][m] A[m][k]) D[j][k]: first T = D A (16 x 64), then T D^T.
     * Each sum is accumulated in float, in increasing index order, as in the reference.
     */
    static void dct64To16(float[] a, float[] out) {
        float[] d = MATRIX;
        float[] t = new float[16 * 64];
        for (int i = 0; i < 16; i++) {
            // row i of T, accumulated across all 64 columns at once: t[i][j] += D[i][m] * A[m][j], m ascending
            int ti = i * 64;
            for (int m = 0; m < 64; m++) {
                float dim = d[i * 64 + m];
                int am = m * 64;
                for (int j = 0; j < 64; j++) {
                    t[ti + j] += dim * a[am + j];
                }
            }
        }
        for (int i = 0; i < 16; i++) {
            int ti = i * 64;
            for (int j = 0; j < 16; j++) {
                int dj = j * 64;
                float sum = 0.0f;
                for (int k = 0; k < 64; k++) {
                    sum += t[ti + k] * d[dj + k];
                }
                out[i * 16 + j] = sum;
            }
        }
    }

    /**
     * The 16 x 16 DCT of a dihedral variant of the picture whose DCT is {@code dct}: reversing the
     * rows of the picture negates the coefficients of odd frequency (even 0-based index i, since
     * index i holds frequency i + 1), reversing columns likewise for j, and reflecting in the main
     * diagonal transposes.
     */
    static void transform(float[] dct, Dihedral variant, float[] out) {
        for (int i = 0; i < 16; i++) {
            for (int j = 0; j < 16; j++) {
                float v = dct[i * 16 + j];
                boolean negate = (variant.negateEvenRows && (i & 1) == 0) ^ (variant.negateEvenCols && (j & 1) == 0);
                if (negate) {
                    v = -v;
                }
                if (variant.transpose) {
                    out[j * 16 + i] = v;
                } else {
                    out[i * 16 + j] = v;
                }
            }
        }
    }
}
