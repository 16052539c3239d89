package org.reportonce.cli.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reportonce.cli.CliRun;

class EvalCommandTest {

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void eval_onGeneratedPictures_writesTableJsonAndPlots(@TempDir Path out) throws Exception {
        CliRun r = run("eval", "--generated", "2", "--max-side", "320", "--detector", "pdq", "--threshold", "pdq=20", "--out", out.toString(),
                "--threads", "2");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("pdq <=20").contains("ALL EDITS");
        assertThat(out.resolve("eval.json")).exists();
        assertThat(Files.readString(out.resolve("recall-vs-false-matches.svg"))).startsWith("<svg");
        assertThat(javax.imageio.ImageIO.read(out.resolve("recall-vs-false-matches.png").toFile())).isNotNull();
        assertThat(out.resolve("examples")).isDirectoryContaining("glob:**screenshot.png");
    }

    @Test
    void eval_withoutPictures_saysWhatToGive() {
        CliRun r = run("eval");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--images DIR").contains("--generated N");
    }

    @Test
    void eval_withAnUnknownDetector_listsTheKnownOnes() {
        CliRun r = run("eval", "--generated", "2", "--detector", "nope");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("unknown detector 'nope'").contains("signal-set");
    }

    @Test
    void eval_withABadThreshold_namesIt() {
        CliRun r = run("eval", "--generated", "2", "--threshold", "pdq=many");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("pdq=many");
    }

    @Test
    void eval_withAMissingFolder_namesIt(@TempDir Path dir) {
        CliRun r = run("eval", "--images", dir.resolve("nowhere").toString());
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("nowhere");
    }
}
