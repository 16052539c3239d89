package org.reportonce.hashing.image;

import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A small PNG decoder for hashing: the pixels canonical PDQ reads, and only those converted.
 *
 * <p>Why: ImageIO's PNG reader builds a full BufferedImage (for the 1600 x 1004 RGBA test image,
 * 6.4 MB of samples, then 6.4 MB more as packed RGB) of which the 512 x 512 squash reads a sixth.
 * Here the IDAT stream is inflated whole by {@link ZlibInflater} when its scanlines fit 8 MB
 * (else, or when that inflater refuses the stream, with {@link Inflater} a block of scanlines
 * (~64 KB) at a time into one reused buffer plus a copy of the row above the block: PNG's filters
 * only look at the previous row), every row is unfiltered (unavoidable: each depends on the one above; alpha
 * excepted in Paeth rows of RGBA, see {@code paeth4}), and only the sampled rows' sampled pixels are turned into RGB. The
 * result is the 512 x 512 nearest-neighbour RGB picture (or the whole picture when it is not
 * bigger than 512 px), bit-identical to what the complete decoder gives canonical PDQ, because the
 * conversion follows {@link ImageDecoder}'s rules: alpha ignored (the stored colour counts), grey
 * g is (g, g, g), a palette index is its palette colour.
 *
 * <p>Handled: 8-bit grey, RGB, palette, grey+alpha and RGBA, 1/2/4-bit grey and palette, not interlaced, without an ICC
 * profile. Anything else, and anything malformed (bad lengths, a palette index past the palette,
 * short or overlong data), returns null: the complete decoder then decodes it or names the error.
 */
final class PngSampler {
    private PngSampler() {}

    private static final int CANONICAL = 512;

    /** The canonical-PDQ pixels of a PNG, or null to fall back; the caller has checked the size limit. */
    static DecodedImage sampled(byte[] b, int width, int height, Scratch scratch) {
        try {
            return decode(b, width, height, scratch);
        } catch (RuntimeException | DataFormatException e) {
            return null;
        }
    }

    /** Width and height from IHDR, or null when the file does not start like a PNG. */
    static int[] size(byte[] b) {
        if (b.length < 33 || i32(b, 8) != 13 || !type(b, 12, "IHDR")) return null;
        return new int[] {i32(b, 16), i32(b, 20)};
    }

