package org.reportonce.hashing.signalset;

/**
 * Geometric operations on packed-RGB pixel arrays, written in plain Java so the browser build
 * (TeaVM) runs exactly the same code as the JVM: crop, rotation, affine resampling and the trimming
 * of uniform borders.
 *
 * <h2>Coordinates</h2>
 * Continuous coordinates: pixel {@code (i, j)} covers {@code [i, i+1) x [j, j+1)} and its centre is
 * {@code (i + 0.5, j + 0.5)}. {@link #warp} maps every output pixel centre through an affine map to
 * a source point and samples it bilinearly; points outside the source take a fill colour. When the
 * map shrinks by 2x or more, the source is first box-averaged by the integer part of the shrink
 * factor, so a large photo rendered into a small variant does not alias (PDQ works on low
 * frequencies, and aliasing would move hashes for nothing).
 *
 * <h2>Border trimming</h2>
 * {@link #uniformBorders} peels lines off the four edges while a line is "uniform": at least
 * {@value #UNIFORM_FRACTION_PERCENT}% of its pixels lie within {@value #TOLERANCE} (per channel) of
 * the line's per-channel median. Each line is judged on its own, so a frame made of bands of
 * different colours (a phone status bar, then a white margin) peels off band by band, and a few
 * glyphs in a band (a clock, an icon) do not stop it. Once a side has peeled a uniform line, a line
 * that is not uniform still peels when at least {@value #FRAME_FRACTION_PERCENT}% of it has that
 * line's colour: the header, icons and caption of an app's frame around a picture. Peeling never leaves less than a quarter of
 * either dimension, and a trim of a pixel or two (a JPEG edge) is ignored. A flat sky or wall at an
 * edge of a photo also peels: callers keep the untrimmed image as well.
 *
 * <p>An added border is painted, so its lines are <em>exactly</em> uniform ({@value
 * #EXACT_FRACTION_PERCENT}% within {@value #EXACT_TOLERANCE}; JPEG leaves flat blocks flat), while a
 * photo's flat edge is only uniform within {@value #TOLERANCE}. When a border has the colour of the
 * picture's edge, the loose rule would peel on into the picture (by hundreds of lines on a dark sky
 * behind a black frame) and the trimmed upload would be a crop the report never hashed. So once a
 * side has peeled an exactly uniform line, it stops after {@value #MIN_LOOSE_RUN} (or {@value
 * #LOOSE_RUN_PERCENT}% of the side) further lines of which less than {@value
 * #FRAME_FRACTION_PERCENT}% has exactly that line's colour (lines of text or icons on an app's frame
 * keep most of it exact and do not count), and goes back to {@value #SEAM} lines past the last exact
 * one (the JPEG seam). Pictures without an exactly uniform edge line trim as before.
 */
public final class ImageOps {
    /** Per-channel distance to the line's median colour that still counts as "the same colour". */
    static final int TOLERANCE = 24;
    /** Share of a line's pixels that must be the same colour for the line to be a border. */
    static final int UNIFORM_FRACTION_PERCENT = 92;
    /** Share of a line that must have the frame's colour for a band with glyphs to count as frame. */
    static final int FRAME_FRACTION_PERCENT = 60;

    private ImageOps() {}

    /** How a rotation treats the corners that the rotated picture no longer covers. */
    public enum RotationFit {
        /** Same canvas size; uncovered corners take the fill colour (what a basic editor does). */
        KEEP_CANVAS,
        /**
         * Zoom in until the rotated picture covers the whole canvas (the largest centred rectangle of the
         * same aspect ratio; what a phone's "straighten" does). No fill colour appears.
         */
        CROP_TO_FILL
    }

    /** Pixels trimmed from each side. */
    public record Insets(int left, int top, int right, int bottom) {
        public static final Insets NONE = new Insets(0, 0, 0, 0);

        public Insets {
            if (left < 0 || top < 0 || right < 0 || bottom < 0) {
                throw new IllegalArgumentException("insets must not be negative, got "
                        + left + "," + top + "," + right + "," + bottom);
            }
        }

