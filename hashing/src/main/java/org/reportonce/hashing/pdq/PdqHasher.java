package org.reportonce.hashing.pdq;

import java.util.ArrayList;
import java.util.List;
import org.reportonce.hashing.Hash256;

/*
 * PDQ: a 256-bit perceptual hash of a picture (Meta, 2017).
 *
 * IDEA
 * Two pictures that look alike have alike low spatial frequencies. PDQ boils the picture down to
 * the signs of 256 low-frequency DCT coefficients relative to their median, so re-encoding,
 * resizing, mild blur or colour changes move few bits, while unrelated pictures differ in about
 * half of them (128 bits). Matching is Hamming distance; 31 is the usual threshold.
 *
 * PIPELINE (numbers are the reference's; all arithmetic is IEEE single precision, in the reference's
 * order, so that the same pixels give the same bits as Meta's C++ and its WebAssembly build, which
 * is what StopNCII runs in the browser)
 *  0. Canonical mode only: a picture wider or taller than 512 px is squashed to exactly 512 x 512
 *     by nearest neighbour, source column floor(x * W / 512), row floor(y * H / 512), ignoring
 *     aspect ratio. The C++ tool does this in its image reader (to bound the cost of step 2);
 *     StopNCII inherited it, so it is the de facto standard. Full-resolution mode skips it, as
 *     Meta's Java reference does; the two agree to within a few bits.
 *  1. Luminance Y = 0.299 R + 0.587 G + 0.114 B (Rec. 601 weights, as float products summed left to
 *     right).
 *  2. Blur with a "Jarosz filter": two passes of (box filter along rows, then along columns), the
 *     box being ceil(W / 128) pixels wide along rows and ceil(H / 128) tall along columns.
 *     Two passes of a box approximate a tent, so each of the 64 x 64 samples taken next averages
 *     (almost) exactly its own 1/64 x 1/64 share of the picture. The box is a running sum: add the
 *     entering pixel, subtract the leaving one, divide by the current window size; at the ends the
 *     window is truncated (it grows from half size, and shrinks again), never padded.
 *  3. Decimate to 64 x 64: sample row floor((i + 0.5) * H / 64), column floor((j + 0.5) * W / 64).
 *     A 64 x 64 input skips steps 2-3 (the reference's shortcut for pre-scaled video frames).
 *  4. Quality: sum over all horizontally and vertically adjacent pairs of the 64 x 64 samples of
 *     |trunc((u - v) * 100 / 255)|, divided by 90 (integer division), capped at 100. Flat or tiny
 *     pictures score low; below 50 a hash is considered too weak to match on.
 *  5. 2-D DCT-II of the 64 x 64 block, keeping only frequencies 1..16 on each axis (the constant
 *     term 0 says only "how bright", which PDQ should ignore): B = D A D^T with the 16 x 64 matrix
 *     D[i][k] = sqrt(2/64) cos(pi (i+1) (2k+1) / 128). Computing only these 16 rows is cheaper than
 *     a fast full 64-point DCT (the reference measured this).
 *  6. Threshold at the median: bit (16 i + j) is set when B[i][j] > median(B), the median being the
 *     128th smallest of the 256 values. Half the bits are (about) set in every hash, by design.
 * Pictures smaller than 5 px in either direction hash to all zeroes with quality 0, as in the C++.
 *
 * DIHEDRAL VARIANTS
 * Mirroring the picture vertically maps row k to 63 - k, and cos(pi f (2(63-k)+1)/128) =
 * (-1)^f cos(pi f (2k+1)/128): frequency f = i + 1 just changes sign when f is odd (i even).
 * Likewise for columns, and reflecting in the diagonal transposes B. So all 8 rotations and
 * reflections come from one DCT by sign flips and a transpose (see Dihedral), each variant then
 * taking its own median. Hashing a rotated copy gives the permuted hash up to resampling noise.
 *
 * INVARIANTS
 *  - Same pixels and same mode give the same 256 bits on every platform: no fused multiply-add, no
 *    reassociation (Java float arithmetic is strict), the DCT matrix computed in double and rounded
 *    to float as in the reference. This is what lets the browser (TeaVM build of this package), the
 *    hub and every platform agree bit for bit.
 *  - This package uses only java.lang and java.util, so TeaVM can compile it to JavaScript/Wasm.
 *  - A PdqHasher is immutable and thread-safe; each call allocates its own buffers, unless the
 *    caller lends it working arrays (the fast path's pool, image.Scratch).
 *
 * COST (W x H pixels after step 0; canonical mode caps this at 512 x 512)
 *  luminance W H; first blur pass 2 W H; second pass W H along rows plus 64 H along the 64 sampled
 *  columns only (the decimation needs nothing else, and each column's running sum is independent,
 *  so skipping the others changes no bit); DCT 16*64*64 + 16*16*64 multiply-adds; 8 medians of 256.
 *  The box filters run row by row with a vector of per-column sums, so every pass streams memory
 *  in order (the reference walks columns with a stride of W floats). About a millisecond for a
 *  512 x 512 picture on one core.
 *
 * REFERENCES
 *  - Meta, "The TMK+PDQF Video-Hashing Algorithm and the PDQ Image-Hashing Algorithm" (hashing.pdf,
 *    2017), in github.com/facebook/ThreatExchange, folder pdq/.
 *  - Reference implementations pdq/cpp (pdq-photo-hasher, the canonical one) and pdq/java there.
 *  - W. Jarosz, "Fast Image Convolutions" (SIGGRAPH 2001 course notes): repeated box filters.
 *  - C. Zauner, "Implementation and Benchmarking of Perceptual Image Hash Functions" (2010): the
 *    DCT-median hash that PDQ refines.
 *  - N. Devillard, "Fast median search: an ANSI C implementation" (1998), Torben's median, whose
 *    result (the 128th smallest of 256) is what step 6 reproduces.
 */

