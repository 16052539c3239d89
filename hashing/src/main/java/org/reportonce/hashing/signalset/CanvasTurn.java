package org.reportonce.hashing.signalset;

import java.util.Arrays;

/*
 * PICTURES TURNED ON A FILLED CANVAS
 *
 * A basic editor's "rotate by 3 degrees" keeps the canvas and paints the four corners the turned
 * picture no longer covers with one colour (black, white, anything). PDQ of such a copy is far
 * from the original's: the corners are a strong low-frequency pattern and the content is turned.
 * The report side's straightening variants do not help much, because they zoom in (as a phone's
 * "straighten" does) while this copy shows the whole turned picture. But the turn can be undone on
 * the matching side, cheaply and only when it is plainly there:
 *
 *  1. The four corner pixels share one colour (within TOLERANCE per channel): the fill.
 *  2. At each canvas corner the fill forms a right triangle whose legs lie on the two canvas edges
 *     and whose hypotenuse is an edge of the turned picture. For a small turn the triangle is long
 *     and thin: "wide" (long leg on the top/bottom edge, hypotenuse = the picture's top/bottom
 *     edge) or "tall" (long leg on a side edge). Measured as runs of fill colour from the corner.
 *  3. Along the long leg, SAMPLES runs of fill are measured perpendicular to it; they fall
 *     linearly to zero if the hypotenuse is a straight line. A least-squares line through them, refit
 *     once without the samples off by more than the residual tolerance (picture content of the fill's
 *     colour lengthens a run), gives the slope = tan(turn). At least 3/4 of the samples must sit on
 *     the line.
 *  4. A turn makes the four triangles alternate: top-left and bottom-right wide and the other two
 *     tall (turned counter-clockwise as seen), or the reverse (clockwise). At least three corners
 *     must be found (the fourth may hold picture content of the fill's colour, which bends its
 *     edge), alternate, and agree on the angle (within MAX(0.35 deg, 15 %)); the angle must lie in
 *     [MIN_DEGREES, MAX_DEGREES].
 *  5. Each hypotenuse fixes one edge of the picture (its offset along the edge's normal: the median
 *     projection of its boundary points); the four edges give the picture's centre and size, so the
 *     canvas need not be the picture's size (a turn that enlarges the canvas works too). An edge
 *     not seen is the opposite one mirrored through the canvas's centre (editors turn about it).
 *  6. Undo: sample the picture's own axes back out of the upload, keeping a rectangle of the
 *     picture's aspect, centred on it. The largest that shows no fill (the corners that left the
 *     canvas are lost), less INSET_PIXELS for the anti-aliased seam, is for a turn about the centre
 *     on the same canvas the centred crop ImageOps.fillScale gives: 0.98 of each side at 1 deg, 0.93
 *     at 3 deg, 0.90 at 5 deg on 4:3. PDQ moves by tens of bits between crops a few per cent apart,
 *     so the caller passes the shares the report's own centred crops keep (SignalSets: 1, 0.94, 0.90)
 *     and the largest of them that shows at most a sliver of fill (SNAP_SLACK) is taken: the upright
 *     picture is then the very crop the report hashed.
 *
 * Why it does not fire on ordinary pictures: a photograph seldom has four corners of one colour, and
 * when it has (a product shot on white, a night sky) the fill does not end along four straight
 * lines that alternate wide/tall at one common angle; a uniform background reaching the whole edge
 * makes a leg as long as the side, which is refused. Cost: a few thousand pixel reads, then (when
 * detected) one render of at most 512 x 512.
 *
 * Pure Java (java.lang, java.util only): the browser compiles this package with TeaVM.
 */

/** Detects a picture turned by a small angle on a uniformly filled canvas, and undoes the turn. */
final class CanvasTurn {
    /** Per-channel distance to the fill colour that still counts as fill (JPEG noise). */
    static final int TOLERANCE = 24;
    /** Smallest and largest turn detected, in degrees. */
    static final double MIN_DEGREES = 0.4;
    static final double MAX_DEGREES = 12;
    /** Runs measured along each triangle's long leg. */
    static final int SAMPLES = 24;
    /** Pixels kept clear of the anti-aliased boundary between picture and fill, on each side. */
    static final double INSET_PIXELS = 2;
    /** How much larger than the fill-free rectangle a report's crop may be and still be chosen. */
    static final double SNAP_SLACK = 0.02;

    private CanvasTurn() {}

