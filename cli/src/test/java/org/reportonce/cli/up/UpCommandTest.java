package org.reportonce.cli.up;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reportonce.cli.CliRun;

class UpCommandTest {

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void upOnce_startsTheNetwork_printsUrlsAndKeys_andStopsKeepingTheData(@TempDir Path tmp) {
        Path data = tmp.resolve("net");
        CliRun r = run("up", "--data", data.toString(), "--once");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("ReportOnce network up", "openapi.json", "operator ", "regulator ", "support service ",
                "Chirp", "Threadly", "Pixhost", "rok_", "Stopped.");
        assertThat(data.resolve("network.properties")).exists();
        assertThat(data.resolve("platforms/threadly/content")).isNotEmptyDirectory();
    }

    @Test
    void reset_refusesAFolderThatIsNotANetworksData_withAClearMessage(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("notes.txt"), "keep me");
        CliRun r = run("up", "--data", tmp.toString(), "--reset", "--once");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--data: refusing to delete").doesNotContain("Exception");
        assertThat(tmp.resolve("notes.txt")).exists();
    }

    @Test
    void badTimeout_isAUsageErrorNamingWhatIsAccepted(@TempDir Path tmp) {
        CliRun r = run("up", "--data", tmp.toString(), "--timeout", "soon", "--once");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--timeout must be a positive duration such as 30s");
    }

    @Test
    void durations_acceptSecondsMinutesHoursAndIso() {
        assertThat(UpCommand.parseDuration("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(UpCommand.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(UpCommand.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(UpCommand.parseDuration("PT45S")).isEqualTo(Duration.ofSeconds(45));
        assertThatThrownBy(() -> UpCommand.parseDuration("0s")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UpCommand.parseDuration("-5m")).isInstanceOf(IllegalArgumentException.class);
    }
}