    private static DecodedImage decode(byte[] b, int width, int height, Scratch scratch) throws DataFormatException {
        int depth = b[24] & 0xFF;
        int colour = b[25] & 0xFF;
        if ((b[26] | b[27] | b[28]) != 0) return null; // deflate, filter 0, no interlace
        boolean subByte = (colour == 0 || colour == 3) && (depth == 1 || depth == 2 || depth == 4);
        if (depth != 8 && !subByte) return null;
        int channels = switch (colour) {
            case 0 -> 1;
            case 2 -> 3;
            case 3 -> 1;
            case 4 -> 2;
            case 6 -> 4;
            default -> -1;
        };
        if (channels < 0 || width <= 0 || height <= 0) return null;
        boolean squash = width > CANONICAL || height > CANONICAL;
        int outW = squash ? CANONICAL : width;
        int outH = squash ? CANONICAL : height;
        int[] srcX = new int[outW];
        int[] srcY = new int[outH];
        for (int i = 0; i < outW; i++) srcX[i] = squash ? (int) ((long) i * width / CANONICAL) : i;
        for (int i = 0; i < outH; i++) srcY[i] = squash ? (int) ((long) i * height / CANONICAL) : i;

        int[] palette = null;
        int stride = subByte ? (int) (((long) width * depth + 7) / 8) : Math.multiplyExact(width, channels);
        int rs = stride + 1; // a scanline: the filter byte, then the samples
        byte[] prev = scratch.pngPrevious(rs); // zeros: the row above the first
        int[] out = scratch.rgb(outW * outH); // every row written, or null is returned
        // sub-byte samples: each sampled column's byte and shift, and what a sample value stands for
        int[] subOff = null;
        int[] subShift = null;
        int[] subLut = null;
        if (subByte) {
            int perByte = 8 / depth;
            subOff = new int[outW];
            subShift = new int[outW];
            for (int i = 0; i < outW; i++) {
                subOff[i] = srcX[i] / perByte;
                subShift[i] = 8 - depth * (srcX[i] % perByte + 1);
            }
            if (colour == 0) {
                int max = (1 << depth) - 1;
                subLut = new int[max + 1];
                for (int v = 0; v <= max; v++) {
                    int g = v * 255 / max;
                    subLut[v] = (g << 16) | (g << 8) | g;
                }
            }
        }
        // the chunks first: the palette, where the image data lies, whether the file ends properly
        int idatChunks = 0;
        int firstIdat = -1;
        long idatBytes = 0;
        boolean ended = false;
        for (int p = 33; p + 8 <= b.length && !ended; ) {
            int len = i32(b, p);
            if (len < 0 || p + 12L + len > b.length) return null;
            int data = p + 8;
            if (type(b, p + 4, "PLTE")) {
                if (len % 3 != 0 || len == 0) return null;
                palette = new int[len / 3];
                for (int i = 0; i < palette.length; i++) {
                    int o = data + 3 * i;
                    palette[i] = ((b[o] & 0xFF) << 16) | ((b[o + 1] & 0xFF) << 8) | (b[o + 2] & 0xFF);
                }
            } else if (type(b, p + 4, "iCCP")) {
                return null; // a colour profile: leave the colour handling to the complete decoder
            } else if (type(b, p + 4, "IDAT")) {
                if (colour == 3 && palette == null) return null;
                if (idatChunks++ == 0) firstIdat = p;
                idatBytes += len;
            } else if (type(b, p + 4, "IEND")) {
                ended = true;
            }
            p += 12 + len;
        }
        if (!ended || idatChunks == 0) return null; // truncated: the complete decoder says so
        Rows rows = new Rows(stride, channels, subByte, depth, colour, palette, srcX, srcY, subOff, subShift, subLut, out, outW);

        // the whole image data inflated at once by ZlibInflater (a third less CPU than the JDK's
        // zlib on the test photos), when its scanlines fit what the scratch keeps; the JDK's
        // Inflater, a block of rows at a time, for bigger pictures and for any stream it refuses
        long raw = (long) height * rs;
        if (raw <= Scratch.MAX_KEPT_BYTES) {
            byte[] z = b;
            int zOff = firstIdat + 8;
            if (idatChunks > 1) {
                z = scratch.pngCompressed((int) idatBytes);
                zOff = 0;
                int at = 0;
                for (int p = firstIdat; at < idatBytes; p += 12 + i32(b, p)) {
                    if (type(b, p + 4, "IDAT")) {
                        System.arraycopy(b, p + 8, z, at, i32(b, p));
                        at += i32(b, p);
                    }
                }
            }
            byte[] all = scratch.pngBlock((int) raw);
            if (ZlibInflater.inflate(z, zOff, (int) idatBytes, all, (int) raw)) {
                for (int y = 0, ro = 0; y < height; y++, ro += rs) {
                    if (y == 0) {
                        rows.next(all, 0, prev, 0, y);
                    } else {
                        rows.next(all, ro, all, ro - rs, y);
                    }
                }
                return new DecodedImage(outW, outH, out);
            }
        }

        // rows are inflated a block of ~64 KB at a time (one Inflater call per block instead of
        // per row: inflating the 1600 x 1004 RGBA photo alone took 24 instead of 27 ms of CPU; its
        // whole fast path ~1-1.5 ms less) and unfiltered in place; prev keeps the last row of the
        // block before
        int blockRows = Math.max(1, Math.min(height, (64 << 10) / rs));
        byte[] blk = scratch.pngBlock(Math.multiplyExact(blockRows, rs)); // inflated into before it is read
        Inflater inflater = scratch.inflater();
        int y = 0;
        int filled = 0; // bytes of blk filled so far
        for (int p = firstIdat; y < height && !type(b, p + 4, "IEND"); p += 12 + i32(b, p)) { // chunks checked above
            if (!type(b, p + 4, "IDAT")) continue;
            inflater.setInput(b, p + 8, i32(b, p));
            while (y < height) {
                int n = Math.min(blockRows, height - y);
                int want = n * rs;
                int got = inflater.inflate(blk, filled, want - filled);
                filled += got;
                if (filled < want) {
                    if (inflater.finished()) return null; // image data ends early
                    if (got == 0 && inflater.needsInput()) break; // next IDAT
                    if (got == 0 && inflater.needsDictionary()) return null;
                    continue;
                }
                for (int k = 0, ro = 0; k < n; k++, ro += rs, y++) {
                    if (k == 0) {
                        rows.next(blk, 0, prev, 0, y);
                    } else {
                        rows.next(blk, ro, blk, ro - rs, y);
                    }
                }
                System.arraycopy(blk, (n - 1) * rs, prev, 0, rs);
                filled = 0;
            }
        }
        if (y < height || rows.nextOut < outH) return null; // truncated: the complete decoder says so
        return new DecodedImage(outW, outH, out);
    }

