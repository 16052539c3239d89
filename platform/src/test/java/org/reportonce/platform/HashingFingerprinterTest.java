package org.reportonce.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import org.reportonce.hashing.image.DecodedImage;
import org.reportonce.hashing.image.ImageDecoder;
import org.reportonce.hashing.signalset.SignalSets;
import org.junit.jupiter.api.Test;

/** Which uploads the matcher hashes by the luminance-only fast path, and that it finds what a complete decode finds. */
class HashingFingerprinterTest {

    /** The bridge photo at ~1 MP, as the platform's by-bytes benchmark sends it. */
    private static BufferedImage bridgePhoto() {
        BufferedImage src = Images.read("pdq-data/bridge-mods/aaa-orig.jpg");
        BufferedImage img = new BufferedImage(1262, 792, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(src, 0, 0, img.getWidth(), img.getHeight(), null);
        g.dispose();
        return img;
    }

    @Test
    void photoWhoseEdgeIsUniformInLuminanceButNotColour_takesTheFastPath_andHashesLikeACompleteDecode() {
        byte[] jpeg = Images.jpeg(bridgePhoto());
        // the water along one edge is uniform in luminance: the luminance test alone would decode fully
        assertThat(HashingFingerprinter.mayHaveBorder(ImageDecoder.standard().squashedLumaForCanonicalPdq(jpeg))).isTrue();

        List<ImageFingerprinter.Member> fast = HashingFingerprinter.fastPath(jpeg);
        assertThat(fast).as("edge colours rule the border out").isNotNull();

        DecodedImage img = ImageDecoder.decode(jpeg);
        List<ImageFingerprinter.Member> full = SignalSets.forMatching(img.rgb(), img.width(), img.height()).members().stream()
                .map(m -> new ImageFingerprinter.Member(m.variant(), m.hash(), m.quality())).toList();
        assertThat(fast).extracting(ImageFingerprinter.Member::label)
                .as("a complete decode trims nothing either: the same variants")
                .containsExactlyElementsOf(full.stream().map(ImageFingerprinter.Member::label).toList());
        for (int i = 0; i < fast.size(); i++) {
            assertThat(fast.get(i).hash().distance(full.get(i).hash())).as(fast.get(i).label()).isLessThanOrEqualTo(4);
        }
    }

    @Test
    void photoInAUniformFrame_isDecodedCompletely_soItsTrimmedHashesAreLookedUpToo() {
        byte[] jpeg = Images.jpeg(Images.framed(bridgePhoto(), 60, new java.awt.Color(250, 250, 250)));
        assertThat(HashingFingerprinter.fastPath(jpeg)).isNull();
        ImageFingerprinter.Fingerprint fp = new HashingFingerprinter().fingerprint(jpeg);
        assertThat(fp.pdq()).hasSizeGreaterThan(8); // the framed picture's 8, and the trimmed one's
    }

    @Test
    void colouredFrameOfEqualLuminance_isStillSeen_byTheColourTest() {
        // a line that is one colour is a border whatever the picture inside
        int[] line = new int[400];
        java.util.Arrays.fill(line, 0x3366CC);
        int[] noisy = new int[400];
        for (int i = 0; i < noisy.length; i++) noisy[i] = (i * 0x9E3779B1) & 0xFFFFFF;
        assertThat(HashingFingerprinter.mayHaveBorder(new int[][] {noisy, noisy, line, noisy})).isTrue();
        assertThat(HashingFingerprinter.mayHaveBorder(new int[][] {noisy, noisy, noisy, noisy})).isFalse();
    }

    @Test
    void photoTurnedOnAFilledCanvas_isDecodedCompletely_soItCanBeTurnedBack() {
        BufferedImage photo = bridgePhoto();
        BufferedImage canvas = new BufferedImage(photo.getWidth(), photo.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas.createGraphics();
        g.setColor(java.awt.Color.BLACK);
        g.fillRect(0, 0, canvas.getWidth(), canvas.getHeight());
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.rotate(Math.toRadians(4), canvas.getWidth() / 2.0, canvas.getHeight() / 2.0);
        g.drawImage(photo, 0, 0, null);
        g.dispose();
        byte[] jpeg = Images.jpeg(canvas);
        // the turned photo's edges are not uniform in colour: only the corners tell
        assertThat(HashingFingerprinter.cornersAlike(ImageDecoder.standard().squashedLumaForCanonicalPdq(jpeg))).isTrue();
        assertThat(HashingFingerprinter.fastPath(jpeg)).isNull();
        assertThat(HashingFingerprinter.fastPath(Images.jpeg(photo))).as("the same photo upright").isNotNull();
    }
}
