package org.reportonce.hashing.signalset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.reportonce.hashing.pdq.PdqHasher;
import org.reportonce.hashing.signalset.ImageOps.RotationFit;

class CanvasTurnTest {

    private static final PdqHasher HASHER = PdqHasher.canonical();

    @Test
    void pictureTurnedOnAFilledCanvas_isDetected_withItsAngle_eitherWay_anyFill_anyAspect() {
        int[][] sizes = {{400, 300}, {300, 400}, {520, 260}};
        int[] fills = {0x000000, 0xFFFFFF, 0x3377AA};
        double[] angles = {1, -1, 2.5, -3, 5, -5, 8};
        int seed = 0;
        for (int[] size : sizes) {
            for (int fill : fills) {
                for (double deg : angles) {
                    RgbImage turned = ImageOps.rotate(SignalSetsTest.scene(size[0], size[1], seed++), deg,
                            RotationFit.KEEP_CANVAS, fill);
                    CanvasTurn.Turn turn = CanvasTurn.detect(turned);
                    String what = size[0] + "x" + size[1] + " fill " + Integer.toHexString(fill) + " turned " + deg;
                    assertThat(turn).as(what).isNotNull();
                    assertThat(turn.degrees()).as(what).isCloseTo(deg, within(0.15));
                    assertThat(turn.centreX()).as(what).isCloseTo(size[0] / 2.0, within(3.0));
                    assertThat(turn.centreY()).as(what).isCloseTo(size[1] / 2.0, within(3.0));
                    assertThat(turn.width()).as(what).isCloseTo(size[0], within(6.0));
                    assertThat(turn.height()).as(what).isCloseTo(size[1], within(6.0));
                }
            }
        }
    }

    @Test
    void turnOnAnEnlargedCanvas_isDetected_andUndoneToTheWholePicture() {
        RgbImage src = SignalSetsTest.scene(400, 300, 42);
        double deg = -4;
        double t = Math.toRadians(deg);
        int cw = (int) Math.ceil(400 * Math.cos(Math.abs(t)) + 300 * Math.sin(Math.abs(t)));
        int ch = (int) Math.ceil(400 * Math.sin(Math.abs(t)) + 300 * Math.cos(Math.abs(t)));
        // the canvas enlarged to the turned picture's bounding box (an editor's "expand canvas"), grey corners
        RgbImage turned = ImageOps.renderRotated(src, 200, 150, cw, ch, deg, cw, ch, 0x808080);
        CanvasTurn.Turn turn = CanvasTurn.detect(turned);
        assertThat(turn).isNotNull();
        assertThat(turn.degrees()).isCloseTo(deg, within(0.15));
        assertThat(turn.width()).isCloseTo(400, within(6.0));
        RgbImage undone = CanvasTurn.undo(turned, turn);
        assertThat(undone.width()).isGreaterThan(390);
        assertThat(distance(undone, src)).isLessThanOrEqualTo(16);
    }

    @Test
    void undoingATurn_givesTheReportsCentredCrop_thatShowsNoFill() {
        RgbImage src = SignalSetsTest.scene(480, 360, 7);
        double[] reportScales = {1, 0.94, 0.90};
        // fill-free (less the inset) at 1 deg: 0.966 of each side, at 3 deg 0.926, at 5 deg 0.889; a crop up
        // to 0.02 larger is taken (a sliver of fill in its corners costs less than a crop that is off)
        double[][] cases = {{1, 0.94}, {-3, 0.94}, {5, 0.90}};
        for (double[] c : cases) {
            double deg = c[0];
            RgbImage turned = ImageOps.rotate(src, deg, RotationFit.KEEP_CANVAS, 0xFFFFFF);
            CanvasTurn.Turn turn = CanvasTurn.detect(turned);
            assertThat(turn).as("turned %s", deg).isNotNull();
            RgbImage undone = CanvasTurn.undo(turned, turn, reportScales);
            double cut = (1 - c[1]) / 2;
            RgbImage reportCrop = ImageOps.cropFractions(src, cut, cut, cut, cut);
            assertThat(undone.width()).as("turned %s", deg).isCloseTo((int) Math.round(480 * c[1]), within(2));
            int before = distance(turned, reportCrop);
            int after = distance(undone, reportCrop);
            assertThat(after).as("turned %s: undone vs the report's crop (turned copy was %s bits away)", deg, before)
                    .isLessThanOrEqualTo(12)
                    .isLessThan(before);
            // without report scales: the largest fill-free rectangle, so no fill in its corners
            RgbImage fillFree = CanvasTurn.undo(turned, turn);
            assertThat(fillFree.pixel(0, 0)).isNotEqualTo(0xFFFFFF);
            assertThat(fillFree.pixel(fillFree.width() - 1, fillFree.height() - 1)).isNotEqualTo(0xFFFFFF);
            assertThat(fillFree.width()).isCloseTo((int) Math.round(480 * ImageOps.fillScale(480, 360, deg)), within(8));
        }
    }

