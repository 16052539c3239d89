package org.reportonce.hashing.pdq;

/**
 * Steps 2 and 3 of PDQ (see {@link PdqHasher}): two passes of box filters along rows then columns,
 * then sampling 64 x 64 points.
 *
 * <p>Every output is computed with exactly the reference's float operations in the reference's
 * order (a running sum per row or column: add the entering value, subtract the leaving one, divide
 * by the window size), so results are bit-identical. What differs is only the memory order: column
 * passes keep one running sum per column and walk the rows in order, and the second pass computes
 * only the 64 columns that are sampled. One substitution, exact: a full window whose size is a
 * power of two (4 for the canonical 512 x 512 plane) multiplies by its inverse instead of
 * dividing (x / 2^k and x * 2^-k round to the same float).
 *
 * <p>The exception is {@link #blurAndDecimateAtSamples}, for planes that are approximate anyway
 * (the JPEG fast path's): the same filter as weighted sums at the 64 x 64 samples only, a tenth
 * of the work, not bit-identical.
 */
final class JaroszFilter {
    private JaroszFilter() {}

    /** The box width for shrinking {@code size} samples to 64: ceil(size / 128), at least 1. */
    static int windowSize(int size) {
        return (size + 2 * 64 - 1) / (2 * 64);
    }

    /** The floats {@link #blurAndDecimate} needs as its working array. */
    static int workLength(int width, int height) {
        return Math.max(width * height, 64 * height);
    }

    /**
     * Blurs {@code luma} (width x height, row-major; overwritten) and samples it into the 64 x 64
     * {@code block}. {@code work}: null, or at least {@link #workLength} floats to use as the
     * intermediate plane (its contents are ignored: every element is written before it is read).
     */
    static void blurAndDecimate(float[] luma, int width, int height, float[] block, float[] work) {
        int alongRows = windowSize(width);
        int alongCols = windowSize(height);
        float[] tmp = work != null && work.length >= workLength(width, height) ? work : new float[workLength(width, height)];

        // pass 1, full; eight rows at a time (see boxRows8), then the last few one by one
        int r = 0;
        for (; r + 8 <= height; r += 8) {
            boxRows8(luma, r * width, tmp, r * width, width, width, alongRows, null);
        }
        for (; r < height; r++) {
            boxRow(luma, r * width, tmp, r * width, width, alongRows);
        }
        boxColumns(tmp, luma, width, height, alongCols);

        // pass 2, only what the decimation reads: all rows, the 64 sampled columns; the running
        // sums run over the whole row, the division only where a sampled column needs it
        int[] sampledCols = sampleIndices(width);
        int[] sampledRows = sampleIndices(height);
        float[] counts = windowCounts(width, alongRows, sampledCols);
        float[] narrow = tmp; // height x 64
        float[] sums = new float[8 * width];
        r = 0;
        for (; r + 8 <= height; r += 8) {
            boxRows8(luma, r * width, null, 0, width, width, alongRows, sums);
            for (int k = 0; k < 8; k++) {
                int o = (r + k) * 64;
                int so = k * width;
                for (int j = 0; j < 64; j++) {
                    narrow[o + j] = sums[so + sampledCols[j]] / counts[j];
                }
            }
        }
        float[] row = new float[width];
        for (; r < height; r++) {
            boxRow(luma, r * width, row, 0, width, alongRows);
            int o = r * 64;
            for (int j = 0; j < 64; j++) {
                narrow[o + j] = row[sampledCols[j]];
            }
        }
        // height x 64; luma is no longer needed, and is big enough unless the picture is narrower than 64
        float[] blurred = luma.length >= 64 * height ? luma : new float[64 * height];
        boxColumns(narrow, blurred, 64, height, alongCols);
        for (int i = 0; i < 64; i++) {
            System.arraycopy(blurred, sampledRows[i] * 64, block, i * 64, 64);
        }
    }

