package org.reportonce.hashing.pdq;

/**
 * Steps 2 and 3 of PDQ (see {@link PdqHasher}): two passes of box filters along rows then columns,
 * then sampling 64 x 64 points.
 *
 * <p>Every output is computed with exactly the reference's float operations in the reference's
 * order (a running sum per row or column: add the entering value, subtract the leaving one, divide
 * by the window size), so results are bit-identical. What differs is only the memory order: column
 * passes keep one running sum per column and walk the rows in order, and the second pass computes
 * only the 64 columns that are sampled.
 */
final class JaroszFilter {
    private JaroszFilter() {}

    /** The box width for shrinking {@code size} samples to 64: ceil(size / 128), at least 1. */
    static int windowSize(int size) {
        return (size + 2 * 64 - 1) / (2 * 64);
    }

    /**
     * Blurs {@code luma} (width x height, row-major; overwritten) and samples it into the 64 x 64
     * {@code block}.
     */
    static void blurAndDecimate(float[] luma, int width, int height, float[] block) {
        int alongRows = windowSize(width);
        int alongCols = windowSize(height);
        float[] tmp = new float[Math.max(width * height, 64 * height)];

        // pass 1, full
        for (int r = 0; r < height; r++) {
            boxRow(luma, r * width, tmp, r * width, width, alongRows);
        }
        boxColumns(tmp, luma, width, height, alongCols);

        // pass 2, only what the decimation reads: all rows, the 64 sampled columns
        int[] sampledCols = sampleIndices(width);
        int[] sampledRows = sampleIndices(height);
        float[] row = new float[width];
        float[] narrow = tmp; // height x 64
        for (int r = 0; r < height; r++) {
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
        for (int i = 0; i < fullWrites; i++, ri += cols, li += cols, oi += cols) {
            for (int c = 0; c < cols; c++) {
                float s = (sum[c] + in[ri + c]) - in[li + c];
                sum[c] = s;
                out[oi + c] = s / full;
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
