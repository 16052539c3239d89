package org.reportonce.hashing.image;

/**
 * A luminance plane (0..255 as floats, row-major) ready for {@code PdqHasher.hashLuma}.
 */
public record LumaImage(int width, int height, float[] luma) {

    public LumaImage {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("width and height must be positive, got " + width + "x" + height);
        }
        if (luma == null || (long) width * height != luma.length) {
            throw new IllegalArgumentException("luma must hold width*height = " + ((long) width * height)
                    + " values, got " + (luma == null ? "null" : String.valueOf(luma.length)));
        }
    }
}