    /**
     * The blur and decimation of {@link #blurAndDecimate}, computed directly at the 64 x 64 samples:
     * the same linear filter, but evaluated as weighted sums instead of running sums, so the float
     * rounding differs (not bit-identical to the reference; for planes that are approximate anyway,
     * the JPEG fast path's). {@code luma} is not modified.
     *
     * <p>Why it is exact in real arithmetic: two passes of a box along a line are one linear filter,
     * a sample being a weighted sum of at most 2 w - 1 inputs around it (w the box width; at the
     * ends, where the reference shrinks its windows, the weights follow the shrunk windows, see
     * {@link #taps}). Rows and columns are separable, so the 64 sampled rows are first formed from
     * the input rows (a loop over the whole width per tap, which the JIT vectorizes), then the 64
     * sampled columns of each. Cost for 512 x 512 (w = 4): 64 x 7 x 512 multiply-adds, then
     * 64 x 64 x 7, against the running sums' ~2 million dependent additions over the whole plane
     * (twice along rows, twice along columns): about a tenth of the time.
     */
    static void blurAndDecimateAtSamples(float[] luma, int width, int height, float[] block) {
        Taps down = taps(height);
        Taps across = taps(width);
        float[] acc = new float[width];
        float[] tap = new float[width];
        for (int i = 0; i < 64; i++) {
            float[] wr = down.weight[i];
            int lo = down.start[i];
            // acc and tap indexed by x alone, so the loops vectorize (see boxColumns)
            System.arraycopy(luma, lo * width, tap, 0, width);
            float w0 = wr[0];
            for (int x = 0; x < width; x++) {
                acc[x] = w0 * tap[x];
            }
            for (int t = 1; t < wr.length; t++) {
                System.arraycopy(luma, (lo + t) * width, tap, 0, width);
                float w = wr[t];
                for (int x = 0; x < width; x++) {
                    acc[x] += w * tap[x];
                }
            }
            for (int j = 0; j < 64; j++) {
                float[] wc = across.weight[j];
                int c = across.start[j];
                float s = 0f;
                for (int t = 0; t < wc.length; t++) {
                    s += wc[t] * acc[c + t];
                }
                block[i * 64 + j] = s;
            }
        }
    }

    /** For each of the 64 samples along a side: the first input index it depends on, and the weights from there on. */
    static final class Taps {
        final int[] start;
        final float[][] weight;

        Taps(int[] start, float[][] weight) {
            this.start = start;
            this.weight = weight;
        }
    }

    /**
     * The weights of {@link #blurAndDecimateAtSamples} along a side of {@code size} inputs. Pass 1's
     * output k averages the inputs k - before .. k + after (before = w - half, after = half - 1, see
     * {@link #boxRow}), clipped to the side, so n1(k) of them; sample s averages pass 1's outputs
     * s - before .. s + after, clipped, n2 of them. Input m's weight in sample s is the sum, over
     * the pass-1 outputs k whose window holds m, of 1 / (n1(k) n2); computed in double, rounded once.
     */
    static Taps taps(int size) {
        int window = windowSize(size);
        int half = (window + 2) / 2;
        int before = window - half;
        int after = half - 1;
        int[] samples = sampleIndices(size);
        int[] start = new int[64];
        float[][] weight = new float[64][];
        for (int i = 0; i < 64; i++) {
            int s = samples[i];
            int lo = Math.max(0, s - 2 * before);
            int hi = Math.min(size - 1, s + 2 * after);
            double[] w = new double[hi - lo + 1];
            int k0 = Math.max(0, s - before);
            int k1 = Math.min(size - 1, s + after);
            int n2 = k1 - k0 + 1;
            for (int k = k0; k <= k1; k++) {
                int m0 = Math.max(0, k - before);
                int m1 = Math.min(size - 1, k + after);
                int n1 = m1 - m0 + 1;
                for (int m = m0; m <= m1; m++) {
                    w[m - lo] += 1.0 / ((double) n1 * n2);
                }
            }
            start[i] = lo;
            weight[i] = new float[w.length];
            for (int t = 0; t < w.length; t++) {
                weight[i][t] = (float) w[t];
            }
        }
        return new Taps(start, weight);
    }

