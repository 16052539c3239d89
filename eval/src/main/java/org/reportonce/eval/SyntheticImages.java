package org.reportonce.eval;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.Random;

/**
 * Generated pictures, deterministic per seed: a smooth random colour field (sums of a few random
 * low-frequency waves) under random shapes, lines and a gradient, plus fine noise. They give the
 * harness pictures to run on without any files, and extra "unrelated" pictures for the false-match
 * count. They are easier than photographs (more distinct from each other), so results on them alone
 * are optimistic.
 */
public final class SyntheticImages {
    private SyntheticImages() {}

    public static BufferedImage generate(long seed, int width, int height) {
        Random r = new Random(seed);
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int waves = 3 + r.nextInt(4);
        double[][] p = new double[waves * 3][4];
        for (double[] w : p) {
            w[0] = (r.nextDouble() * 4 + 0.5) * 2 * Math.PI / width;
            w[1] = (r.nextDouble() * 4 + 0.5) * 2 * Math.PI / height * (r.nextBoolean() ? 1 : -1);
            w[2] = r.nextDouble() * 2 * Math.PI;
            w[3] = 40 + r.nextDouble() * 60;
        }
        int[] base = {r.nextInt(160) + 40, r.nextInt(160) + 40, r.nextInt(160) + 40};
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int rgb = 0;
                for (int c = 0; c < 3; c++) {
                    double v = base[c];
                    for (int k = c * waves; k < (c + 1) * waves; k++) {
                        v += p[k][3] * Math.sin(p[k][0] * x + p[k][1] * y + p[k][2]) / waves;
                    }
                    rgb = (rgb << 8) | Math.max(0, Math.min(255, (int) v));
                }
                img.setRGB(x, y, rgb);
            }
        }
        Graphics2D g = Edits.quality(img.createGraphics());
        int shapes = 4 + r.nextInt(8);
        for (int i = 0; i < shapes; i++) {
            g.setColor(new Color(r.nextInt(0x1000000) | (120 + r.nextInt(136)) << 24, true));
            double cx = r.nextDouble() * width;
            double cy = r.nextDouble() * height;
            double s = (0.05 + 0.3 * r.nextDouble()) * Math.min(width, height);
            switch (r.nextInt(3)) {
                case 0 -> g.fill(new Ellipse2D.Double(cx - s / 2, cy - s / 2, s, s * (0.5 + r.nextDouble())));
                case 1 -> g.fillRect((int) (cx - s / 2), (int) (cy - s / 2), (int) s, (int) (s * (0.3 + r.nextDouble())));
                default -> {
                    Path2D.Double tri = new Path2D.Double();
                    tri.moveTo(cx, cy - s);
                    tri.lineTo(cx + s, cy + s * r.nextDouble());
                    tri.lineTo(cx - s * r.nextDouble(), cy + s);
                    tri.closePath();
                    g.fill(tri);
                }
            }
        }
        g.setPaint(new GradientPaint(0, 0, new Color(0, 0, 0, r.nextInt(90)), width, height,
                new Color(255, 255, 255, r.nextInt(90))));
        g.fillRect(0, 0, width, height);
        g.dispose();
        for (int i = 0; i < width * height / 4; i++) {
            int x = r.nextInt(width);
            int y = r.nextInt(height);
            int d = r.nextInt(31) - 15;
            int px = img.getRGB(x, y);
            int rr = Math.max(0, Math.min(255, ((px >> 16) & 0xFF) + d));
            int gg = Math.max(0, Math.min(255, ((px >> 8) & 0xFF) + d));
            int bb = Math.max(0, Math.min(255, (px & 0xFF) + d));
            img.setRGB(x, y, (rr << 16) | (gg << 8) | bb);
        }
        return img;
    }
}