    /**
     * A detected turn: the picture's centre and size in the upload's pixels, and its angle in
     * degrees (positive = turned counter-clockwise as seen, the convention of {@link ImageOps#rotate}).
     */
    record Turn(double degrees, double centreX, double centreY, double width, double height, int fill) {
        Turn {
            if (!(Math.abs(degrees) < 90 && width > 0 && height > 0)) {
                throw new IllegalArgumentException("turn must be under 90 degrees of a picture with a positive size, got "
                        + degrees + " deg, " + width + "x" + height);
            }
        }
    }

    /** One corner's fill triangle: the fitted hypotenuse as boundary points, and its slope. */
    private record Corner(boolean wide, double tan, double[] xs, double[] ys, int n) {}

    /** The turn of a picture on a filled canvas, or {@code null} when there is none to see. */
    static Turn detect(RgbImage img) {
        int w = img.width();
        int h = img.height();
        if (w < 48 || h < 48) return null;
        int[] corners = {img.pixel(0, 0), img.pixel(w - 1, 0), img.pixel(w - 1, h - 1), img.pixel(0, h - 1)};
        int fill = medianColour(corners);
        for (int c : corners) {
            if (!close(c, fill)) return null;
        }
        // corners in order top-left, top-right, bottom-right, bottom-left
        Corner[] found = new Corner[4];
        int missing = -1;
        for (int k = 0; k < 4; k++) {
            found[k] = corner(img, k, fill);
            if (found[k] == null) {
                if (missing >= 0) return null;
                missing = k;
            }
        }
        // whether the top-left corner's triangle is (or, if that one is missing, would be) wide
        boolean topLeftWide = missing == 0 ? !found[1].wide() : found[0].wide();
        double[] tans = new double[missing < 0 ? 4 : 3];
        int n = 0;
        for (int k = 0; k < 4; k++) {
            if (found[k] == null) continue;
            if (found[k].wide() != (k % 2 == 0 ? topLeftWide : !topLeftWide)) return null;
            tans[n++] = found[k].tan();
        }
        Arrays.sort(tans);
        double degrees = Math.toDegrees(Math.atan(tans.length == 4 ? (tans[1] + tans[2]) / 2 : tans[1]));
        for (double t : tans) {
            double d = Math.toDegrees(Math.atan(t));
            if (Math.abs(d - degrees) > Math.max(0.35, 0.15 * degrees)) return null;
        }
        if (degrees < MIN_DEGREES || degrees > MAX_DEGREES) return null;
        // top-left wide: the picture's top edge rises to the right, i.e. it is turned counter-clockwise
        double signed = topLeftWide ? degrees : -degrees;
        double t = Math.toRadians(signed);
        // the picture's own axes in the upload (y down): right = u, down = v
        double ux = Math.cos(t);
        double uy = -Math.sin(t);
        double vx = Math.sin(t);
        double vy = Math.cos(t);
        double top = Double.NaN, bottom = Double.NaN, left = Double.NaN, right = Double.NaN;
        for (int k = 0; k < 4; k++) {
            Corner c = found[k];
            if (c == null) continue;
            boolean atTop = k <= 1;
            boolean atLeft = k == 0 || k == 3;
            double[] proj = new double[c.n()];
            for (int i = 0; i < c.n(); i++) {
                proj[i] = c.wide() ? vx * c.xs()[i] + vy * c.ys()[i] : ux * c.xs()[i] + uy * c.ys()[i];
            }
            Arrays.sort(proj);
            double edge = proj[proj.length / 2];
            if (c.wide()) {
                if (atTop) top = edge; else bottom = edge;
            } else {
                if (atLeft) left = edge; else right = edge;
            }
        }
        // one edge unseen (picture content of the fill's colour at that corner): editors turn about
        // the canvas's centre, so mirror the opposite edge through it
        double centreU = ux * w / 2.0 + uy * h / 2.0;
        double centreV = vx * w / 2.0 + vy * h / 2.0;
        if (Double.isNaN(top)) top = 2 * centreV - bottom;
        if (Double.isNaN(bottom)) bottom = 2 * centreV - top;
        if (Double.isNaN(left)) left = 2 * centreU - right;
        if (Double.isNaN(right)) right = 2 * centreU - left;
        double pw = right - left;
        double ph = bottom - top;
        if (pw < w / 4.0 || ph < h / 4.0) return null;
        double cu = (left + right) / 2;
        double cv = (top + bottom) / 2;
        return new Turn(signed, cu * ux + cv * vx, cu * uy + cv * vy, pw, ph, fill);
    }

