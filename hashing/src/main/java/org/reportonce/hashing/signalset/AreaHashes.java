package org.reportonce.hashing.signalset;

import org.reportonce.hashing.pdq.PdqHash;
import org.reportonce.hashing.pdq.PdqHasher;

/**
 * PDQ hashes of rectangles of one picture (regions such as its left half, or small crops), each an
 * ordinary PDQ hash of that part of the picture, all read from one luminance plane: the plane the
 * canonical hasher itself hashes (the picture's luminance, squashed to 512 x 512 by nearest
 * neighbour when it is larger), box-averaged by an integer factor to about 256 px on its shorter
 * side. PDQ keeps only 64 x 64 blurred samples of whatever it hashes, so a rectangle of that plane
 * hashes within a few bits of the canonical PDQ of the cropped picture, at a quarter of the cost
 * of reading the 512 x 512 plane (a half of the picture: one blur and DCT of 256 x 128 values).
 * The report side and the match side both compute area hashes this way (SignalSets), and a
 * platform that has only the canonical plane (the JPEG fast path) computes the same ones. The match
 * side uses {@link #fastHash}: the plane blurred once per box size, each area then only sampled and
 * transformed (~0.04 ms instead of ~0.3 ms), within a few bits of {@link #hash}. An instance caches
 * those blurred planes, so it is not thread-safe: one per picture and thread.
 */
public final class AreaHashes {

    private static final PdqHasher HASHER = PdqHasher.canonical();
    private static final int CANONICAL = 512;
    /** The shorter side of the plane rectangles are cut from, after box-averaging (at least this). */
    private static final int SHRUNK = 256;

    private final float[] plane;
    private final int width;
    private final int height;

    private AreaHashes(float[] plane, int width, int height) {
        int k = Math.max(1, Math.min(width, height) / SHRUNK);
        if (k > 1) {
            int w = width / k;
            int h = height / k;
            float[] out = new float[w * h];
            float scale = 1f / (k * k);
            if (k == 2) {
                // the usual case (a 512 x 512 plane): the same four additions in the same order, unrolled
                for (int r = 0; r < h; r++) {
                    int o0 = 2 * r * width;
                    int o1 = o0 + width;
                    int oo = r * w;
                    for (int c = 0; c < w; c++) {
                        int x = 2 * c;
                        out[oo + c] = (((plane[o0 + x] + plane[o0 + x + 1]) + plane[o1 + x]) + plane[o1 + x + 1]) * scale;
                    }
                }
            } else for (int r = 0; r < h; r++) {
                for (int c = 0; c < w; c++) {
                    float sum = 0;
                    for (int dy = 0; dy < k; dy++) {
                        int o = (r * k + dy) * width + c * k;
                        for (int dx = 0; dx < k; dx++) sum += plane[o + dx];
                    }
                    out[r * w + c] = sum * scale;
                }
            }
            plane = out;
            width = w;
            height = h;
        }
        this.plane = plane;
        this.width = width;
        this.height = height;
    }

    /** The canonical luminance plane of a picture. */
    public static AreaHashes of(RgbImage image) {
        int w = image.width();
        int h = image.height();
        int[] rgb = image.rgb();
        if (w <= CANONICAL && h <= CANONICAL) {
            float[] y = new float[w * h];
            for (int i = 0; i < y.length; i++) y[i] = luma(rgb[i]);
            return new AreaHashes(y, w, h);
        }
        int n = CANONICAL;
        float[] y = new float[n * n];
        int[] cols = new int[n];
        for (int x = 0; x < n; x++) cols[x] = (int) ((long) x * w / n);
        for (int r = 0; r < n; r++) {
            int base = (int) ((long) r * h / n) * w;
            for (int x = 0; x < n; x++) y[r * n + x] = luma(rgb[base + cols[x]]);
        }
        return new AreaHashes(y, n, n);
    }

    /**
     * A luminance plane as the canonical hasher sees it (at most 512 x 512; larger planes are squashed
     * first, as the hasher would). The array is not modified.
     */
    public static AreaHashes ofLuma(float[] luma, int width, int height) {
        if (luma.length != width * height) {
            throw new IllegalArgumentException("luma plane of " + width + " x " + height + " needs "
                    + (width * height) + " values, got " + luma.length);
        }
        if (width <= CANONICAL && height <= CANONICAL) return new AreaHashes(luma, width, height);
        int n = CANONICAL;
        float[] y = new float[n * n];
        for (int r = 0; r < n; r++) {
            int base = (int) ((long) r * height / n) * width;
            for (int x = 0; x < n; x++) y[r * n + x] = luma[base + (int) ((long) x * width / n)];
        }
        return new AreaHashes(y, n, n);
    }

    /** The PDQ hash of the rectangle {@code area} keeps (its crop shares; a turn is not allowed). */
    public PdqHash hash(Variant area) {
        Rect rect = rect(area);
        int x0 = rect.x0(), y0 = rect.y0(), w = rect.w(), h = rect.h();
        float[] out = new float[w * h];
        for (int r = 0; r < h; r++) {
            System.arraycopy(plane, (y0 + r) * width + x0, out, r * w, w);
        }
        return HASHER.hashLumaOverwriting(out, w, h);
    }

