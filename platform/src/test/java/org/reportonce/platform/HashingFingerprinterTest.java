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

    /** The photo with an emoji-like sticker (a yellow disc, dark outline, two eyes, a smile) over ~3 % of it. */
    static BufferedImage withSticker(BufferedImage photo, int x, int y, int d) {
        BufferedImage out = new BufferedImage(photo.getWidth(), photo.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(photo, 0, 0, null);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new java.awt.Color(0xFFCC22));
        g.fill(new java.awt.geom.Ellipse2D.Double(x, y, d, d));
        g.setStroke(new java.awt.BasicStroke(d / 30f));
        g.setColor(new java.awt.Color(0x553300));
        g.draw(new java.awt.geom.Ellipse2D.Double(x, y, d, d));
        g.setColor(java.awt.Color.BLACK);
        g.fill(new java.awt.geom.Ellipse2D.Double(x + d * 0.30, y + d * 0.28, d * 0.11, d * 0.18));
        g.fill(new java.awt.geom.Ellipse2D.Double(x + d * 0.59, y + d * 0.28, d * 0.11, d * 0.18));
        g.setStroke(new java.awt.BasicStroke(d / 18f));
        g.draw(new java.awt.geom.Arc2D.Double(x + d * 0.25, y + d * 0.35, d * 0.5, d * 0.4, 200, 140, java.awt.geom.Arc2D.OPEN));
        g.dispose();
        return out;
    }

    @Test
    void stickeredJpegPhoto_isDecodedCompletely_soItsStickerPaintedOutIsLookedUp_andMatchesTheReport() {
        BufferedImage photo = bridgePhoto();
        byte[] upload = Images.jpeg(withSticker(photo, 760, 300, 190));
        assertThat(HashingFingerprinter.mayHaveSticker(ImageDecoder.standard().squashedLumaAndEdgesForCanonicalPdq(upload).blockMeans()))
                .as("the gate sees the sticker in the block means").isTrue();
        assertThat(HashingFingerprinter.fastPath(upload)).isNull();

        HashingFingerprinter fingerprinter = new HashingFingerprinter();
        List<ImageFingerprinter.Member> lookUps = fingerprinter.fingerprint(upload).pdq();
        ImageFingerprinter.Member painted = lookUps.stream().filter(m -> m.label().equals(SignalSets.STICKER)).findFirst().orElseThrow();
        List<org.reportonce.hashing.pdq.PdqHash> report = fingerprinter.reportSignalSet(Images.jpeg(photo));
        org.reportonce.hashing.pdq.PdqHash lookedUp = new org.reportonce.hashing.pdq.PdqHash(painted.hash(), painted.quality());
        assertThat(report).as("the report of the photo without the sticker")
                .anySatisfy(r -> assertThat(SignalSets.STANDARD_RULE.matches(lookedUp, r)).isTrue());
        // and the ordinary photo (the same without the sticker) still takes the fast path
        assertThat(HashingFingerprinter.fastPath(Images.jpeg(photo))).isNotNull();
        // the gate off (the platform's default, PlatformConfig.stickerGate): the fast path, no sticker/orig
        assertThat(HashingFingerprinter.fastPath(upload, false)).isNotNull();
        var withoutMeans = ImageDecoder.standard().squashedLumaAndEdgesForCanonicalPdq(upload, false);
        assertThat(withoutMeans.blockMeans()).as("no DC store kept when the gate is off").isNull();
        assertThat(withoutMeans.edgeRgb()).as("the border test's edge colours still come").isNotNull();
        assertThat(new HashingFingerprinter(false).fingerprint(upload).pdq())
                .noneMatch(m -> m.label().equals(SignalSets.STICKER));
    }
}