    /** floor((i + 0.5) * size / 64) for i in 0..63: the centres of 64 equal slices. */
    static int[] sampleIndices(int size) {
        int[] idx = new int[64];
        for (int i = 0; i < 64; i++) {
            idx[i] = (int) (((i + 0.5) * size) / 64);
        }
        return idx;
    }

    /**
     * One box filter along one vector: output k averages the inputs from k - (window - half) to
     * k + half - 1, clipped to the vector, where half = (window + 2) / 2 (so 7 -> 4, 8 -> 5).
     */
    static void boxRow(float[] in, int inOff, float[] out, int outOff, int length, int window) {
        int half = (window + 2) / 2;
        int grow = half - 1;
        int firstWrites = window - half + 1;
        int fullWrites = length - window;
        int shrink = half - 1;

        int ri = inOff;
        int li = inOff;
        int oi = outOff;
        float sum = 0.0f;
        int current = 0;
        for (int i = 0; i < grow; i++) {
            sum += in[ri++];
            current++;
        }
        for (int i = 0; i < firstWrites; i++) {
            sum += in[ri++];
            current++;
            out[oi++] = sum / current;
        }
        float full = current;
        for (int i = 0; i < fullWrites; i++) {
            sum += in[ri++];
            sum -= in[li++];
            out[oi++] = sum / full;
        }
        for (int i = 0; i < shrink; i++) {
            sum -= in[li++];
            current--;
            out[oi++] = sum / current;
        }
    }