        public boolean isNone() {
            return left == 0 && top == 0 && right == 0 && bottom == 0;
        }
    }

    /** The rectangle {@code [x, x+w) x [y, y+h)}, copied. */
    public static RgbImage crop(RgbImage src, int x, int y, int w, int h) {
        if (w < 1 || h < 1 || x < 0 || y < 0 || x + w > src.width() || y + h > src.height()) {
            throw new IllegalArgumentException("crop " + w + "x" + h + " at (" + x + "," + y
                    + ") must lie inside the " + src.width() + "x" + src.height() + " image");
        }
        int[] out = new int[w * h];
        for (int row = 0; row < h; row++) {
            System.arraycopy(src.rgb(), (y + row) * src.width() + x, out, row * w, w);
        }
        return new RgbImage(w, h, out);
    }

    /** Removes the given insets. */
    public static RgbImage crop(RgbImage src, Insets insets) {
        return crop(src, insets.left(), insets.top(),
                src.width() - insets.left() - insets.right(), src.height() - insets.top() - insets.bottom());
    }

    /**
     * Removes the given fractions of the width (left, right) and height (top, bottom), rounded to whole
     * pixels; at least one pixel is kept.
     */
    public static RgbImage cropFractions(RgbImage src, double left, double top, double right, double bottom) {
        checkFraction("left", left);
        checkFraction("top", top);
        checkFraction("right", right);
        checkFraction("bottom", bottom);
        if (left + right >= 1 || top + bottom >= 1) {
            throw new IllegalArgumentException("crop fractions must leave something: left+right = "
                    + (left + right) + ", top+bottom = " + (top + bottom) + " (each sum must be below 1)");
        }
        int w = src.width();
        int h = src.height();
        int x0 = (int) Math.round(left * w);
        int x1 = Math.max(x0 + 1, w - (int) Math.round(right * w));
        int y0 = (int) Math.round(top * h);
        int y1 = Math.max(y0 + 1, h - (int) Math.round(bottom * h));
        return crop(src, Math.min(x0, w - 1), Math.min(y0, h - 1),
                Math.min(x1, w) - Math.min(x0, w - 1), Math.min(y1, h) - Math.min(y0, h - 1));
    }

    private static void checkFraction(String name, double f) {
        if (!(f >= 0 && f < 1)) {
            throw new IllegalArgumentException(name + " crop fraction must be in [0, 1), got " + f);
        }
    }

    /**
     * Rotates about the centre by {@code degrees} (positive = counter-clockwise as seen on screen),
     * bilinear, into a canvas of the same size.
     */
    public static RgbImage rotate(RgbImage src, double degrees, RotationFit fit, int fillRgb) {
        int w = src.width();
        int h = src.height();
        double zoom = fit == RotationFit.CROP_TO_FILL ? fillScale(w, h, degrees) : 1.0;
        return renderRotated(src, w / 2.0, h / 2.0, w * zoom, h * zoom, degrees, w, h, fillRgb);
    }

    /**
     * The largest scale {@code s} such that a centred {@code s*w x s*h} rectangle, rotated by
     * {@code degrees}, lies inside the {@code w x h} image. 1 at 0 degrees.
     */
    public static double fillScale(int w, int h, double degrees) {
        double t = Math.toRadians(Math.abs(degrees) % 180);
        double c = Math.abs(Math.cos(t));
        double s = Math.abs(Math.sin(t));
        return Math.min(w / (w * c + h * s), h / (w * s + h * c));
    }

    /**
     * Renders a rectangle of the source — centred at {@code (cx, cy)}, {@code srcW x srcH} source
     * pixels, turned by {@code degrees} — into an {@code outW x outH} image. A crop is the case
     * {@code degrees = 0}; a "straighten" is a rotated rectangle scaled to fit.
     */
    public static RgbImage renderRotated(RgbImage src, double cx, double cy, double srcW, double srcH,
                                         double degrees, int outW, int outH, int fillRgb) {
        return renderRotated(new Shrinks(src), cx, cy, srcW, srcH, degrees, outW, outH, fillRgb);
    }

