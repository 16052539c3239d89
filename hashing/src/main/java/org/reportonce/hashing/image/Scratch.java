package org.reportonce.hashing.image;

import java.lang.ref.SoftReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.zip.Inflater;

/**
 * The big working arrays of one fast-path hash (the 512 x 512 luminance plane, the blur's
 * intermediate plane, a PNG's sampled pixels and scanline blocks, a progressive JPEG's coefficient
 * store, and the {@link Inflater}), lent out by a small pool so that hashing image after image
 * allocates them once instead of once per image. Internal plumbing of {@code ImageHashing.pdqFast};
 * not API.
 *
 * <p>Why: per image the fast path needed 1-3 MB of arrays (several 1 MB planes, a 3 MB coefficient
 * store for a 1600 x 1004 progressive photo). Allocating them meant zeroing them, and with G1's
 * default region size at a benchmark's heap (1-2 MB regions) each was a humongous object, allocated
 * outside the young generation and reclaimed only by special collections; the runs spread from
 * ~140 to ~205 images/s from one JVM launch to the next (docs/benchmarks.md, Hashing, session 4).
 *
 * <p>How, and why not a plain {@code ThreadLocal}: a thread {@link #borrow() borrows} a Scratch for
 * one call and {@link #close() returns} it; the pool keeps at most {@link #POOL_SIZE} of them (the
 * number of processors, at most 16), each behind a {@link SoftReference}, so
 * <ul>
 *   <li>the memory held is bounded by the number of cores, not of threads: a platform hashing on
 *       thousands of virtual threads, or on a pool that grows and shrinks, holds no more (a
 *       ThreadLocal would keep megabytes in every thread that ever hashed, until it dies);</li>
 *   <li>the collector may take the arrays back whenever memory runs short (the pool then starts
 *       again from nothing);</li>
 *   <li>a borrower that finds the pool empty (more threads hashing at once than slots) gets a fresh
 *       Scratch, and returning it when the pool is full drops it: nothing waits, nothing grows.</li>
 * </ul>
 * Borrowing and returning cost one atomic swap each. No array bigger than {@link #MAX_KEPT_BYTES}
 * is kept (a progressive 12-megapixel photo's coefficient store, ~24 MB, is allocated per call as
 * before), so a pooled Scratch holds at most a few megabytes plus one such array.
 *
 * <p><b>No data crosses from one image to the next</b>: every array lent out is either written in
 * full before it is read (the planes, the sampled pixels, the scanline blocks), or cleared here
 * over the length asked for ({@link #pngPrevious}, {@link #nonzero}), or read only where written
 * for the current image (the coefficient store: a coefficient is read only when the current image's
 * scans stored it, see {@code JpegLumaDecoder.decodeProgressive}). A method that returns arrays of a
 * Scratch (e.g. {@code ImageDecoder.squashedLumaForCanonicalPdq(byte[], String, Scratch)}) hands
 * them out only until the Scratch is closed.
 *
 * <p>The Inflater is pooled for the same reason (it was one per thread before): creating one
 * (native zlib state, a cleaner) cost ~10 % of the Java time of the small palette and 1-bit PNGs.
 *
 * <p>{@link #unpooled()} gives a Scratch that allocates every array fresh and whose close only
 * releases its Inflater: the scratch-less public methods use it, so they return arrays the caller
 * owns, as before.
 */
public final class Scratch implements AutoCloseable {

    /** Slots in the pool: the number of processors, 2 to 16. */
    static final int POOL_SIZE = Math.max(2, Math.min(16, Runtime.getRuntime().availableProcessors()));

    /** Arrays above this size are used once and not kept. */
    static final long MAX_KEPT_BYTES = 8L << 20;

    private static final AtomicReferenceArray<SoftReference<Scratch>> POOL = new AtomicReferenceArray<>(POOL_SIZE);

    private final boolean pooled;
    private float[] sampled;
    private float[] plane;
    private float[] blur;
    private int[] rgb;
    private byte[] pngBlock;
    private byte[] pngPrevious;
    private byte[] pngCompressed;
    private short[] coefficients;
    private long[] nonzero;
    private Inflater inflater;

    private Scratch(boolean pooled) {
        this.pooled = pooled;
    }

    /** A Scratch from the pool, or a new one when the pool is empty; {@link #close()} returns it. */
    public static Scratch borrow() {
        for (int i = 0; i < POOL_SIZE; i++) {
            if (POOL.get(i) != null) {
                SoftReference<Scratch> ref = POOL.getAndSet(i, null);
                Scratch s = ref == null ? null : ref.get();
                if (s != null) return s;
            }
        }
        return new Scratch(true);
    }