    /**
     * {@link #boxRow} on eight rows at once (rows {@code inOff + k * stride}, k = 0..7), with exactly
     * the same operations per row. Why: a row's running sum is a chain of dependent float
     * additions, so one row at a time is bound by the adder's latency; eight independent chains
     * interleaved keep it busy (four, with the division only at kept columns, took a 512 x 512 luma
     * hash from 1.11 to 0.85 ms of CPU; eight another ~1 % of issue 2's 35 images, session 4). With
     * {@code sums} non-null the running sums themselves are written there (row k at
     * {@code k * length}) and nothing is divided: the caller divides only at the columns it keeps,
     * by {@link #windowCounts}. A window that is a power of two multiplies by its exact inverse.
     */
    static void boxRows8(float[] in, int inOff, float[] out, int outOff, int stride, int length, int window,
            float[] sums) {
        int half = (window + 2) / 2;
        int grow = half - 1;
        int firstWrites = window - half + 1;
        int fullWrites = length - window;
        int shrink = half - 1;
        int s1 = 1 * stride;
        int s2 = 2 * stride;
        int s3 = 3 * stride;
        int s4 = 4 * stride;
        int s5 = 5 * stride;
        int s6 = 6 * stride;
        int s7 = 7 * stride;
        boolean divide = sums == null;
        float[] dst = divide ? out : sums;
        int dd = divide ? stride : length;
        int d1 = 1 * dd;
        int d2 = 2 * dd;
        int d3 = 3 * dd;
        int d4 = 4 * dd;
        int d5 = 5 * dd;
        int d6 = 6 * dd;
        int d7 = 7 * dd;

        int ri = inOff;
        int li = inOff;
        int oi = divide ? outOff : 0;
        float a0 = 0.0f;
        float a1 = 0.0f;
        float a2 = 0.0f;
        float a3 = 0.0f;
        float a4 = 0.0f;
        float a5 = 0.0f;
        float a6 = 0.0f;
        float a7 = 0.0f;
        int current = 0;
        for (int i = 0; i < grow; i++, ri++) {
            a0 += in[ri];
            a1 += in[ri + s1];
            a2 += in[ri + s2];
            a3 += in[ri + s3];
            a4 += in[ri + s4];
            a5 += in[ri + s5];
            a6 += in[ri + s6];
            a7 += in[ri + s7];
            current++;
        }
        for (int i = 0; i < firstWrites; i++, ri++, oi++) {
            a0 += in[ri];
            a1 += in[ri + s1];
            a2 += in[ri + s2];
            a3 += in[ri + s3];
            a4 += in[ri + s4];
            a5 += in[ri + s5];
            a6 += in[ri + s6];
            a7 += in[ri + s7];
            current++;
            if (divide) {
                dst[oi] = a0 / current;
                dst[oi + d1] = a1 / current;
                dst[oi + d2] = a2 / current;
                dst[oi + d3] = a3 / current;
                dst[oi + d4] = a4 / current;
                dst[oi + d5] = a5 / current;
                dst[oi + d6] = a6 / current;
                dst[oi + d7] = a7 / current;
            } else {
                dst[oi] = a0;
                dst[oi + d1] = a1;
                dst[oi + d2] = a2;
                dst[oi + d3] = a3;
                dst[oi + d4] = a4;
                dst[oi + d5] = a5;
                dst[oi + d6] = a6;
                dst[oi + d7] = a7;
            }
        }
        float full = current;
        if (divide && isPowerOfTwo(window)) {
            float inverse = 1.0f / full;
            for (int i = 0; i < fullWrites; i++, ri++, li++, oi++) {
            a0 += in[ri];
            a1 += in[ri + s1];
            a2 += in[ri + s2];
            a3 += in[ri + s3];
            a4 += in[ri + s4];
            a5 += in[ri + s5];
            a6 += in[ri + s6];
            a7 += in[ri + s7];
            a0 -= in[li];
            a1 -= in[li + s1];
            a2 -= in[li + s2];
            a3 -= in[li + s3];
            a4 -= in[li + s4];
            a5 -= in[li + s5];
            a6 -= in[li + s6];
            a7 -= in[li + s7];
            dst[oi] = a0 * inverse;
            dst[oi + d1] = a1 * inverse;
            dst[oi + d2] = a2 * inverse;
            dst[oi + d3] = a3 * inverse;
            dst[oi + d4] = a4 * inverse;
            dst[oi + d5] = a5 * inverse;
            dst[oi + d6] = a6 * inverse;
            dst[oi + d7] = a7 * inverse;
            }
        } else if (divide) {
            for (int i = 0; i < fullWrites; i++, ri++, li++, oi++) {
            a0 += in[ri];
            a1 += in[ri + s1];
            a2 += in[ri + s2];
            a3 += in[ri + s3];
            a4 += in[ri + s4];
            a5 += in[ri + s5];
            a6 += in[ri + s6];
            a7 += in[ri + s7];
            a0 -= in[li];
            a1 -= in[li + s1];
            a2 -= in[li + s2];
            a3 -= in[li + s3];
            a4 -= in[li + s4];
            a5 -= in[li + s5];
            a6 -= in[li + s6];
            a7 -= in[li + s7];
            dst[oi] = a0 / full;
            dst[oi + d1] = a1 / full;
            dst[oi + d2] = a2 / full;
            dst[oi + d3] = a3 / full;
            dst[oi + d4] = a4 / full;
            dst[oi + d5] = a5 / full;
            dst[oi + d6] = a6 / full;
            dst[oi + d7] = a7 / full;
            }
        } else {
            for (int i = 0; i < fullWrites; i++, ri++, li++, oi++) {
            a0 += in[ri];
            a1 += in[ri + s1];
            a2 += in[ri + s2];
            a3 += in[ri + s3];
            a4 += in[ri + s4];
            a5 += in[ri + s5];
            a6 += in[ri + s6];
            a7 += in[ri + s7];
            a0 -= in[li];
            a1 -= in[li + s1];
            a2 -= in[li + s2];
            a3 -= in[li + s3];
            a4 -= in[li + s4];
            a5 -= in[li + s5];
            a6 -= in[li + s6];
            a7 -= in[li + s7];
            dst[oi] = a0;
            dst[oi + d1] = a1;
            dst[oi + d2] = a2;
            dst[oi + d3] = a3;
            dst[oi + d4] = a4;
            dst[oi + d5] = a5;
            dst[oi + d6] = a6;
            dst[oi + d7] = a7;
            }
        }
        for (int i = 0; i < shrink; i++, li++, oi++) {
            a0 -= in[li];
            a1 -= in[li + s1];
            a2 -= in[li + s2];
            a3 -= in[li + s3];
            a4 -= in[li + s4];
            a5 -= in[li + s5];
            a6 -= in[li + s6];
            a7 -= in[li + s7];
            current--;
            if (divide) {
                dst[oi] = a0 / current;
                dst[oi + d1] = a1 / current;
                dst[oi + d2] = a2 / current;
                dst[oi + d3] = a3 / current;
                dst[oi + d4] = a4 / current;
                dst[oi + d5] = a5 / current;
                dst[oi + d6] = a6 / current;
                dst[oi + d7] = a7 / current;
            } else {
                dst[oi] = a0;
                dst[oi + d1] = a1;
                dst[oi + d2] = a2;
                dst[oi + d3] = a3;
                dst[oi + d4] = a4;
                dst[oi + d5] = a5;
                dst[oi + d6] = a6;
                dst[oi + d7] = a7;
            }
        }
    }

