package org.reportonce.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reportonce.platform.Platforms.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reportonce.protocol.ReportResponse;
import org.reportonce.protocol.SignalChange.SignalStatus;

/** The matcher following a real hub: from empty, from a checkpoint, deletions, and the push stream. */
class SyncTest {

    static TestHub hub;
    static final Random random = new Random(7);

    @BeforeAll
    static void startHub() {
        hub = TestHub.start();
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    @Test
    void emptyMatcher_syncsEverySignalTheHubHas_andMatchesThem() throws Exception {
        List<String> hashes = new ArrayList<>();
        for (int i = 0; i < 120; i++) hashes.add(TestHub.randomHash(random));
        List<ReportResponse.AcceptedSignal> signals = new ArrayList<>();
        signals.addAll(hub.reportPdq(hashes.subList(0, 60).toArray(String[]::new)).signals());
        signals.addAll(hub.reportPdq(hashes.subList(60, 120).toArray(String[]::new)).signals());
        long lastSignal = signals.stream().mapToLong(ReportResponse.AcceptedSignal::signalId).max().orElseThrow();

        try (Platform p = Platform.start(Platforms.config(hub.uri(), hub.platformKey("from-empty")).syncPageSize(50).build())) {
            await("every signal in the bank", Duration.ofSeconds(20), () -> p.signal(lastSignal) != null);
            for (ReportResponse.AcceptedSignal s : signals) {
                assertThat(p.signal(s.signalId()).status()).isEqualTo(SignalStatus.ACTIVE);
            }
            String near = TestHub.flip(hashes.get(17), 9, random);
            MatchResult m = p.matcher().matchHashes(List.of(QueryHash.pdq(near, 90)), MatchOptions.DEFAULT);
            assertThat(m.matches()).singleElement().satisfies(x -> {
                assertThat(x.signalId()).isEqualTo(signals.get(17).signalId());
                assertThat(x.distance()).isEqualTo(9);
            });
        }
    }

    @Test
    void restartedMatcher_resumesFromItsCheckpoint_withoutReapplyingOrMissing(@TempDir Path data) throws Exception {
        String key = hub.platformKey("resumer");
        ReportResponse first = hub.reportPdq(TestHub.randomHash(random), TestHub.randomHash(random));
        long checkpointBefore;
        try (Platform p = Platform.start(Platforms.config(hub.uri(), key).dataDir(data).build())) {
            long lastSeq = first.signals().stream().mapToLong(ReportResponse.AcceptedSignal::signalId).max().orElseThrow();
            await("first report synced", Duration.ofSeconds(20), () -> p.signal(lastSeq) != null);
            // the row is committed a moment before the in-memory checkpoint moves
            await("checkpoint past the first report", Duration.ofSeconds(5), () -> p.checkpoint() >= p.signal(lastSeq).seq());
            checkpointBefore = p.checkpoint();
        }
        String later = TestHub.randomHash(random);
        ReportResponse second = hub.reportPdq(later);
        try (Platform p = Platform.start(Platforms.config(hub.uri(), key).dataDir(data).build())) {
            // the bank is back from disk (the follower may already be past it): the old signal matches at once
            assertThat(p.checkpoint()).isGreaterThanOrEqualTo(checkpointBefore);
            assertThat(p.matcher().matchHashes(List.of(QueryHash.pdq(first.signals().get(0).value(), 90)),
                    MatchOptions.DEFAULT).matched()).isTrue();
            await("second report synced", Duration.ofSeconds(20), () -> p.signal(second.signals().get(0).signalId()) != null);
            assertThat(p.matcher().matchHashes(List.of(QueryHash.pdq(later, 90)), MatchOptions.DEFAULT).matched()).isTrue();
        }
        assertThat(Journal.of(data).duplicateSeqs()).isEmpty();
    }

    @Test
    void indexSnapshot_speedsARestart_andACorruptOneIsRebuiltFromTheBank(@TempDir Path data) throws Exception {
        String key = hub.platformKey("snapshotter");
        String hash = TestHub.randomHash(random);
        ReportResponse r = hub.reportPdq(hash);
        try (Platform p = Platform.start(Platforms.config(hub.uri(), key).dataDir(data).build())) {
            await("synced", Duration.ofSeconds(20), () -> p.signal(r.signals().get(0).signalId()) != null);
        }
        Path snapshot = data.resolve(SignalBank.SNAPSHOT_FILE);
        assertThat(snapshot).exists();
        try (Platform p = Platform.start(Platforms.config(hub.uri(), key).dataDir(data).build())) {
            assertThat(p.matcher().matchHashes(List.of(QueryHash.pdq(hash, 90)), MatchOptions.DEFAULT).matched()).isTrue();
        }
        byte[] bytes = java.nio.file.Files.readAllBytes(snapshot);
        bytes[bytes.length / 2] ^= 0x55;
        java.nio.file.Files.write(snapshot, bytes);
        try (Platform p = Platform.start(Platforms.config(hub.uri(), key).dataDir(data).build())) {
            assertThat(p.matcher().matchHashes(List.of(QueryHash.pdq(hash, 90)), MatchOptions.DEFAULT).matched()).isTrue();
        }
    }

    @Test
    void withdrawnCase_isDeletedFromTheBank_andNoLongerMatches() throws Exception {
        String hash = TestHub.randomHash(random);
        ReportResponse r = hub.reportPdq(hash);
        long id = r.signals().get(0).signalId();
        try (Platform p = Platform.start(Platforms.config(hub.uri(), hub.platformKey("withdrawal")).build())) {
            await("signal synced", Duration.ofSeconds(20), () -> p.signal(id) != null);
            assertThat(p.matcher().matchHashes(List.of(QueryHash.pdq(hash, 90)), MatchOptions.DEFAULT).matched()).isTrue();
            hub.withdraw(r);
            await("deletion applied", Duration.ofSeconds(20), () -> p.signal(id).status() == SignalStatus.DELETED);
            assertThat(p.matcher().matchHashes(List.of(QueryHash.pdq(hash, 90)), MatchOptions.DEFAULT).matched()).isFalse();
        }
    }

    @Test
    void closedMatcher_isNotCountedAsHavingReceivedLaterReports() throws Exception {
        Platform p = Platform.start(Platforms.config(hub.uri(), hub.platformKey("Closed Platform")).build());
        await("stream connected", Duration.ofSeconds(20), () -> p.health().streamConnected());
        p.close();
        // The hub learns the stream is gone when a write fails. After the matcher's FIN the hub's next
        // write still succeeds (TCP), the one after fails: so wait for two heartbeats (2 s apart here)
        // before the report. A report written in that first write would count as delivered: the hub
        // records delivery when it flushes, not when the platform acknowledges.
        Thread.sleep(5000);
        ReportResponse r = hub.reportPdq(TestHub.randomHash(random));
        Thread.sleep(1500);
        for (var row : hub.caseStatus(r).get("platforms")) {
            if (row.get("platform").asText().equals("Closed Platform")) {
                assertThat(row.get("deliveredAt").isNull()).as(row.toString()).isTrue();
            }
        }
    }

    @Test
    void newReport_arrivesThroughTheStream_withoutWaitingForAPoll() throws Exception {
        try (Platform p = Platform.start(Platforms.config(hub.uri(), hub.platformKey("streamer"))
                .pollInterval(Duration.ofMinutes(10)).build())) {
            await("stream connected", Duration.ofSeconds(20), () -> p.health().streamConnected());
            String hash = TestHub.randomHash(random);
            long t0 = System.nanoTime();
            ReportResponse r = hub.reportPdq(hash);
            await("the new signal matchable", Duration.ofSeconds(10), () ->
                    p.matcher().matchHashes(List.of(QueryHash.pdq(hash, 90)), MatchOptions.DEFAULT).matched());
            System.out.printf("report accepted -> matchable: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            assertThat(p.health().streamConnected()).isTrue();
            assertThat(p.signal(r.signals().get(0).signalId())).isNotNull();
        }
    }
}
