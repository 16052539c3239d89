package org.reportonce.hashing.pdq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.reportonce.hashing.Hash256;

class PdqHasherTest {

    @Test
    void pictureSmallerThanFivePixels_hashesToZeroWithQualityZero_asTheCppDoes() {
        PdqHash h = PdqHasher.canonical().hashRgb(new int[] {0xFFFFFF, 0, 0, 0xFFFFFF}, 2, 2);
        assertThat(h).isEqualTo(new PdqHash(Hash256.ZERO, 0));
        assertThat(PdqHasher.canonical().hashRgbDihedral(new int[4], 4, 1).hashes())
                .allSatisfy(d -> assertThat(d).isEqualTo(new PdqHash(Hash256.ZERO, 0)));
    }

    @Test
    void flatPicture_hasQualityZero() {
        int[] grey = new int[100 * 80];
        Arrays.fill(grey, 0x808080);
        assertThat(PdqHasher.canonical().hashRgb(grey, 100, 80).quality()).isZero();
    }

    @Test
    void texturedPicture_hasHalfItsBitsSet_andFullQuality() {
        DihedralPropertiesTest.Picture p = DihedralPropertiesTest.picture(300, 200, 42);
        PdqHash h = PdqHasher.canonical().hashRgb(p.rgb(), 300, 200);
        assertThat(h.quality()).isGreaterThanOrEqualTo(50);
        assertThat(h.hash().bitCount()).isEqualTo(128); // everything above the 128th of 256 values
    }

    @Test
    void canonicalAndFullResolution_agreeUpTo512Pixels_andDifferAbove() {
        DihedralPropertiesTest.Picture small = DihedralPropertiesTest.picture(512, 300, 1);
        assertThat(PdqHasher.canonical().hashRgb(small.rgb(), 512, 300))
                .isEqualTo(PdqHasher.fullResolution().hashRgb(small.rgb(), 512, 300));
        DihedralPropertiesTest.Picture big = DihedralPropertiesTest.picture(513, 300, 1);
        PdqHash squashed = PdqHasher.canonical().hashRgb(big.rgb(), 513, 300);
        PdqHash full = PdqHasher.fullResolution().hashRgb(big.rgb(), 513, 300);
        assertThat(squashed).isNotEqualTo(full);
        assertThat(squashed.distance(full)).isLessThan(40);
    }

    @Test
    void canonicalSquash_isNearestNeighbourTo512Square() {
        // a 1024 x 600 picture whose every pixel equals its nearest-neighbour source in the 512 x 512 copy
        DihedralPropertiesTest.Picture big = DihedralPropertiesTest.picture(1024, 600, 5);
        int[] squashed = new int[512 * 512];
        for (int y = 0; y < 512; y++) {
            for (int x = 0; x < 512; x++) {
                squashed[y * 512 + x] = big.rgb()[(y * 600 / 512) * 1024 + x * 1024 / 512];
            }
        }
        assertThat(PdqHasher.canonical().hashRgb(big.rgb(), 1024, 600))
                .isEqualTo(PdqHasher.canonical().hashRgb(squashed, 512, 512));
    }

    @Test
    void lumaEntryPoint_agreesWithRgbEntryPoint() {
        DihedralPropertiesTest.Picture p = DihedralPropertiesTest.picture(700, 90, 3);
        float[] luma = new float[p.rgb().length];
        for (int i = 0; i < luma.length; i++) luma[i] = PdqHasher.luma(p.rgb()[i]);
        float[] copy = luma.clone();
        assertThat(PdqHasher.canonical().hashLuma(luma, 700, 90)).isEqualTo(PdqHasher.canonical().hashRgb(p.rgb(), 700, 90));
        assertThat(PdqHasher.fullResolution().hashLumaDihedral(luma, 700, 90))
                .isEqualTo(PdqHasher.fullResolution().hashRgbDihedral(p.rgb(), 700, 90));
        assertThat(luma).as("input untouched").isEqualTo(copy);
    }

    @Test
    void wrongPixelCount_isRejectedWithTheSizes() {
        assertThatThrownBy(() -> PdqHasher.canonical().hashRgb(new int[10], 4, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("12").hasMessageContaining("4x3").hasMessageContaining("got 10");
        assertThatThrownBy(() -> PdqHasher.canonical().hashRgb(new int[0], 0, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
    }

    @Test
    void hashingALumaPlaneInPlace_givesTheSameHashAsHashingACopy() {
        java.util.Random random = new java.util.Random(7);
        for (int[] size : new int[][] {{512, 512}, {300, 200}, {700, 520}}) {
            float[] luma = new float[size[0] * size[1]];
            for (int i = 0; i < luma.length; i++) {
                luma[i] = (float) (128 + 80 * Math.sin(i * 0.0007) + random.nextInt(30));
            }
            PdqHash copied = PdqHasher.canonical().hashLuma(luma, size[0], size[1]);
            PdqHash inPlace = PdqHasher.canonical().hashLumaOverwriting(luma.clone(), size[0], size[1]);
            assertThat(inPlace).as("%sx%s", size[0], size[1]).isEqualTo(copied);
        }
    }

    /**
     * The blur evaluated at the samples is the running-sum blur up to float rounding, at every
     * size: windows of 1 to 8, sides not a multiple of 64, the shrunk windows at both ends.
     */
    @Test
    void blurAtTheSamples_equalsTheRunningSumBlur_upToRounding() {
        java.util.Random random = new java.util.Random(11);
        for (int[] size : new int[][] {{512, 512}, {64, 90}, {100, 130}, {257, 383}, {1000, 700}, {5, 300}}) {
            int w = size[0];
            int h = size[1];
            float[] luma = new float[w * h];
            for (int i = 0; i < luma.length; i++) {
                luma[i] = random.nextInt(256);
            }
            float[] running = new float[64 * 64];
            float[] direct = new float[64 * 64];
            JaroszFilter.blurAndDecimateAtSamples(luma, w, h, direct);
            JaroszFilter.blurAndDecimate(luma.clone(), w, h, running, null);
            for (int k = 0; k < running.length; k++) {
                assertThat(direct[k]).as("%dx%d sample %d", w, h, k).isCloseTo(running[k], org.assertj.core.data.Offset.offset(1e-3f));
            }
        }
    }

    @Test
    void hashBlurredAtTheSamples_equalsTheExactHash_onAPlaneFarFromTheMedian() {
        float[] luma = new float[512 * 512];
        for (int i = 0; i < luma.length; i++) {
            int x = i % 512;
            int y = i / 512;
            luma[i] = (float) (128 + 60 * Math.sin(x * 0.05) * Math.cos(y * 0.031) + 30 * Math.sin((x + 2 * y) * 0.013));
        }
        PdqHash exact = PdqHasher.canonical().hashLuma(luma, 512, 512);
        PdqHash atSamples = PdqHasher.canonical().hashLumaBlurredAtSamples(luma, 512, 512);
        assertThat(atSamples.hash().distance(exact.hash())).isLessThanOrEqualTo(1);
        assertThat(atSamples.quality()).isEqualTo(exact.quality());
    }

    @Test
    void dihedralWireNames_roundTrip() {
        for (Dihedral d : Dihedral.values()) {
            assertThat(Dihedral.fromWireName(d.wireName())).isSameAs(d);
        }
        assertThatThrownBy(() -> Dihedral.fromWireName("rot45")).hasMessageContaining("flip_minus1").hasMessageContaining("rot45");
    }
}
