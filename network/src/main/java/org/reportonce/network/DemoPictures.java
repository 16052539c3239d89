package org.reportonce.network;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.reportonce.hashing.pdq.PdqHasher;

/**
 * The demo network's pictures, drawn with Java2D and deterministic per seed, and the edits an
 * abuser makes before re-uploading one (recompression, mirror, crop, frame).
 *
 * <p>Each picture is a small "postcard": a smooth random colour field, a horizon of hills, a sun or
 * moon, a handful of trees, houses and blobs, a diagonal light and photo-like grain. The layout
 * (horizon height, which side is bright, what sits where) varies with the seed so that two pictures
 * are as far apart in PDQ terms as two unrelated photographs; {@code DemoPicturesTest} checks that no
 * two seeds used by the demo match each other under the platform's rule.
 */
public final class DemoPictures {

    private DemoPictures() {}

    /** Pictures with less detail than this are drawn again: well above the quality floor of 50. */
    static final int MIN_QUALITY = 70;

    /**
     * The picture for {@code seed}, 640 x 480 or 480 x 640, with a PDQ quality of at least
     * {@value #MIN_QUALITY} (the first of the seed's drawings that reaches it).
     */
    public static BufferedImage picture(long seed) {
        BufferedImage img = null;
        for (int attempt = 0; attempt < 16; attempt++) {
            img = draw(seed * 0x9E3779B97F4A7C15L + 17 + attempt * 0x632BE59BD9B4E019L);
            int[] rgb = img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
            if (PdqHasher.canonical().hashRgb(rgb, img.getWidth(), img.getHeight()).quality() >= MIN_QUALITY) break;
        }
        return img;
    }

    private static BufferedImage draw(long randomSeed) {
        Random r = new Random(randomSeed);
        boolean portrait = r.nextInt(4) == 0;
        int w = portrait ? 480 : 640;
        int h = portrait ? 640 : 480;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        colourField(img, r);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        if (r.nextBoolean()) {
            // mirror the whole layout half of the time, so "bright on the left" is no common trait
            g.transform(new AffineTransform(-1, 0, 0, 1, w, 0));
        }
        double horizon = h * (0.35 + 0.35 * r.nextDouble());
        Color sky = hsb(r, 0.25, 0.9);
        g.setPaint(new GradientPaint(0, 0, withAlpha(sky, 150), 0, (float) horizon, withAlpha(hsb(r, 0.3, 0.7), 90)));
        g.fillRect(0, 0, w, (int) horizon);
        g.setColor(withAlpha(hsb(r, 0.8, 1.0), 230));
        double sun = 30 + r.nextDouble() * 60;
        g.fill(new Ellipse2D.Double(r.nextDouble() * (w - sun), r.nextDouble() * (horizon - sun), sun, sun));
        for (int layer = 0; layer < 2 + r.nextInt(2); layer++) {
            hills(g, r, w, h, horizon + layer * h * 0.08, hsb(r, 0.6, 0.25 + 0.5 * r.nextDouble()));
        }
        for (int i = 0, n = 3 + r.nextInt(6); i < n; i++) {
            double x = r.nextDouble() * w;
            double y = horizon + r.nextDouble() * (h - horizon);
            double s = (0.06 + 0.16 * r.nextDouble()) * h;
            switch (r.nextInt(3)) {
                case 0 -> tree(g, r, x, y, s);
                case 1 -> house(g, r, x, y, s);
                default -> {
                    g.setColor(withAlpha(hsb(r, 0.7, 0.3 + 0.7 * r.nextDouble()), 120 + r.nextInt(136)));
                    g.fill(new Ellipse2D.Double(x - s, y - s / 2, 2 * s, s * (0.5 + r.nextDouble())));
                }
            }
        }
        g.setStroke(new BasicStroke(2 + r.nextInt(6)));
        for (int i = 0, n = r.nextInt(4); i < n; i++) {
            g.setColor(withAlpha(hsb(r, 0.5, 0.5 + 0.5 * r.nextDouble()), 200));
            g.drawLine(r.nextInt(w), r.nextInt(h), r.nextInt(w), r.nextInt(h));
        }
        g.setPaint(new GradientPaint(0, 0, new Color(0, 0, 0, r.nextInt(110)), w, h, new Color(255, 255, 255, r.nextInt(110))));
        g.fillRect(0, 0, w, h);
        g.dispose();
        grain(img, r);
        return img;
    }

