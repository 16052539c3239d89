package org.reportonce.hashing.signalset;

/*
 * STICKER REMOVAL (match side, session 6)
 *
 * An emoji or sticker pasted onto a picture moves the low frequencies PDQ keeps: a disc over 2-5 % of
 * the picture puts a plain hash 30-60 bits from the report's, and a disc across the picture's centre
 * lines spoils every region (halves, quadrants, strips) the report also hashes. And when the sticker
 * sits on a plain margin of the picture, the trim rule stops at it, so the normalised upload is no
 * longer the picture the report normalised. So the match side looks for a sticker on the upload as
 * given and, when it finds one, paints it out and looks the result up too (SignalSets.forMatching,
 * label sticker/orig): the plain PDQ of the cleaned picture then sits a few bits from the report's
 * plain hash, as for any other light edit. Every look-up stays an ordinary PDQ hash.
 *
 * What a sticker is here: a blob of ONE FLAT, VIVID colour, COMPACT, with a CLEAN OUTLINE.
 *  - Work on a copy box-averaged by k = ceil(longer side / 256) (integer means per channel): cells.
 *    A cell is flat when the R+G+B sums of its k x k pixels span at most FLAT; vivid when its
 *    largest channel exceeds its smallest by at least CHROMA.
 *  - Regions grow from each vivid flat cell not yet taken (row-major order) over 4-neighbours that
 *    are flat and within TOLERANCE per channel of that seed cell's colour.
 *  - A region is a sticker when it covers at least MIN_AREA of the cells, its bounding box at most
 *    MAX_AREA of the picture, it fills at least MIN_FILL of its box (a disc fills pi/4 less its eyes
 *    and mouth: ~0.65; a patch of sky or a petal is ragged), the box is at most MAX_ASPECT times
 *    longer one way, it does not touch the picture's edge (sky, walls and bands do), and at most
 *    RING of the cells around its box (a frame a sixth of the box wide) are of its colour (an
 *    overlay has a clean outline; a patch of the scene fades into more of the same). The largest
 *    such region is the sticker; none: no look-up.
 *  - Painting out: the mask is the region with its holes (the cells between its first and last
 *    cell on each row, and on each column), grown by DILATE cells (its outline, anti-aliasing and
 *    JPEG ringing). The masked cells are solved for a harmonic fill (each the mean of its four
 *    neighbours: ITERATIONS Gauss-Seidel sweeps from the mean of the unmasked cells around the
 *    mask), a smooth surface that meets the picture around the sticker, and every pixel of a masked
 *    cell takes its cell's value in a copy of the picture. PDQ keeps only 64 x 64 blurred samples,
 *    so a fill at cell resolution is all it sees.
 *
 * Measured (docs/benchmarks.md, "Session 6"): 156 photographs x 40 edits, stickers 84.3 -> 95.2 % of
 * copies matched, all 6 240 copies 94.5 -> 95.1 %, the same 6 distinct originals as plain PDQ. The
 * finder also fires on 5.7 % of the other copies and on 9 of 156 originals (a vivid flat shape of the
 * picture): it costs them one fill and one PDQ, and added 3 unrelated pairs, all between colour
 * variants of one wallpaper design. Finding and painting out on the normalised upload instead found
 * 269 of 312 stickered copies rather than 297; a box fill or the mean around the sticker, fewer.
 * The thresholds are not critical: dilation 2 or 3, a ring limit of 0.05 or 0.1, fill 0.5 or 0.55
 * and chroma 80 or 100 found the same copies; a flatness limit of 24 instead of 40 found 8 fewer,
 * 60 sweeps 3 fewer, 128 px cells one fewer, dilation 1 21 fewer.
 *
 * Cost: one pass over the pixels to average them into cells (~256 x 192), a flood fill of the
 * vivid flat cells: ~2 ms of CPU for a 1024 px upload; when a sticker is found, 200 sweeps over its
 * box of cells, a copy of the picture and one PDQ computation: ~5 ms more (load ~5 on 2 cores).
 *
 * Pure Java (no AWT): the browser compiles this package with TeaVM.
 */

