package org.reportonce.cli.hash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reportonce.cli.CliRun;
import org.reportonce.testing.PdqData;

class HashCommandTest {

    static final String BRIDGE = PdqData.file("pdq-data/reg-test-input/dih/bridge-1-original.jpg").toString();
    static final String BRIDGE_CPP = "d8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b22";

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void hash_printsHashQualityAndFile_asTheCppDoes() {
        CliRun r = run("hash", BRIDGE);
        assertThat(r.exit()).isZero();
        assertThat(r.lines()).containsExactly(BRIDGE_CPP + "\t100\t" + BRIDGE);
    }

    @Test
    void dihedral_printsEightLinesNamingEachVariant() {
        CliRun r = run("hash", "--dihedral", BRIDGE);
        assertThat(r.exit()).isZero();
        assertThat(r.lines()).hasSize(8);
        assertThat(r.lines().get(0)).isEqualTo(BRIDGE_CPP + "\t100\t" + BRIDGE + "\torig");
        assertThat(r.lines()).extracting(l -> l.split("\t")[3])
                .containsExactly("orig", "rot90", "rot180", "rot270", "flipx", "flipy", "flip_plus1", "flip_minus1");
    }

    @Test
    void oneBadFile_failsTheRun_withItsReasonOnStderr_andStillHashesTheOthers(@TempDir Path dir) throws IOException {
        Path broken = dir.resolve("broken.jpg");
        byte[] jpeg = Files.readAllBytes(Path.of(BRIDGE));
        Files.write(broken, Arrays.copyOf(jpeg, jpeg.length / 3));
        Path notes = Files.writeString(dir.resolve("notes.txt"), "not an image");
        CliRun r = run("hash", BRIDGE, broken.toString(), notes.toString(), dir.resolve("missing.png").toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.lines()).containsExactly(BRIDGE_CPP + "\t100\t" + BRIDGE);
        assertThat(r.err()).contains("broken.jpg: JPEG data ends early")
                .contains("notes.txt: not a recognised image")
                .contains("missing.png: no such file")
                .contains("3 of 4 files failed");
    }

    @Test
    void json_givesOneObjectPerHash_andOnePerFailure(@TempDir Path dir) throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.png"));
        CliRun r = run("hash", "--json", BRIDGE, empty.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.lines()).hasSize(2);
        assertThat(r.lines().get(0)).isEqualTo("{\"file\":\"" + BRIDGE + "\",\"type\":\"pdq\",\"hash\":\"" + BRIDGE_CPP
                + "\",\"quality\":100,\"width\":1600,\"height\":1004}");
        assertThat(r.lines().get(1)).startsWith("{\"file\":\"" + empty + "\",\"error\":").endsWith("\"reason\":\"EMPTY\"}");
    }

    @Test
    void md5AndSha256_digestAnyFile(@TempDir Path dir) throws IOException {
        Path abc = Files.writeString(dir.resolve("abc.bin"), "abc");
        assertThat(run("hash", "--md5", abc.toString()).lines()).containsExactly("900150983cd24fb0d6963f7d28e17f72\t-\t" + abc);
        assertThat(run("hash", "--sha256", "--json", abc.toString()).lines()).containsExactly("{\"file\":\"" + abc
                + "\",\"type\":\"sha256\",\"hash\":\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\",\"bytes\":3}");
    }

    @Test
    void fullResolution_matchesTheJavaReference() {
        CliRun r = run("hash", "--full-resolution", PdqData.file("pdq-data/bridge-mods/aaa-orig.jpg").toString());
        assertThat(r.lines().get(0)).startsWith("f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22\t100\t");
    }

    @Test
    void md5WithDihedral_isAUsageError() {
        CliRun r = run("hash", "--md5", "--dihedral", BRIDGE);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("cannot be combined");
        assertThat(run("hash", "--md5", "--sha256", BRIDGE).exit()).isEqualTo(2);
        assertThat(run("hash").exit()).isEqualTo(2);
    }

    @Test
    void folder_standsForEveryFileUnderIt() {
        CliRun r = run("hash", PdqData.file("pdq-data/reg-test-input/labelme-subset").toString());
        assertThat(r.exit()).isZero();
        assertThat(r.lines()).hasSize(7).allMatch(l -> l.matches("[0-9a-f]{64}\t\\d+\t.*q\\d{4}\\.jpg"));
    }

    @Test
    void help_describesTheOutputFormat() {
        CliRun r = run("hash", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("HASH<TAB>QUALITY<TAB>FILE").contains("--dihedral").contains("--full-resolution")
                .contains("--md5").contains("--sha256").contains("--json");
    }
}
