package org.reportonce.platform;

import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.reportonce.testing.PdqData;

/** Test images from pdq-data, and rotated or mirrored copies made with Java2D. */
final class Images {
    private Images() {}

    static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(PdqData.file(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static BufferedImage read(String relative) {
        try {
            return ImageIO.read(PdqData.file(relative).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rotated clockwise by 90 degrees. */
    static BufferedImage rotate90(BufferedImage src) {
        BufferedImage out = new BufferedImage(src.getHeight(), src.getWidth(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        AffineTransform t = new AffineTransform();
        t.translate(src.getHeight(), 0);
        t.rotate(Math.PI / 2);
        g.drawImage(src, t, null);
        g.dispose();
        return out;
    }

    /** Mirrored left to right. */
    static BufferedImage mirror(BufferedImage src) {
        BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(src, src.getWidth(), 0, -src.getWidth(), src.getHeight(), null);
        g.dispose();
        return out;
    }

    /** Inside a uniform frame {@code border} pixels wide on every side (a screenshot's margins, a poster). */
    static BufferedImage framed(BufferedImage src, int border, java.awt.Color colour) {
        BufferedImage out = new BufferedImage(src.getWidth() + 2 * border, src.getHeight() + 2 * border,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.drawImage(src, border, border, null);
        g.dispose();
        return out;
    }

    static byte[] png(BufferedImage img) {
        return encode(img, "png");
    }

    static byte[] jpeg(BufferedImage img) {
        return encode(img, "jpeg");
    }

    private static byte[] encode(BufferedImage img, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(img, format, out)) throw new IllegalStateException("no writer for " + format);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(Path dir, String name, byte[] bytes) {
        try {
            Files.createDirectories(dir);
            return Files.write(dir.resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