/**
 * Computes PDQ hashes from decoded pixels. See the comment at the top of this file for the
 * algorithm. Obtain one with {@link #canonical()} (what StopNCII and Meta's C++ compute; use this
 * unless you know you need the other) or {@link #fullResolution()} (Meta's Java reference).
 */
public final class PdqHasher {

    /** Pictures larger than this in either direction are squashed to this square in canonical mode. */
    public static final int CANONICAL_SIZE = 512;

    /** The reference's smallest hashable side; smaller pictures hash to zero with quality 0. */
    static final int MIN_HASHABLE_DIM = 5;

    private static final float LUMA_R = 0.299f;
    private static final float LUMA_G = 0.587f;
    private static final float LUMA_B = 0.114f;

    private static final PdqHasher CANONICAL = new PdqHasher(true);
    private static final PdqHasher FULL_RESOLUTION = new PdqHasher(false);

    private final boolean squash;

    private PdqHasher(boolean squash) {
        this.squash = squash;
    }

    /** The C++-compatible hasher: pictures over 512 px on a side are first squashed to 512 x 512. */
    public static PdqHasher canonical() {
        return CANONICAL;
    }

    /** Hashes every pixel, as Meta's Java reference does; slower on big pictures, a few bits apart. */
    public static PdqHasher fullResolution() {
        return FULL_RESOLUTION;
    }

    /** True for {@link #canonical()}. */
    public boolean isCanonical() {
        return squash;
    }

    /**
     * Hashes packed RGB pixels.
     *
     * @param rgb    width * height pixels, row-major, each 0xRRGGBB (any alpha in the top byte is
     *               ignored: composite it first if the picture is translucent)
     * @throws IllegalArgumentException if the size does not match the array
     */
    public PdqHash hashRgb(int[] rgb, int width, int height) {
        return hashRgb(rgb, width, height, null, null);
    }

    /**
     * As {@link #hashRgb(int[], int, int)}, with the caller's working arrays instead of fresh ones
     * (for a caller hashing image after image, e.g. from a pool): {@code lumaWork} and
     * {@code blurWork} are each null or at least {@link #workLength(int, int)} floats; their contents
     * are ignored and overwritten (every element used is written before it is read).
     */
    public PdqHash hashRgb(int[] rgb, int width, int height, float[] lumaWork, float[] blurWork) {
        float[] dct = dctFromLuma(lumaFromRgb(rgb, width, height, lumaWork), width, height, blurWork);
        return dct == null ? zero() : new PdqHash(bits(dct), quality(dct));
    }

    /**
     * The floats each working array of {@link #hashRgb(int[], int, int, float[], float[])} and
     * {@link #hashLumaOverwriting(float[], int, int, float[])} needs for a width x height picture
     * (after this hasher's squash).
     */
    public int workLength(int width, int height) {
        if (needsSquash(width, height)) {
            width = CANONICAL_SIZE;
            height = CANONICAL_SIZE;
        }
        return Math.max(Math.multiplyExact(width, height), 64 * height);
    }

    /** The hashes of all 8 dihedral variants of packed RGB pixels, from one DCT. */
    public DihedralHashes hashRgbDihedral(int[] rgb, int width, int height) {
        return dihedral(dctFromLuma(lumaFromRgb(rgb, width, height, null), width, height, null));
    }

