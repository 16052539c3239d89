package org.reportonce.hashing.signalset;

/**
 * Decoded pixels in the convention every hasher here uses: packed {@code 0xRRGGBB} per pixel,
 * row-major, alpha already composited (the high byte is ignored).
 *
 * <p>The array is not copied: callers hand over ownership. Pure Java (no AWT) so the browser build
 * can compile it.
 */
public record RgbImage(int width, int height, int[] rgb) {

    public RgbImage {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException(
                    "image must be at least 1x1 pixels, got " + width + "x" + height);
        }
        if (rgb == null) {
            throw new IllegalArgumentException("pixel array must not be null");
        }
        if ((long) width * height != rgb.length) {
            throw new IllegalArgumentException("pixel array must hold width*height = "
                    + ((long) width * height) + " pixels, got " + rgb.length);
        }
    }

    /** The packed colour at (x, y). */
    public int pixel(int x, int y) {
        return rgb[y * width + x];
    }
}
