package org.reportonce.e2e.network;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reportonce.network.DemoContent.ScenarioPicture;
import org.reportonce.network.DemoPlatform.Spec;
import org.reportonce.network.DemoPlatform;
import org.reportonce.network.LocalNetwork;
import org.reportonce.network.NetworkClient;
import org.reportonce.network.RemovalWatch;
import org.reportonce.protocol.ReportResponse;
import org.reportonce.testing.MovableClock;

/**
 * The 48-hour clock with time moved: a platform whose matcher stops syncing never receives a report,
 * and the regulator's view and the hub's metrics show it at risk 37 hours in and in breach after 48,
 * while the platforms that synced are done on time.
 */
class StoppedSyncingBreachTest {

    @TempDir Path data;

    @Test
    void platformThatStopsSyncing_isShownAtRiskThenInBreach_inTheRegulatorsViewAndInMetrics() throws Exception {
        MovableClock clock = MovableClock.ticking();
        long t0 = System.nanoTime();
        try (LocalNetwork net = LocalNetwork.start(Networks.config(data, clock, false).build());
             NetworkClient client = new NetworkClient(net.hubUri())) {
            ScenarioPicture pic = net.nextScenarioPicture();
            DemoPlatform chirp = net.platform(Spec.CHIRP);
            DemoPlatform threadly = net.platform(Spec.THREADLY);
            DemoPlatform pixhost = net.platform(Spec.PIXHOST);
            pixhost.matcher().close(); // Pixhost's matcher goes down and stays down
            System.out.printf("network started and picture placed in %.1f s%n", (System.nanoTime() - t0) / 1e9);

            ReportResponse report = client.reportAtPlatform(chirp.matcherUri(),
                    Files.readAllBytes(chirp.file(pic.original().contentReference())), pic.original().contentReference(), null);
            long signal = report.signals().get(0).signalId();
            RemovalWatch.await(client, java.util.List.of(chirp, threadly), signal, Duration.ofSeconds(90), Duration.ofMillis(25), null);
            Instant from = report.reportedAt().minus(Duration.ofHours(1));
            System.out.printf("report removed at Chirp and Threadly %.1f s after the start%n", (System.nanoTime() - t0) / 1e9);

            JsonNode now = figures(client, net, from, clock, "Pixhost");
            assertThat(now.path("delivered").asInt()).isZero();
            assertThat(now.path("atRisk").asInt()).isZero();
            assertThat(now.path("breaches").asInt()).isZero();
            assertThat(deadlineGauge(client.hubMetrics(), "Pixhost", "on_time")).isEqualTo(1);

            clock.advance(Duration.ofHours(37)); // 11 h left: inside the 12-hour at-risk window
            JsonNode atRisk = figures(client, net, from, clock, "Pixhost");
            assertThat(atRisk.path("atRisk").asInt()).as(atRisk.toString()).isEqualTo(1);
            assertThat(atRisk.path("breaches").asInt()).isZero();
            String metrics = client.hubMetrics();
            assertThat(deadlineGauge(metrics, "Pixhost", "at_risk")).isEqualTo(1);
            assertThat(deadlineGauge(metrics, "Threadly", "done")).isEqualTo(1);
            JsonNode alerts = client.platformDashboard(pixhost.apiKey()).path("alerts");
            assertThat(alerts).singleElement().satisfies(a -> {
                assertThat(a.path("state").asText()).isEqualTo("at_risk");
                assertThat(a.path("reason").asText()).contains("not synced");
            });

            clock.advance(Duration.ofHours(12)); // 49 h after the report
            JsonNode breached = figures(client, net, from, clock, "Pixhost");
            assertThat(breached.path("breaches").asInt()).as(breached.toString()).isEqualTo(1);
            assertThat(breached.path("atRisk").asInt()).isZero();
            assertThat(breached.path("removedWithin48h").asInt()).isZero();
            assertThat(deadlineGauge(client.hubMetrics(), "Pixhost", "breached")).isEqualTo(1);
            for (String onTime : new String[] {"Chirp", "Threadly"}) {
                JsonNode f = figures(client, net, from, clock, onTime);
                assertThat(f.path("removedWithin48h").asInt()).as(onTime).isEqualTo(1);
                assertThat(f.path("breaches").asInt()).as(onTime).isZero();
            }
        }
    }

    private static JsonNode figures(NetworkClient client, LocalNetwork net, Instant from, MovableClock clock, String platform) {
        JsonNode reg = client.regulatorReport(net.regulatorKey(), from, clock.instant().plusSeconds(60));
        for (JsonNode f : reg.path("platforms")) {
            if (f.path("platform").asText().equals(platform)) return f;
        }
        throw new AssertionError("no figures for " + platform + " in " + reg);
    }

    /** The value of {@code reportonce_deadlines{platform=..., state=...}} in the hub's Prometheus text. */
    static long deadlineGauge(String metrics, String platform, String state) {
        Pattern line = Pattern.compile("^reportonce_deadlines\\{(.*)} ([0-9.eE+-]+)$", Pattern.MULTILINE);
        Matcher m = line.matcher(metrics);
        while (m.find()) {
            String labels = m.group(1);
            if (labels.contains("platform=\"" + platform + "\"") && labels.contains("state=\"" + state + "\"")) {
                return Math.round(Double.parseDouble(m.group(2)));
            }
        }
        throw new AssertionError("no reportonce_deadlines for " + platform + "/" + state + " in:\n" + metrics);
    }
}
