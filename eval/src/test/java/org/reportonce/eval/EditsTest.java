package org.reportonce.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.EnumSet;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class EditsTest {
    static final BufferedImage PICTURE = SyntheticImages.generate(5, 320, 240);

    @Test
    void battery_coversEveryEditKind() {
        EnumSet<EditKind> kinds = EnumSet.noneOf(EditKind.class);
        Edits.battery().forEach(e -> kinds.add(e.kind()));
        assertThat(kinds).containsExactlyInAnyOrder(EditKind.values());
    }

    @Test
    void sameSeed_givesTheSamePixels_otherSeed_givesOtherPixels() {
        List<Edits.Edit> battery = Edits.battery();
        for (int j = 0; j < battery.size(); j++) {
            int[] a = Harness.pixels(Harness.editedCopy(PICTURE, 3, j, battery.get(j), 7, 90));
            int[] b = Harness.pixels(Harness.editedCopy(PICTURE, 3, j, battery.get(j), 7, 90));
            assertThat(a).as(battery.get(j).label()).isEqualTo(b);
        }
        Edits.Edit sticker = battery.stream().filter(e -> e.kind() == EditKind.STICKER).findFirst().orElseThrow();
        assertThat(Harness.pixels(Harness.editedCopy(PICTURE, 3, 0, sticker, 7, 0)))
                .isNotEqualTo(Harness.pixels(Harness.editedCopy(PICTURE, 3, 0, sticker, 8, 0)));
    }

    @Test
    void crops_removeTheStatedShareOfEachSide() {
        BufferedImage c = Edits.crop(PICTURE, 0.05, 0.05, 0.05, 0.05);
        assertThat(c.getWidth()).isEqualTo(288);
        assertThat(c.getHeight()).isEqualTo(216);
        assertThat(c.getRGB(0, 0)).isEqualTo(PICTURE.getRGB(16, 12));
    }

    @Test
    void border_growsThePictureByTwiceItsWidth() {
        BufferedImage b = Edits.border(PICTURE, 0.1, java.awt.Color.RED);
        assertThat(b.getWidth()).isEqualTo(320 + 64);
        assertThat(b.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0xFF0000);
    }

    @Test
    void quarterTurn_swapsTheSides_andMirrorKeepsThem() {
        BufferedImage r = Edits.quarterTurns(PICTURE, 1);
        assertThat(r.getWidth()).isEqualTo(240);
        assertThat(r.getHeight()).isEqualTo(320);
        assertThat(Edits.quarterTurns(r, 3).getRGB(17, 9)).isEqualTo(PICTURE.getRGB(17, 9));
        assertThat(Edits.mirror(PICTURE).getRGB(0, 5)).isEqualTo(PICTURE.getRGB(319, 5));
    }

    @Test
    void screenshot_putsThePictureInsideALargerFrame() {
        BufferedImage s = Edits.screenshot(PICTURE, new java.util.Random(1));
        assertThat(s.getWidth()).isEqualTo(1080);
        assertThat(s.getHeight()).isGreaterThan(1080 * 240 / 320);
    }

    @Test
    void serviceLoader_findsTheBuiltInDetectors() {
        assertThat(ServiceLoader.load(Detector.class).stream().map(p -> p.get().name()).toList())
                .containsExactly("pdq", "pdq-dihedral", "signal-set");
    }
}