    /**
     * A source picture and its box-shrunk copies, made on first use and kept, so that many renders
     * of one picture (a report's variants) shrink it once per factor instead of once per render. The
     * results are the same as without it. Not thread-safe: one per caller.
     */
    static final class Shrinks {
        final RgbImage src;
        private final RgbImage[] byFactor = new RgbImage[33];

        Shrinks(RgbImage src) {
            this.src = src;
        }

        RgbImage shrunk(int k) {
            if (k >= byFactor.length) return boxShrink(src, k);
            if (byFactor[k] == null) byFactor[k] = boxShrink(src, k);
            return byFactor[k];
        }
    }

    static RgbImage renderRotated(Shrinks shrinks, double cx, double cy, double srcW, double srcH,
                                  double degrees, int outW, int outH, int fillRgb) {
        if (outW < 1 || outH < 1) {
            throw new IllegalArgumentException("output must be at least 1x1, got " + outW + "x" + outH);
        }
        if (!(srcW > 0 && srcH > 0)) {
            throw new IllegalArgumentException("source rectangle must have a positive size, got " + srcW + "x" + srcH);
        }
        // source offset = R * (scaled output offset). With y pointing down, this R (cos, -sin; sin,
        // cos) shows the source turned counter-clockwise: the output's top-middle samples the
        // source's right-middle at +90 degrees.
        double t = Math.toRadians(degrees);
        double cos = Math.cos(t);
        double sin = Math.sin(t);
        double sx = srcW / outW;
        double sy = srcH / outH;
        double a = cos * sx;
        double b = -sin * sy;
        double d = sin * sx;
        double e = cos * sy;
        double c = cx - a * outW / 2.0 - b * outH / 2.0;
        double f = cy - d * outW / 2.0 - e * outH / 2.0;
        return warp(shrinks, outW, outH, a, b, c, d, e, f, fillRgb);
    }

    /** Resizes to {@code outW x outH} (area-averaged when shrinking by 2x or more, then bilinear). */
    public static RgbImage resize(RgbImage src, int outW, int outH) {
        return renderRotated(src, src.width() / 2.0, src.height() / 2.0, src.width(), src.height(),
                0, outW, outH, 0);
    }

    /**
     * Affine resampling: output pixel centre {@code (ox, oy)} samples the source at
     * {@code (a*ox + b*oy + c, d*ox + e*oy + f)}; outside the source the fill colour is used.
     */
    public static RgbImage warp(RgbImage src, int outW, int outH,
                                double a, double b, double c, double d, double e, double f, int fillRgb) {
        return warp(new Shrinks(src), outW, outH, a, b, c, d, e, f, fillRgb);
    }

