package org.reportonce.cli.hash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reportonce.cli.CliRun;
import org.reportonce.hashing.Hash256;
import org.reportonce.hashing.signalset.SignalSets;

/** {@code reportonce hash --signal-set} and {@code --for-matching}. */
class SignalSetHashOptionsTest {
    static final String BRIDGE = HashCommandTest.BRIDGE;

    @Test
    void signalSet_printsThePlainHashFirst_thenNamedVariants() {
        CliRun r = CliRun.of("hash", "--signal-set", BRIDGE);
        assertThat(r.exit()).isZero();
        List<String> lines = r.lines();
        assertThat(lines.size()).isBetween(2, 1 + SignalSets.reportVariants().size() + SignalSets.reportRegions().size());
        assertThat(lines.get(0)).isEqualTo(HashCommandTest.BRIDGE_CPP + "\t100\t" + BRIDGE + "\torig");
        assertThat(lines).allSatisfy(l -> {
            String[] c = l.split("\t");
            assertThat(c).hasSize(4);
            Hash256.fromHex(c[0]);
            assertThat(Integer.parseInt(c[1])).isGreaterThanOrEqualTo(50);
            assertThat(c[2]).isEqualTo(BRIDGE);
        });
        assertThat(lines.subList(1, lines.size())).extracting(l -> l.split("\t")[3])
                .allMatch(v -> v.startsWith("crop_") || v.startsWith("straighten_") || v.startsWith(SignalSets.AREA));
    }

    @Test
    void forMatching_ofABorderlessPhoto_printsItsEightDihedralHashes_thenItsAreaLookups() {
        CliRun r = CliRun.of("hash", "--for-matching", BRIDGE);
        assertThat(r.exit()).isZero();
        java.util.List<String> expected = new java.util.ArrayList<>(
                java.util.List.of("orig", "rot90", "rot180", "rot270", "flipx", "flipy", "flip_plus1", "flip_minus1"));
        expected.addAll(SignalSets.areaLookupLabels());
        assertThat(r.lines()).extracting(l -> l.split("\t")[3]).containsExactlyElementsOf(expected);
        assertThat(r.lines().get(0)).startsWith(HashCommandTest.BRIDGE_CPP);
    }

    @Test
    void forMatching_ofAFramedCopy_alsoPrintsTheTrimmedHashes_whichMatchTheReport(@TempDir Path dir) throws Exception {
        java.awt.image.BufferedImage src = javax.imageio.ImageIO.read(Path.of(BRIDGE).toFile());
        int b = 60;
        java.awt.image.BufferedImage framed = new java.awt.image.BufferedImage(
                src.getWidth() + 2 * b, src.getHeight() + 2 * b, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = framed.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, framed.getWidth(), framed.getHeight());
        g.drawImage(src, b, b, null);
        g.dispose();
        Path file = dir.resolve("framed.png");
        javax.imageio.ImageIO.write(framed, "png", file.toFile());
        CliRun r = CliRun.of("hash", "--for-matching", file.toString());
        assertThat(r.exit()).isZero();
        // + the picture cut at the frame's edges (band/orig), last
        assertThat(r.lines()).hasSize(17 + SignalSets.areaLookupLabels().size());
        assertThat(r.lines().get(r.lines().size() - 1).split("\t")[3]).isEqualTo(SignalSets.BAND);
        String trimmed = r.lines().get(8);
        assertThat(trimmed.split("\t")[3]).isEqualTo("trim/orig");
        assertThat(Hash256.fromHex(trimmed.split("\t")[0]).distance(Hash256.fromHex(HashCommandTest.BRIDGE_CPP)))
                .isLessThanOrEqualTo(SignalSets.STANDARD_RULE.maxDistance());
    }

    @Test
    void signalSet_withJson_namesTheVariant() {
        CliRun r = CliRun.of("hash", "--signal-set", "--json", BRIDGE);
        assertThat(r.exit()).isZero();
        assertThat(r.lines().get(0)).contains("\"variant\":\"orig\"").contains("\"quality\":100");
    }

    @Test
    void signalSet_combinedWithAnotherMode_isRefusedWithTheReason() {
        CliRun r = CliRun.of("hash", "--signal-set", "--dihedral", BRIDGE);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--signal-set and --for-matching each stand alone");
        assertThat(CliRun.of("hash", "--signal-set", "--for-matching", BRIDGE).exit()).isEqualTo(2);
    }
}
