package org.reportonce.hashing.signalset;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.reportonce.testing.PdqData;

class StickersTest {

    /** An emoji-like sticker: a yellow disc with a dark outline and two black eyes, diameter d at (x0, y0). */
    static RgbImage withEmoji(RgbImage img, int x0, int y0, int d) {
        int w = img.width();
        int[] px = img.rgb().clone();
        double r = d / 2.0;
        double outline = Math.max(1, d / 30.0);
        for (int y = y0; y < y0 + d; y++) {
            for (int x = x0; x < x0 + d; x++) {
                double dx = x + 0.5 - x0 - r;
                double dy = y + 0.5 - y0 - r;
                double dist = Math.sqrt(dx * dx + dy * dy);
                if (dist > r) continue;
                int c = dist > r - outline ? 0x553300 : 0xFFCC22;
                for (double ex : new double[] {0.355, 0.645}) {
                    double u = (x - x0 - ex * d) / (0.055 * d);
                    double v = (y - y0 - 0.37 * d) / (0.09 * d);
                    if (u * u + v * v <= 1) c = 0x000000;
                }
                px[y * w + x] = c;
            }
        }
        return new RgbImage(w, img.height(), px);
    }

    static RgbImage read(Path f) throws IOException {
        BufferedImage b = ImageIO.read(f.toFile());
        if (b == null) return null;
        return new RgbImage(b.getWidth(), b.getHeight(), b.getRGB(0, 0, b.getWidth(), b.getHeight(), null, 0, b.getWidth()));
    }

    static RgbImage bridge() throws IOException {
        return read(PdqData.file("pdq-data/bridge-mods/aaa-orig.jpg"));
    }

