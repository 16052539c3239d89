package org.reportonce.eval;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.GlyphVector;
import java.awt.geom.AffineTransform;
import java.awt.geom.Arc2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;
import java.awt.image.RescaleOp;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The battery of edits, done with Java2D. Every edit is deterministic given its {@link Random}: the
 * harness seeds one per (run seed, image, edit), so a run is repeatable and two runs with the same
 * seed produce the same pixels.
 *
 * <p>Crop amounts are the share of the width and of the height removed ("a 10 % crop" keeps 90 % of
 * each side, 81 % of the area). Rotation angles are drawn with a random sign.
 */
public final class Edits {
    private Edits() {}

    /** One edit: its kind, a label naming its parameters, and the operation. */
    public record Edit(EditKind kind, String label, Op op) {
        public Edit {
            if (kind == null || label == null || label.isBlank() || op == null) {
                throw new IllegalArgumentException("edit needs a kind, a label and an operation");
            }
        }

        public BufferedImage apply(BufferedImage src, Random rnd) {
            return op.apply(src, rnd);
        }
    }

    /** An image operation; must draw all its randomness from {@code rnd}. */
    @FunctionalInterface
    public interface Op {
        BufferedImage apply(BufferedImage src, Random rnd);
    }

    /** The standard battery (40 edits per image). */
    public static List<Edit> battery() {
        List<Edit> b = new ArrayList<>();
        for (int q : new int[] {20, 35}) {
            b.add(new Edit(EditKind.JPEG_LOW_QUALITY, "jpeg_q" + q, (s, r) -> jpeg(s, q / 100f)));
        }
        for (double f : new double[] {0.5, 0.25}) {
            b.add(new Edit(EditKind.DOWNSCALE, "downscale_" + (int) (f * 100) + "%",
                    (s, r) -> scale(s, Math.max(1, (int) Math.round(s.getWidth() * f)),
                            Math.max(1, (int) Math.round(s.getHeight() * f)))));
        }
        for (double sigma : new double[] {1.5, 3}) {
            b.add(new Edit(EditKind.BLUR, "blur_sigma" + sigma,
                    (s, r) -> blur(s, sigma * Math.max(s.getWidth(), s.getHeight()) / 1024.0)));
        }
        b.add(new Edit(EditKind.BRIGHTNESS_CONTRAST, "brighter_contrast", (s, r) -> rescale(s, 1.3f, 20f)));
        b.add(new Edit(EditKind.BRIGHTNESS_CONTRAST, "darker_flatter", (s, r) -> rescale(s, 0.75f, -20f)));
        b.add(new Edit(EditKind.GREYSCALE, "greyscale", (s, r) -> greyscale(s)));
        b.add(new Edit(EditKind.MIRROR, "mirror", (s, r) -> mirror(s)));
        for (int q : new int[] {1, 2, 3}) {
            b.add(new Edit(EditKind.ROTATE_90, "rotate_" + (90 * q), (s, r) -> quarterTurns(s, q)));
        }
        for (int pct : new int[] {3, 5, 7, 10}) {
            double a = pct / 100.0;
            b.add(new Edit(EditKind.CROP_CENTRED, "crop_centred_" + pct + "%",
                    (s, r) -> crop(s, a / 2, a / 2, a / 2, a / 2)));
        }
        for (int pct : new int[] {5, 5, 10, 10}) {
            double a = pct / 100.0;
            b.add(new Edit(EditKind.CROP_OFF_CENTRE, "crop_off_centre_" + pct + "%", (s, r) -> {
                double u = r.nextDouble();
                double v = r.nextDouble();
                return crop(s, a * u, a * v, a * (1 - u), a * (1 - v));
            }));
        }
        for (int pct : new int[] {5, 10}) {
            double a = pct / 100.0;
            b.add(new Edit(EditKind.CROP_ONE_SIDE, "crop_one_side_" + pct + "%", (s, r) -> switch (r.nextInt(4)) {
                case 0 -> crop(s, a, 0, 0, 0);
                case 1 -> crop(s, 0, a, 0, 0);
                case 2 -> crop(s, 0, 0, a, 0);
                default -> crop(s, 0, 0, 0, a);
            }));
        }
        b.add(new Edit(EditKind.BORDER, "border_plain", (s, r) -> {
            Color c = r.nextBoolean() ? Color.WHITE : Color.BLACK;
            return border(s, 0.05 + 0.10 * r.nextDouble(), c);
        }));
        b.add(new Edit(EditKind.BORDER, "border_colour",
                (s, r) -> border(s, 0.05 + 0.10 * r.nextDouble(), new Color(r.nextInt(0x1000000)))));
        for (int deg = 1; deg <= 5; deg++) {
            int d = deg;
            b.add(new Edit(EditKind.ROTATE_SMALL, "straighten_" + deg + "deg",
                    (s, r) -> rotateSmall(s, r.nextBoolean() ? d : -d, true, Color.BLACK)));
        }
        for (int deg : new int[] {1, 3, 5}) {
            b.add(new Edit(EditKind.ROTATE_SMALL_CANVAS, "rotate_canvas_" + deg + "deg",
                    (s, r) -> rotateSmall(s, r.nextBoolean() ? deg : -deg, false,
                            r.nextBoolean() ? Color.BLACK : Color.WHITE)));
        }
        b.add(new Edit(EditKind.ASPECT, "stretch_wide_20%",
                (s, r) -> scale(s, (int) Math.round(s.getWidth() * 1.2), s.getHeight())));
        b.add(new Edit(EditKind.ASPECT, "stretch_tall_20%",
                (s, r) -> scale(s, s.getWidth(), (int) Math.round(s.getHeight() * 1.2))));
        b.add(new Edit(EditKind.CAPTION, "caption", Edits::caption));
        b.add(new Edit(EditKind.CAPTION_BAND, "caption_band", Edits::captionBand));
        b.add(new Edit(EditKind.STICKER, "sticker_2%", (s, r) -> sticker(s, r, 0.02)));
        b.add(new Edit(EditKind.STICKER, "sticker_5%", (s, r) -> sticker(s, r, 0.05)));
        b.add(new Edit(EditKind.SCREENSHOT, "screenshot", Edits::screenshot));
        return List.copyOf(b);
    }