    /** A Scratch that keeps nothing: every array is allocated for the caller to own. */
    static Scratch unpooled() {
        return new Scratch(false);
    }

    /** Returns a pooled Scratch to the pool (dropped when the pool is full); ends an unpooled one's Inflater. */
    @Override
    public void close() {
        if (!pooled) {
            if (inflater != null) inflater.end();
            inflater = null;
            return;
        }
        if (inflater != null) inflater.reset(); // drops its reference to the last image's bytes
        SoftReference<Scratch> ref = new SoftReference<>(this);
        for (int i = 0; i < POOL_SIZE; i++) {
            if (POOL.get(i) == null && POOL.compareAndSet(i, null, ref)) return;
        }
        if (inflater != null) inflater.end(); // pool full: dropped
    }

    private boolean keep(long bytes) {
        return pooled && bytes <= MAX_KEPT_BYTES;
    }

    /** At least {@code n} floats for the JPEG decoder's sampled luminance; of exactly 512 x 512 when n is that or less. */
    float[] sampledLuma(int n) {
        float[] a = sampled;
        if (a != null && a.length >= n) return a;
        a = new float[pooled ? Math.max(n, 512 * 512) : n];
        if (keep(4L * a.length)) sampled = a;
        return a;
    }

    /** Exactly {@code n} floats: a luminance plane (written in full by its user). */
    float[] lumaPlane(int n) {
        float[] a = plane;
        if (a != null && a.length == n) return a;
        a = new float[n];
        if (keep(4L * n)) plane = a;
        return a;
    }

    /** At least {@code n} floats for a luminance plane (written in full by its user); the same array as {@link #lumaPlane}. */
    public float[] lumaWork(int n) {
        float[] a = plane;
        if (a != null && a.length >= n) return a;
        a = new float[n];
        if (keep(4L * n)) plane = a;
        return a;
    }

    /** At least {@code n} floats for the PDQ blur's intermediate plane (written in full before it is read). */
    public float[] blurWork(int n) {
        float[] a = blur;
        if (a != null && a.length >= n) return a;
        a = new float[n];
        if (keep(4L * n)) blur = a;
        return a;
    }

    /** Exactly {@code n} ints of packed RGB (written in full by the PNG sampler before it returns them). */
    int[] rgb(int n) {
        int[] a = rgb;
        if (a != null && a.length == n) return a;
        a = new int[n];
        if (keep(4L * n)) rgb = a;
        return a;
    }

    /** At least {@code n} bytes for a block of PNG scanlines (inflated into before it is read). */
    byte[] pngBlock(int n) {
        byte[] a = pngBlock;
        if (a != null && a.length >= n) return a;
        a = new byte[n];
        if (keep(n)) pngBlock = a;
        return a;
    }

    /** At least {@code n} bytes for a PNG's image data gathered from its IDAT chunks (written before it is read). */
    byte[] pngCompressed(int n) {
        byte[] a = pngCompressed;
        if (a != null && a.length >= n) return a;
        a = new byte[n];
        if (keep(n)) pngCompressed = a;
        return a;
    }

    /** At least {@code n} bytes, the first {@code n} zero: the PNG row above the first. */
    byte[] pngPrevious(int n) {
        byte[] a = pngPrevious;
        if (a != null && a.length >= n) {
            java.util.Arrays.fill(a, 0, n, (byte) 0);
            return a;
        }
        a = new byte[n];
        if (keep(n)) pngPrevious = a;
        return a;
    }

    /**
     * At least {@code n} shorts for a progressive JPEG's coefficient store, <b>not cleared</b>: its
     * user reads a coefficient only where the current image stored one.
     */
    short[] coefficients(int n) {
        short[] a = coefficients;
        if (a != null && a.length >= n) return a;
        a = new short[n];
        if (keep(2L * n)) coefficients = a;
        return a;
    }

    /** At least {@code n} longs, the first {@code n} zero: a progressive JPEG's per-block coefficient masks. */
    long[] nonzero(int n) {
        long[] a = nonzero;
        if (a != null && a.length >= n) {
            java.util.Arrays.fill(a, 0, n, 0L);
            return a;
        }
        a = new long[n];
        if (keep(8L * n)) nonzero = a;
        return a;
    }

    /** This Scratch's Inflater, reset. */
    Inflater inflater() {
        if (inflater == null) inflater = new Inflater();
        inflater.reset();
        return inflater;
    }
}