    /**
     * The picture turned back upright: the largest centred rectangle of its aspect that shows no
     * fill, at its own size if it fits 512 x 512, else squashed to 512 x 512 (what the hasher would do).
     */
    static RgbImage undo(RgbImage img, Turn turn) {
        return undo(img, turn, new double[0]);
    }

    /**
     * As {@link #undo(RgbImage, Turn)}, but the kept rectangle is the largest of {@code reportScales}
     * (shares of the picture's width and height kept by the centred crops a report holds, 1 = the
     * plain hash) that shows no fill, or at most a sliver of it in its corners: the upright picture is
     * then the very crop the report hashed, not one a few per cent off it.
     */
    static RgbImage undo(RgbImage img, Turn turn, double[] reportScales) {
        double t = Math.toRadians(turn.degrees());
        double ux = Math.cos(t);
        double uy = -Math.sin(t);
        double vx = Math.sin(t);
        double vy = Math.cos(t);
        double scale = 1;
        for (int su = -1; su <= 1; su += 2) {
            for (int sv = -1; sv <= 1; sv += 2) {
                // from the centre to one corner of the picture
                double dx = su * turn.width() / 2 * ux + sv * turn.height() / 2 * vx;
                double dy = su * turn.width() / 2 * uy + sv * turn.height() / 2 * vy;
                scale = Math.min(scale, reach(turn.centreX(), dx, img.width()));
                scale = Math.min(scale, reach(turn.centreY(), dy, img.height()));
            }
        }
        double fit = scale * (1 - 2 * INSET_PIXELS / Math.min(turn.width(), turn.height()));
        double chosen = fit;
        double best = 0;
        for (double r : reportScales) {
            if (r <= fit + SNAP_SLACK && r > best) best = r;
        }
        if (best > 0) chosen = best;
        double sw = chosen * turn.width();
        double sh = chosen * turn.height();
        if (sw < 8 || sh < 8) {
            throw new IllegalArgumentException("turned picture leaves only " + sw + "x" + sh + " pixels inside the canvas");
        }
        int outW;
        int outH;
        if (sw > 512 || sh > 512) {
            outW = 512;
            outH = 512;
        } else {
            outW = Math.max(1, (int) Math.round(sw));
            outH = Math.max(1, (int) Math.round(sh));
        }
        // renderRotated's angle turns the sampled rectangle the other way round from ImageOps.rotate's
        return ImageOps.renderRotated(img, turn.centreX(), turn.centreY(), sw, sh, -turn.degrees(), outW, outH, turn.fill());
    }

    /** The largest s in [0, 1] with {@code from + s * d} inside [0, size]. */
    private static double reach(double from, double d, int size) {
        if (d > 0) return Math.max(0, (size - from) / d);
        if (d < 0) return Math.max(0, -from / d);
        return 1;
    }

