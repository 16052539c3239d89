package org.reportonce.hashing.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.reportonce.testing.PdqData;

/** The 8 x 8 block means the fast JPEG path gives with the edges: those of a complete decode, within a few levels. */
class BlockMeansTest {

    /** Per channel, the mean absolute difference between the two 1/8-scale pictures. */
    static double meanDifference(DecodedImage means, DecodedImage full) {
        int bw = (full.width() + 7) / 8;
        int bh = (full.height() + 7) / 8;
        assertThat(means.width()).isEqualTo(bw);
        assertThat(means.height()).isEqualTo(bh);
        long diff = 0;
        int n = 0;
        // whole blocks only: a last partial block's DC also averages the encoder's padding
        for (int by = 0; by < full.height() / 8; by++) {
            for (int bx = 0; bx < full.width() / 8; bx++) {
                int[] sum = new int[3];
                for (int y = 0; y < 8; y++) {
                    for (int x = 0; x < 8; x++) {
                        int p = full.rgb()[(by * 8 + y) * full.width() + bx * 8 + x];
                        sum[0] += (p >> 16) & 255;
                        sum[1] += (p >> 8) & 255;
                        sum[2] += p & 255;
                    }
                }
                int q = means.rgb()[by * bw + bx];
                diff += Math.abs(sum[0] / 64 - ((q >> 16) & 255)) + Math.abs(sum[1] / 64 - ((q >> 8) & 255))
                        + Math.abs(sum[2] / 64 - (q & 255));
                n += 3;
            }
        }
        return (double) diff / n;
    }

    @Test
    void baselineJpegs_giveTheCompleteDecodesBlockMeans_withinAFewLevels() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(PdqData.file("pdq-data"))) {
            s.filter(p -> p.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".jpg")).sorted().forEach(files::add);
        }
        List<String> checked = new ArrayList<>();
        for (Path f : files) {
            byte[] bytes = Files.readAllBytes(f);
            LumaAndEdges s = ImageDecoder.standard().squashedLumaAndEdgesForCanonicalPdq(bytes);
            if (s == null || s.blockMeans() == null) continue;
            double d = meanDifference(s.blockMeans(), ImageDecoder.decode(bytes));
            checked.add(String.format("%s %.2f", f.getFileName(), d));
            // measured: under 2 levels for most, up to 4.6 (high-saturation.jpg, high-contrast.jpg: a complete
            // decode clamps saturated pixels one by one, the mean of a block is clamped once; and 4:2:0
            // chroma is one mean per 16 x 16 pixels)
            assertThat(d).as(f.toString()).isLessThan(6.0);
        }
        assertThat(checked).as("checked %s", checked).hasSizeGreaterThan(10);
    }

    @Test
    void progressiveJpegs_giveThemFromTheirFirstDcScan() throws IOException {
        // the reference set's progressive photos (ImageIO's own progressive files refine the
        // luminance in later scans, which the fast path leaves to the complete decoder)
        for (String name : List.of("bridge-3-rotate-180.jpg", "bridge-2-rotate-90.jpg")) {
            byte[] bytes = Files.readAllBytes(PdqData.file("pdq-data/reg-test-input/dih/" + name));
            LumaAndEdges s = ImageDecoder.standard().squashedLumaAndEdgesForCanonicalPdq(bytes);
            assertThat(s).as("the fast path takes %s", name).isNotNull();
            assertThat(s.edgeRgb()).isNull();
            assertThat(s.blockMeans()).as("%s: its first DC scan interleaves all three components", name).isNotNull();
            // the DC's lowest bits may come in a refinement scan, which is not read: a level or so more
            assertThat(meanDifference(s.blockMeans(), ImageDecoder.decode(bytes))).as(name).isLessThan(4.0);
        }
    }
}
