package org.reportonce.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reportonce.protocol.SignalPage;

/**
 * kill -9 in the middle of a sync, twice, then a restart on the same data dir: every change the
 * hub has is applied exactly once (the journal has each seq once, no gap) and the bank holds
 * exactly the hub's active signals.
 */
class KillNineTest {

    @Test
    void matcherKilledMidSync_resumesOnRestart_withNothingMissedOrAppliedTwice(@TempDir Path data) throws Exception {
        Random random = new Random(99);
        long t0 = System.nanoTime();
        try (TestHub hub = TestHub.start()) {
            String key = hub.platformKey("killed");
            for (int r = 0; r < 3; r++) {
                String[] hashes = new String[100];
                for (int i = 0; i < hashes.length; i++) hashes[i] = TestHub.randomHash(random);
                var report = hub.reportPdq(hashes);
                if (r == 1) hub.withdraw(report); // deletions in the stream too
            }
            List<Long> hubSeqs = new ArrayList<>();
            TreeSet<Long> hubActive = new TreeSet<>();
            readHub(hub, hub.platformKey("observer"), hubSeqs, hubActive);
            long head = hubSeqs.get(hubSeqs.size() - 1);
            System.out.printf("hub filled in %d ms%n", (System.nanoTime() - t0) / 1_000_000);

            for (int kill = 1; kill <= 2; kill++) {
                long tf = System.nanoTime();
                Process child = fork(hub.uri(), key, data);
                int port = portOf(child);
                System.out.printf("child serving after %d ms%n", (System.nanoTime() - tf) / 1_000_000);
                long target = head * kill / 3;
                long seen = waitForCheckpoint(port, target, Duration.ofSeconds(60));
                child.destroyForcibly().waitFor();
                System.out.printf("kill -9 #%d at checkpoint >= %d (of %d) after %d ms%n", kill, seen, head,
                        (System.nanoTime() - tf) / 1_000_000);
                assertThat(seen).isLessThan(head); // really mid-sync
            }
            Process child = fork(hub.uri(), key, data);
            int port = portOf(child);
            waitForCheckpoint(port, head, Duration.ofSeconds(60));
            child.destroyForcibly().waitFor();

            Journal journal = Journal.of(data);
            assertThat(journal.duplicateSeqs()).isEmpty();
            assertThat(journal.journalSeqs()).containsExactlyElementsOf(hubSeqs);
            assertThat(journal.activeSignalIds()).containsExactlyElementsOf(hubActive);
            assertThat(journal.checkpoint()).isEqualTo(head);
        }
    }

    private static void readHub(TestHub hub, String key, List<Long> seqs, TreeSet<Long> active) throws Exception {
        long after = 0;
        while (true) {
            var req = java.net.http.HttpRequest.newBuilder(hub.uri().resolve("/v1/signals?limit=10000&after=" + after))
                    .header("Authorization", "Bearer " + key).build();
            SignalPage page = TestHub.JSON.readValue(TestHub.send(req).raw(), SignalPage.class);
            for (var c : page.changes()) {
                seqs.add(c.seq());
                if (c.status() == org.reportonce.protocol.SignalChange.SignalStatus.ACTIVE) active.add(c.signalId());
                else active.remove(c.signalId());
            }
            if (!page.hasMore()) return;
            after = page.next();
        }
    }

    private static Process fork(URI hub, String key, Path data) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                ForkedPlatformMain.class.getName(), hub.toString(), key, data.toString(), "5")
                .redirectErrorStream(true).start();
    }

    private static int portOf(Process child) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("PORT ")) {
                Thread.ofVirtual().start(() -> out.lines().forEach(l -> {})); // keep draining the child's log
                return Integer.parseInt(line.substring(5).strip());
            }
        }
        throw new IllegalStateException("the forked matcher exited with " + child.exitValue() + " before serving");
    }

    private static long waitForCheckpoint(int port, long target, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        URI health = URI.create("http://127.0.0.1:" + port + "/health");
        while (System.nanoTime() < deadline) {
            try {
                JsonNode h = TestHub.get(health).json();
                if (h != null && h.get("checkpoint").asLong() >= target) return h.get("checkpoint").asLong();
            } catch (RuntimeException notYet) {
                // starting
            }
            Thread.sleep(5);
        }
        throw new AssertionError("checkpoint did not reach " + target + " within " + timeout);
    }
}