    // ---------------------------------------------------------------- pixel plumbing

    static BufferedImage rgbCanvas(int w, int h) {
        return new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    }

    static Graphics2D quality(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        return g;
    }

    /** Copies any image into a TYPE_INT_RGB one (alpha composited on white). */
    public static BufferedImage toRgb(BufferedImage src) {
        if (src.getType() == BufferedImage.TYPE_INT_RGB) return src;
        BufferedImage out = rgbCanvas(src.getWidth(), src.getHeight());
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, src.getWidth(), src.getHeight());
        g.drawImage(src, 0, 0, null);
        g.dispose();
        return out;
    }

    /** JPEG-encodes at the given quality (0..1) and decodes again. */
    public static BufferedImage jpeg(BufferedImage src, float quality) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(quality);
            try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
                writer.setOutput(out);
                writer.write(null, new IIOImage(toRgb(src), null, null), p);
            } finally {
                writer.dispose();
            }
            return toRgb(ImageIO.read(new ByteArrayInputStream(bytes.toByteArray())));
        } catch (IOException e) {
            throw new UncheckedIOException("JPEG round trip failed", e);
        }
    }

    /** Resizes; halves repeatedly first when shrinking a lot, so bilinear does not alias. */
    public static BufferedImage scale(BufferedImage src, int w, int h) {
        BufferedImage cur = src;
        while (cur.getWidth() >= 2 * w && cur.getHeight() >= 2 * h) {
            cur = draw(cur, cur.getWidth() / 2, cur.getHeight() / 2);
        }
        return draw(cur, w, h);
    }

    private static BufferedImage draw(BufferedImage src, int w, int h) {
        BufferedImage out = rgbCanvas(w, h);
        Graphics2D g = quality(out.createGraphics());
        g.drawImage(src, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    static BufferedImage blur(BufferedImage src, double sigma) {
        int radius = Math.max(1, (int) Math.ceil(3 * sigma));
        float[] k = new float[2 * radius + 1];
        float sum = 0;
        for (int i = -radius; i <= radius; i++) {
            k[i + radius] = (float) Math.exp(-(i * i) / (2 * sigma * sigma));
            sum += k[i + radius];
        }
        for (int i = 0; i < k.length; i++) k[i] /= sum;
        // pad by replicating the edge so the blur does not darken a frame around the picture
        BufferedImage padded = rgbCanvas(src.getWidth() + 2 * radius, src.getHeight() + 2 * radius);
        Graphics2D g = padded.createGraphics();
        g.drawImage(src, radius, radius, null);
        g.drawImage(src, 0, radius, radius, radius + src.getHeight(), 0, 0, 1, src.getHeight(), null);
        g.drawImage(src, radius + src.getWidth(), radius, padded.getWidth(), radius + src.getHeight(),
                src.getWidth() - 1, 0, src.getWidth(), src.getHeight(), null);
        g.drawImage(padded, 0, 0, padded.getWidth(), radius, 0, radius, padded.getWidth(), radius + 1, null);
        g.drawImage(padded, 0, radius + src.getHeight(), padded.getWidth(), padded.getHeight(),
                0, radius + src.getHeight() - 1, padded.getWidth(), radius + src.getHeight(), null);
        g.dispose();
        BufferedImage h = new ConvolveOp(new Kernel(k.length, 1, k), ConvolveOp.EDGE_NO_OP, null).filter(padded, null);
        BufferedImage v = new ConvolveOp(new Kernel(1, k.length, k), ConvolveOp.EDGE_NO_OP, null).filter(h, null);
        return toRgb(v.getSubimage(radius, radius, src.getWidth(), src.getHeight()));
    }

    static BufferedImage rescale(BufferedImage src, float scale, float offset) {
        return new RescaleOp(scale, offset, null).filter(src, rgbCanvas(src.getWidth(), src.getHeight()));
    }

    static BufferedImage greyscale(BufferedImage src) {
        BufferedImage out = rgbCanvas(src.getWidth(), src.getHeight());
        for (int y = 0; y < src.getHeight(); y++) {
            for (int x = 0; x < src.getWidth(); x++) {
                int p = src.getRGB(x, y);
                int l = (int) Math.round(0.299 * ((p >> 16) & 0xFF) + 0.587 * ((p >> 8) & 0xFF) + 0.114 * (p & 0xFF));
                out.setRGB(x, y, (l << 16) | (l << 8) | l);
            }
        }
        return out;
    }

    static BufferedImage mirror(BufferedImage src) {
        BufferedImage out = rgbCanvas(src.getWidth(), src.getHeight());
        Graphics2D g = out.createGraphics();
        g.drawImage(src, src.getWidth(), 0, -src.getWidth(), src.getHeight(), null);
        g.dispose();
        return out;
    }

    static BufferedImage quarterTurns(BufferedImage src, int quarters) {
        int w = src.getWidth();
        int h = src.getHeight();
        boolean swap = (quarters & 1) == 1;
        BufferedImage out = rgbCanvas(swap ? h : w, swap ? w : h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = src.getRGB(x, y);
                switch (quarters & 3) {
                    case 1 -> out.setRGB(y, w - 1 - x, p);
                    case 2 -> out.setRGB(w - 1 - x, h - 1 - y, p);
                    case 3 -> out.setRGB(h - 1 - y, x, p);
                    default -> out.setRGB(x, y, p);
                }
            }
        }
        return out;
    }

    /** Removes the given fractions of the width (left, right) and height (top, bottom). */
    static BufferedImage crop(BufferedImage src, double left, double top, double right, double bottom) {
        int w = src.getWidth();
        int h = src.getHeight();
        int x0 = (int) Math.round(left * w);
        int y0 = (int) Math.round(top * h);
        int x1 = Math.max(x0 + 1, w - (int) Math.round(right * w));
        int y1 = Math.max(y0 + 1, h - (int) Math.round(bottom * h));
        return toRgb(copy(src.getSubimage(x0, y0, x1 - x0, y1 - y0)));
    }

    private static BufferedImage copy(BufferedImage sub) {
        BufferedImage out = rgbCanvas(sub.getWidth(), sub.getHeight());
        Graphics2D g = out.createGraphics();
        g.drawImage(sub, 0, 0, null);
        g.dispose();
        return out;
    }

    /** Adds a border whose width is {@code fraction} of the longer side, on every side. */
    static BufferedImage border(BufferedImage src, double fraction, Color colour) {
        int b = Math.max(1, (int) Math.round(fraction * Math.max(src.getWidth(), src.getHeight())));
        BufferedImage out = rgbCanvas(src.getWidth() + 2 * b, src.getHeight() + 2 * b);
        Graphics2D g = out.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.drawImage(src, b, b, null);
        g.dispose();
        return out;
    }

    /**
     * Turns by {@code degrees} about the centre on a canvas of the same size: zoomed in until no
     * corner shows ({@code fill = true}), or with the corners painted {@code corner}.
     */
    static BufferedImage rotateSmall(BufferedImage src, double degrees, boolean fill, Color corner) {
        int w = src.getWidth();
        int h = src.getHeight();
        double t = Math.toRadians(Math.abs(degrees));
        double zoom = fill ? 1 / Math.min(w / (w * Math.cos(t) + h * Math.sin(t)),
                h / (w * Math.sin(t) + h * Math.cos(t))) : 1;
        BufferedImage out = rgbCanvas(w, h);
        Graphics2D g = quality(out.createGraphics());
        g.setColor(corner);
        g.fillRect(0, 0, w, h);
        AffineTransform at = new AffineTransform();
        at.translate(w / 2.0, h / 2.0);
        at.rotate(Math.toRadians(-degrees));
        at.scale(zoom, zoom);
        at.translate(-w / 2.0, -h / 2.0);
        g.drawImage(src, at, null);
        g.dispose();
        return out;
    }

    private static final String[] CAPTIONS = {
        "when you see it", "LOOK AT THIS", "no way...", "Saturday night", "guess who", "lol", "OMG",
        "best day ever", "who is she?", "not again",
    };

    static BufferedImage caption(BufferedImage src, Random r) {
        BufferedImage out = copy(src);
        Graphics2D g = quality(out.createGraphics());
        int size = Math.max(8, src.getHeight() / 11);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, size));
        String text = CAPTIONS[r.nextInt(CAPTIONS.length)];
        FontMetrics fm = g.getFontMetrics();
        while (fm.stringWidth(text) > src.getWidth() * 0.9 && size > 8) {
            size = size * 9 / 10;
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, size));
            fm = g.getFontMetrics();
        }
        int x = (src.getWidth() - fm.stringWidth(text)) / 2;
        int y = src.getHeight() - size / 2 - fm.getDescent();
        GlyphVector gv = g.getFont().createGlyphVector(g.getFontRenderContext(), text);
        java.awt.Shape outline = gv.getOutline(x, y);
        g.setStroke(new BasicStroke(Math.max(1f, size / 10f)));
        g.setColor(Color.BLACK);
        g.draw(outline);
        g.setColor(Color.WHITE);
        g.fill(outline);
        g.dispose();
        return out;
    }

    static BufferedImage captionBand(BufferedImage src, Random r) {
        int band = Math.max(10, (int) Math.round(src.getHeight() * 0.18));
        BufferedImage out = rgbCanvas(src.getWidth(), src.getHeight() + band);
        Graphics2D g = quality(out.createGraphics());
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), band);
        g.drawImage(src, 0, band, null);
        int size = Math.max(8, band / 3);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, size));
        FontMetrics fm = g.getFontMetrics();
        String text = CAPTIONS[r.nextInt(CAPTIONS.length)];
        g.setColor(Color.BLACK);
        g.drawString(text, Math.max(2, (out.getWidth() - fm.stringWidth(text)) / 2), band / 2 + fm.getAscent() / 2);
        g.dispose();
        return out;
    }

    /** A yellow smiley with a dark outline covering {@code area} of the picture, at a random place. */
    static BufferedImage sticker(BufferedImage src, Random r, double area) {
        BufferedImage out = copy(src);
        Graphics2D g = quality(out.createGraphics());
        int w = src.getWidth();
        int h = src.getHeight();
        int d = (int) Math.round(Math.sqrt(area * w * h * 4 / Math.PI));
        d = Math.min(d, Math.min(w, h));
        int x = r.nextInt(Math.max(1, w - d));
        int y = r.nextInt(Math.max(1, h - d));
        g.setColor(new Color(0xFFCC22));
        g.fill(new Ellipse2D.Double(x, y, d, d));
        g.setStroke(new BasicStroke(Math.max(1f, d / 30f)));
        g.setColor(new Color(0x553300));
        g.draw(new Ellipse2D.Double(x, y, d, d));
        g.setColor(Color.BLACK);
        g.fill(new Ellipse2D.Double(x + d * 0.30, y + d * 0.28, d * 0.11, d * 0.18));
        g.fill(new Ellipse2D.Double(x + d * 0.59, y + d * 0.28, d * 0.11, d * 0.18));
        g.setStroke(new BasicStroke(Math.max(1f, d / 18f)));
        g.draw(new Arc2D.Double(x + d * 0.25, y + d * 0.35, d * 0.5, d * 0.4, 200, 140, Arc2D.OPEN));
        g.dispose();
        return out;
    }

    /**
     * The picture as seen in a screenshot of a social app on a phone: a status bar with a clock and a
     * battery, a header with an avatar and a name, the picture scaled to the screen's width, a row of
     * action icons, two lines of caption, and a navigation bar. Light or dark theme at random.
     */
    static BufferedImage screenshot(BufferedImage src, Random r) {
        boolean dark = r.nextBoolean();
        Color bg = dark ? Color.BLACK : Color.WHITE;
        Color fg = dark ? new Color(0xEEEEEE) : new Color(0x222222);
        int screenW = 1080;
        int picH = (int) Math.round((double) src.getHeight() * screenW / src.getWidth());
        int status = 70;
        int header = 120;
        int actions = 110;
        int captionH = 130;
        int nav = 90;
        int screenH = status + header + picH + actions + captionH + nav;
        BufferedImage out = rgbCanvas(screenW, screenH);
        Graphics2D g = quality(out.createGraphics());
        g.setColor(bg);
        g.fillRect(0, 0, screenW, screenH);
        g.setColor(fg);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 34));
        g.drawString(String.format(java.util.Locale.ROOT, "%d:%02d", 1 + r.nextInt(12), r.nextInt(60)), 40, 50);
        g.drawRect(screenW - 110, 22, 60, 30);
        g.fillRect(screenW - 106, 26, 20 + r.nextInt(32), 22);
        g.fillRect(screenW - 170, 30, 8, 22);
        g.fillRect(screenW - 158, 24, 8, 28);
        int y = status;
        g.setColor(new Color(r.nextInt(0x1000000)));
        g.fill(new Ellipse2D.Double(30, y + 20, 80, 80));
        g.setColor(fg);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 36));
        g.drawString("user" + r.nextInt(10000), 130, y + 72);
        g.fillRect(screenW - 80, y + 55, 10, 10);
        g.fillRect(screenW - 60, y + 55, 10, 10);
        g.fillRect(screenW - 40, y + 55, 10, 10);
        y += header;
        g.drawImage(scale(src, screenW, picH), 0, y, null);
        y += picH;
        g.setStroke(new BasicStroke(6));
        g.draw(new Ellipse2D.Double(40, y + 30, 50, 50));
        g.draw(new RoundRectangle2D.Double(130, y + 30, 50, 50, 20, 20));
        g.drawLine(230, y + 80, 280, y + 30);
        g.drawLine(280, y + 30, 230, y + 30);
        g.draw(new RoundRectangle2D.Double(screenW - 90, y + 30, 44, 56, 6, 6));
        y += actions;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 32));
        g.drawString(r.nextInt(5000) + " likes", 40, y + 40);
        g.drawString(CAPTIONS[r.nextInt(CAPTIONS.length)] + " #nofilter", 40, y + 90);
        y += captionH;
        g.setColor(dark ? new Color(0x111111) : new Color(0xF4F4F4));
        g.fillRect(0, y, screenW, nav);
        g.setColor(fg);
        for (int i = 0; i < 5; i++) {
            g.fill(new RoundRectangle2D.Double(80 + i * 210, y + 25, 40, 40, 10, 10));
        }
        g.dispose();
        return out;
    }
}