    /**
     * Hashes a luminance plane (e.g. the Y of a video frame, or grey pixels as floats 0..255).
     * The array is not modified.
     */
    public PdqHash hashLuma(float[] luma, int width, int height) {
        float[] dct = dctFromLuma(copyLuma(luma, width, height), width, height, null);
        return dct == null ? zero() : new PdqHash(bits(dct), quality(dct));
    }

    /**
     * As {@link #hashLuma}, but the blur may run in {@code luma} itself, overwriting it, instead
     * of in a copy: for callers that built the plane only to hash it (the fast path's 512 x 512
     * plane; saves allocating, zeroing and filling a megabyte per image).
     */
    public PdqHash hashLumaOverwriting(float[] luma, int width, int height) {
        return hashLumaOverwriting(luma, width, height, null);
    }

    /**
     * As {@link #hashLumaOverwriting(float[], int, int)}, the blur's intermediate plane in
     * {@code blurWork} (null, or at least {@link #workLength(int, int)} floats; its contents are
     * ignored and overwritten) instead of a fresh array.
     */
    public PdqHash hashLumaOverwriting(float[] luma, int width, int height, float[] blurWork) {
        checkSize(luma == null ? -1 : luma.length, width, height, "luma");
        float[] work = needsSquash(width, height) ? copyLuma(luma, width, height) : luma;
        float[] dct = dctFromLuma(work, width, height, blurWork);
        return dct == null ? zero() : new PdqHash(bits(dct), quality(dct));
    }

    /**
     * As {@link #hashLuma}, with the blur computed directly at the 64 x 64 samples
     * ({@code JaroszFilter.blurAndDecimateAtSamples}): the same filter, a tenth of its cost, but
     * the float rounding differs from the reference's running sums, so a coefficient within
     * rounding of the median can flip. For planes that are approximate already (the JPEG fast
     * path's luminance, which is not the C++'s decode bit for bit); exact callers use
     * {@link #hashLuma}. The array is not modified.
     */
    public PdqHash hashLumaBlurredAtSamples(float[] luma, int width, int height) {
        checkSize(luma == null ? -1 : luma.length, width, height, "luma");
        float[] plane = luma;
        if (needsSquash(width, height)) {
            plane = copyLuma(luma, width, height);
            width = CANONICAL_SIZE;
            height = CANONICAL_SIZE;
        }
        if (width < MIN_HASHABLE_DIM || height < MIN_HASHABLE_DIM) {
            return zero();
        }
        float[] block = new float[64 * 64];
        if (width == 64 && height == 64) {
            System.arraycopy(plane, 0, block, 0, block.length);
        } else {
            JaroszFilter.blurAndDecimateAtSamples(plane, width, height, block);
        }
        float[] dct = new float[257];
        Dct16.dct64To16(block, dct);
        dct[256] = qualityOf(block);
        return new PdqHash(bits(dct), quality(dct));
    }

    /** The hashes of all 8 dihedral variants of a luminance plane. The array is not modified. */
    public DihedralHashes hashLumaDihedral(float[] luma, int width, int height) {
        return dihedral(dctFromLuma(copyLuma(luma, width, height), width, height, null));
    }

    // ---------------------------------------------------------------- step 0 and 1

    /**
     * The luma plane, squashed to 512 x 512 first when this hasher squashes and the picture is big:
     * in {@code work} when that holds {@link #workLength} floats (its first width x height, after
     * any squash, written), else in a fresh array.
     */
    private float[] lumaFromRgb(int[] rgb, int width, int height, float[] work) {
        checkSize(rgb == null ? -1 : rgb.length, width, height, "rgb");
        boolean useWork = work != null && work.length >= workLength(width, height);
        if (needsSquash(width, height)) {
            int n = CANONICAL_SIZE;
            float[] luma = useWork ? work : new float[n * n];
            int[] cols = nearestIndices(width);
            for (int y = 0; y < n; y++) {
                int rowBase = (int) ((long) y * height / n) * width;
                int o = y * n;
                for (int x = 0; x < n; x++) {
                    luma[o + x] = luma(rgb[rowBase + cols[x]]);
                }
            }
            return luma;
        }
        int count = width * height;
        float[] luma = useWork ? work : new float[count];
        for (int i = 0; i < count; i++) {
            luma[i] = luma(rgb[i]);
        }
        return luma;
    }