    @Test
    void photographs_rarelyHaveAnythingTakenForASticker() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(PdqData.file("pdq-data"))) {
            s.filter(p -> p.toString().matches("(?i).*\\.(jpe?g|png)$")).sorted().forEach(files::add);
        }
        int seen = 0;
        List<String> fired = new ArrayList<>();
        for (Path f : files) {
            RgbImage img = read(f);
            if (img == null) continue;
            seen++;
            if (Stickers.removed(img) != null) fired.add(f.getFileName().toString());
        }
        assertThat(seen).isGreaterThan(20);
        // measured: 2 of 44 (a 34 x 42 thumbnail, and a picture with a flat vivid shape of its own); a
        // false find costs one look-up, and the study counts its false matches
        assertThat(fired).as("fired on %s of %d", fired, seen).hasSizeLessThanOrEqualTo(seen / 10);
        assertThat(Stickers.removed(bridge())).isNull();
    }

    @Test
    void emoji_isPaintedOut_nearlyBackToThePicturesPlainHash() {
        for (long seed = 40; seed < 46; seed++) {
            RgbImage img = SignalSetsTest.scene(640, 480, seed);
            RgbImage stickered = withEmoji(img, 250, 170, 140);
            RgbImage clean = Stickers.removed(stickered);
            assertThat(clean).as("scene %d", seed).isNotNull();
            assertThat(SignalSetsTest.plainDistance(img, clean)).as("scene %d: painted out vs the picture (stickered: %d)",
                    seed, SignalSetsTest.plainDistance(img, stickered)).isLessThan(SignalSetsTest.plainDistance(img, stickered));
            // only the sticker's cells (and the outline's) change: the corners stay as they were
            assertThat(clean.pixel(10, 10)).isEqualTo(stickered.pixel(10, 10));
            assertThat(clean.pixel(630, 470)).isEqualTo(stickered.pixel(630, 470));
            assertThat(stickered.rgb()).as("the upload is not changed").isEqualTo(withEmoji(img, 250, 170, 140).rgb());
        }
    }

    @Test
    void vividFlatShapesThatAreNotStickers_areLeftAlone() throws IOException {
        RgbImage img = bridge();
        int w = img.width();
        // a flat red block along the top edge (touches the picture's edge: a banner, not a sticker)
        int[] band = img.rgb().clone();
        for (int y = 0; y < 150; y++) for (int x = 300; x < 600; x++) band[y * w + x] = 0xDD2222;
        assertThat(Stickers.removed(new RgbImage(w, img.height(), band))).isNull();
        // a long thin flat bar inside the picture (more than twice as long as high)
        int[] bar = img.rgb().clone();
        for (int y = 400; y < 480; y++) for (int x = 300; x < 1000; x++) bar[y * w + x] = 0x22AA33;
        assertThat(Stickers.removed(new RgbImage(w, img.height(), bar))).isNull();
        // a grey disc: flat and compact, but not vivid
        assertThat(Stickers.removed(disc(img, 0x808080))).isNull();
        // the same disc in a vivid colour is one, and only its cells (with the outline's) change
        RgbImage blue = disc(img, 0x2255EE);
        RgbImage clean = Stickers.removed(blue);
        assertThat(clean).isNotNull();
        assertThat(clean.pixel(800, 500)).isNotEqualTo(0x2255EE);
        assertThat(clean.pixel(500, 500)).isEqualTo(blue.pixel(500, 500));
        assertThat(SignalSetsTest.plainDistance(img, clean)).isLessThanOrEqualTo(10);
    }

    /** A flat disc of radius 150 centred at (800, 500). */
    static RgbImage disc(RgbImage img, int colour) {
        int w = img.width();
        int[] px = img.rgb().clone();
        for (int y = 350; y < 650; y++) {
            for (int x = 650; x < 950; x++) {
                if ((x - 800) * (x - 800) + (y - 500) * (y - 500) <= 150 * 150) px[y * w + x] = colour;
            }
        }
        return new RgbImage(w, img.height(), px);
    }

    @Test
    void stickerAcrossTheCentre_isMatchedThroughTheStickerLookup_whereNoOtherLookupMatches() {
        // synthetic scenes: a disc of one flat colour in the picture may itself pass for a sticker, but
        // the emoji is the larger one and is the one painted out
        int found = 0;
        int foundWithoutIt = 0;
        for (long seed = 40; seed < 50; seed++) {
            RgbImage img = SignalSetsTest.scene(640, 480, seed);
            // centred: it covers part of every half, quadrant and strip the report hashes
            RgbImage stickered = withEmoji(img, 320 - 85, 240 - 85, 170);
            SignalSet q = SignalSets.forMatching(stickered);
            assertThat(q.members().get(q.size() - 1).variant()).isEqualTo(SignalSets.STICKER);
            List<SignalMember> others = q.members().stream().filter(m -> !m.variant().equals(SignalSets.STICKER)).toList();
            SignalSet report = SignalSets.forReport(img);
            if (SignalSets.STANDARD_RULE.match(q, report).isPresent()) found++;
            if (SignalSets.STANDARD_RULE.match(new SignalSet(others), report).isPresent()) foundWithoutIt++;
        }
        // measured: 7 of 10 with it, 1 without
        assertThat(found).as("with sticker/orig (without: %d of 10)", foundWithoutIt).isGreaterThanOrEqualTo(foundWithoutIt + 4)
                .isGreaterThanOrEqualTo(6);
    }

    /** The picture at 1/8 scale, the integer mean of each 8 x 8 block (as a JPEG's DC coefficients give it). */
    static RgbImage blockMeans(RgbImage img) {
        int bw = img.width() / 8;
        int bh = img.height() / 8;
        int[] out = new int[bw * bh];
        for (int by = 0; by < bh; by++) {
            for (int bx = 0; bx < bw; bx++) {
                int r = 0, g = 0, b = 0;
                for (int y = 0; y < 8; y++) {
                    for (int x = 0; x < 8; x++) {
                        int p = img.pixel(bx * 8 + x, by * 8 + y);
                        r += (p >> 16) & 255;
                        g += (p >> 8) & 255;
                        b += p & 255;
                    }
                }
                out[by * bw + bx] = ((r / 64) << 16) | ((g / 64) << 8) | (b / 64);
            }
        }
        return new RgbImage(bw, bh, out);
    }

    @Test
    void gate_opensOnTheBlockMeansOfEveryPictureTheFinderFiresOn() throws IOException {
        // the emojis of the tests above
        int fired = 0;
        for (long seed = 40; seed < 50; seed++) {
            RgbImage img = SignalSetsTest.scene(640, 480, seed);
            for (RgbImage stickered : List.of(withEmoji(img, 250, 170, 140), withEmoji(img, 320 - 85, 240 - 85, 170))) {
                if (Stickers.removed(stickered) == null) continue;
                fired++;
                assertThat(Stickers.mayHave(blockMeans(stickered))).as("scene %d", seed).isTrue();
            }
        }
        assertThat(fired).isGreaterThanOrEqualTo(15);
        RgbImage blue = disc(bridge(), 0x2255EE);
        assertThat(Stickers.mayHave(blockMeans(blue))).isTrue();
        // a grey disc is no sticker for the gate either
        assertThat(Stickers.mayHave(blockMeans(disc(bridge(), 0x808080)))).isFalse();
        assertThat(Stickers.mayHave(blockMeans(bridge()))).isFalse();
    }

    @Test
    void gate_keepsOrLoosensEveryTestOfTheFinder() {
        Stickers.Tests strict = Stickers.STRICT;
        Stickers.Tests loose = Stickers.GATE;
        assertThat(loose.flat()).isGreaterThanOrEqualTo(strict.flat());
        assertThat(loose.chroma()).isLessThanOrEqualTo(strict.chroma());
        assertThat(loose.tolerance()).isGreaterThanOrEqualTo(strict.tolerance());
        assertThat(loose.minArea()).isLessThanOrEqualTo(strict.minArea());
        assertThat(loose.maxArea()).isGreaterThanOrEqualTo(strict.maxArea());
        assertThat(loose.minFill()).isLessThanOrEqualTo(strict.minFill());
        assertThat(loose.maxAspect()).isGreaterThanOrEqualTo(strict.maxAspect());
        assertThat(loose.ring()).isGreaterThanOrEqualTo(strict.ring());
    }
}