/** Finds an emoji-like sticker on a picture and paints it out. Stateless and thread-safe. */
final class Stickers {

    /** The longer side of the cell grid, at least. */
    static final int CELLS = 256;
    /** Largest span of a flat cell's R+G+B sums. */
    static final int FLAT = 40;
    /** Smallest max - min channel of a vivid (seed) cell. */
    static final int CHROMA = 80;
    /** Per channel, from a region's seed colour. */
    static final int TOLERANCE = 40;
    static final double MIN_AREA = 0.003;
    static final double MAX_AREA = 0.15;
    static final double MIN_FILL = 0.55;
    static final double MAX_ASPECT = 2.0;
    static final double RING = 0.05;
    static final int DILATE = 2;
    static final int ITERATIONS = 200;
    /** Pixels read per row and column of a cell, at most. */
    static final int MAX_SAMPLES = 8;

    private Stickers() {}

    /** A finder's thresholds (see the comment at the top of the file for each one's meaning). */
    record Tests(int flat, int chroma, int tolerance, double minArea, double maxArea, double minFill, double maxAspect,
                 double ring, int neighbourFlat) {}

    /** The finder's tests, the ones forMatching paints out by. */
    static final Tests STRICT = new Tests(FLAT, CHROMA, TOLERANCE, MIN_AREA, MAX_AREA, MIN_FILL, MAX_ASPECT, RING, 0);

    /*
     * The gate's tests (mayHave), for a picture given as the means of its 8 x 8 blocks (a JPEG's DC
     * coefficients): one pixel per cell below 2 048 px, so no flatness inside a cell is known, and
     * a block astride the sticker's outline is a blend of both sides. Each of STRICT's tests is kept
     * or loosened (colour tolerance 44, frame 8 %, flatness 64 where a cell holds 2 x 2 blocks or
     * more); what stands in for the flatness inside a one-block cell is a test on seeds only: the
     * R+G+B sums of the seed block and its 4 neighbours span at most 8 (a sticker's inside is one
     * colour block after block; a textured vivid patch of the scene varies from block to block).
     * Measured (docs/benchmarks.md, "Session 6, round 2", 156 photographs x 41 uploads as JPEG q90,
     * where the fast path was open): fires on 12.2 % of the uploads without a sticker (looser sets
     * found more of the finder's finds at 15-40 %; without the seed test, 15.5 %) and on 77 of 86
     * stickered copies, every one whose match needs sticker/orig.
     */
    static final Tests GATE = new Tests(64, CHROMA, 44, MIN_AREA, MAX_AREA, MIN_FILL, MAX_ASPECT, 0.08, 8);

    /** The cells of a picture and the largest sticker-like region found in them. */
    private record Region(int k, int sw, int sh, int[] cell, int[] label, int lab, int x0, int y0, int x1, int y1) {}

    /**
     * Whether a picture given at 1/8 scale (the means of its 8 x 8 blocks) may carry a sticker: the
     * finder with the GATE tests. A cheap gate for a caller that hashes without decoding every
     * pixel and must decode fully (for {@link #removed}) when the answer is yes.
     */
    static boolean mayHave(RgbImage blockMeans) {
        return find(blockMeans, GATE) != null;
    }

    /**
     * A copy of the picture with its sticker painted out, or null when it has none. The picture is
     * not changed.
     */
    static RgbImage removed(RgbImage image) {
        Region r = find(image, STRICT);
        if (r == null) return null;
        int w = image.width();
        int h = image.height();
        int k = r.k(), sw = r.sw(), sh = r.sh();
        int[] cell = r.cell();
        int bx0 = r.x0(), by0 = r.y0(), bx1 = r.x1(), by1 = r.y1();
        boolean[] mask = mask(r.label(), r.lab(), sw, sh, bx0, by0, bx1, by1);
        float[][] fill = harmonicFill(cell, mask, sw, sh);

        // every pixel of a masked cell takes the cell's value; pixels past the last whole cell belong to
        // the last cell. Only the rows and columns of the mask's box are visited.
        int mx0 = Math.max(0, bx0 - DILATE), my0 = Math.max(0, by0 - DILATE);
        int mx1 = Math.min(sw - 1, bx1 + DILATE), my1 = Math.min(sh - 1, by1 + DILATE);
        int[] out = image.rgb().clone();
        int yEnd = my1 == sh - 1 ? h : (my1 + 1) * k;
        int xEnd = mx1 == sw - 1 ? w : (mx1 + 1) * k;
        for (int y = my0 * k; y < yEnd; y++) {
            int cy = Math.min(sh - 1, y / k);
            for (int x = mx0 * k; x < xEnd; x++) {
                int q = cy * sw + Math.min(sw - 1, x / k);
                if (mask[q]) {
                    out[y * w + x] = (Math.round(fill[0][q]) << 16) | (Math.round(fill[1][q]) << 8) | Math.round(fill[2][q]);
                }
            }
        }
        return new RgbImage(w, h, out);
    }

