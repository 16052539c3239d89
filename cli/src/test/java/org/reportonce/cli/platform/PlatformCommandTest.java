package org.reportonce.cli.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reportonce.cli.Main;
import org.reportonce.platform.Platform;
import org.reportonce.platform.PlatformConfig;
import org.reportonce.testing.PdqData;

class PlatformCommandTest {

    record Run(int exit, String out, String err) {}

    static synchronized Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = Main.run(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void everyPlatformCommand_hasHelp() {
        for (String sub : new String[] {"serve", "scan", "import"}) {
            Run r = run("platform", sub, "--help");
            assertThat(r.exit()).isZero();
            assertThat(r.out()).contains("Usage: reportonce platform " + sub);
        }
    }

    @Test
    void serveWithoutAKey_saysWhatIsMissing() {
        Run r = run("platform", "serve", "--hub", "http://127.0.0.1:9", "--key", "");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--key (or REPORTONCE_PLATFORM_KEY) is required");
    }

    @Test
    void scan_registersAFolderWithARunningMatcher_andRemembersWhatItDid(@TempDir Path dir) throws Exception {
        Files.copy(PdqData.file("pdq-data/bridge-mods/aaa-orig.jpg"), dir.resolve("a.jpg"));
        Files.writeString(dir.resolve("notes.txt"), "not an image");
        // the hub is unreachable: registration does not need it
        try (Platform p = Platform.start(PlatformConfig.builder(URI.create("http://127.0.0.1:9"), "key").build())) {
            Run first = run("platform", "scan", dir.toString(), "--matcher", p.baseUri().toString());
            assertThat(first.exit()).as(first.err()).isZero();
            assertThat(first.out()).contains("2 files: 2 registered (1 by MD5/SHA-256 only), 0 already done, 0 failed");
            Run second = run("platform", "scan", dir.toString(), "--matcher", p.baseUri().toString());
            assertThat(second.out()).contains("2 files: 0 registered (0 by MD5/SHA-256 only), 2 already done");
            assertThat(p.health().storedContent()).isEqualTo(2);
        }
    }
}
