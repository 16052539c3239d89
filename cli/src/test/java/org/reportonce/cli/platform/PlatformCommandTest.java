package org.reportonce.cli.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reportonce.cli.CliRun;
import org.reportonce.platform.Platform;
import org.reportonce.platform.PlatformConfig;
import org.reportonce.testing.PdqData;

class PlatformCommandTest {

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void everyPlatformCommand_hasHelp() {
        for (String sub : new String[] {"serve", "scan", "import"}) {
            CliRun r = run("platform", sub, "--help");
            assertThat(r.exit()).isZero();
            assertThat(r.out()).contains("Usage: reportonce platform " + sub);
        }
    }

    @Test
    void serveWithoutAKey_saysWhatIsMissing() {
        CliRun r = run("platform", "serve", "--hub", "http://127.0.0.1:9", "--key", "");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--key (or REPORTONCE_PLATFORM_KEY) is required");
    }

    @Test
    void scan_registersAFolderWithARunningMatcher_andRemembersWhatItDid(@TempDir Path dir) throws Exception {
        Files.copy(PdqData.file("pdq-data/bridge-mods/aaa-orig.jpg"), dir.resolve("a.jpg"));
        Files.writeString(dir.resolve("notes.txt"), "not an image");
        // the hub is unreachable: registration does not need it
        try (Platform p = Platform.start(PlatformConfig.builder(URI.create("http://127.0.0.1:9"), "key").build())) {
            CliRun first = run("platform", "scan", dir.toString(), "--matcher", p.baseUri().toString());
            assertThat(first.exit()).as(first.err()).isZero();
            assertThat(first.out()).contains("2 files: 2 registered (1 by MD5/SHA-256 only), 0 already done, 0 failed");
            CliRun second = run("platform", "scan", dir.toString(), "--matcher", p.baseUri().toString());
            assertThat(second.out()).contains("2 files: 0 registered (0 by MD5/SHA-256 only), 2 already done");
            assertThat(p.health().storedContent()).isEqualTo(2);
        }
    }
}