    /** The largest region of the picture's cells that passes the tests, or null. */
    private static Region find(RgbImage image, Tests t) {
        int w = image.width();
        int h = image.height();
        int k = Math.max(1, (Math.max(w, h) + CELLS - 1) / CELLS);
        int sw = w / k;
        int sh = h / k;
        if (sw < 8 || sh < 8) return null;
        int n = sw * sh;
        int[] cell = new int[n];
        boolean[] flat = new boolean[n];
        averageCells(image, k, sw, sh, cell, flat, t.flat());
        boolean[] seedFlat = t.neighbourFlat() > 0 ? neighbourFlat(cell, flat, sw, sh, t.neighbourFlat()) : flat;

        // regions of one flat colour, grown from each vivid flat cell; keep the largest sticker-like
        int[] label = new int[n];
        int[] stack = new int[n];
        int lab = 0;
        int best = -1;
        int bestCount = 0;
        int bx0 = 0, by0 = 0, bx1 = 0, by1 = 0;
        for (int s = 0; s < n; s++) {
            if (label[s] != 0 || !seedFlat[s] || !vivid(cell[s], t.chroma())) continue;
            int seed = cell[s];
            lab++;
            int top = 0;
            int count = 0;
            int x0 = sw, y0 = sh, x1 = -1, y1 = -1;
            stack[top++] = s;
            label[s] = lab;
            while (top > 0) {
                int q = stack[--top];
                count++;
                int qx = q % sw;
                int qy = q / sw;
                x0 = Math.min(x0, qx);
                x1 = Math.max(x1, qx);
                y0 = Math.min(y0, qy);
                y1 = Math.max(y1, qy);
                if (qx > 0) top = grow(cell, flat, label, stack, top, q - 1, seed, lab, t.tolerance());
                if (qx < sw - 1) top = grow(cell, flat, label, stack, top, q + 1, seed, lab, t.tolerance());
                if (qy > 0) top = grow(cell, flat, label, stack, top, q - sw, seed, lab, t.tolerance());
                if (qy < sh - 1) top = grow(cell, flat, label, stack, top, q + sw, seed, lab, t.tolerance());
            }
            int bw = x1 - x0 + 1;
            int bh = y1 - y0 + 1;
            if (count < t.minArea() * n || (double) bw * bh > t.maxArea() * n) continue;
            if ((double) count / (bw * bh) < t.minFill()) continue;
            if (bw > t.maxAspect() * bh || bh > t.maxAspect() * bw) continue;
            if (x0 == 0 || y0 == 0 || x1 == sw - 1 || y1 == sh - 1) continue;
            if (!cleanOutline(cell, sw, sh, x0, y0, x1, y1, seed, t)) continue;
            if (count > bestCount) {
                best = lab;
                bestCount = count;
                bx0 = x0;
                by0 = y0;
                bx1 = x1;
                by1 = y1;
            }
        }
        return best < 0 ? null : new Region(k, sw, sh, cell, label, best, bx0, by0, bx1, by1);
    }