    // ------------------------------------------------------------------ edits

    /** Re-encoded as JPEG at {@code quality} (0..1) and decoded again, as a re-upload through a site that recompresses. */
    public static BufferedImage recompressed(BufferedImage src, float quality) {
        try {
            BufferedImage back = ImageIO.read(new java.io.ByteArrayInputStream(jpeg(src, quality)));
            if (back == null) throw new IllegalStateException("the JDK's JPEG reader could not read its own output");
            return back;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Mirrored left to right. */
    public static BufferedImage mirrored(BufferedImage src) {
        BufferedImage out = canvas(src.getWidth(), src.getHeight());
        Graphics2D g = out.createGraphics();
        g.drawImage(src, src.getWidth(), 0, -src.getWidth(), src.getHeight(), null);
        g.dispose();
        return out;
    }

    /** The shares {@code left}, {@code top}, {@code right}, {@code bottom} of the sides cut away. */
    public static BufferedImage cropped(BufferedImage src, double left, double top, double right, double bottom) {
        int x0 = (int) Math.round(src.getWidth() * left);
        int y0 = (int) Math.round(src.getHeight() * top);
        int x1 = src.getWidth() - (int) Math.round(src.getWidth() * right);
        int y1 = src.getHeight() - (int) Math.round(src.getHeight() * bottom);
        BufferedImage out = canvas(x1 - x0, y1 - y0);
        Graphics2D g = out.createGraphics();
        g.drawImage(src, 0, 0, out.getWidth(), out.getHeight(), x0, y0, x1, y1, null);
        g.dispose();
        return out;
    }

    /** A uniform frame {@code share} of the shorter side wide on every side, as a meme or screenshot tool adds. */
    public static BufferedImage framed(BufferedImage src, double share, Color colour) {
        int b = (int) Math.round(Math.min(src.getWidth(), src.getHeight()) * share);
        BufferedImage out = canvas(src.getWidth() + 2 * b, src.getHeight() + 2 * b);
        Graphics2D g = out.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.drawImage(src, b, b, null);
        g.dispose();
        return out;
    }

    /** Scaled by {@code factor} with bilinear filtering. */
    public static BufferedImage scaled(BufferedImage src, double factor) {
        int w = Math.max(1, (int) Math.round(src.getWidth() * factor));
        int h = Math.max(1, (int) Math.round(src.getHeight() * factor));
        BufferedImage out = canvas(w, h);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(src, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    // ------------------------------------------------------------------ encoding

    /** JPEG bytes at {@code quality} (0..1), baseline, no metadata. */
    public static byte[] jpeg(BufferedImage img, float quality) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        if (!writers.hasNext()) throw new IllegalStateException("no JPEG writer in this JDK");
        ImageWriter writer = writers.next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(quality);
            writer.write(null, new IIOImage(rgb(img), null, null), p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** Lossless PNG bytes. */
    public static byte[] png(BufferedImage img) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(rgb(img), "png", bytes)) throw new IllegalStateException("no PNG writer in this JDK");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    // ------------------------------------------------------------------ drawing

    private static void colourField(BufferedImage img, Random r) {
        int w = img.getWidth();
        int h = img.getHeight();
        int waves = 3;
        double[][] p = new double[waves * 3][4];
        for (double[] q : p) {
            q[0] = (0.5 + 3 * r.nextDouble()) * 2 * Math.PI / w * (r.nextBoolean() ? 1 : -1);
            q[1] = (0.5 + 3 * r.nextDouble()) * 2 * Math.PI / h * (r.nextBoolean() ? 1 : -1);
            q[2] = r.nextDouble() * 2 * Math.PI;
            q[3] = 40 + 70 * r.nextDouble();
        }
        int[] base = {50 + r.nextInt(150), 50 + r.nextInt(150), 50 + r.nextInt(150)};
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = 0;
                for (int c = 0; c < 3; c++) {
                    double v = base[c];
                    for (int k = c * waves; k < (c + 1) * waves; k++) v += p[k][3] * Math.sin(p[k][0] * x + p[k][1] * y + p[k][2]) / waves;
                    rgb = (rgb << 8) | clamp((int) v);
                }
                row[x] = rgb;
            }
            img.setRGB(0, y, w, 1, row, 0, w);
        }
    }

    private static void hills(Graphics2D g, Random r, int w, int h, double base, Color colour) {
        Path2D.Double path = new Path2D.Double();
        path.moveTo(0, h);
        double a1 = 10 + 40 * r.nextDouble();
        double a2 = 5 + 20 * r.nextDouble();
        double f1 = (1 + 2 * r.nextDouble()) * Math.PI / w;
        double f2 = (3 + 5 * r.nextDouble()) * Math.PI / w;
        double ph = r.nextDouble() * Math.PI * 2;
        for (int x = 0; x <= w; x += 8) {
            path.lineTo(x, base - a1 * Math.sin(f1 * x + ph) - a2 * Math.sin(f2 * x + 2 * ph));
        }
        path.lineTo(w, h);
        path.closePath();
        // shaded across and see-through, so no row is one flat colour (a flat band would look like a
        // frame to the border trimmer, which photographs rarely do)
        Color other = hsb(r, 0.6, 0.2 + 0.7 * r.nextDouble());
        g.setPaint(new GradientPaint((float) (w * r.nextDouble() * 0.3), 0, withAlpha(colour, 215),
                (float) (w * (0.7 + 0.3 * r.nextDouble())), (float) (h * 0.2 * r.nextDouble()), withAlpha(other, 215)));
        g.fill(path);
    }

    private static void tree(Graphics2D g, Random r, double x, double y, double s) {
        g.setColor(new Color(70 + r.nextInt(40), 45 + r.nextInt(30), 20));
        g.fill(new java.awt.geom.Rectangle2D.Double(x - s * 0.08, y - s * 0.4, s * 0.16, s * 0.4));
        g.setColor(hsb(r, 0.7, 0.2 + 0.4 * r.nextDouble(), 0.22 + 0.2 * r.nextDouble()));
        Path2D.Double crown = new Path2D.Double();
        crown.moveTo(x, y - s * 1.6);
        crown.lineTo(x + s * 0.5, y - s * 0.35);
        crown.lineTo(x - s * 0.5, y - s * 0.35);
        crown.closePath();
        g.fill(crown);
    }

    private static void house(Graphics2D g, Random r, double x, double y, double s) {
        g.setColor(hsb(r, 0.4, 0.5 + 0.5 * r.nextDouble()));
        g.fill(new java.awt.geom.Rectangle2D.Double(x - s * 0.5, y - s * 0.7, s, s * 0.7));
        g.setColor(hsb(r, 0.8, 0.2 + 0.4 * r.nextDouble()));
        Path2D.Double roof = new Path2D.Double();
        roof.moveTo(x - s * 0.6, y - s * 0.7);
        roof.lineTo(x, y - s * 1.2);
        roof.lineTo(x + s * 0.6, y - s * 0.7);
        roof.closePath();
        g.fill(roof);
        g.setColor(new Color(250, 230, 140));
        g.fill(new java.awt.geom.Rectangle2D.Double(x - s * 0.3, y - s * 0.5, s * 0.2, s * 0.2));
    }

    private static void grain(BufferedImage img, Random r) {
        int w = img.getWidth();
        int h = img.getHeight();
        int[] px = img.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < px.length; i++) {
            int d = r.nextInt(17) - 8;
            int p = px[i];
            px[i] = (clamp(((p >> 16) & 0xFF) + d) << 16) | (clamp(((p >> 8) & 0xFF) + d) << 8) | clamp((p & 0xFF) + d);
        }
        img.setRGB(0, 0, w, h, px, 0, w);
    }

    private static Color hsb(Random r, double saturation, double brightness) {
        return hsb(r, saturation, brightness, r.nextDouble());
    }

    private static Color hsb(Random r, double saturation, double brightness, double hue) {
        return Color.getHSBColor((float) hue, (float) Math.min(1, saturation * (0.5 + r.nextDouble())), (float) Math.min(1, brightness));
    }

    private static Color withAlpha(Color c, int alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
    }

    private static BufferedImage canvas(int w, int h) {
        return new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    }

    private static BufferedImage rgb(BufferedImage img) {
        if (img.getType() == BufferedImage.TYPE_INT_RGB) return img;
        BufferedImage out = canvas(img.getWidth(), img.getHeight());
        Graphics2D g = out.createGraphics();
        g.drawImage(img, 0, 0, null);
        g.dispose();
        return out;
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : Math.min(255, v);
    }
}
