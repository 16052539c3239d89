package org.reportonce.hashing.image;

/**
 * Decoded pixels ready for hashing.
 *
 * @param rgb width * height pixels, row-major, each 0xRRGGBB (top byte zero)
 */
public record DecodedImage(int width, int height, int[] rgb) {

    public DecodedImage {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("width and height must be positive, got " + width + "x" + height);
        }
        if (rgb == null || (long) width * height != rgb.length) {
            throw new IllegalArgumentException("rgb must hold width*height = " + ((long) width * height)
                    + " pixels, got " + (rgb == null ? "null" : String.valueOf(rgb.length)));
        }
    }
}