    private float[] copyLuma(float[] luma, int width, int height) {
        checkSize(luma == null ? -1 : luma.length, width, height, "luma");
        if (needsSquash(width, height)) {
            int n = CANONICAL_SIZE;
            float[] out = new float[n * n];
            int[] cols = nearestIndices(width);
            for (int y = 0; y < n; y++) {
                int rowBase = (int) ((long) y * height / n) * width;
                for (int x = 0; x < n; x++) {
                    out[y * n + x] = luma[rowBase + cols[x]];
                }
            }
            return out;
        }
        return java.util.Arrays.copyOf(luma, width * height);
    }

    private boolean needsSquash(int width, int height) {
        return squash && (width > CANONICAL_SIZE || height > CANONICAL_SIZE);
    }

    /** Source index floor(x * size / 512) for each of the 512 target positions. */
    private static int[] nearestIndices(int size) {
        int[] idx = new int[CANONICAL_SIZE];
        for (int x = 0; x < CANONICAL_SIZE; x++) {
            idx[x] = (int) ((long) x * size / CANONICAL_SIZE);
        }
        return idx;
    }

    static float luma(int rgb) {
        // float * int in the reference too: each channel is converted to float, then multiplied
        return LUMA_R * ((rgb >> 16) & 0xFF) + LUMA_G * ((rgb >> 8) & 0xFF) + LUMA_B * (rgb & 0xFF);
    }

    private static void checkSize(int length, int width, int height, String what) {
        if (length < 0) {
            throw new IllegalArgumentException(what + " pixels must not be null");
        }
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("width and height must be positive, got " + width + "x" + height);
        }
        long count = (long) width * height;
        if (count != length) {
            throw new IllegalArgumentException(what + " must hold width*height = " + count + " pixels for "
                    + width + "x" + height + ", got " + length);
        }
    }

    // ---------------------------------------------------------------- steps 2-5

    /**
     * The 16 x 16 DCT (row-major) followed by the quality in element 256, or null when the picture
     * is too small to hash. {@code luma} (after any squash; may be longer than the picture) is
     * overwritten; {@code blurWork} as in {@link #hashLumaOverwriting(float[], int, int, float[])}.
     */
    private float[] dctFromLuma(float[] luma, int width, int height, float[] blurWork) {
        if (needsSquash(width, height)) {
            width = CANONICAL_SIZE;
            height = CANONICAL_SIZE;
        }
        if (width < MIN_HASHABLE_DIM || height < MIN_HASHABLE_DIM) {
            return null;
        }
        float[] block = new float[64 * 64];
        if (width == 64 && height == 64) {
            System.arraycopy(luma, 0, block, 0, block.length);
        } else {
            JaroszFilter.blurAndDecimate(luma, width, height, block, blurWork);
        }
        float[] out = new float[257];
        Dct16.dct64To16(block, out);
        out[256] = qualityOf(block);
        return out;
    }

    /** Step 4, on the 64 x 64 samples. */
    static int qualityOf(float[] block) {
        int gradientSum = 0;
        for (int i = 0; i < 63; i++) {
            for (int j = 0; j < 64; j++) {
                gradientSum += Math.abs((int) ((block[i * 64 + j] - block[(i + 1) * 64 + j]) * 100 / 255));
            }
        }
        for (int i = 0; i < 64; i++) {
            for (int j = 0; j < 63; j++) {
                gradientSum += Math.abs((int) ((block[i * 64 + j] - block[i * 64 + j + 1]) * 100 / 255));
            }
        }
        return Math.min(100, gradientSum / 90);
    }

    // ---------------------------------------------------------------- step 6 and the variants

    private static int quality(float[] dctAndQuality) {
        return (int) dctAndQuality[256];
    }

    private static PdqHash zero() {
        return new PdqHash(Hash256.ZERO, 0);
    }

    private static DihedralHashes dihedral(float[] dct) {
        List<PdqHash> out = new ArrayList<>(8);
        if (dct == null) {
            for (int i = 0; i < 8; i++) {
                out.add(zero());
            }
            return new DihedralHashes(out);
        }
        int quality = quality(dct);
        float[] variant = new float[256];
        for (Dihedral d : Dihedral.values()) {
            Dct16.transform(dct, d, variant);
            out.add(new PdqHash(bits(variant), quality));
        }
        return new DihedralHashes(out);
    }

    /** Bit 16 i + j is set when coefficient (i, j) exceeds the median of the 256. */
    static Hash256 bits(float[] dct) {
        float median = Median.of256(dct);
        long[] words = new long[4];
        for (int k = 0; k < 256; k++) {
            if (dct[k] > median) {
                words[3 - (k >> 6)] |= 1L << (k & 63);
            }
        }
        return new Hash256(words[0], words[1], words[2], words[3]);
    }
}
