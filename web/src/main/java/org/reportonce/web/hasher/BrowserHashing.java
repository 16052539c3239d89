package org.reportonce.web.hasher;

import org.reportonce.hashing.pdq.Dihedral;
import org.reportonce.hashing.pdq.DihedralHashes;
import org.reportonce.hashing.pdq.PdqHasher;
import org.reportonce.hashing.signalset.SignalMember;
import org.reportonce.hashing.signalset.SignalSet;
import org.reportonce.hashing.signalset.SignalSets;

/**
 * What the browser's hashing worker asks of the Java core, in plain Java so the JVM tests can hold
 * it to the {@code hashing} module: pixels as the canvas gives them (RGBA, one value per channel)
 * in, the PDQ hash, its quality and the 8 dihedral hashes out, as a small JSON text.
 *
 * <p><b>Big pictures.</b> The canonical pipeline squashes a picture wider or taller than 512 px to
 * 512 x 512, taking source pixel {@code floor(x * W / 512)} (and likewise for rows). The worker
 * does that sampling itself before it reads pixels — one source row at a time — so a phone photo
 * never needs a second full-size copy; {@link #canonicalWidth}, {@link #canonicalHeight} and
 * {@link #sourceIndex} tell it which pixels, and the JVM test proves the pre-squashed result hashes
 * exactly as {@link PdqHasher#canonical()} hashes the whole picture.
 *
 * <p><b>Signal sets</b> (the edit-resilient hashes a report submits: the plain PDQ plus crops and
 * small turns, see {@link SignalSets}) need the whole picture, not the 512 squash: {@link #signalSet}
 * takes the full-size pixels and runs {@link SignalSets#forReport} — the same code the CLI and
 * platforms run, so the portal submits exactly their hashes.
 *
 * <p><b>Alpha</b> is ignored, as the Java decoder does (it hashes each pixel's stored colour).
 */
final class BrowserHashing {
    private BrowserHashing() {}

    static int canonicalWidth(int width, int height) {
        checkDimensions(width, height);
        return squashes(width, height) ? PdqHasher.CANONICAL_SIZE : width;
    }

    static int canonicalHeight(int width, int height) {
        checkDimensions(width, height);
        return squashes(width, height) ? PdqHasher.CANONICAL_SIZE : height;
    }

    /** The source pixel (column or row) that target position {@code i} of {@code outLength} samples. */
    static int sourceIndex(int i, int sourceLength, int outLength) {
        if (i < 0 || i >= outLength || sourceLength < 1) {
            throw new IllegalArgumentException(
                    "index must be 0.." + (outLength - 1) + " of a side of " + sourceLength + " pixels, got " + i);
        }
        return (int) ((long) i * sourceLength / outLength);
    }

    /**
     * Hashes RGBA samples (4 per pixel, each 0..255, row-major) with the canonical PDQ hasher.
     *
     * @return {@code {"quality":Q,"hashes":{"orig":"…","rot90":"…",…}}}
     */
    static String hashRgba(int[] rgba, int width, int height) {
        checkDimensions(width, height);
        return json(PdqHasher.canonical().hashRgbDihedral(rgb(rgba, width, height), width, height));
    }

    /**
     * The signal set a report of this picture submits, from its full-size RGBA samples.
     *
     * @return {@code {"members":[{"variant":"orig","hash":"…","quality":Q},…]}}, the plain hash first
     */
    static String signalSet(int[] rgba, int width, int height) {
        checkDimensions(width, height);
        SignalSet set = SignalSets.forReport(rgb(rgba, width, height), width, height);
        StringBuilder out = new StringBuilder(100 * set.size()).append("{\"members\":[");
        for (int i = 0; i < set.members().size(); i++) {
            SignalMember m = set.members().get(i);
            if (i > 0) out.append(',');
            out.append("{\"variant\":\"").append(m.variant()).append("\",\"hash\":\"").append(m.hash().toHex())
                    .append("\",\"quality\":").append(m.quality()).append('}');
        }
        return out.append("]}").toString();
    }

    private static int[] rgb(int[] rgba, int width, int height) {
        if (rgba.length != 4 * width * height) {
            throw new IllegalArgumentException("expected " + (4L * width * height) + " RGBA values for "
                    + width + "x" + height + ", got " + rgba.length);
        }
        int[] rgb = new int[width * height];
        for (int p = 0, i = 0; p < rgb.length; p++, i += 4) {
            rgb[p] = (rgba[i] & 0xFF) << 16 | (rgba[i + 1] & 0xFF) << 8 | (rgba[i + 2] & 0xFF);
        }
        return rgb;
    }

    static String json(DihedralHashes hashes) {
        StringBuilder out = new StringBuilder(700);
        out.append("{\"quality\":").append(hashes.original().quality()).append(",\"hashes\":{");
        Dihedral[] variants = Dihedral.values();
        for (int i = 0; i < variants.length; i++) {
            if (i > 0) out.append(',');
            out.append('"').append(variants[i].wireName()).append("\":\"")
                    .append(hashes.get(variants[i]).hash().toHex()).append('"');
        }
        return out.append("}}").toString();
    }

    private static boolean squashes(int width, int height) {
        return width > PdqHasher.CANONICAL_SIZE || height > PdqHasher.CANONICAL_SIZE;
    }

    private static void checkDimensions(int width, int height) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("picture must be at least 1x1, got " + width + "x" + height);
        }
    }
}
