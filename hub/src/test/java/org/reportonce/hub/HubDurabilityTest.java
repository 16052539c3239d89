package org.reportonce.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An accepted report survives the hub being killed with SIGKILL right after it answered 201. */
class HubDurabilityTest {

    @Test
    void reportAnswered201_survivesKill9OfTheEmbeddedHub(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("hub");
        Files.createDirectories(data);
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"), ChildHubMain.class.getName(), data.toString())
                .redirectErrorStream(true).start();
        String caseNumber;
        String pin;
        long signalId;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()));
            int port = -1;
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("PORT ")) {
                    port = Integer.parseInt(line.substring(5).trim());
                    break;
                }
            }
            assertThat(port).as("child hub started").isPositive();
            System.out.println("durability: child hub up");
            var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/v1/reports"))
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(HubHarness.report(null, "pdq:" + HubHarness.randomHex(64)).toString()))
                    .build();
            var reply = HubHarness.HTTP.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
            child.destroyForcibly(); // SIGKILL, the moment the 201 is in hand
            assertThat(reply.statusCode()).isEqualTo(201);
            var json = HubHarness.JSON.readTree(reply.body());
            caseNumber = json.get("caseNumber").asText();
            pin = json.get("pin").asText();
            signalId = json.get("signals").get(0).get("signalId").asLong();
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        long t0 = System.nanoTime();
        System.out.println("durability: reopening after kill");
        try (Hub again = Hub.start(HubConfig.builder().dataDir(data).pinHashMemoryKib(256).clock(java.time.Clock.systemUTC()).build())) {
            System.out.println("durability: reopened in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
            var status = again.cases().status(caseNumber, pin, "127.0.0.1");
            assertThat(status.status()).isEqualTo("received");
            assertThat(status.items().get(0).signals().get(0).signalId()).isEqualTo(signalId);
            assertThat(status.reportedAt()).isBefore(Instant.now().plusSeconds(1));
            assertThat(again.verifyAudit().ok()).isTrue();
        }
    }
}
