package org.reportonce.hashing.image;

/**
 * The luminance plane canonical PDQ hashes, from the fast JPEG path, and the packed 0xRRGGBB colours
 * of the picture's four outermost sampled lines: {@code edgeRgb[0]} left (top to bottom), {@code [1]}
 * top, {@code [2]} right (top to bottom), {@code [3]} bottom (left to right), each over the distinct
 * source pixels the 512 x 512 squash samples. The colours come from the JPEG's chroma at the nearest
 * chroma sample (not libjpeg's interpolating upsampling), so they may differ from a complete decode
 * by a few levels. {@code edgeRgb} is null when the file does not give them cheaply (progressive).
 *
 * <p>{@code blockMeans} is the picture at 1/8 scale, ceil(width / 8) x ceil(height / 8): the mean
 * colour of each 8 x 8 block, from the blocks' DC coefficients (which the decoder reads anyway),
 * with each block's chroma from the chroma block covering it; within a few levels of averaging a
 * complete decode. Null when the file does not give every component's DC (a progressive file whose
 * chroma DC comes in scans of its own).
 */
public record LumaAndEdges(LumaImage luma, int[][] edgeRgb, DecodedImage blockMeans) {
    public LumaAndEdges {
        if (luma == null) {
            throw new IllegalArgumentException("luma must not be null");
        }
        if (edgeRgb != null && edgeRgb.length != 4) {
            throw new IllegalArgumentException("edgeRgb must hold 4 lines (left, top, right, bottom), got " + edgeRgb.length);
        }
    }
}
