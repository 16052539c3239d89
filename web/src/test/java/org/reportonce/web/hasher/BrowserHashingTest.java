package org.reportonce.web.hasher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.reportonce.hashing.image.DecodedImage;
import org.reportonce.hashing.image.ImageDecoder;
import org.reportonce.hashing.pdq.Dihedral;
import org.reportonce.hashing.pdq.DihedralHashes;
import org.reportonce.hashing.pdq.PdqHasher;
import org.reportonce.testing.PdqData;

/**
 * The browser's path — sample the canvas the way the worker does, hand RGBA to {@link BrowserHashing}
 * — must give the {@code hashing} module's canonical hashes bit for bit on the same pixels.
 */
class BrowserHashingTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "pdq-data/misc-images/c.png",                          // 1432x812: squashed
        "pdq-data/reg-test-input/pen-and-coaster.png",         // 924x735: squashed
        "pdq-data/bridge-mods/square-256x256.jpg",             // small: hashed as is
        "pdq-data/reg-test-input/dih/bridge-2-rotate-90.jpg",  // portrait, squashed
        "pdq-data/misc-images/wee.jpg",                        // 34x42
    })
    void workerSampledPixels_hashExactlyAsTheCanonicalHasherHashesTheWholePicture(String file) {
        DecodedImage image = ImageDecoder.decode(PdqData.file(file));
        DihedralHashes expected = PdqHasher.canonical().hashRgbDihedral(image.rgb(), image.width(), image.height());

        String json = hashLikeTheWorker(image);

        assertThat(json).startsWith("{\"quality\":" + expected.original().quality() + ",");
        for (Dihedral d : Dihedral.values()) {
            assertThat(hashIn(json, d.wireName())).as("%s %s", file, d.wireName())
                    .isEqualTo(expected.get(d).hash().toHex());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"pdq-data/reg-test-input/pen-and-coaster.png", "pdq-data/bridge-mods/square-256x256.jpg"})
    void signalSetFromCanvasPixels_isTheSetTheJavaSignalSetsBuild(String file) {
        DecodedImage image = ImageDecoder.decode(PdqData.file(file));
        var expected = org.reportonce.hashing.signalset.SignalSets.forReport(image.rgb(), image.width(), image.height());
        int[] rgba = new int[image.rgb().length * 4];
        for (int p = 0; p < image.rgb().length; p++) {
            rgba[4 * p] = (image.rgb()[p] >> 16) & 0xFF;
            rgba[4 * p + 1] = (image.rgb()[p] >> 8) & 0xFF;
            rgba[4 * p + 2] = image.rgb()[p] & 0xFF;
            rgba[4 * p + 3] = 255;
        }

        String json = BrowserHashing.signalSet(rgba, image.width(), image.height());

        assertThat(expected.size()).isGreaterThan(1);
        StringBuilder want = new StringBuilder("{\"members\":[");
        for (int i = 0; i < expected.size(); i++) {
            var m = expected.members().get(i);
            if (i > 0) want.append(',');
            want.append("{\"variant\":\"").append(m.variant()).append("\",\"hash\":\"").append(m.hash().toHex())
                    .append("\",\"quality\":").append(m.quality()).append('}');
        }
        assertThat(json).isEqualTo(want.append("]}").toString());
        assertThat(json).startsWith("{\"members\":[{\"variant\":\"orig\"");
    }

    @Test
    void canonicalSize_squashesOnlyPicturesOver512_toA512Square() {
        assertThat(List.of(BrowserHashing.canonicalWidth(512, 512), BrowserHashing.canonicalHeight(512, 512)))
                .containsExactly(512, 512);
        assertThat(List.of(BrowserHashing.canonicalWidth(513, 40), BrowserHashing.canonicalHeight(513, 40)))
                .containsExactly(512, 512);
        assertThat(List.of(BrowserHashing.canonicalWidth(34, 42), BrowserHashing.canonicalHeight(34, 42)))
                .containsExactly(34, 42);
    }

    @Test
    void sourceIndex_isFloorOfXTimesWidthOver512() {
        assertThat(BrowserHashing.sourceIndex(0, 1600, 512)).isZero();
        assertThat(BrowserHashing.sourceIndex(511, 1600, 512)).isEqualTo(511 * 1600 / 512);
        assertThat(BrowserHashing.sourceIndex(100, 60_000, 512)).isEqualTo(11_718);
        assertThatThrownBy(() -> BrowserHashing.sourceIndex(512, 1600, 512)).hasMessageContaining("0..511");
    }

    @Test
    void wrongNumberOfSamples_isRefusedNamingTheExpectedCount() {
        assertThatThrownBy(() -> BrowserHashing.hashRgba(new int[10], 2, 2))
                .hasMessage("expected 16 RGBA values for 2x2, got 10");
        assertThatThrownBy(() -> BrowserHashing.hashRgba(new int[0], 0, 5)).hasMessageContaining("at least 1x1");
    }

    /** What hash-worker.js does: sample rows and columns with sourceIndex, keep RGBA, hash. */
    private static String hashLikeTheWorker(DecodedImage image) {
        int w = image.width();
        int h = image.height();
        int outW = BrowserHashing.canonicalWidth(w, h);
        int outH = BrowserHashing.canonicalHeight(w, h);
        int[] rgba = new int[outW * outH * 4];
        for (int y = 0; y < outH; y++) {
            int sy = outH == h ? y : BrowserHashing.sourceIndex(y, h, outH);
            for (int x = 0; x < outW; x++) {
                int sx = outW == w ? x : BrowserHashing.sourceIndex(x, w, outW);
                int p = image.rgb()[sy * w + sx];
                int d = 4 * (y * outW + x);
                rgba[d] = (p >> 16) & 0xFF;
                rgba[d + 1] = (p >> 8) & 0xFF;
                rgba[d + 2] = p & 0xFF;
                rgba[d + 3] = 255;
            }
        }
        return BrowserHashing.hashRgba(rgba, outW, outH);
    }

    private static String hashIn(String json, String variant) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(variant) + "\":\"([0-9a-f]{64})\"").matcher(json);
        assertThat(m.find()).as("variant %s in %s", variant, json).isTrue();
        return m.group(1);
    }
}
