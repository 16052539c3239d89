package org.reportonce.eval;

import java.awt.image.BufferedImage;
import java.util.Random;
import org.reportonce.hashing.signalset.RgbImage;

/** Shared plumbing: the seeded edited copy of an original, as a platform would receive it. */
public final class Harness {
    private Harness() {}

    /**
     * Applies edit {@code editIndex} to original {@code imageIndex}, with randomness seeded by the
     * three numbers, then (except for the JPEG edits, which are their own encoding) JPEG-encodes at
     * {@code uploadQuality} percent as an upload would be; 0 skips that step.
     */
    public static BufferedImage editedCopy(BufferedImage original, int imageIndex, int editIndex, Edits.Edit edit,
                                           long seed, int uploadQuality) {
        Random rnd = new Random(mix(seed, imageIndex, editIndex));
        BufferedImage out = edit.apply(original, rnd);
        if (uploadQuality > 0 && edit.kind() != EditKind.JPEG_LOW_QUALITY) {
            out = Edits.jpeg(out, uploadQuality / 100f);
        }
        return out;
    }

    static long mix(long seed, int a, int b) {
        long h = seed * 0x9E3779B97F4A7C15L + a * 0xC2B2AE3D27D4EB4FL + b * 0x165667B19E3779F9L;
        h ^= h >>> 31;
        return h * 0xBF58476D1CE4E5B9L;
    }

    public static int[] pixels(BufferedImage img) {
        BufferedImage rgb = Edits.toRgb(img);
        return rgb.getRGB(0, 0, rgb.getWidth(), rgb.getHeight(), null, 0, rgb.getWidth());
    }

    public static RgbImage rgbImage(BufferedImage img) {
        return new RgbImage(img.getWidth(), img.getHeight(), pixels(img));
    }
}
