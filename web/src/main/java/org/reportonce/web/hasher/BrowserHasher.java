package org.reportonce.web.hasher;

import org.teavm.jso.JSExport;
import org.teavm.jso.typedarrays.Uint8Array;
import org.teavm.jso.typedarrays.Uint8ClampedArray;

/**
 * The portal's hashing entry point, compiled by TeaVM to {@code web/hasher/reportonce-hasher.js}
 * (an ES module) and run inside a Web Worker ({@code web/assets/js/hash-worker.js}). Each
 * {@link JSExport} method becomes a named export of that module.
 *
 * <p>It is a thin adapter: JavaScript typed arrays in, strings out. The work is done by plain Java
 * that the JVM tests exercise directly — {@link BrowserHashing} for PDQ (the {@code hashing} module's
 * {@code PdqHasher}, the same class the hub and the platforms run) and {@link Md5} for the exact hash. Nothing here touches the
 * network: the worker posts results back to the page, which sends only hashes to the hub.
 */
public final class BrowserHasher {
    private BrowserHasher() {}

    private static final int MAX_STREAMS = 64;
    private static final Md5[] STREAMS = new Md5[MAX_STREAMS];

    /** Starts a streamed MD5; returns the handle to pass to {@link #md5Update} and {@link #md5Finish}. */
    @JSExport
    public static int md5Start() {
        for (int h = 0; h < MAX_STREAMS; h++) {
            if (STREAMS[h] == null) {
                STREAMS[h] = new Md5();
                return h;
            }
        }
        throw new IllegalStateException("more than " + MAX_STREAMS + " files hashed at once");
    }

    /** Feeds one chunk of the file (the worker reads files in slices, so memory stays bounded). */
    @JSExport
    public static void md5Update(int handle, Uint8Array chunk) {
        Md5 md5 = stream(handle);
        int n = chunk.getLength();
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
            bytes[i] = (byte) chunk.get(i);
        }
        md5.update(bytes, 0, n);
    }

    /** Finishes the MD5 and frees the handle; returns 32 lowercase hex characters. */
    @JSExport
    public static String md5Finish(int handle) {
        Md5 md5 = stream(handle);
        STREAMS[handle] = null;
        return md5.hex();
    }

    private static Md5 stream(int handle) {
        if (handle < 0 || handle >= MAX_STREAMS || STREAMS[handle] == null) {
            throw new IllegalArgumentException("no MD5 in progress with handle " + handle);
        }
        return STREAMS[handle];
    }

    /** Side of the picture the worker should sample before hashing (512 when the picture is squashed). */
    @JSExport
    public static int canonicalWidth(int width, int height) {
        return BrowserHashing.canonicalWidth(width, height);
    }

    @JSExport
    public static int canonicalHeight(int width, int height) {
        return BrowserHashing.canonicalHeight(width, height);
    }

    /** The source column or row that sample {@code i} of {@code outLength} is taken from (nearest neighbour). */
    @JSExport
    public static int sourceIndex(int i, int sourceLength, int outLength) {
        return BrowserHashing.sourceIndex(i, sourceLength, outLength);
    }

    /**
     * Hashes canvas pixels ({@code ImageData.data}: RGBA, row-major). Returns JSON text:
     * {@code {"quality":Q,"hashes":{"orig":"…",…,"flip_minus1":"…"}}}.
     */
    @JSExport
    public static String hashRgba(Uint8ClampedArray rgba, int width, int height) {
        int n = rgba.getLength();
        int[] values = new int[n];
        for (int i = 0; i < n; i++) {
            values[i] = rgba.get(i);
        }
        return BrowserHashing.hashRgba(values, width, height);
    }

    /**
     * The signal set of a picture (plain PDQ plus the edit-anticipating variants), from its full-size
     * canvas pixels. Returns JSON text: {@code {"members":[{"variant":"orig","hash":"…","quality":Q},…]}}.
     */
    @JSExport
    public static String signalSetRgba(Uint8ClampedArray rgba, int width, int height) {
        int n = rgba.getLength();
        int[] values = new int[n];
        for (int i = 0; i < n; i++) {
            values[i] = rgba.get(i);
        }
        return BrowserHashing.signalSet(values, width, height);
    }
}
