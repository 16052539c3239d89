package org.reportonce.cli.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reportonce.cli.Main;

class EvalCommandTest {

    record Run(int exit, String out, String err) {}

    static synchronized Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            return new Run(Main.run(args), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void eval_onGeneratedPictures_writesTableJsonAndPlots(@TempDir Path out) throws Exception {
        Run r = run("eval", "--generated", "3", "--detector", "pdq", "--threshold", "pdq=20", "--out", out.toString(),
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
        Run r = run("eval");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--images DIR").contains("--generated N");
    }

    @Test
    void eval_withAnUnknownDetector_listsTheKnownOnes() {
        Run r = run("eval", "--generated", "2", "--detector", "nope");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("unknown detector 'nope'").contains("signal-set");
    }

    @Test
    void eval_withABadThreshold_namesIt() {
        Run r = run("eval", "--generated", "2", "--threshold", "pdq=many");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("pdq=many");
    }

    @Test
    void eval_withAMissingFolder_namesIt(@TempDir Path dir) {
        Run r = run("eval", "--images", dir.resolve("nowhere").toString());
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("nowhere");
    }
}