    /**
     * Integer means of k x k blocks, and whether each block's R+G+B sums span at most FLAT. Blocks
     * larger than 8 x 8 (pictures over 2 048 px) are read at 8 x 8 evenly spaced pixels, so a
     * 24-megapixel upload costs no more than a 2-megapixel one.
     */
    private static void averageCells(RgbImage image, int k, int sw, int sh, int[] cell, boolean[] flat, int flatSpan) {
        int w = image.width();
        int[] p = image.rgb();
        int s = Math.min(k, MAX_SAMPLES);
        int ss = s * s;
        for (int y = 0; y < sh; y++) {
            for (int x = 0; x < sw; x++) {
                int r = 0, g = 0, b = 0;
                int max = 0, min = 765;
                for (int j = 0; j < s; j++) {
                    int o = (y * k + j * k / s) * w + x * k;
                    for (int i = 0; i < s; i++) {
                        int c = p[o + i * k / s];
                        int cr = (c >> 16) & 255, cg = (c >> 8) & 255, cb = c & 255;
                        r += cr;
                        g += cg;
                        b += cb;
                        int v = cr + cg + cb;
                        max = Math.max(max, v);
                        min = Math.min(min, v);
                    }
                }
                cell[y * sw + x] = ((r / ss) << 16) | ((g / ss) << 8) | (b / ss);
                flat[y * sw + x] = max - min <= flatSpan;
            }
        }
    }

    /**
     * The flat cells whose R+G+B sum and its 4 neighbours' span at most {@code span}: for seeds, where
     * a cell is one 8 x 8 block mean and its own flatness cannot be told (a sticker's inside is one
     * colour block after block; a textured vivid patch of the scene varies from block to block).
     */
    private static boolean[] neighbourFlat(int[] cell, boolean[] was, int sw, int sh, int span) {
        boolean[] flat = new boolean[was.length];
        for (int y = 0; y < sh; y++) {
            for (int x = 0; x < sw; x++) {
                int q = y * sw + x;
                if (!was[q]) continue;
                int v = sum(cell[q]);
                int max = v, min = v;
                if (x > 0) { int u = sum(cell[q - 1]); max = Math.max(max, u); min = Math.min(min, u); }
                if (x < sw - 1) { int u = sum(cell[q + 1]); max = Math.max(max, u); min = Math.min(min, u); }
                if (y > 0) { int u = sum(cell[q - sw]); max = Math.max(max, u); min = Math.min(min, u); }
                if (y < sh - 1) { int u = sum(cell[q + sw]); max = Math.max(max, u); min = Math.min(min, u); }
                flat[q] = max - min <= span;
            }
        }
        return flat;
    }

    private static int sum(int c) {
        return ((c >> 16) & 255) + ((c >> 8) & 255) + (c & 255);
    }

    private static int grow(int[] cell, boolean[] flat, int[] label, int[] stack, int top, int q, int seed, int lab,
                            int tolerance) {
        if (label[q] == 0 && flat[q] && near(cell[q], seed, tolerance)) {
            label[q] = lab;
            stack[top++] = q;
        }
        return top;
    }

    /** At most the tests' ring share of the cells in a frame a sixth of the box wide around the box have the colour. */
    private static boolean cleanOutline(int[] cell, int sw, int sh, int x0, int y0, int x1, int y1, int colour, Tests t) {
        int rx = Math.max(1, (x1 - x0 + 1) / 6);
        int ry = Math.max(1, (y1 - y0 + 1) / 6);
        int ring = 0;
        int same = 0;
        for (int y = Math.max(0, y0 - ry); y <= Math.min(sh - 1, y1 + ry); y++) {
            for (int x = Math.max(0, x0 - rx); x <= Math.min(sw - 1, x1 + rx); x++) {
                if (x >= x0 && x <= x1 && y >= y0 && y <= y1) continue;
                ring++;
                if (near(cell[y * sw + x], colour, t.tolerance())) same++;
            }
        }
        return same <= t.ring() * ring;
    }

