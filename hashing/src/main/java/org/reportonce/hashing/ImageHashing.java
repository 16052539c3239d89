package org.reportonce.hashing;

import java.nio.file.Path;
import org.reportonce.hashing.image.DecodedImage;
import org.reportonce.hashing.image.ImageDecodeException;
import org.reportonce.hashing.image.ImageDecoder;
import org.reportonce.hashing.image.LumaImage;
import org.reportonce.hashing.image.Scratch;
import org.reportonce.hashing.pdq.DihedralHashes;
import org.reportonce.hashing.pdq.PdqHash;
import org.reportonce.hashing.pdq.PdqHasher;

/**
 * Files and bytes to PDQ hashes: decode ({@link ImageDecoder}), then hash ({@link PdqHasher}).
 * Without a hasher argument the canonical (C++/StopNCII-compatible) hasher is used. A JPEG's
 * embedded ICC profile is ignored on every path (see {@link ImageDecoder}).
 *
 * @throws ImageDecodeException (from every method) when the input is not a decodable image
 */
public final class ImageHashing {
    private ImageHashing() {}

    public static PdqHash pdq(Path file) {
        return pdq(file, PdqHasher.canonical());
    }

    public static PdqHash pdq(byte[] bytes) {
        return pdq(bytes, PdqHasher.canonical());
    }

    public static PdqHash pdq(Path file, PdqHasher hasher) {
        DecodedImage img = ImageDecoder.decode(file);
        return hasher.hashRgb(img.rgb(), img.width(), img.height());
    }

    public static PdqHash pdq(byte[] bytes, PdqHasher hasher) {
        DecodedImage img = ImageDecoder.decode(bytes);
        return hasher.hashRgb(img.rgb(), img.width(), img.height());
    }

    /**
     * Canonical PDQ by the fastest faithful path: big baseline JPEGs are decoded only at the
     * pixels the 512 x 512 squash samples, and only their luminance; 8-bit PNGs are inflated and
     * unfiltered but colour-converted only at the sampled pixels (bit-identical to the complete
     * decode); everything else exactly as {@link #pdq(byte[])}. No path applies a JPEG's embedded ICC
     * profile (as ImageMagick, the C++ reference's reader, and the browser portal do not; see
     * {@link ImageDecoder}), so the exact and the fast path agree on colour-managed photos. Within a few bits of the
     * exact hash, never more than the parity bar (4) on Meta's test images; several times faster on
     * large JPEG photos. For matching uploads at volume; use {@link #pdq(byte[])} where bit-exact
     * parity with other implementations matters (e.g. hashes submitted in a report).
     */
    public static PdqHash pdqFast(byte[] bytes) {
        return pdqFast(bytes, "image");
    }

    /** {@link #pdqFast(byte[])} of a file. */
    public static PdqHash pdqFast(Path file) {
        byte[] bytes;
        try {
            bytes = java.nio.file.Files.readAllBytes(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
        }
        return pdqFast(bytes, file.toString());
    }

    /**
     * The fast path with its big working arrays (planes, coefficient store, PNG buffers) borrowed
     * from a small pool for the duration of the call ({@link Scratch}): no megabyte arrays
     * allocated per image.
     */
    private static PdqHash pdqFast(byte[] bytes, String source) {
        PdqHasher hasher = PdqHasher.canonical();
        ImageDecoder decoder = ImageDecoder.standard();
        try (Scratch scratch = Scratch.borrow()) {
            LumaImage luma = decoder.squashedLumaForCanonicalPdq(bytes, source, scratch);
            if (luma != null) {
                // the plane is approximate already (luminance only, float IDCT): the blur need not
                // be bit-exact either, and computed at the samples only it costs a tenth
                return hasher.hashLumaBlurredAtSamples(luma.luma(), luma.width(), luma.height());
            }
            DecodedImage img = decoder.canonicalPdqPixelsOfPng(bytes, source, scratch);
            if (img == null) {
                img = decoder.read(bytes, source, scratch);
            }
            int work = hasher.workLength(img.width(), img.height());
            return hasher.hashRgb(img.rgb(), img.width(), img.height(), scratch.lumaWork(work), scratch.blurWork(work));
        }
    }

    public static DihedralHashes pdqDihedral(Path file) {
        return pdqDihedral(file, PdqHasher.canonical());
    }

    public static DihedralHashes pdqDihedral(byte[] bytes) {
        return pdqDihedral(bytes, PdqHasher.canonical());
    }

    public static DihedralHashes pdqDihedral(Path file, PdqHasher hasher) {
        DecodedImage img = ImageDecoder.decode(file);
        return hasher.hashRgbDihedral(img.rgb(), img.width(), img.height());
    }

    public static DihedralHashes pdqDihedral(byte[] bytes, PdqHasher hasher) {
        DecodedImage img = ImageDecoder.decode(bytes);
        return hasher.hashRgbDihedral(img.rgb(), img.width(), img.height());
    }
}
