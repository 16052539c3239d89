package org.reportonce.eval;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.reportonce.hashing.image.DecodedImage;
import org.reportonce.hashing.image.ImageDecodeException;
import org.reportonce.hashing.image.ImageDecoder;
import org.reportonce.hashing.pdq.PdqHasher;

/**
 * The originals of a run: pictures read from folders (every JPEG, PNG, WebP, GIF and BMP below them,
 * in path order) and generated pictures, each scaled down so its longer side is at most
 * {@code maxSide} (platforms and apps downscale uploads too; PDQ looks at 512 px anyway).
 *
 * <p>Pictures whose PDQ quality is below 50 are dropped (they cannot be reported: the hub refuses
 * them), and near-duplicates are dropped (plain PDQ within {@value #DUPLICATE_DISTANCE} bits of a picture
 * already taken, e.g. one wallpaper shipped at several resolutions), because the false-match count
 * assumes the originals are distinct pictures; each drop is reported.
 */
public final class Corpus {
    static final int DUPLICATE_DISTANCE = 10;

    /** One original: a name for reports and its pixels. */
    public record Original(String name, BufferedImage image) {}

    private Corpus() {}

    public static List<Path> imageFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--images must be a folder of pictures, got " + dir);
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(Corpus::isPicture).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    static boolean isPicture(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png") || n.endsWith(".webp")
                || n.endsWith(".gif") || n.endsWith(".bmp");
    }

    /**
     * Reads the files and adds {@code generated} synthetic pictures; unreadable files and
     * near-duplicates are skipped with a note to {@code notes}.
     */
    public static List<Original> load(List<Path> files, Path root, int generated, long seed, int maxSide,
                                      Consumer<String> notes) {
        List<Original> out = new ArrayList<>();
        List<org.reportonce.hashing.Hash256> seen = new ArrayList<>();
        for (Path f : files) {
            BufferedImage img;
            try {
                DecodedImage d = ImageDecoder.decode(f);
                img = new BufferedImage(d.width(), d.height(), BufferedImage.TYPE_INT_RGB);
                img.setRGB(0, 0, d.width(), d.height(), d.rgb(), 0, d.width());
            } catch (ImageDecodeException | UncheckedIOException e) {
                notes.accept("skipped " + f + ": " + e.getMessage());
                continue;
            }
            String name = root == null ? f.toString() : root.relativize(f).toString();
            addIfDistinct(out, seen, new Original(name, fit(img, maxSide)), notes);
        }
        for (int i = 0; i < generated; i++) {
            BufferedImage g = SyntheticImages.generate(seed * 7919 + i, 640 + (i % 3) * 96, 480 + (i % 4) * 64);
            addIfDistinct(out, seen, new Original("generated-" + i, fit(g, maxSide)), notes);
        }
        return out;
    }

    private static void addIfDistinct(List<Original> out, List<org.reportonce.hashing.Hash256> seen, Original o,
                                      Consumer<String> notes) {
        int[] px = Harness.pixels(o.image());
        org.reportonce.hashing.pdq.PdqHash pdq =
                PdqHasher.canonical().hashRgb(px, o.image().getWidth(), o.image().getHeight());
        if (pdq.quality() < org.reportonce.hashing.signalset.MatchRule.QUALITY_FLOOR) {
            notes.accept("skipped " + o.name() + ": PDQ quality " + pdq.quality()
                    + " is below the floor of 50 (too flat to report)");
            return;
        }
        org.reportonce.hashing.Hash256 h = pdq.hash();
        for (int i = 0; i < seen.size(); i++) {
            if (seen.get(i).distance(h) <= DUPLICATE_DISTANCE) {
                notes.accept("skipped " + o.name() + ": near-duplicate of " + out.get(i).name());
                return;
            }
        }
        seen.add(h);
        out.add(o);
    }

    /** Scales down (never up) so the longer side is at most {@code maxSide}. */
    static BufferedImage fit(BufferedImage img, int maxSide) {
        int w = img.getWidth();
        int h = img.getHeight();
        if (maxSide <= 0 || Math.max(w, h) <= maxSide) return Edits.toRgb(img);
        double f = (double) maxSide / Math.max(w, h);
        return Edits.scale(Edits.toRgb(img), Math.max(1, (int) Math.round(w * f)), Math.max(1, (int) Math.round(h * f)));
    }
}