    private static boolean isPowerOfTwo(int n) {
        return n > 0 && (n & (n - 1)) == 0;
    }

    /** For each kept position of a {@link #boxRow} over {@code length} values, the number of values its window averages. */
    static float[] windowCounts(int length, int window, int[] positions) {
        int half = (window + 2) / 2;
        int firstWrites = window - half + 1;
        int grow = half - 1;
        int fullEnd = firstWrites + (length - window);
        float[] out = new float[positions.length];
        for (int j = 0; j < positions.length; j++) {
            int k = positions[j];
            int n;
            if (k < firstWrites) {
                n = grow + k + 1;
            } else if (k < fullEnd) {
                n = window;
            } else {
                n = window - (k - fullEnd) - 1;
            }
            out[j] = n;
        }
        return out;
    }

    /**
     * The same box filter down every column of a cols-wide, rows-tall matrix, computed a row at a
     * time with one running sum per column (the same operations per column as {@link #boxRow}).
     */
    static void boxColumns(float[] in, float[] out, int cols, int rows, int window) {
        int half = (window + 2) / 2;
        int grow = half - 1;
        int firstWrites = window - half + 1;
        int fullWrites = rows - window;
        int shrink = half - 1;

        float[] sum = new float[cols];
        int ri = 0;
        int li = 0;
        int oi = 0;
        int current = 0;
        for (int i = 0; i < grow; i++, ri += cols) {
            for (int c = 0; c < cols; c++) {
                sum[c] += in[ri + c];
            }
            current++;
        }
        for (int i = 0; i < firstWrites; i++, ri += cols, oi += cols) {
            current++;
            float n = current;
            for (int c = 0; c < cols; c++) {
                float s = sum[c] + in[ri + c];
                sum[c] = s;
                out[oi + c] = s / n;
            }
        }
        float full = current;
        if (isPowerOfTwo(window)) {
            // the rows entering and leaving the window copied out, and the output written to a
            // row of its own then copied in: with every array indexed by c alone, the JIT (JDK 25)
            // knows no store overlaps a later load and vectorizes the loop; with offsets into
            // arrays that might be the same one, it does not
            float inverse = 1.0f / full; // exact: see boxRows8
            float[] entering = new float[cols];
            float[] leaving = new float[cols];
            float[] row = new float[cols];
            for (int i = 0; i < fullWrites; i++, ri += cols, li += cols, oi += cols) {
                System.arraycopy(in, ri, entering, 0, cols);
                System.arraycopy(in, li, leaving, 0, cols);
                for (int c = 0; c < cols; c++) {
                    float s = (sum[c] + entering[c]) - leaving[c];
                    sum[c] = s;
                    row[c] = s * inverse;
                }
                System.arraycopy(row, 0, out, oi, cols);
            }
        } else {
            for (int i = 0; i < fullWrites; i++, ri += cols, li += cols, oi += cols) {
                for (int c = 0; c < cols; c++) {
                    float s = (sum[c] + in[ri + c]) - in[li + c];
                    sum[c] = s;
                    out[oi + c] = s / full;
                }
            }
        }
        for (int i = 0; i < shrink; i++, li += cols, oi += cols) {
            current--;
            float n = current;
            for (int c = 0; c < cols; c++) {
                float s = sum[c] - in[li + c];
                sum[c] = s;
                out[oi + c] = s / n;
            }
        }
    }
}