    /**
     * Corner {@code k} (0 top-left, 1 top-right, 2 bottom-right, 3 bottom-left): the fill triangle
     * there and its fitted hypotenuse, or {@code null} if there is no triangle with a straight edge.
     */
    private static Corner corner(RgbImage img, int k, int fill) {
        int w = img.width();
        int h = img.height();
        boolean right = k == 1 || k == 2;
        boolean bottom = k >= 2;
        int x0 = right ? w - 1 : 0;
        int y0 = bottom ? h - 1 : 0;
        int dx = right ? -1 : 1;
        int dy = bottom ? -1 : 1;
        int along = run(img, x0, y0, dx, 0, w, fill); // leg on the top/bottom edge
        int down = run(img, x0, y0, 0, dy, h, fill); // leg on the side edge
        if (along >= w - 1 || down >= h - 1 || Math.min(along, down) < 2) return null;
        boolean wide = along > down;
        int longLeg = Math.max(along, down);
        if (longLeg < 24) return null;
        double[] pos = new double[SAMPLES];
        double[] len = new double[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            int p = (int) Math.round(longLeg * (0.1 + 0.8 * i / (SAMPLES - 1)));
            pos[i] = p;
            len[i] = wide
                    ? run(img, x0 + dx * p, y0, 0, dy, h, fill)
                    : run(img, x0, y0 + dy * p, dx, 0, w, fill);
        }
        double shortLeg = Math.min(along, down);
        double tolerance = 1.5 + 0.04 * shortLeg;
        boolean[] keep = new boolean[SAMPLES];
        double[] fit = robustFit(pos, len);
        int kept = 0;
        for (int round = 0; round < 2 && fit != null; round++) {
            kept = 0;
            for (int i = 0; i < SAMPLES; i++) {
                keep[i] = Math.abs(len[i] - (fit[0] + fit[1] * pos[i])) <= tolerance;
                if (keep[i]) kept++;
            }
            fit = fit(pos, len, keep);
        }
        if (fit == null) return null;
        double slope = -fit[1];
        if (kept * 4 < SAMPLES * 3 || !(slope > 0)) return null;
        // the line must reach the legs' ends: a leg may run on past it (picture content of the fill's
        // colour at the edge) but not stop short of it (a pixel of the short leg, where the line
        // meets the edge, is 1 / slope pixels of the long one)
        if (shortLeg < fit[0] - 2 - 0.15 * fit[0]) return null;
        if (longLeg < fit[0] / slope - 2 - 0.15 * fit[0] / slope - 1 / slope) return null;
        double[] xs = new double[kept];
        double[] ys = new double[kept];
        int n = 0;
        for (int i = 0; i < SAMPLES; i++) {
            if (!keep[i]) continue;
            // boundary between the last fill pixel and the first picture pixel, in continuous coordinates
            double p = pos[i] + 0.5;
            double r = len[i];
            double bx = wide ? p : r;
            double by = wide ? r : p;
            xs[n] = right ? w - bx : bx;
            ys[n] = bottom ? h - by : by;
            n++;
        }
        return new Corner(wide, slope, xs, ys, n);
    }

    /**
     * Theil-Sen line {@code len = a + b * pos}: the median of the pairwise slopes, then the median
     * intercept. Unlike least squares it is not pulled by the few runs that picture content of the
     * fill's colour lengthened, so those can then be told apart by their residual.
     */
    private static double[] robustFit(double[] pos, double[] len) {
        int n = pos.length;
        double[] slopes = new double[n * (n - 1) / 2];
        int m = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (pos[j] != pos[i]) slopes[m++] = (len[j] - len[i]) / (pos[j] - pos[i]);
            }
        }
        double[] s = Arrays.copyOf(slopes, m);
        Arrays.sort(s);
        double b = m == 0 ? 0 : s[m / 2];
        double[] icpt = new double[n];
        for (int i = 0; i < n; i++) icpt[i] = len[i] - b * pos[i];
        Arrays.sort(icpt);
        return new double[] {icpt[n / 2], b};
    }

    /** Least squares {@code len = a + b * pos} over the kept samples: {a, b}, or null if too few. */
    private static double[] fit(double[] pos, double[] len, boolean[] keep) {
        double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (int i = 0; i < pos.length; i++) {
            if (!keep[i]) continue;
            n++;
            sx += pos[i];
            sy += len[i];
            sxx += pos[i] * pos[i];
            sxy += pos[i] * len[i];
        }
        double det = n * sxx - sx * sx;
        if (n < 3 || det <= 0) return null;
        double b = (n * sxy - sx * sy) / det;
        return new double[] {(sy - b * sx) / n, b};
    }

    /** Pixels of fill colour from (x, y) stepping (dx, dy), at most {@code max}. */
    private static int run(RgbImage img, int x, int y, int dx, int dy, int max, int fill) {
        int n = 0;
        while (n < max && x >= 0 && y >= 0 && x < img.width() && y < img.height() && close(img.pixel(x, y), fill)) {
            n++;
            x += dx;
            y += dy;
        }
        return n;
    }

    private static int medianColour(int[] colours) {
        int out = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
            int[] ch = new int[colours.length];
            for (int i = 0; i < colours.length; i++) ch[i] = (colours[i] >> shift) & 0xFF;
            Arrays.sort(ch);
            out = (out << 8) | ((ch[(ch.length - 1) / 2] + ch[ch.length / 2] + 1) / 2);
        }
        return out;
    }

    private static boolean close(int p, int q) {
        return Math.abs(((p >> 16) & 0xFF) - ((q >> 16) & 0xFF)) <= TOLERANCE
                && Math.abs(((p >> 8) & 0xFF) - ((q >> 8) & 0xFF)) <= TOLERANCE
                && Math.abs((p & 0xFF) - (q & 0xFF)) <= TOLERANCE;
    }
}