    /** Unfilters the rows in order and converts the sampled ones into the output. */
    private static final class Rows {
        private final int stride;
        private final int channels;
        private final boolean subByte;
        private final int depth;
        private final int colour;
        private final int[] palette;
        private final int[] srcX;
        private final int[] srcY;
        private final int[] subOff;
        private final int[] subShift;
        private final int[] subLut;
        private final int[] out;
        private final int outW;
        int nextOut; // first output row not yet filled

        Rows(int stride, int channels, boolean subByte, int depth, int colour, int[] palette, int[] srcX, int[] srcY,
                int[] subOff, int[] subShift, int[] subLut, int[] out, int outW) {
            this.stride = stride;
            this.channels = channels;
            this.subByte = subByte;
            this.depth = depth;
            this.colour = colour;
            this.palette = palette;
            this.srcX = srcX;
            this.srcY = srcY;
            this.subOff = subOff;
            this.subShift = subShift;
            this.subLut = subLut;
            this.out = out;
            this.outW = outW;
        }

        /** Row y, at row[ro] (its filter byte first), the unfiltered row above at prev[po]. */
        void next(byte[] row, int ro, byte[] prev, int po, int y) {
            unfilter(row, ro, prev, po, stride, channels);
            while (nextOut < srcY.length && srcY[nextOut] == y) {
                if (subByte) {
                    convertSubByte(row, ro, (1 << depth) - 1, subOff, subShift, colour == 3 ? palette : subLut, out,
                            nextOut * outW);
                } else {
                    convert(row, ro, colour, palette, srcX, out, nextOut * outW);
                }
                nextOut++;
            }
        }
    }

    /**
     * Reverses the scanline's filter in place: the scanline starts at row[ro] (its filter type),
     * the unfiltered row above at prev[po] (zeros for the first).
     */
    private static void unfilter(byte[] row, int ro, byte[] prev, int po, int stride, int bpp) {
        int type = row[ro];
        switch (type) {
            case 0 -> { }
            case 1 -> {
                for (int i = ro + 1 + bpp, end = ro + stride; i <= end; i++) row[i] += row[i - bpp];
            }
            case 2 -> {
                for (int i = 1; i <= stride; i++) row[ro + i] += prev[po + i];
            }
            case 3 -> {
                for (int i = 1; i <= bpp; i++) row[ro + i] += (byte) ((prev[po + i] & 0xFF) >>> 1);
                for (int i = 1 + bpp; i <= stride; i++) {
                    row[ro + i] += (byte) (((row[ro + i - bpp] & 0xFF) + (prev[po + i] & 0xFF)) >>> 1);
                }
            }
            case 4 -> {
                if (bpp == 4) {
                    paeth4(row, ro, prev, po, stride);
                    return;
                }
                for (int i = 1; i <= bpp; i++) row[ro + i] += prev[po + i]; // left and upper-left are 0: Paeth picks up
                for (int i = 1 + bpp; i <= stride; i++) {
                    row[ro + i] += (byte) paeth(row[ro + i - bpp] & 0xFF, prev[po + i] & 0xFF, prev[po + i - bpp] & 0xFF);
                }
            }
            default -> throw new IllegalStateException("PNG filter type " + type);
        }
    }

