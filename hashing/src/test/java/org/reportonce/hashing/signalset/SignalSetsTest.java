package org.reportonce.hashing.signalset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.reportonce.hashing.Hash256;
import org.reportonce.hashing.pdq.PdqHash;
import org.reportonce.hashing.pdq.PdqHasher;

class SignalSetsTest {

    /** A smooth, photo-like picture: a few random low-frequency waves per channel, plus blobs. */
    static RgbImage scene(int w, int h, long seed) {
        Random r = new Random(seed);
        double[][] waves = new double[9][4];
        for (double[] wv : waves) {
            wv[0] = (0.5 + 3 * r.nextDouble()) * 2 * Math.PI / w;
            wv[1] = (0.5 + 3 * r.nextDouble()) * 2 * Math.PI / h * (r.nextBoolean() ? 1 : -1);
            wv[2] = r.nextDouble() * 6.283;
            wv[3] = 30 + 50 * r.nextDouble();
        }
        double[][] blobs = new double[6][4];
        for (double[] b : blobs) {
            b[0] = r.nextDouble() * w;
            b[1] = r.nextDouble() * h;
            b[2] = (0.05 + 0.15 * r.nextDouble()) * Math.min(w, h);
            b[3] = r.nextBoolean() ? 90 : -90;
        }
        // separable waves (a product of a column term and a row term), tabulated once
        double[][] cols = new double[9][w];
        double[][] rows = new double[9][h];
        for (int k = 0; k < 9; k++) {
            for (int x = 0; x < w; x++) cols[k][x] = Math.sin(waves[k][0] * x + waves[k][2]);
            for (int y = 0; y < h; y++) rows[k][y] = Math.cos(waves[k][1] * y);
        }
        int[] px = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = 0;
                for (int c = 0; c < 3; c++) {
                    double v = 128;
                    for (int k = 3 * c; k < 3 * c + 3; k++) {
                        v += waves[k][3] * cols[k][x] * rows[k][y];
                    }
                    for (double[] b : blobs) {
                        double dx = x - b[0];
                        double dy = y - b[1];
                        if (dx * dx + dy * dy < b[2] * b[2]) v += b[3] * (c == 1 ? 0.5 : 1);
                    }
                    rgb = (rgb << 8) | Math.max(0, Math.min(255, (int) v));
                }
                px[y * w + x] = rgb;
            }
        }
        return new RgbImage(w, h, px);
    }

    static int plainDistance(RgbImage a, RgbImage b) {
        PdqHasher p = PdqHasher.canonical();
        return p.hashRgb(a.rgb(), a.width(), a.height()).distance(p.hashRgb(b.rgb(), b.width(), b.height()));
    }

    @Test
    void reportSet_startsWithThePlainCanonicalPdq_andHasUniquelyNamedGoodMembers() {
        RgbImage img = scene(640, 480, 1);
        SignalSet set = SignalSets.forReport(img.rgb(), img.width(), img.height());
        assertThat(set.plain().variant()).isEqualTo("orig");
        assertThat(set.plain().pdq()).isEqualTo(PdqHasher.canonical().hashRgb(img.rgb(), 640, 480));
        assertThat(set.size()).isBetween(2, 1 + SignalSets.reportVariants().size() + SignalSets.reportRegions().size());
        assertThat(new HashSet<>(set.members().stream().map(SignalMember::variant).toList())).hasSize(set.size());
        assertThat(new HashSet<>(set.hashes())).hasSize(set.size());
        assertThat(set.members().subList(1, set.size())).allSatisfy(m -> assertThat(m.quality()).isGreaterThanOrEqualTo(50));
    }

    @Test
    void reportSet_isTheSameForTheSamePixels() {
        RgbImage img = scene(500, 700, 2);
        assertThat(SignalSets.forReport(img)).isEqualTo(SignalSets.forReport(scene(500, 700, 2)));
    }

    @Test
    void flatPicture_keepsOnlyItsPlainHash_becauseVariantsFallBelowTheQualityFloor() {
        int[] flat = new int[300 * 200];
        java.util.Arrays.fill(flat, 0x777777);
        SignalSet set = SignalSets.forReport(flat, 300, 200);
        assertThat(set.size()).isEqualTo(1);
        assertThat(set.plain().quality()).isLessThan(50);
    }

    @Test
    void matchingSet_withoutBorders_isTheEightDihedralHashes_thenTheAreaLookups() {
        RgbImage img = scene(400, 300, 3);
        SignalSet q = SignalSets.forMatching(img.rgb(), 400, 300);
        assertThat(q.members().subList(0, 8)).extracting(SignalMember::variant)
                .containsExactly("orig", "rot90", "rot180", "rot270", "flipx", "flipy", "flip_plus1", "flip_minus1");
        assertThat(q.members().subList(0, 8)).extracting(SignalMember::pdq)
                .isEqualTo(PdqHasher.canonical().hashRgbDihedral(img.rgb(), 400, 300).hashes());
        // the scene's own flat discs may pass for a sticker: then one more look-up, last
        int extra = Stickers.removed(img) == null ? 0 : 1;
        assertThat(q.members().subList(8, q.size() - extra)).extracting(SignalMember::variant)
                .containsExactlyElementsOf(SignalSets.areaLookupLabels());
        if (extra == 1) assertThat(q.members().get(q.size() - 1).variant()).isEqualTo(SignalSets.STICKER);
    }

    @Test
    void matchingSet_ofAFramedUpload_addsTheTrimmedPicturesHashes_andFindsTheReport() {
        RgbImage img = scene(400, 300, 4);
        RgbImage framed = ImageOpsTest.framed(img, 40, 40, 40, 40, 0xFFFFFF);
        SignalSet q = SignalSets.forMatching(framed);
        // a painted frame is also a flat band with a straight edge on every side: cut there too, last
        // (and, when the scene's own flat discs pass for a sticker, the upload without it, last)
        int extra = Stickers.removed(framed) == null ? 0 : 1;
        assertThat(q.size()).isEqualTo(16 + SignalSets.areaLookupLabels().size() + 1 + extra);
        assertThat(q.members().get(q.size() - 1 - extra).variant()).isEqualTo(SignalSets.BAND);
        assertThat(q.members().get(8).variant()).isEqualTo("trim/orig");
        assertThat(q.members().get(8).hash()).isEqualTo(PdqHasher.canonical().hashRgb(img.rgb(), 400, 300).hash());
        assertThat(plainDistance(img, framed)).as("plain PDQ misses the framed copy").isGreaterThan(31);
        assertThat(SignalSets.STANDARD_RULE.match(q, SignalSets.forReport(img))).isPresent()
                .get().satisfies(m -> assertThat(m.distance()).isZero());
    }

    @Test
    void captionBandUpload_isAlsoLookedUpCutAtTheBandsEdge_andMatchesThroughIt() {
        RgbImage img = scene(400, 300, 5);
        int band = 54; // 18 % of the height, as a meme's caption band
        int[] px = new int[400 * (300 + band)];
        java.util.Arrays.fill(px, 0, 400 * band, 0xFFFFFF);
        System.arraycopy(img.rgb(), 0, px, 400 * band, 400 * 300);
        // a line of "text": black glyph blocks over the middle rows of the band, 55 % of the width
        for (int y = 18; y < 36; y++) for (int x = 40; x < 260; x += 2) { px[y * 400 + x] = 0; px[y * 400 + x + 1] = 0; }
        RgbImage meme = new RgbImage(400, 300 + band, px);
        assertThat(ImageOps.bandEdges(meme)).isEqualTo(new ImageOps.Insets(0, band, 0, 0));
        SignalSet q = SignalSets.forMatching(meme);
        SignalMember cut = q.members().stream().filter(m -> m.variant().equals(SignalSets.BAND)).findFirst().orElseThrow();
        PdqHash plain = PdqHasher.canonical().hashRgb(img.rgb(), 400, 300);
        assertThat(cut.hash().distance(plain.hash())).as("the cut upload is the picture").isLessThanOrEqualTo(10);
        assertThat(plainDistance(img, meme)).as("plain PDQ misses the meme").isGreaterThan(31);
        assertThat(SignalSets.STANDARD_RULE.match(q, SignalSets.forReport(img))).isPresent();
        // the picture itself has no band: no such look-up
        assertThat(ImageOps.bandEdges(img).isNone()).isTrue();
        assertThat(SignalSets.forMatching(img).members()).extracting(SignalMember::variant).doesNotContain(SignalSets.BAND);
    }

    @Test
    void bandsTooThinOrTooDeep_areNotCut() {
        RgbImage img = scene(400, 300, 6);
        for (int band : new int[] {5, 250}) { // under 2 % and over 45 % of the height
            int[] px = new int[400 * (300 + band)];
            java.util.Arrays.fill(px, 0, 400 * band, 0xFFFFFF);
            System.arraycopy(img.rgb(), 0, px, 400 * band, 400 * 300);
            RgbImage up = new RgbImage(400, 300 + band, px);
            assertThat(ImageOps.bandEdges(up).top()).as("band of %d lines", band).isZero();
        }
    }

    @Test
    void stickeredCopies_areMatchedThroughACleanHalf_moreOftenThanByPlainPdq() {
        int plain = 0;
        int set = 0;
        int throughArea = 0;
        for (long seed = 20; seed < 30; seed++) {
            RgbImage img = scene(640, 480, seed);
            int[] px = img.rgb().clone();
            // an opaque disc over ~7 % of the picture, in one quadrant
            int d = 190;
            int x0 = seed % 2 == 0 ? 20 : 640 - 20 - d;
            int y0 = seed % 4 < 2 ? 20 : 480 - 20 - d;
            for (int y = y0; y < y0 + d; y++) {
                for (int x = x0; x < x0 + d; x++) {
                    double dx = x - x0 - d / 2.0;
                    double dy = y - y0 - d / 2.0;
                    if (dx * dx + dy * dy <= d * d / 4.0) px[y * 640 + x] = 0xFFCC22;
                }
            }
            RgbImage stickered = new RgbImage(640, 480, px);
            if (plainDistance(img, stickered) <= 31) plain++;
            var match = SignalSets.STANDARD_RULE.match(SignalSets.forMatching(stickered), SignalSets.forReport(img));
            if (match.isPresent()) {
                set++;
                if (match.get().lookedUp().variant().startsWith(SignalSets.AREA)) throughArea++;
            }
        }
        assertThat(set).as("signal set vs plain PDQ (%d of 10)", plain).isGreaterThan(plain).isGreaterThanOrEqualTo(8);
        assertThat(throughArea).as("matched through an area look-up").isPositive();
    }

    @Test
    void reportRegions_ofAPictureWithMarginsOfItsOwn_areThoseOfThePictureTheMatchSideCutsItsAreasFrom() {
        // the match side cuts its areas from the trimmed upload, so the report's regions must be cut
        // from the trimmed picture too: a stickered copy of a framed picture is found through a
        // region whose hashes are those of the inner picture's
        RgbImage inner = scene(400, 300, 31);
        RgbImage framed = ImageOpsTest.framed(inner, 40, 30, 40, 30, 0xFFFFFF);
        SignalSet report = SignalSets.forReport(framed);
        AreaHashes innerAreas = AreaHashes.of(inner);
        int regions = 0;
        for (Variant r : SignalSets.REGIONS) {
            var member = report.members().stream().filter(m -> m.variant().equals(SignalSets.AREA + r.label())).findFirst();
            if (member.isEmpty()) continue;
            regions++;
            assertThat(member.get().pdq().distance(innerAreas.hash(r))).as(r.label()).isZero();
        }
        assertThat(regions).as("regions in the report").isGreaterThanOrEqualTo(SignalSets.REGIONS.size() - 2);
        int[] px = framed.rgb().clone();
        int w = framed.width();
        // an opaque disc in the bottom-right quarter of the inner picture
        int d = 110;
        int x0 = 40 + 260;
        int y0 = 30 + 170;
        for (int y = y0; y < y0 + d; y++) {
            for (int x = x0; x < x0 + d && x < 40 + 400; x++) {
                double dx = x - x0 - d / 2.0;
                double dy = y - y0 - d / 2.0;
                if (dx * dx + dy * dy <= d * d / 4.0) px[y * w + x] = 0xFFCC22;
            }
        }
        RgbImage stickered = new RgbImage(w, framed.height(), px);
        var match = SignalSets.STANDARD_RULE.match(SignalSets.forMatching(stickered), report);
        assertThat(match).isPresent();
    }

    @Test
    void mirroredUpload_isMatchedThroughItsDihedralLookup() {
        RgbImage img = scene(320, 240, 5);
        int[] m = new int[img.rgb().length];
        for (int y = 0; y < 240; y++) {
            for (int x = 0; x < 320; x++) m[y * 320 + x] = img.pixel(319 - x, y);
        }
        var match = SignalSets.STANDARD_RULE.match(SignalSets.forMatching(m, 320, 240), SignalSets.forReport(img));
        assertThat(match).isPresent();
        assertThat(match.get().lookedUp().variant()).isEqualTo("flipy");
    }

    @Test
    void croppedAndStraightenedCopies_areMatchedMoreOftenThanByPlainPdq() {
        int plainHits = 0;
        int setHits = 0;
        int copies = 0;
        for (int seed = 10; seed < 16; seed++) {
            RgbImage img = scene(480, 360, seed);
            SignalSet report = SignalSets.forReport(img);
            List<RgbImage> edits = List.of(
                    // near, not equal to, the report variants: that is the point of them
                    ImageOps.cropFractions(img, 0.0, 0.0, 0.0, 0.08),
                    ImageOps.cropFractions(img, 0.04, 0.04, 0.04, 0.04),
                    ImageOps.cropFractions(img, 0.0, 0.02, 0.03, 0.01),
                    ImageOps.rotate(img, 3, ImageOps.RotationFit.CROP_TO_FILL, 0),
                    ImageOps.rotate(img, -4, ImageOps.RotationFit.CROP_TO_FILL, 0));
            for (RgbImage e : edits) {
                copies++;
                if (plainDistance(img, e) <= 31) plainHits++;
                if (SignalSets.STANDARD_RULE.match(SignalSets.forMatching(e), report).isPresent()) setHits++;
            }
        }
        assertThat(setHits).as("signal sets find %d of %d, plain PDQ %d", setHits, copies, plainHits)
                .isGreaterThanOrEqualTo(plainHits + copies / 3);
        assertThat(setHits).isGreaterThanOrEqualTo(copies * 7 / 10);
    }

    @Test
    void distinctPictures_doNotMatch() {
        int n = 8;
        SignalSet[] reports = new SignalSet[n];
        SignalSet[] uploads = new SignalSet[n];
        for (int i = 0; i < n; i++) {
            RgbImage img = scene(360, 270, 100 + i);
            reports[i] = SignalSets.forReport(img);
            uploads[i] = SignalSets.forMatching(img);
        }
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                assertThat(SignalSets.STANDARD_RULE.match(uploads[k], reports[i]).isPresent())
                        .as("upload %d vs report %d", k, i).isEqualTo(i == k);
            }
        }
    }

    @Test
    void tinyAndExtremePictures_giveTheirPlainHashWithoutFailing() {
        for (int[] size : new int[][] {{1, 1}, {2, 3}, {3, 2000}, {2000, 4}}) {
            int[] px = new int[size[0] * size[1]];
            for (int i = 0; i < px.length; i++) px[i] = (i * 2654435761L % 0xFFFFFF) > 0 ? (int) (i * 2654435761L % 0xFFFFFF) : 0;
            SignalSet report = SignalSets.forReport(px, size[0], size[1]);
            assertThat(report.plain().variant()).isEqualTo("orig");
            int areas = SignalSets.areaLookupLabels().size();
            assertThat(SignalSets.forMatching(px, size[0], size[1]).size()).isIn(8 + areas, 16 + areas);
        }
    }

    @Test
    void matchRule_needsBothSidesAboveTheQualityFloor_andIsInclusiveAtTheThreshold() {
        MatchRule rule = new MatchRule(31, 50);
        Hash256 a = Hash256.ZERO;
        Hash256 b31 = new Hash256(0x7FFFFFFFL, 0, 0, 0);
        Hash256 b32 = new Hash256(0xFFFFFFFFL, 0, 0, 0);
        assertThat(rule.matches(new PdqHash(a, 50), new PdqHash(b31, 50))).isTrue();
        assertThat(rule.matches(new PdqHash(a, 50), new PdqHash(b32, 100))).isFalse();
        assertThat(rule.matches(new PdqHash(a, 49), new PdqHash(a, 100))).isFalse();
        assertThat(rule.matches(new PdqHash(a, 100), new PdqHash(a, 49))).isFalse();
        SignalSet weak = new SignalSet(List.of(new SignalMember("orig", new PdqHash(a, 10))));
        assertThat(rule.closestDistance(weak, weak)).isEqualTo(Integer.MAX_VALUE);
        assertThat(rule.match(weak, weak)).isEmpty();
    }

    @Test
    void matchRule_outOfRange_isRefused() {
        assertThatThrownBy(() -> new MatchRule(300, 50)).hasMessageContaining("0..256");
        assertThatThrownBy(() -> new MatchRule(31, 101)).hasMessageContaining("0..100");
    }

    @Test
    void variantLabels_sayWhatWasDone() {
        assertThat(Variant.IDENTITY.label()).isEqualTo("orig");
        assertThat(Variant.cropPercent(0, 0, 8, 8).label()).isEqualTo("crop_l0_t0_r8_b8");
        assertThat(Variant.cropPercent(2.5, 2.5, 2.5, 2.5).label()).isEqualTo("crop_l2.5_t2.5_r2.5_b2.5");
        assertThat(Variant.straighten(-3).label()).isEqualTo("straighten_-3");
        assertThat(new Variant(0.05, 0.05, 0.05, 0.05, 2).label()).isEqualTo("crop_l5_t5_r5_b5+straighten_+2");
    }

    @Test
    void variantThatKeepsTooLittle_isRefused() {
        assertThatThrownBy(() -> Variant.cropPercent(50, 0, 45, 0)).hasMessageContaining("10 %");
        assertThatThrownBy(() -> Variant.straighten(60)).hasMessageContaining("45");
    }

    @Test
    void variantRender_ofALargePicture_isAtMostTheCanonicalSquare() {
        RgbImage big = scene(1600, 900, 7);
        RgbImage v = Variant.cropPercent(5, 5, 5, 5).render(big);
        assertThat(v.width()).isEqualTo(512);
        assertThat(v.height()).isEqualTo(512);
        RgbImage small = scene(300, 200, 7);
        RgbImage s = Variant.cropPercent(10, 0, 0, 0).render(small);
        assertThat(s.width()).isEqualTo(270);
        assertThat(s.height()).isEqualTo(200);
    }
}