    static RgbImage warp(Shrinks shrinks, int outW, int outH,
                         double a, double b, double c, double d, double e, double f, int fillRgb) {
        RgbImage src = shrinks.src;
        if ((long) outW * outH > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("output " + outW + "x" + outH + " is too large");
        }
        double shrink = Math.max(Math.hypot(a, d), Math.hypot(b, e));
        int k = (int) Math.floor(shrink);
        if (k >= 2) {
            src = shrinks.shrunk(k);
            a /= k;
            b /= k;
            c /= k;
            d /= k;
            e /= k;
            f /= k;
        }
        int w = src.width();
        int h = src.height();
        int[] in = src.rgb();
        int[] out = new int[outW * outH];
        int fill = fillRgb & 0xFFFFFF;
        // Hot loop: the source point moves by (a, d) per output column, so it is stepped rather than
        // recomputed; weights are 8-bit fixed point (the bilinear result differs from exact
        // arithmetic by at most one level, far below what PDQ can see).
        for (int oy = 0; oy < outH; oy++) {
            double py = oy + 0.5;
            double x = a * 0.5 + b * py + c;
            double y = d * 0.5 + e * py + f;
            int row = oy * outW;
            for (int ox = 0; ox < outW; ox++, x += a, y += d) {
                if (x < 0 || y < 0 || x > w || y > h) {
                    out[row + ox] = fill;
                    continue;
                }
                double u = x - 0.5;
                double v = y - 0.5;
                if (u < 0) u = 0;
                if (v < 0) v = 0;
                if (u > w - 1) u = w - 1;
                if (v > h - 1) v = h - 1;
                // to 1/256 of a pixel, rounded, so exact pixel positions stay exact after stepping
                int ux = (int) (u * 256 + 0.5);
                int vy = (int) (v * 256 + 0.5);
                int x0 = ux >> 8;
                int y0 = vy >> 8;
                int wx = ux & 0xFF;
                int wy = vy & 0xFF;
                int x1 = x0 + 1 < w ? x0 + 1 : x0;
                int y1 = y0 + 1 < h ? y0 + 1 : y0;
                int p00 = in[y0 * w + x0];
                int p10 = in[y0 * w + x1];
                int p01 = in[y1 * w + x0];
                int p11 = in[y1 * w + x1];
                out[row + ox] = (mix((p00 >> 16) & 0xFF, (p10 >> 16) & 0xFF, (p01 >> 16) & 0xFF, (p11 >> 16) & 0xFF, wx, wy) << 16)
                        | (mix((p00 >> 8) & 0xFF, (p10 >> 8) & 0xFF, (p01 >> 8) & 0xFF, (p11 >> 8) & 0xFF, wx, wy) << 8)
                        | mix(p00 & 0xFF, p10 & 0xFF, p01 & 0xFF, p11 & 0xFF, wx, wy);
            }
        }
        return new RgbImage(outW, outH, out);
    }

    private static int mix(int p00, int p10, int p01, int p11, int wx, int wy) {
        int top = p00 * (256 - wx) + p10 * wx;
        int bottom = p01 * (256 - wx) + p11 * wx;
        return (top * (256 - wy) + bottom * wy + 32768) >> 16;
    }

    /** Averages k x k blocks (the last row/column of blocks averages what is there). */
    static RgbImage boxShrink(RgbImage src, int k) {
        int w = src.width();
        int h = src.height();
        int ow = (w + k - 1) / k;
        int oh = (h + k - 1) / k;
        int[] in = src.rgb();
        int[] out = new int[ow * oh];
        int[] sr = new int[ow];
        int[] sg = new int[ow];
        int[] sb = new int[ow];
        int[] n = new int[ow];
        for (int oy = 0; oy < oh; oy++) {
            java.util.Arrays.fill(sr, 0);
            java.util.Arrays.fill(sg, 0);
            java.util.Arrays.fill(sb, 0);
            java.util.Arrays.fill(n, 0);
            int yEnd = Math.min(h, (oy + 1) * k);
            for (int y = oy * k; y < yEnd; y++) {
                int row = y * w;
                for (int x = 0; x < w; x++) {
                    int p = in[row + x];
                    int o = x / k;
                    sr[o] += (p >> 16) & 0xFF;
                    sg[o] += (p >> 8) & 0xFF;
                    sb[o] += p & 0xFF;
                    n[o]++;
                }
            }
            for (int o = 0; o < ow; o++) {
                int c = n[o];
                out[oy * ow + o] = (((sr[o] + c / 2) / c) << 16) | (((sg[o] + c / 2) / c) << 8) | ((sb[o] + c / 2) / c);
            }
        }
        return new RgbImage(ow, oh, out);
    }

