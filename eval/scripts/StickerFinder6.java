// Session-6 prototype of hashing's Stickers (not part of the build; used by SignalStudy6.java): finds a
// compact blob of one flat vivid colour with a clean outline, and paints it out (fill mode 2: harmonic
// fill at cell size, the one ported; 0: blend of the box's four edges; 1: the mean around the box).
// Mutable static state: callers synchronise on the class.
import java.util.*;
import org.reportonce.hashing.signalset.*;

/** Prototype: a compact blob of one vivid flat colour that appears nowhere else in the picture. */
public class StickerFinder6 {
    static int SIDE = Integer.getInteger("side", 256); static int DILATE = Integer.getInteger("dilate", 2), ITER = Integer.getInteger("iter", 200); static int FLAT = Integer.getInteger("flat", 40); static double RING = 0.3;          // working size (longer side)
    static int CHROMA = Integer.getInteger("chroma", 80);         // max - min of a vivid pixel
    static int TOL = 40;            // per channel, to the blob's seed colour
    static double MIN_AREA = 0.003, MAX_AREA = 0.15, MIN_FILL = 0.45, MAX_ASPECT = 2.0, ELSEWHERE = 0.5;
    static double MARGIN = 0.12;

    record Box(int x0, int y0, int x1, int y1, int colour, int count) {} // full-res, exclusive ends
    static int[] lastSmall; static int lastK, lastSw, lastSh; static boolean[] lastMask; static double MINFILL2 = Double.parseDouble(System.getProperty("minfill", "0.55")), RING2 = Double.parseDouble(System.getProperty("ring", "0.05"));