    /**
     * Nearly the PDQ hash of the rectangle {@code area} keeps, at a fraction of the cost: the plane is
     * blurred once (per box size) with the Jarosz filter PDQ would apply to the rectangle, and the
     * rectangle's 64 x 64 samples are read from that blurred plane, so each rectangle costs only its
     * DCT. It differs from {@link #hash} only near the rectangle's edges, where PDQ's boxes stop at the
     * edge and these see the pixels beyond it: a few bits (docs/benchmarks.md, "Session 5").
     */
    public PdqHash fastHash(Variant area) {
        Rect rect = rect(area);
        int x0 = rect.x0(), y0 = rect.y0(), w = rect.w(), h = rect.h();
        if (w < 5 || h < 5 || (w == 64 && h == 64)) return hash(area);
        float[] blurred = blurred(windowSize(w), windowSize(h));
        float[] block = new float[64 * 64];
        int[] cols = new int[64];
        for (int j = 0; j < 64; j++) cols[j] = x0 + (int) (((j + 0.5) * w) / 64);
        for (int i = 0; i < 64; i++) {
            int row = (y0 + (int) (((i + 0.5) * h) / 64)) * width;
            for (int j = 0; j < 64; j++) block[i * 64 + j] = blurred[row + cols[j]];
        }
        // a 64 x 64 plane is hashed as it is (no blur, no sampling): the DCT, median and quality only
        return HASHER.hashLumaOverwriting(block, 64, 64);
    }

    /** A rectangle of the plane: its top-left corner and size. */
    private record Rect(int x0, int y0, int w, int h) {}

    /** The rectangle {@code area} keeps, at least one pixel and inside the plane however tiny the picture. */
    private Rect rect(Variant area) {
        if (area.degrees() != 0) {
            throw new IllegalArgumentException("an area is a rectangle of the picture, got a turn of " + area.degrees());
        }
        int x0 = (int) Math.round(area.left() * width);
        int x1 = width - (int) Math.round(area.right() * width);
        int y0 = (int) Math.round(area.top() * height);
        int y1 = height - (int) Math.round(area.bottom() * height);
        x0 = Math.min(x0, width - 1);
        y0 = Math.min(y0, height - 1);
        return new Rect(x0, y0, Math.max(1, x1 - x0), Math.max(1, y1 - y0));
    }

    /** The plane after PDQ's two passes of boxes of these widths along rows and columns (cached). */
    private float[] blurred(int alongRows, int alongCols) {
        return blurPlanes.computeIfAbsent(alongRows * 4096 + alongCols, key -> {
            float[] a = plane.clone();
            float[] tmp = new float[a.length];
            for (int pass = 0; pass < 2; pass++) {
                boxRows(a, tmp, alongRows);
                boxCols(tmp, a, alongCols);
            }
            return a;
        });
    }

    /** Blurred planes by box widths (rows * 4096 + columns); a few per picture. */
    private final java.util.Map<Integer, float[]> blurPlanes = new java.util.HashMap<>();

    /** ceil(size / 128), at least 1: PDQ's box width for shrinking {@code size} samples to 64. */
    private static int windowSize(int size) {
        return (size + 127) / 128;
    }

    /*
     * PDQ's box along a line: output k averages inputs k - before .. k + after, clipped to the line,
     * where after = (window + 2) / 2 - 1 and before = window - 1 - after. Computed as a direct sum of
     * shifted lines (the window is at most 4 here) rather than PDQ's running sum, so the interior
     * vectorises; the result differs from PDQ's in the last bits of a float only.
     */

    /** The box along each row. */
    private void boxRows(float[] in, float[] out, int window) {
        if (window == 1) {
            System.arraycopy(in, 0, out, 0, width * height);
            return;
        }
        int after = (window + 2) / 2 - 1;
        int before = window - 1 - after;
        int from = Math.min(before, width);
        int to = Math.max(from, width - after); // interior: k in [from, to)
        float inv = 1f / window;
        for (int r = 0; r < height; r++) {
            int o = r * width;
            for (int k = from; k < to; k++) out[o + k] = in[o + k - before];
            for (int d = 1 - before; d <= after; d++) {
                for (int k = from; k < to; k++) out[o + k] += in[o + k + d];
            }
            for (int k = from; k < to; k++) out[o + k] *= inv;
            for (int k = 0; k < width; k++) {
                if (k == from) k = to;
                if (k >= width) break;
                int lo = Math.max(0, k - before);
                int hi = Math.min(width - 1, k + after);
                float sum = 0;
                for (int x = lo; x <= hi; x++) sum += in[o + x];
                out[o + k] = sum / (hi - lo + 1);
            }
        }
    }

    /** The same box along each column, whole rows at a time. */
    private void boxCols(float[] in, float[] out, int window) {
        if (window == 1) {
            System.arraycopy(in, 0, out, 0, width * height);
            return;
        }
        int after = (window + 2) / 2 - 1;
        int before = window - 1 - after;
        for (int k = 0; k < height; k++) {
            int lo = Math.max(0, k - before);
            int hi = Math.min(height - 1, k + after);
            int o = k * width;
            System.arraycopy(in, lo * width, out, o, width);
            for (int r = lo + 1; r <= hi; r++) {
                int ro = r * width;
                for (int c = 0; c < width; c++) out[o + c] += in[ro + c];
            }
            float inv = 1f / (hi - lo + 1);
            for (int c = 0; c < width; c++) out[o + c] *= inv;
        }
    }

    private static float luma(int rgb) {
        // the canonical hasher's Rec. 601 weights, in its order
        return 0.299f * ((rgb >> 16) & 0xFF) + 0.587f * ((rgb >> 8) & 0xFF) + 0.114f * (rgb & 0xFF);
    }
}
