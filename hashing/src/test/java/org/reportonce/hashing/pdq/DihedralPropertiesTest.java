package org.reportonce.hashing.pdq;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Rotating or reflecting the pixels, then hashing, gives the corresponding dihedral hash of the
 * original, up to float rounding ties (see FLOAT_TIE_BITS), where the pipeline is itself symmetric: sides from 64 to 127 px
 * (box window 1, every sample a distinct pixel, symmetric decimation). Beyond 127, even box widths
 * and slice boundaries make the blur of a mirrored picture differ slightly from the mirrored blur,
 * as in the reference; below 64, samples repeat, many coefficients are (nearly) zero, and float
 * rounding decides ties at the median.
 */
class DihedralPropertiesTest {

    /**
     * The box filter's running sums round differently along rows and along columns, so a moved
     * picture's DCT equals the permuted DCT up to float rounding (relative 1e-6). That can only
     * matter when two coefficients straddle the median within that margin: the two swap sides,
     * moving 2 bits. Over hundreds of random pictures this happens a few times.
     */
    static final int FLOAT_TIE_BITS = 2;

    record Picture(int width, int height, int[] rgb) {
        @Override
        public String toString() {
            return width + "x" + height;
        }
    }

    @Provide
    Arbitrary<Picture> pictures() {
        Arbitrary<Integer> side = Arbitraries.integers().between(64, 127);
        return Combinators.combine(side, side, Arbitraries.longs()).as(DihedralPropertiesTest::picture);
    }

    /** A textured picture: a few random plane waves per channel plus noise, so its quality is high. */
    static Picture picture(int w, int h, long seed) {
        Random random = new Random(seed);
        double[][] waves = new double[9][4];
        for (double[] wave : waves) {
            wave[0] = random.nextDouble() * 0.5;
            wave[1] = random.nextDouble() * 0.5;
            wave[2] = random.nextDouble() * Math.PI * 2;
            wave[3] = 20 + random.nextDouble() * 40;
        }
        int[] rgb = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = 0;
                for (int c = 0; c < 3; c++) {
                    double v = 128 + random.nextGaussian() * 8;
                    for (int k = 0; k < 3; k++) {
                        double[] wave = waves[c * 3 + k];
                        v += wave[3] * Math.sin(wave[0] * x + wave[1] * y + wave[2]);
                    }
                    p = (p << 8) | Math.max(0, Math.min(255, (int) v));
                }
                rgb[y * w + x] = p;
            }
        }
        return new Picture(w, h, rgb);
    }

    /** The pixels of {@code variant} of the picture, as Dihedral documents each one. */
    static Picture apply(Dihedral variant, Picture in) {
        int w = in.width();
        int h = in.height();
        boolean transpose = variant == Dihedral.ROT90 || variant == Dihedral.ROT270
                || variant == Dihedral.FLIP_PLUS1 || variant == Dihedral.FLIP_MINUS1;
        int ow = transpose ? h : w;
        int oh = transpose ? w : h;
        int[] out = new int[w * h];
        for (int r = 0; r < oh; r++) {
            for (int c = 0; c < ow; c++) {
                int sr;
                int sc;
                switch (variant) {
                    case ORIG -> { sr = r; sc = c; }
                    case FLIPX -> { sr = h - 1 - r; sc = c; }                // upside down
                    case FLIPY -> { sr = r; sc = w - 1 - c; }                // mirrored left-right
                    case ROT180 -> { sr = h - 1 - r; sc = w - 1 - c; }
                    case FLIP_PLUS1 -> { sr = c; sc = r; }                   // transposed
                    case ROT90 -> { sr = c; sc = w - 1 - r; }                // anticlockwise
                    case ROT270 -> { sr = h - 1 - c; sc = r; }               // clockwise
                    case FLIP_MINUS1 -> { sr = h - 1 - c; sc = w - 1 - r; }  // anti-diagonal
                    default -> throw new AssertionError(variant);
                }
                out[r * ow + c] = in.rgb()[sr * w + sc];
            }
        }
        return new Picture(ow, oh, out);
    }

    @Property(tries = 300)
    void hashOfTransformedPixels_equalsThatDihedralHashOfOriginal(@ForAll("pictures") Picture picture) {
        PdqHasher hasher = PdqHasher.canonical();
        DihedralHashes dihedral = hasher.hashRgbDihedral(picture.rgb(), picture.width(), picture.height());
        for (Dihedral variant : Dihedral.values()) {
            Picture moved = apply(variant, picture);
            PdqHash direct = hasher.hashRgb(moved.rgb(), moved.width(), moved.height());
            assertThat(direct.quality()).as("quality of %s of %s", variant, picture).isEqualTo(dihedral.get(variant).quality());
            assertThat(direct.distance(dihedral.get(variant))).as("%s of %s", variant, picture).isLessThanOrEqualTo(FLOAT_TIE_BITS);
        }
    }

    @Property(tries = 100)
    void dihedralHashesOfTransformedPixels_areAPermutationOfTheOriginals(@ForAll("pictures") Picture picture) {
        PdqHasher hasher = PdqHasher.canonical();
        DihedralHashes original = hasher.hashRgbDihedral(picture.rgb(), picture.width(), picture.height());
        for (Dihedral variant : Dihedral.values()) {
            Picture moved = apply(variant, picture);
            DihedralHashes ofMoved = hasher.hashRgbDihedral(moved.rgb(), moved.width(), moved.height());
            for (PdqHash h : ofMoved.hashes()) {
                assertThat(original.hashes()).anySatisfy(o -> assertThat(o.distance(h)).isLessThanOrEqualTo(FLOAT_TIE_BITS));
            }
        }
    }
}