    @Test
    void plainPictures_areNotDetected() {
        for (int seed = 0; seed < 20; seed++) {
            assertThat(CanvasTurn.detect(SignalSetsTest.scene(400, 300, 100 + seed))).as("scene %s", seed).isNull();
            assertThat(CanvasTurn.detect(ImageOpsTest.busy(300, 300, seed))).as("busy %s", seed).isNull();
        }
    }

    @Test
    void photographs_areNotDetected() throws IOException {
        Path dir = Path.of(System.getProperty("reportonce.shared", "../shared"), "pdq-data");
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(p -> p.toString().matches("(?i).*\\.(jpe?g|png)$")).sorted().forEach(files::add);
        }
        assertThat(files).as("pictures under %s", dir).hasSizeGreaterThan(5);
        int seen = 0;
        for (Path f : files) {
            BufferedImage b = ImageIO.read(f.toFile());
            if (b == null) continue;
            seen++;
            int[] px = b.getRGB(0, 0, b.getWidth(), b.getHeight(), null, 0, b.getWidth());
            assertThat(CanvasTurn.detect(new RgbImage(b.getWidth(), b.getHeight(), px))).as(f.toString()).isNull();
        }
        assertThat(seen).isGreaterThan(5);
    }

    @Test
    void uniformBackgroundInEveryCorner_isNotATurn() {
        // a product shot: an object in the middle of a white background
        int w = 400, h = 300;
        int[] px = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double dx = (x - 200) / 150.0, dy = (y - 150) / 110.0;
                px[y * w + x] = dx * dx + dy * dy < 1 ? (x * 3 % 200) << 8 | 0x400000 : 0xFFFFFF;
            }
        }
        assertThat(CanvasTurn.detect(new RgbImage(w, h, px))).isNull();
        // a framed, upright picture: fill along every edge
        assertThat(CanvasTurn.detect(ImageOpsTest.framed(SignalSetsTest.scene(300, 200, 3), 20, 20, 20, 20, 0))).isNull();
    }

    @Test
    void darkCornersThatAreNotStraight_areNotATurn() {
        // a vignette: black corners bounded by a circle, the same in every corner
        RgbImage src = SignalSetsTest.scene(400, 300, 9);
        int[] px = src.rgb().clone();
        for (int y = 0; y < 300; y++) {
            for (int x = 0; x < 400; x++) {
                double dx = (x - 200) / 200.0, dy = (y - 150) / 150.0;
                if (dx * dx + dy * dy > 1.1) px[y * 400 + x] = 0;
            }
        }
        assertThat(CanvasTurn.detect(new RgbImage(400, 300, px))).isNull();
        // straight dark diagonals in all four corners, but mirror images of each other (a design,
        // not a turn: a turn alternates long and tall triangles)
        int[] mirrored = src.rgb().clone();
        for (int y = 0; y < 300; y++) {
            for (int x = 0; x < 400; x++) {
                int mx = Math.min(x, 399 - x);
                int my = Math.min(y, 299 - y);
                if (my < 12 - mx * 12.0 / 180) mirrored[y * 400 + x] = 0;
            }
        }
        assertThat(CanvasTurn.detect(new RgbImage(400, 300, mirrored))).isNull();
    }

    @Test
    void turnThatHidesThePicture_isRefusedWhenUndone() {
        RgbImage img = SignalSetsTest.scene(100, 100, 1);
        assertThatThrownBy(() -> CanvasTurn.undo(img, new CanvasTurn.Turn(3, -500, -500, 100, 100, 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("inside the canvas");
    }

    private static int distance(RgbImage a, RgbImage b) {
        return HASHER.hashRgb(a.rgb(), a.width(), a.height()).hash()
                .distance(HASHER.hashRgb(b.rgb(), b.width(), b.height()).hash());
    }
}
