package org.reportonce.hashing.signalset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reportonce.hashing.pdq.PdqHash;
import org.reportonce.hashing.pdq.PdqHasher;

class AreaHashesTest {

    private static final PdqHasher PDQ = PdqHasher.canonical();

    private static PdqHash pdq(RgbImage img) {
        return PDQ.hashRgb(img.rgb(), img.width(), img.height());
    }

    @Test
    void areaHash_isWithinAFewBits_ofTheCanonicalPdqOfThatPartOfThePicture() {
        // an area hash is an ordinary PDQ hash of the rectangle: another tool that crops the picture
        // and hashes it with PDQ gets (nearly) the same bits
        for (long seed = 1; seed <= 4; seed++) {
            RgbImage img = SignalSetsTest.scene(1024, 768, seed);
            AreaHashes areas = AreaHashes.of(img);
            assertThat(areas.hash(Variant.IDENTITY).distance(pdq(img))).as("whole picture, seed %d", seed).isLessThanOrEqualTo(12);
            Variant leftHalf = Variant.cropPercent(0, 0, 50, 0);
            RgbImage cropped = ImageOps.crop(img, 0, 0, 512, 768);
            assertThat(areas.hash(leftHalf).distance(pdq(cropped))).as("left half, seed %d", seed).isLessThanOrEqualTo(16);
        }
    }

    @Test
    void fastAreaHash_isWithinAFewBits_ofTheExactAreaHash_forEveryLookUp() {
        // the match side hashes its areas the cheap way; they must stay near what the report side
        // computes exactly (the rule allows 31 bits in all)
        for (long seed = 1; seed <= 3; seed++) {
            // 500 x 390 is not shrunk: its areas need box widths 2, 3 and 4 on each axis
            for (int[] size : new int[][] {{1024, 768}, {600, 800}, {300, 200}, {500, 390}}) {
                RgbImage img = SignalSetsTest.scene(size[0], size[1], seed);
                AreaHashes areas = AreaHashes.of(img);
                List<Variant> all = new ArrayList<>(SignalSets.REGIONS);
                all.addAll(SignalSets.UPLOAD_CROPS);
                for (Variant v : all) {
                    assertThat(areas.fastHash(v).distance(areas.hash(v)))
                            .as("%s, %d x %d, seed %d", v.label(), size[0], size[1], seed).isLessThanOrEqualTo(10);
                }
            }
        }
    }

    @Test
    void fastAreaHash_ofAnUnrelatedRectangle_isFarFromTheExactOne() {
        // the cheap hash must still tell areas apart: the left half is not the right half
        RgbImage img = SignalSetsTest.scene(800, 600, 5);
        AreaHashes areas = AreaHashes.of(img);
        assertThat(areas.fastHash(Variant.cropPercent(0, 0, 50, 0)).distance(areas.hash(Variant.cropPercent(50, 0, 0, 0))))
                .isGreaterThan(40);
    }

    @Test
    void lumaPlaneOfTheCanonicalHasher_givesTheSameAreaHashes_asThePicture() {
        RgbImage img = SignalSetsTest.scene(900, 700, 7);
        float[] luma = new float[900 * 700];
        for (int i = 0; i < luma.length; i++) {
            int p = img.rgb()[i];
            luma[i] = 0.299f * ((p >> 16) & 0xFF) + 0.587f * ((p >> 8) & 0xFF) + 0.114f * (p & 0xFF);
        }
        AreaHashes fromRgb = AreaHashes.of(img);
        AreaHashes fromLuma = AreaHashes.ofLuma(luma, 900, 700);
        for (Variant v : SignalSets.REGIONS) {
            assertThat(fromLuma.hash(v)).as(v.label()).isEqualTo(fromRgb.hash(v));
        }
    }

    @Test
    void aStickerInOneHalf_leavesTheOtherHalfsHash_matchingItsReportTwin() {
        RgbImage img = SignalSetsTest.scene(800, 600, 11);
        int[] px = img.rgb().clone();
        // an opaque yellow disc over ~5 % of the picture, in the right half
        int d = 155;
        for (int y = 200; y < 200 + d; y++) {
            for (int x = 560; x < 560 + d; x++) {
                double dx = x - 560 - d / 2.0;
                double dy = y - 200 - d / 2.0;
                if (dx * dx + dy * dy <= d * d / 4.0) px[y * 800 + x] = 0xFFCC22;
            }
        }
        RgbImage stickered = new RgbImage(800, 600, px);
        Variant leftHalf = Variant.cropPercent(0, 0, 50, 0);
        int whole = AreaHashes.of(img).hash(Variant.IDENTITY).distance(AreaHashes.of(stickered).hash(Variant.IDENTITY));
        int left = AreaHashes.of(img).hash(leftHalf).distance(AreaHashes.of(stickered).hash(leftHalf));
        assertThat(left).as("the clean half").isLessThanOrEqualTo(2).isLessThan(whole);
    }

    @Test
    void tinyPictures_giveAHash_andTurnsAreRefused() {
        RgbImage one = new RgbImage(1, 1, new int[] {0x808080});
        assertThat(AreaHashes.of(one).hash(Variant.cropPercent(0, 0, 50, 0))).isNotNull();
        assertThatThrownBy(() -> AreaHashes.of(one).hash(Variant.straighten(2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("turn of 2.0");
        assertThatThrownBy(() -> AreaHashes.ofLuma(new float[3], 2, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs 4 values, got 3");
    }
}