    /** The uniform borders around the picture (see the class comment); {@link Insets#NONE} if none. */
    public static Insets uniformBorders(RgbImage src) {
        int w = src.width();
        int h = src.height();
        int minW = Math.max(8, (w + 3) / 4);
        int minH = Math.max(8, (h + 3) / 4);
        if (w <= minW || h <= minH) {
            return Insets.NONE;
        }
        int[] inset = new int[4]; // left, top, right, bottom
        int[] frame = {-1, -1, -1, -1}; // per side: colour of the last uniform line peeled, -1 = none yet
        // per side: lines peeled since the last exactly uniform one (-1 = none of those yet), and
        // whether the side stopped because that run grew too long (see the class comment)
        int[] sinceExact = {-1, -1, -1, -1};
        int[] exactColour = new int[4]; // per side: colour of the last exactly uniform line
        boolean[] stopped = new boolean[4];
        int[] line = new int[Math.max(w, h)];
        int[] hist = new int[3 * 256];
        boolean changed = true;
        // Peel one line from each side per round, so a frame of equal width on every side is
        // judged on lines that exclude the corners already peeled.
        while (changed) {
            changed = false;
            for (int side = 0; side < 4; side++) {
                boolean horizontal = side == 1 || side == 3;
                if (stopped[side]) continue;
                if (horizontal ? h - inset[1] - inset[3] <= minH : w - inset[0] - inset[2] <= minW) continue;
                int n = readLine(src, side, inset, line);
                int verdict = frameLine(line, n, frame[side], hist);
                if (verdict != NOT_FRAME) {
                    if (verdict != BAND_OF_FRAME) frame[side] = verdict;
                    if (verdict != BAND_OF_FRAME && exactlyUniform(line, n, verdict)) {
                        sinceExact[side] = 0;
                        exactColour[side] = verdict;
                    } else if (sinceExact[side] >= 0 && !mostlyExactly(line, n, exactColour[side])) {
                        // neither the frame itself nor glyphs on it (most of the line would be
                        // exactly the frame's colour): the picture's edge, or the seam before it
                        sinceExact[side]++;
                        int length = horizontal ? h : w;
                        if (sinceExact[side] > Math.max(MIN_LOOSE_RUN, length * LOOSE_RUN_PERCENT / 100)) {
                            // an added border ended that many lines ago and the picture's own flat edge
                            // is being peeled: go back to the border's end, plus its JPEG seam
                            inset[side] -= sinceExact[side] - SEAM;
                            stopped[side] = true;
                            continue;
                        }
                    }
                    inset[side]++;
                    changed = true;
                }
            }
        }
        int ignoreW = Math.max(2, w / 100);
        int ignoreH = Math.max(2, h / 100);
        if (inset[0] <= ignoreW && inset[2] <= ignoreW && inset[1] <= ignoreH && inset[3] <= ignoreH) {
            return Insets.NONE;
        }
        return new Insets(inset[0], inset[1], inset[2], inset[3]);
    }

    /** Share of a band's outermost line in one colour (within {@value #TOLERANCE} per channel). */
    static final int BAND_OUTER_PERCENT = 60;
    /** Share of the band's colour below which a line is no longer band (nor glyphs on it). */
    static final int BAND_INNER_PERCENT = 40;

    /**
     * A flat-coloured band along each side that ends at a straight edge (a meme's caption band, an
     * app's bars; issue 7, session 5 round 2): the outermost line is at least {@value
     * #BAND_OUTER_PERCENT}% one colour C, the lines inward stay at least {@value #BAND_INNER_PERCENT}%
     * C (text or icons on the band), and the band ends where a line at least {@value
     * #UNIFORM_FRACTION_PERCENT}% C is followed by three lines each less than {@value
     * #BAND_INNER_PERCENT}% C. A band shallower than 2 % or deeper than 45 % of the side counts as
     * none. Each side is judged on the whole picture. Unlike {@link #uniformBorders}, which peels
     * on while lines look like frame, this cuts exactly at the band's last flat line.
     */
    public static Insets bandEdges(RgbImage src) {
        int[] d = new int[4];
        for (int side = 0; side < 4; side++) d[side] = bandDepth(src, side);
        return d[0] + d[1] + d[2] + d[3] == 0 ? Insets.NONE : new Insets(d[0], d[1], d[2], d[3]);
    }