    static boolean[] flat; static boolean BORDER = true, DEBUG = false; static int MINCHROMA = 0;
    static int chroma(int c) { int r = (c >> 16) & 255, g = (c >> 8) & 255, b = c & 255; return Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)); }
    static Box find(RgbImage im) {
        int w = im.width(), h = im.height();
        int k = Math.max(1, (Math.max(w, h) + SIDE - 1) / SIDE);
        int sw = w / k, sh = h / k;
        if (sw < 8 || sh < 8) return null;
        int[] small = new int[sw * sh]; flat = new boolean[sw * sh];
        int[] p = im.rgb();
        for (int y = 0; y < sh; y++) for (int x = 0; x < sw; x++) {
            int r = 0, g = 0, b = 0;
            for (int dy = 0; dy < k; dy++) for (int dx = 0; dx < k; dx++) {
                int c = p[(y * k + dy) * w + x * k + dx];
                r += (c >> 16) & 255; g += (c >> 8) & 255; b += c & 255;
            }
            int kk = k * k;
            small[y * sw + x] = ((r / kk) << 16) | ((g / kk) << 8) | (b / kk);
            int mx = 0, mn = 765;
            for (int dy = 0; dy < k; dy++) for (int dx = 0; dx < k; dx++) {
                int c = p[(y * k + dy) * w + x * k + dx];
                int v = ((c >> 16) & 255) + ((c >> 8) & 255) + (c & 255);
                mx = Math.max(mx, v); mn = Math.min(mn, v);
            }
            flat[y * sw + x] = mx - mn <= FLAT;
        }
        boolean[] seen = new boolean[sw * sh]; int[] label = new int[sw * sh]; int lab = 0, bestLab = -1;
        int[] stack = new int[sw * sh];
        Box best = null;
        int n = sw * sh;
        for (int s = 0; s < n; s++) {
            if (seen[s] || !vivid(small[s]) || !flat[s]) continue;
            int c0 = small[s]; lab++;
            int top = 0, count = 0, x0 = sw, y0 = sh, x1 = -1, y1 = -1;
            stack[top++] = s; seen[s] = true;
            while (top > 0) {
                int q = stack[--top]; label[q] = lab;
                count++;
                int qx = q % sw, qy = q / sw;
                x0 = Math.min(x0, qx); x1 = Math.max(x1, qx); y0 = Math.min(y0, qy); y1 = Math.max(y1, qy);
                if (qx > 0) top = push(small, seen, stack, top, q - 1, c0);
                if (qx < sw - 1) top = push(small, seen, stack, top, q + 1, c0);
                if (qy > 0) top = push(small, seen, stack, top, q - sw, c0);
                if (qy < sh - 1) top = push(small, seen, stack, top, q + sw, c0);
            }
            int bw = x1 - x0 + 1, bh = y1 - y0 + 1;
            if (DEBUG && count >= 100) System.out.println("  comp " + x0 + "," + y0 + " " + bw + "x" + bh + " n=" + count + " col=" + Integer.toHexString(c0));
            if (count < MIN_AREA * n || (double) bw * bh > MAX_AREA * n) continue;
            if (count < MIN_FILL * bw * bh) continue;
            if (bw > MAX_ASPECT * bh || bh > MAX_ASPECT * bw) continue;
            // the colour appears nowhere else (much): an overlay, not a patch of the scene
            int rx = Math.max(1, bw / 6), ry = Math.max(1, bh / 6), ring = 0, same = 0;
            for (int y = Math.max(0, y0 - ry); y <= Math.min(sh - 1, y1 + ry); y++) for (int x = Math.max(0, x0 - rx); x <= Math.min(sw - 1, x1 + rx); x++) {
                if (x >= x0 && x <= x1 && y >= y0 && y <= y1) continue;
                ring++; if (near(small[y * sw + x], c0)) same++;
            }
            if (same > RING * ring) continue;
            if (BORDER && (x0 == 0 || y0 == 0 || x1 == sw - 1 || y1 == sh - 1)) continue;
            if (chroma(c0) < MINCHROMA) continue;
            if (DEBUG) System.out.println("  cand " + x0 + "," + y0 + " " + bw + "x" + bh + " n=" + count + " fill=" + (double) count / (bw * bh) + " col=" + Integer.toHexString(c0) + " ring=" + (double) same / ring);
            if ((double) count / (bw * bh) < MINFILL2 || same > RING2 * ring) continue;
            if (best == null || count > best.count) { best = new Box(x0, y0, x1 + 1, y1 + 1, c0, count); bestLab = lab; }
        }
        if (best == null) return null;
        // mask: the component with its holes (row span and column span), dilated by 2 cells
        boolean[] m = new boolean[sw * sh];
        for (int y = best.y0; y < best.y1; y++) {
            int a = -1, b = -1;
            for (int x = best.x0; x < best.x1; x++) if (label[y * sw + x] == bestLab) { if (a < 0) a = x; b = x; }
            if (a >= 0) for (int x = a; x <= b; x++) m[y * sw + x] = true;
        }
        for (int x = best.x0; x < best.x1; x++) {
            int a = -1, b = -1;
            for (int y = best.y0; y < best.y1; y++) if (label[y * sw + x] == bestLab) { if (a < 0) a = y; b = y; }
            for (int y = best.y0; y < best.y1; y++) if (y < a || y > b) m[y * sw + x] = false;
        }
        for (int it = 0; it < DILATE; it++) {
            boolean[] m2 = m.clone();
            for (int y = 0; y < sh; y++) for (int x = 0; x < sw; x++) if (m[y * sw + x]) {
                if (x > 0) m2[y * sw + x - 1] = true; if (x < sw - 1) m2[y * sw + x + 1] = true;
                if (y > 0) m2[(y - 1) * sw + x] = true; if (y < sh - 1) m2[(y + 1) * sw + x] = true;
                if (x > 0 && y > 0) m2[(y - 1) * sw + x - 1] = true; if (x < sw - 1 && y > 0) m2[(y - 1) * sw + x + 1] = true;
                if (x > 0 && y < sh - 1) m2[(y + 1) * sw + x - 1] = true; if (x < sw - 1 && y < sh - 1) m2[(y + 1) * sw + x + 1] = true;
            }
            m = m2;
        }
        lastSmall = small; lastK = k; lastSw = sw; lastSh = sh; lastMask = m;
        int bw = best.x1 - best.x0, bh = best.y1 - best.y0;
        int mx = (int) Math.ceil(MARGIN * bw) + 1, my = (int) Math.ceil(MARGIN * bh) + 1;
        return new Box(Math.max(0, (best.x0 - mx) * k), Math.max(0, (best.y0 - my) * k),
                Math.min(w, (best.x1 + mx) * k), Math.min(h, (best.y1 + my) * k), best.colour, best.count);
    }

    /** Fills the last mask by repeated averaging of the 4 neighbours (a discrete Laplace equation) at working size. */
    static RgbImage harmonic(RgbImage im) {
        int sw = lastSw, sh = lastSh, k = lastK, w = im.width(), h = im.height();
        boolean[] m = lastMask;
        float[][] ch = new float[3][sw * sh];
        for (int q = 0; q < sw * sh; q++) { int c = lastSmall[q]; ch[0][q] = (c >> 16) & 255; ch[1][q] = (c >> 8) & 255; ch[2][q] = c & 255; }
        int x0 = sw, y0 = sh, x1 = 0, y1 = 0;
        for (int q = 0; q < sw * sh; q++) if (m[q]) { x0 = Math.min(x0, q % sw); x1 = Math.max(x1, q % sw); y0 = Math.min(y0, q / sw); y1 = Math.max(y1, q / sw); }
        // start from the mean of the pixels around the mask
        for (int c = 0; c < 3; c++) {
            double sum = 0; int cnt = 0;
            for (int y = Math.max(0, y0 - 1); y <= Math.min(sh - 1, y1 + 1); y++) for (int x = Math.max(0, x0 - 1); x <= Math.min(sw - 1, x1 + 1); x++) if (!m[y * sw + x]) { sum += ch[c][y * sw + x]; cnt++; }
            float mean = cnt == 0 ? 128 : (float) (sum / cnt);
            for (int q = 0; q < sw * sh; q++) if (m[q]) ch[c][q] = mean;
        }
        for (int it = 0; it < ITER; it++) for (int c = 0; c < 3; c++) {
            float[] a = ch[c];
            for (int y = y0; y <= y1; y++) for (int x = x0; x <= x1; x++) {
                int q = y * sw + x;
                if (!m[q]) continue;
                float s = 0; int cnt = 0;
                if (x > 0) { s += a[q - 1]; cnt++; } if (x < sw - 1) { s += a[q + 1]; cnt++; }
                if (y > 0) { s += a[q - sw]; cnt++; } if (y < sh - 1) { s += a[q + sw]; cnt++; }
                a[q] = s / cnt;
            }
        }
        int[] p = im.rgb().clone();
        for (int y = 0; y < h; y++) {
            int sy = Math.min(sh - 1, y / k);
            for (int x = 0; x < w; x++) {
                int sx = Math.min(sw - 1, x / k);
                int q = sy * sw + sx;
                if (!m[q]) continue;
                p[y * w + x] = (Math.round(ch[0][q]) << 16) | (Math.round(ch[1][q]) << 8) | Math.round(ch[2][q]);
            }
        }
        return new RgbImage(w, h, p);
    }

    static int push(int[] small, boolean[] seen, int[] stack, int top, int q, int c0) {
        if (!seen[q] && flat[q] && near(small[q], c0)) { seen[q] = true; stack[top++] = q; }
        return top;
    }

    static boolean vivid(int c) {
        int r = (c >> 16) & 255, g = (c >> 8) & 255, b = c & 255;
        int mx = Math.max(r, Math.max(g, b)), mn = Math.min(r, Math.min(g, b));
        return mx - mn >= CHROMA;
    }

    static boolean near(int a, int b) {
        return Math.abs(((a >> 16) & 255) - ((b >> 16) & 255)) <= TOL && Math.abs(((a >> 8) & 255) - ((b >> 8) & 255)) <= TOL
                && Math.abs((a & 255) - (b & 255)) <= TOL;
    }

    /** A copy with the box filled from its edges (inverse-distance blend of the four sides' lines). */
    static RgbImage fill(RgbImage im, Box b, int mode) {
        int w = im.width(), h = im.height();
        int[] p = im.rgb().clone();
        int x0 = b.x0, y0 = b.y0, x1 = b.x1, y1 = b.y1;
        boolean hasL = x0 > 0, hasR = x1 < w, hasT = y0 > 0, hasB = y1 < h;
        if (mode == 2) return harmonic(im);
        if (mode == 1) { // mean of the ring around the box
            long r = 0, g = 0, bl = 0; int cnt = 0;
            int rx0 = Math.max(0, x0 - 3), ry0 = Math.max(0, y0 - 3), rx1 = Math.min(w, x1 + 3), ry1 = Math.min(h, y1 + 3);
            for (int y = ry0; y < ry1; y++) for (int x = rx0; x < rx1; x++) {
                if (x >= x0 && x < x1 && y >= y0 && y < y1) continue;
                int c = p[y * w + x]; r += (c >> 16) & 255; g += (c >> 8) & 255; bl += c & 255; cnt++;
            }
            if (cnt == 0) return im;
            int c = (int) (r / cnt) << 16 | (int) (g / cnt) << 8 | (int) (bl / cnt);
            for (int y = y0; y < y1; y++) for (int x = x0; x < x1; x++) p[y * w + x] = c;
            return new RgbImage(w, h, p);
        }
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                double sr = 0, sg = 0, sb = 0, sw = 0;
                if (hasL) { double wt = 1.0 / (x - x0 + 1); int c = p[y * w + x0 - 1]; sr += wt * ((c >> 16) & 255); sg += wt * ((c >> 8) & 255); sb += wt * (c & 255); sw += wt; }
                if (hasR) { double wt = 1.0 / (x1 - x); int c = p[y * w + x1]; sr += wt * ((c >> 16) & 255); sg += wt * ((c >> 8) & 255); sb += wt * (c & 255); sw += wt; }
                if (hasT) { double wt = 1.0 / (y - y0 + 1); int c = p[(y0 - 1) * w + x]; sr += wt * ((c >> 16) & 255); sg += wt * ((c >> 8) & 255); sb += wt * (c & 255); sw += wt; }
                if (hasB) { double wt = 1.0 / (y1 - y); int c = p[y1 * w + x]; sr += wt * ((c >> 16) & 255); sg += wt * ((c >> 8) & 255); sb += wt * (c & 255); sw += wt; }
                if (sw == 0) continue;
                p[y * w + x] = ((int) (sr / sw) << 16) | ((int) (sg / sw) << 8) | (int) (sb / sw);
            }
        }
        return new RgbImage(w, h, p);
    }
}
