package org.reportonce.hashing.signalset;

/**
 * A geometric variant of a reported picture whose PDQ hash a report also submits, anticipating an
 * edit: a crop (the shares of the width and height removed on each side) and/or a straightening turn
 * (degrees counter-clockwise, zoomed in to fill the frame, as a phone editor does).
 *
 * @param left    share of the width removed on the left, 0 ≤ left &lt; 1
 * @param top     share of the height removed at the top
 * @param right   share of the width removed on the right
 * @param bottom  share of the height removed at the bottom
 * @param degrees turn applied to the cropped picture, then zoomed to fill; 0 for none
 */
public record Variant(double left, double top, double right, double bottom, double degrees) {

    public Variant {
        check("left", left);
        check("top", top);
        check("right", right);
        check("bottom", bottom);
        if (left + right >= 0.9 || top + bottom >= 0.9) {
            throw new IllegalArgumentException("a variant must keep at least 10 % of each side, got left+right="
                    + (left + right) + ", top+bottom=" + (top + bottom));
        }
        if (!(Math.abs(degrees) <= 45)) {
            throw new IllegalArgumentException("variant turn must be within ±45 degrees, got " + degrees);
        }
    }

    private static void check(String name, double f) {
        if (!(f >= 0 && f < 1)) {
            throw new IllegalArgumentException(name + " crop share must be in [0, 1), got " + f);
        }
    }

    /** The picture itself. */
    public static final Variant IDENTITY = new Variant(0, 0, 0, 0, 0);

    /** A crop given in percent of the width (left, right) and height (top, bottom). */
    public static Variant cropPercent(double left, double top, double right, double bottom) {
        return new Variant(left / 100, top / 100, right / 100, bottom / 100, 0);
    }

    /** A straightening turn of the whole picture. */
    public static Variant straighten(double degrees) {
        return new Variant(0, 0, 0, 0, degrees);
    }

    public boolean isIdentity() {
        return left == 0 && top == 0 && right == 0 && bottom == 0 && degrees == 0;
    }

    /** The name used in labels, e.g. {@code crop_l0_t0_r8_b8}, {@code straighten_+3}, {@code orig}. */
    public String label() {
        if (isIdentity()) return "orig";
        StringBuilder sb = new StringBuilder();
        if (left != 0 || top != 0 || right != 0 || bottom != 0) {
            sb.append("crop_l").append(pct(left)).append("_t").append(pct(top))
                    .append("_r").append(pct(right)).append("_b").append(pct(bottom));
        }
        if (degrees != 0) {
            if (sb.length() > 0) sb.append('+');
            sb.append("straighten_").append(degrees > 0 ? "+" : "-").append(num(Math.abs(degrees)));
        }
        return sb.toString();
    }

    private static String pct(double f) {
        return num(f * 100);
    }

    private static String num(double v) {
        long r = Math.round(v * 10);
        return r % 10 == 0 ? Long.toString(r / 10) : (r / 10) + "." + (r % 10);
    }

    /**
     * Renders this variant of {@code src} at the size the canonical PDQ hasher would hash it: the
     * cropped (and turned) rectangle at its own size when it fits in 512 x 512, else squashed to
     * exactly 512 x 512 (what the canonical hasher does to any larger picture), so rendering and
     * hashing cost at most a 512 x 512 picture however large the source.
     */
    public RgbImage render(RgbImage src) {
        return render(new ImageOps.Shrinks(src));
    }

    /** As {@link #render(RgbImage)}, sharing box-shrunk copies of the source with other renders. */
    RgbImage render(ImageOps.Shrinks shrinks) {
        RgbImage src = shrinks.src;
        double w = src.width();
        double h = src.height();
        double x0 = left * w;
        double x1 = w - right * w;
        double y0 = top * h;
        double y1 = h - bottom * h;
        double cw = x1 - x0;
        double ch = y1 - y0;
        double zoom = degrees == 0 ? 1 : ImageOps.fillScale((int) Math.round(cw), (int) Math.round(ch), degrees);
        double sw = cw * zoom;
        double sh = ch * zoom;
        int limit = 512;
        int outW;
        int outH;
        if (sw > limit || sh > limit) {
            outW = limit;
            outH = limit;
        } else {
            outW = Math.max(1, (int) Math.round(sw));
            outH = Math.max(1, (int) Math.round(sh));
        }
        return ImageOps.renderRotated(shrinks, (x0 + x1) / 2, (y0 + y1) / 2, sw, sh, degrees, outW, outH, 0);
    }
}