    private static int bandDepth(RgbImage src, int side) {
        boolean horizontal = side == 1 || side == 3;
        int len = horizontal ? src.height() : src.width();
        int[] line = new int[horizontal ? src.width() : src.height()];
        int[] hist = new int[3 * 256];
        int n = bandLine(src, side, 0, line);
        int c = medianColour(line, n, hist);
        int prev = countNear(line, n, c);
        if (prev * 100 < BAND_OUTER_PERCENT * n) return 0;
        int lo = Math.max(2, len * 2 / 100);
        int hi = len * 45 / 100;
        for (int k = 1; k + 2 < len && k <= hi; k++) {
            int f = countNear(line, bandLine(src, side, k, line), c);
            if (f * 100 < BAND_INNER_PERCENT * n) {
                boolean edge = prev * 100 >= UNIFORM_FRACTION_PERCENT * n
                        && countNear(line, bandLine(src, side, k + 1, line), c) * 100 < BAND_INNER_PERCENT * n
                        && countNear(line, bandLine(src, side, k + 2, line), c) * 100 < BAND_INNER_PERCENT * n;
                return edge && k >= lo ? k : 0;
            }
            prev = f;
        }
        return 0;
    }

    /** Line {@code k} from the given side (0 left, 1 top, 2 right, 3 bottom), whole length; its length. */
    private static int bandLine(RgbImage src, int side, int k, int[] out) {
        int w = src.width();
        int h = src.height();
        int[] p = src.rgb();
        switch (side) {
            case 0, 2 -> {
                int x = side == 0 ? k : w - 1 - k;
                for (int y = 0; y < h; y++) out[y] = p[y * w + x];
                return h;
            }
            default -> {
                int row = (side == 1 ? k : h - 1 - k) * w;
                System.arraycopy(p, row, out, 0, w);
                return w;
            }
        }
    }

    private static int countNear(int[] line, int n, int c) {
        return countWithin(line, n, c, TOLERANCE);
    }

    /** Per-channel median of the line (upper median, as the study computed it). */
    private static int medianColour(int[] line, int n, int[] hist) {
        java.util.Arrays.fill(hist, 0);
        for (int i = 0; i < n; i++) {
            int p = line[i];
            hist[(p >> 16) & 0xFF]++;
            hist[256 + ((p >> 8) & 0xFF)]++;
            hist[512 + (p & 0xFF)]++;
        }
        int out = 0;
        for (int ch = 0; ch < 3; ch++) {
            int seen = 0;
            int v = 0;
            while (seen + hist[ch * 256 + v] <= n / 2) seen += hist[ch * 256 + v++];
            out = (out << 8) | v;
        }
        return out;
    }

    /** The picture without its uniform borders (the same object when there are none). */
    public static RgbImage trimUniformBorders(RgbImage src) {
        Insets insets = uniformBorders(src);
        return insets.isNone() ? src : crop(src, insets);
    }

    /** Per-channel spread of an exactly uniform line (a painted border after JPEG at usual qualities). */
    static final int EXACT_TOLERANCE = 6;
    /** Share of an exactly uniform line's pixels within {@value #EXACT_TOLERANCE} of its median. */
    static final int EXACT_FRACTION_PERCENT = 98;
    /**
     * Lines after the last exactly uniform one, not mostly of its exact colour, that still peel: at
     * least this many ...
     */
    static final int MIN_LOOSE_RUN = 24;
    /** ... or this share of the side, whichever is more. */
    static final int LOOSE_RUN_PERCENT = 4;
    /** Lines kept peeled past a border's last exactly uniform line: JPEG's 8-pixel blocks blur the seam. */
    static final int SEAM = 4;

    /** Whether at least {@value #FRAME_FRACTION_PERCENT}% of the line is exactly {@code colour}. */
    private static boolean mostlyExactly(int[] line, int n, int colour) {
        return countExactly(line, n, colour) * 100 >= FRAME_FRACTION_PERCENT * n;
    }

    private static boolean exactlyUniform(int[] line, int n, int median) {
        return countExactly(line, n, median) * 100 >= EXACT_FRACTION_PERCENT * n;
    }