    /** The region with its holes (between its first and last cell on each row and column), grown by DILATE. */
    private static boolean[] mask(int[] label, int lab, int sw, int sh, int x0, int y0, int x1, int y1) {
        boolean[] m = new boolean[sw * sh];
        for (int y = y0; y <= y1; y++) {
            int a = -1, b = -1;
            for (int x = x0; x <= x1; x++) {
                if (label[y * sw + x] == lab) {
                    if (a < 0) a = x;
                    b = x;
                }
            }
            if (a >= 0) for (int x = a; x <= b; x++) m[y * sw + x] = true;
        }
        for (int x = x0; x <= x1; x++) {
            int a = -1, b = -1;
            for (int y = y0; y <= y1; y++) {
                if (label[y * sw + x] == lab) {
                    if (a < 0) a = y;
                    b = y;
                }
            }
            for (int y = y0; y <= y1; y++) if (y < a || y > b) m[y * sw + x] = false;
        }
        for (int it = 0; it < DILATE; it++) {
            boolean[] grown = m.clone();
            int gy0 = Math.max(0, y0 - it), gy1 = Math.min(sh - 1, y1 + it);
            int gx0 = Math.max(0, x0 - it), gx1 = Math.min(sw - 1, x1 + it);
            for (int y = gy0; y <= gy1; y++) {
                for (int x = gx0; x <= gx1; x++) {
                    if (!m[y * sw + x]) continue;
                    for (int dy = Math.max(0, y - 1); dy <= Math.min(sh - 1, y + 1); dy++) {
                        for (int dx = Math.max(0, x - 1); dx <= Math.min(sw - 1, x + 1); dx++) grown[dy * sw + dx] = true;
                    }
                }
            }
            m = grown;
        }
        return m;
    }

    /** Per channel: the masked cells solved for the mean of their four neighbours (Gauss-Seidel). */
    private static float[][] harmonicFill(int[] cell, boolean[] m, int sw, int sh) {
        int n = sw * sh;
        float[][] ch = new float[3][n];
        for (int q = 0; q < n; q++) {
            int c = cell[q];
            ch[0][q] = (c >> 16) & 255;
            ch[1][q] = (c >> 8) & 255;
            ch[2][q] = c & 255;
        }
        int x0 = sw, y0 = sh, x1 = 0, y1 = 0;
        for (int q = 0; q < n; q++) {
            if (m[q]) {
                x0 = Math.min(x0, q % sw);
                x1 = Math.max(x1, q % sw);
                y0 = Math.min(y0, q / sw);
                y1 = Math.max(y1, q / sw);
            }
        }
        // start from the mean of the unmasked cells in the mask's box grown by one
        for (int c = 0; c < 3; c++) {
            double sum = 0;
            int cnt = 0;
            for (int y = Math.max(0, y0 - 1); y <= Math.min(sh - 1, y1 + 1); y++) {
                for (int x = Math.max(0, x0 - 1); x <= Math.min(sw - 1, x1 + 1); x++) {
                    if (!m[y * sw + x]) {
                        sum += ch[c][y * sw + x];
                        cnt++;
                    }
                }
            }
            float mean = cnt == 0 ? 128 : (float) (sum / cnt);
            for (int q = 0; q < n; q++) if (m[q]) ch[c][q] = mean;
        }
        for (int it = 0; it < ITERATIONS; it++) {
            for (int c = 0; c < 3; c++) {
                float[] a = ch[c];
                for (int y = y0; y <= y1; y++) {
                    for (int x = x0; x <= x1; x++) {
                        int q = y * sw + x;
                        if (!m[q]) continue;
                        float s = 0;
                        int cnt = 0;
                        if (x > 0) { s += a[q - 1]; cnt++; }
                        if (x < sw - 1) { s += a[q + 1]; cnt++; }
                        if (y > 0) { s += a[q - sw]; cnt++; }
                        if (y < sh - 1) { s += a[q + sw]; cnt++; }
                        a[q] = s / cnt;
                    }
                }
            }
        }
        return ch;
    }

    private static boolean vivid(int c, int chroma) {
        int r = (c >> 16) & 255, g = (c >> 8) & 255, b = c & 255;
        return Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) >= chroma;
    }

    private static boolean near(int a, int b, int tolerance) {
        return Math.abs(((a >> 16) & 255) - ((b >> 16) & 255)) <= tolerance
                && Math.abs(((a >> 8) & 255) - ((b >> 8) & 255)) <= tolerance
                && Math.abs((a & 255) - (b & 255)) <= tolerance;
    }
}
