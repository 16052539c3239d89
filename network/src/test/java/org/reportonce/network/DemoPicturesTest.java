package org.reportonce.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.reportonce.hashing.signalset.SignalMember;
import org.reportonce.hashing.signalset.SignalSet;
import org.reportonce.hashing.signalset.SignalSets;
import org.reportonce.network.DemoContent.Edit;
import org.reportonce.network.DemoContent.Item;

/**
 * The demo's pictures must behave like unrelated photographs (no two match each other, or the demo
 * would take down innocent content) and their edited copies must be found the way the platforms
 * find them: the report's signal set against the stored copy's 8 dihedral hashes.
 */
class DemoPicturesTest {

    /** Pictures a demo network holds: the first scenario pictures and every unrelated one. */
    static final Map<Long, SignalSet> REPORTED = new LinkedHashMap<>();
    static final Map<Long, SignalSet> STORED = new LinkedHashMap<>();

    @BeforeAll
    static void hashDemoPictures() throws IOException {
        List<Item> items = new ArrayList<>();
        for (int k = 0; k < 6; k++) items.add(DemoContent.scenarioPicture(k).original());
        DemoContent.unrelated().stream().filter(i -> i.edit() == Edit.ORIGINAL).forEach(items::add);
        for (Item item : items) {
            BufferedImage img = decode(DemoContent.render(item));
            int[] rgb = pixels(img);
            REPORTED.put(item.seed(), SignalSets.forReport(rgb, img.getWidth(), img.getHeight()));
            STORED.put(item.seed(), dihedralOnly(SignalSets.forMatching(rgb, img.getWidth(), img.getHeight())));
        }
    }

    @Test
    void samePicture_forTheSameSeed() {
        assertThat(pixels(DemoPictures.picture(1234))).isEqualTo(pixels(DemoPictures.picture(1234)));
        assertThat(pixels(DemoPictures.picture(1234))).isNotEqualTo(pixels(DemoPictures.picture(1235)));
    }

    @Test
    void everyDemoPicture_isDetailedEnoughForAConfidentPdqHash() {
        REPORTED.forEach((seed, set) -> assertThat(set.plain().quality()).as("PDQ quality of picture %d", seed).isGreaterThanOrEqualTo(DemoPictures.MIN_QUALITY));
    }

    @Test
    void distinctDemoPictures_neverMatchEachOther_underThePlatformRule() {
        int closest = Integer.MAX_VALUE;
        for (var reported : REPORTED.entrySet()) {
            for (var stored : STORED.entrySet()) {
                if (reported.getKey().equals(stored.getKey())) continue;
                int d = SignalSets.STANDARD_RULE.closestDistance(stored.getValue(), reported.getValue());
                assertThat(d).as("picture %d reported vs picture %d stored", reported.getKey(), stored.getKey())
                        .isGreaterThan(SignalSets.STANDARD_RULE.maxDistance());
                closest = Math.min(closest, d);
            }
        }
        System.out.println("closest distance between distinct demo pictures: " + closest + " bits");
    }

    @Test
    void recompressedMirroredAndCroppedCopies_matchTheReportedPicture() throws IOException {
        for (int k = 0; k < 3; k++) {
            DemoContent.ScenarioPicture pic = DemoContent.scenarioPicture(k);
            SignalSet reported = REPORTED.get(pic.seed());
            for (Item copy : pic.copies()) {
                BufferedImage img = decode(DemoContent.render(copy));
                SignalSet stored = dihedralOnly(SignalSets.forMatching(pixels(img), img.getWidth(), img.getHeight()));
                var match = SignalSets.STANDARD_RULE.match(stored, reported);
                if (copy.edit() == Edit.FRAMED) {
                    // the stored copy's own hashes, untrimmed: a frame needs trimming at match time
                    continue;
                }
                assertThat(match).as("%s (%s) of picture %d", copy.contentReference(), copy.edit(), k).isPresent();
            }
        }
    }

    @Test
    void framedCopy_matchesOnceItsBorderIsTrimmed() throws IOException {
        DemoContent.ScenarioPicture pic = DemoContent.scenarioPicture(0);
        Item framed = pic.copies().stream().filter(i -> i.edit() == Edit.FRAMED).findFirst().orElseThrow();
        BufferedImage img = decode(DemoContent.render(framed));
        SignalSet lookup = SignalSets.forMatching(pixels(img), img.getWidth(), img.getHeight());
        assertThat(lookup.members()).filteredOn(m -> m.variant().startsWith("trim/"))
                .as("a framed picture gets trimmed look-up hashes too").hasSize(8);
        assertThat(SignalSets.STANDARD_RULE.match(lookup, REPORTED.get(pic.seed()))).isPresent();
    }

    private static SignalSet dihedralOnly(SignalSet s) {
        List<SignalMember> m = s.members().stream()
                .filter(x -> !x.variant().startsWith("trim/") && !x.variant().startsWith(SignalSets.AREA)).toList();
        return new SignalSet(m);
    }

    static BufferedImage decode(byte[] bytes) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(bytes));
    }

    static int[] pixels(BufferedImage img) {
        int[] rgb = img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
        for (int i = 0; i < rgb.length; i++) rgb[i] &= 0xFFFFFF;
        return rgb;
    }
}