    private static int countExactly(int[] line, int n, int median) {
        return countWithin(line, n, median, EXACT_TOLERANCE);
    }

    /** How many of the first {@code n} pixels of the line are within {@code tolerance} of {@code colour} in every channel. */
    private static int countWithin(int[] line, int n, int colour, int tolerance) {
        int r = (colour >> 16) & 0xFF;
        int g = (colour >> 8) & 0xFF;
        int b = colour & 0xFF;
        int same = 0;
        for (int i = 0; i < n; i++) {
            int p = line[i];
            if (Math.abs(((p >> 16) & 0xFF) - r) <= tolerance
                    && Math.abs(((p >> 8) & 0xFF) - g) <= tolerance
                    && Math.abs((p & 0xFF) - b) <= tolerance) {
                same++;
            }
        }
        return same;
    }

    private static final int NOT_FRAME = -1;
    private static final int BAND_OF_FRAME = -2;

    /** Copies the next line inside the current insets on {@code side} (0 left, 1 top, 2 right, 3 bottom). */
    private static int readLine(RgbImage src, int side, int[] inset, int[] out) {
        int w = src.width();
        int h = src.height();
        int[] px = src.rgb();
        if (side == 1 || side == 3) {
            int y = side == 1 ? inset[1] : h - 1 - inset[3];
            int x0 = inset[0];
            int n = w - inset[0] - inset[2];
            System.arraycopy(px, y * w + x0, out, 0, n);
            return n;
        }
        int x = side == 0 ? inset[0] : w - 1 - inset[2];
        int y0 = inset[1];
        int n = h - inset[1] - inset[3];
        for (int i = 0; i < n; i++) out[i] = px[(y0 + i) * w + x];
        return n;
    }

    /**
     * Whether a line belongs to a frame: its median colour if it is uniform on its own; {@link
     * #BAND_OF_FRAME} if it is not, but at least {@value #FRAME_FRACTION_PERCENT}% of it has the colour
     * of the uniform line last peeled on this side (a header with an avatar and a name, a row of
     * icons, lines of caption in an app's frame); else {@link #NOT_FRAME}.
     */
    private static int frameLine(int[] line, int n, int frameColour, int[] hist) {
        java.util.Arrays.fill(hist, 0);
        for (int i = 0; i < n; i++) addToHistogram(hist, line[i]);
        int median = medianColour(hist, n);
        int same = 0;
        int asFrame = 0;
        for (int i = 0; i < n; i++) {
            if (close(line[i], median)) same++;
            if (frameColour >= 0 && close(line[i], frameColour)) asFrame++;
        }
        if (same * 100 >= UNIFORM_FRACTION_PERCENT * n) return median;
        if (frameColour >= 0 && asFrame * 100 >= FRAME_FRACTION_PERCENT * n) return BAND_OF_FRAME;
        return NOT_FRAME;
    }

    private static void addToHistogram(int[] hist, int p) {
        hist[(p >> 16) & 0xFF]++;
        hist[256 + ((p >> 8) & 0xFF)]++;
        hist[512 + (p & 0xFF)]++;
    }

    private static int medianColour(int[] hist, int count) {
        int half = (count + 1) / 2;
        int colour = 0;
        for (int ch = 0; ch < 3; ch++) {
            int seen = 0;
            int v = 0;
            for (; v < 256; v++) {
                seen += hist[ch * 256 + v];
                if (seen >= half) break;
            }
            colour = (colour << 8) | Math.min(v, 255);
        }
        return colour;
    }

    private static boolean close(int p, int q) {
        return Math.abs(((p >> 16) & 0xFF) - ((q >> 16) & 0xFF)) <= TOLERANCE
                && Math.abs(((p >> 8) & 0xFF) - ((q >> 8) & 0xFF)) <= TOLERANCE
                && Math.abs((p & 0xFF) - (q & 0xFF)) <= TOLERANCE;
    }
}