    /**
     * Paeth for 4 bytes per pixel (RGBA, the common case), with the left and upper-left pixels
     * kept in locals: the generic loop reloads the byte it has just stored, a store-to-load
     * dependency on every byte. The alpha bytes are left filtered: each channel is predicted
     * from its own channel only, and the sampler ignores alpha.
     */
    private static void paeth4(byte[] row, int ro, byte[] prev, int po, int stride) {
        int a0 = 0, a1 = 0, a2 = 0; // left pixel (0 before the first)
        int c0 = 0, c1 = 0, c2 = 0; // upper-left pixel
        for (int i = 1; i + 3 <= stride; i += 4) {
            int r = ro + i;
            int q = po + i;
            int b0 = prev[q] & 0xFF, b1 = prev[q + 1] & 0xFF, b2 = prev[q + 2] & 0xFF;
            a0 = (row[r] + paeth(a0, b0, c0)) & 0xFF;
            a1 = (row[r + 1] + paeth(a1, b1, c1)) & 0xFF;
            a2 = (row[r + 2] + paeth(a2, b2, c2)) & 0xFF;
            row[r] = (byte) a0;
            row[r + 1] = (byte) a1;
            row[r + 2] = (byte) a2;
            c0 = b0;
            c1 = b1;
            c2 = b2;
        }
    }

    /**
     * The Paeth predictor of the PNG specification, (pa <= pb && pa <= pc) ? a : (pb <= pc ? up : c)
     * with pa = |up - c|, pb = |a - c|, pc = |a + up - 2c|, in an equivalent form that is shorter on
     * the path through {@code a}, the left pixel's result: a Paeth row is a chain of these, one per
     * pixel, so the chain's length is what the row costs.
     *
     * <p>The predictor picks whichever of a, up, c is nearest p = a + up - c (ties: a, then up).
     * With lo = min(a, up), hi = max(a, up) and t = 3c - (a + up): when c is at or below lo, p is
     * at or above hi and hi wins (t <= lo holds); at or above hi, lo wins (hi <= t); strictly
     * between, c wins unless p falls past the nearer end, which the same two comparisons decide
     * (c - p = t - c). The ties come out as the specification's: checked for all 2^24 inputs by
     * {@code PngSamplerTest}. (stb_image has used this form since 2023.) Ternaries, which the JIT
     * turns into conditional moves, measured faster than the mask arithmetic of the previous
     * version: RGBA.png + P.png, one JVM, 40 rounds each order, ~2 ms less (docs/benchmarks.md,
     * session 6).
     */
    static int paeth(int a, int up, int c) {
        int t = 3 * c - (a + up);
        int lo = Math.min(a, up);
        int hi = Math.max(a, up);
        int t0 = hi <= t ? lo : c;
        return t <= lo ? hi : t0;
    }

    /** The sampled pixels of one unfiltered row (row[0] is the filter byte) as packed RGB. */
    private static void convert(byte[] row, int ro, int colour, int[] palette, int[] srcX, int[] out, int o) {
        switch (colour) {
            case 0, 4 -> {
                int step = colour == 0 ? 1 : 2;
                for (int i = 0; i < srcX.length; i++) {
                    int g = row[ro + 1 + srcX[i] * step] & 0xFF;
                    out[o + i] = (g << 16) | (g << 8) | g;
                }
            }
            case 2, 6 -> {
                int step = colour == 2 ? 3 : 4;
                for (int i = 0; i < srcX.length; i++) {
                    int k = ro + 1 + srcX[i] * step;
                    out[o + i] = ((row[k] & 0xFF) << 16) | ((row[k + 1] & 0xFF) << 8) | (row[k + 2] & 0xFF);
                }
            }
            default -> { // palette; an index past it throws and the caller falls back
                for (int i = 0; i < srcX.length; i++) {
                    out[o + i] = palette[row[ro + 1 + srcX[i]] & 0xFF];
                }
            }
        }
    }

    /**
     * Sampled pixels of a 1-, 2- or 4-bit grey or palette row: the sample of column i is
     * {@code (byte off[i] >>> shift[i]) & mask}, looked up in {@code lut} (the palette, or grey v
     * as v * 255 / mask; an index past the palette throws and the caller falls back).
     */
    private static void convertSubByte(byte[] row, int ro, int mask, int[] off, int[] shift, int[] lut, int[] out, int o) {
        int base = ro + 1;
        for (int i = 0; i < off.length; i++) {
            out[o + i] = lut[((row[base + off[i]] & 0xFF) >>> shift[i]) & mask];
        }
    }

    private static int i32(byte[] b, int i) {
        return ((b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
    }

    private static boolean type(byte[] b, int i, String t) {
        return b[i] == t.charAt(0) && b[i + 1] == t.charAt(1) && b[i + 2] == t.charAt(2) && b[i + 3] == t.charAt(3);
    }
}
