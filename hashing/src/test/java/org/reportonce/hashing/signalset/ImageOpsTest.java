package org.reportonce.hashing.signalset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.reportonce.hashing.signalset.ImageOps.Insets;
import org.reportonce.hashing.signalset.ImageOps.RotationFit;

class ImageOpsTest {

    /** A picture with structure everywhere: smooth colour ramps plus noise, no flat band. */
    static RgbImage busy(int w, int h, long seed) {
        Random r = new Random(seed);
        int[] px = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int red = (x * 255 / w + r.nextInt(60)) & 0xFF;
                int green = (y * 255 / h + r.nextInt(60)) & 0xFF;
                int blue = ((x + y) * 3 + r.nextInt(60)) & 0xFF;
                px[y * w + x] = (red << 16) | (green << 8) | blue;
            }
        }
        return new RgbImage(w, h, px);
    }

    static RgbImage framed(RgbImage inner, int left, int top, int right, int bottom, int colour) {
        int w = inner.width() + left + right;
        int h = inner.height() + top + bottom;
        int[] px = new int[w * h];
        java.util.Arrays.fill(px, colour);
        for (int y = 0; y < inner.height(); y++) {
            System.arraycopy(inner.rgb(), y * inner.width(), px, (y + top) * w + left, inner.width());
        }
        return new RgbImage(w, h, px);
    }

    @Test
    void crop_copiesExactlyTheRectangle() {
        RgbImage src = busy(40, 30, 1);
        RgbImage c = ImageOps.crop(src, 5, 7, 10, 12);
        assertThat(c.width()).isEqualTo(10);
        assertThat(c.height()).isEqualTo(12);
        for (int y = 0; y < 12; y++) {
            for (int x = 0; x < 10; x++) {
                assertThat(c.pixel(x, y)).isEqualTo(src.pixel(x + 5, y + 7));
            }
        }
    }

    @Test
    void crop_outsideTheImage_isRefusedNamingTheBounds() {
        RgbImage src = busy(40, 30, 1);
        assertThatThrownBy(() -> ImageOps.crop(src, 35, 0, 10, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("40x30");
    }

    @Test
    void cropFractions_removesRoundedShareOfEachSide() {
        RgbImage src = busy(200, 100, 2);
        RgbImage c = ImageOps.cropFractions(src, 0.1, 0.05, 0.0, 0.2);
        assertThat(c.width()).isEqualTo(180);
        assertThat(c.height()).isEqualTo(75);
        assertThat(c.pixel(0, 0)).isEqualTo(src.pixel(20, 5));
    }

    @Test
    void cropFractions_thatRemoveEverything_areRefused() {
        RgbImage src = busy(20, 20, 2);
        assertThatThrownBy(() -> ImageOps.cropFractions(src, 0.5, 0, 0.5, 0))
                .hasMessageContaining("left+right");
        assertThatThrownBy(() -> ImageOps.cropFractions(src, -0.1, 0, 0, 0))
                .hasMessageContaining("left crop fraction");
    }

    @Test
    void rotateByZero_isTheIdentity() {
        RgbImage src = busy(33, 21, 3);
        assertThat(ImageOps.rotate(src, 0, RotationFit.KEEP_CANVAS, 0).rgb()).isEqualTo(src.rgb());
    }

    @Test
    void rotateBy90_onASquare_isTheExactQuarterTurnCounterClockwise() {
        int n = 17;
        RgbImage src = busy(n, n, 4);
        RgbImage r = ImageOps.rotate(src, 90, RotationFit.KEEP_CANVAS, 0);
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                // the right column becomes the top row
                assertThat(r.pixel(x, y)).isEqualTo(src.pixel(n - 1 - y, x));
            }
        }
    }

    @Test
    void smallRotationKeepingCanvas_fillsTheCornersOnly() {
        RgbImage src = busy(100, 80, 5);
        int magenta = 0xFF00FF;
        RgbImage r = ImageOps.rotate(src, 5, RotationFit.KEEP_CANVAS, magenta);
        assertThat(r.pixel(0, 0)).isEqualTo(magenta);
        assertThat(r.pixel(99, 79)).isEqualTo(magenta);
        assertThat(r.pixel(50, 40)).isNotEqualTo(magenta);
    }

    @Test
    void rotationCroppedToFill_neverShowsTheFillColour() {
        RgbImage src = busy(120, 70, 6);
        int magenta = 0xFF00FF;
        for (double deg : new double[] {-5, -2.5, 1, 3, 5, 12}) {
            RgbImage r = ImageOps.rotate(src, deg, RotationFit.CROP_TO_FILL, magenta);
            assertThat(r.rgb()).as("rotation by %s degrees", deg).doesNotContain(magenta);
            assertThat(r.width()).isEqualTo(120);
        }
    }

    @Test
    void fillScale_isOneUnturned_andOneOverRootTwoForASquareAt45() {
        assertThat(ImageOps.fillScale(100, 60, 0)).isEqualTo(1.0);
        assertThat(ImageOps.fillScale(100, 100, 45)).isCloseTo(Math.sqrt(0.5), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(ImageOps.fillScale(100, 60, 5)).isLessThan(1.0).isGreaterThan(0.8);
    }

    @Test
    void resize_shrinkingAFlatImage_keepsItsColour() {
        int[] px = new int[300 * 200];
        java.util.Arrays.fill(px, 0x336699);
        RgbImage r = ImageOps.resize(new RgbImage(300, 200, px), 37, 23);
        assertThat(r.rgb()).containsOnly(0x336699);
    }

    @Test
    void boxShrink_averagesEachBlock() {
        RgbImage src = new RgbImage(2, 2, new int[] {0x000000, 0x0000FF, 0x00FF00, 0xFF0000});
        RgbImage s = ImageOps.boxShrink(src, 2);
        assertThat(s.rgb()).containsExactly(0x404040);
    }

    @Test
    void letterbox_isTrimmedToThePicture() {
        RgbImage inner = busy(160, 90, 7);
        RgbImage boxed = framed(inner, 0, 35, 0, 35, 0x000000);
        Insets insets = ImageOps.uniformBorders(boxed);
        assertThat(insets).isEqualTo(new Insets(0, 35, 0, 35));
        assertThat(ImageOps.trimUniformBorders(boxed).rgb()).isEqualTo(inner.rgb());
    }

    @Test
    void frameOfTwoBandsWithGlyphs_isTrimmedBandByBand() {
        RgbImage inner = busy(120, 120, 8);
        RgbImage white = framed(inner, 10, 10, 10, 10, 0xFFFFFF);
        RgbImage framedTwice = framed(white, 0, 12, 0, 0, 0x202020);
        // a "clock": a few light pixels in the dark status bar
        int[] px = framedTwice.rgb();
        for (int y = 3; y < 9; y++) {
            for (int x = 4; x < 10; x++) {
                px[y * framedTwice.width() + x] = 0xEEEEEE;
            }
        }
        Insets insets = ImageOps.uniformBorders(framedTwice);
        assertThat(insets).isEqualTo(new Insets(10, 22, 10, 10));
    }

    @Test
    void appFrameWithAHeaderOfAvatarAndName_isTrimmedToThePicture() {
        RgbImage inner = busy(200, 150, 11);
        RgbImage shot = framed(inner, 0, 60, 0, 50, 0xFFFFFF);
        int[] px = shot.rgb();
        // header: an avatar and a "name" covering a third of rows 20..50, below a clean white band
        for (int y = 20; y < 50; y++) {
            for (int x = 5; x < 75; x++) px[y * 200 + x] = (x < 35) ? 0x3366CC : 0x222222;
        }
        // action icons below the picture
        for (int y = 220; y < 240; y++) {
            for (int x = 10; x < 60; x++) px[y * 200 + x] = 0x111111;
        }
        assertThat(ImageOps.uniformBorders(shot)).isEqualTo(new Insets(0, 60, 0, 50));
    }

    @Test
    void pictureWithoutBorder_isNotTrimmed() {
        RgbImage src = busy(90, 60, 9);
        assertThat(ImageOps.uniformBorders(src)).isEqualTo(Insets.NONE);
        assertThat(ImageOps.trimUniformBorders(src)).isSameAs(src);
    }

    @Test
    void oneOrTwoPixelEdge_isIgnored() {
        RgbImage inner = busy(200, 150, 10);
        assertThat(ImageOps.uniformBorders(framed(inner, 1, 0, 2, 1, 0))).isEqualTo(Insets.NONE);
    }

    @Test
    void trimming_neverLeavesLessThanAQuarter() {
        int[] flat = new int[100 * 100];
        java.util.Arrays.fill(flat, 0x808080);
        Insets insets = ImageOps.uniformBorders(new RgbImage(100, 100, flat));
        assertThat(100 - insets.left() - insets.right()).isGreaterThanOrEqualTo(25);
        assertThat(100 - insets.top() - insets.bottom()).isGreaterThanOrEqualTo(25);
    }

    @Test
    void rgbImage_withWrongArrayLength_isRefused() {
        assertThatThrownBy(() -> new RgbImage(3, 3, new int[8]))
                .hasMessageContaining("width*height = 9").hasMessageContaining("got 8");
    }
}
