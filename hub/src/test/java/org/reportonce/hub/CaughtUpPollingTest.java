package org.reportonce.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reportonce.hub.signals.SignalLog;
import org.reportonce.protocol.SignalChange.SignalStatus;
import org.reportonce.protocol.SignalType;
import org.reportonce.testing.MovableClock;

/** Polls at the head of the log are answered from memory for a moment; nothing written meanwhile is lost. */
final class CaughtUpPollingTest {

    @Test
    void aChangeWrittenByAnotherProcess_reachesACaughtUpPlatform_withinTheHeadCachesLifetime() throws Exception {
        try (HubHarness h = freshHub()) {
            var platform = h.member("Head poller", Role.PLATFORM);
            h.post("/v1/reports", null, HubHarness.report(null, "md5:" + HubHarness.randomHex(32)));
            long head = h.get("/v1/signals?after=0&limit=10000", platform.key()).json().get("next").asLong();
            assertThat(h.get("/v1/signals?after=" + head, platform.key()).json().get("changes")).isEmpty();

            String value = writeAsAnotherHubProcess(h);
            Thread.sleep(2 * org.reportonce.hub.signals.SyncService.HEAD_TTL_NANOS / 1_000_000);
            var page = h.get("/v1/signals?after=" + head, platform.key());
            assertThat(HubHarness.list(page.json().get("changes")).stream().map(c -> c.get("value").asText())).containsExactly(value);
            assertThat(page.json().get("next").asLong()).isEqualTo(head + 1);
        }
    }

    @Test
    void pollingWithoutPause_doesNotKeepTheHeadCacheAlive_pastItsLifetime() throws Exception {
        try (HubHarness h = freshHub()) {
            var platform = h.member("Busy poller", Role.PLATFORM);
            h.post("/v1/reports", null, HubHarness.report(null, "md5:" + HubHarness.randomHex(32)));
            long head = h.get("/v1/signals?after=0&limit=10000", platform.key()).json().get("next").asLong();
            assertThat(h.get("/v1/signals?after=" + head, platform.key()).json().get("changes")).isEmpty();
            String value = writeAsAnotherHubProcess(h);
            // polls back to back, far more often than the cache's lifetime: answered from memory, but
            // only until the lifetime of the last real read runs out
            long deadline = System.nanoTime() + 20 * org.reportonce.hub.signals.SyncService.HEAD_TTL_NANOS;
            List<String> seen = List.of();
            while (seen.isEmpty() && System.nanoTime() < deadline) {
                seen = HubHarness.list(h.get("/v1/signals?after=" + head, platform.key()).json().get("changes")).stream()
                        .map(c -> c.get("value").asText()).toList();
            }
            assertThat(seen).containsExactly(value);
        }
    }

    private static HubHarness freshHub() throws Exception {
        String url = "jdbc:h2:mem:p" + java.util.UUID.randomUUID().toString().replace("-", "")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000;DB_CLOSE_DELAY=-1";
        return new HubHarness(url, MovableClock.stoppedAt(Instant.parse("2031-01-01T00:00:00Z")), b -> b);
    }

    /** A new signal change written as another hub process sharing the database would: no notification to this one. */
    private static String writeAsAnotherHubProcess(HubHarness h) {
        String value = HubHarness.randomHex(32);
        h.hub.db().write(x -> {
            long id = x.createUpdate("INSERT INTO signal (signal_type, hash_value, status, reported_at, created_at, last_seq) "
                    + "VALUES ('md5', :v, 'ACTIVE', 0, 0, 0)").bind("v", value).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            return SignalLog.append(x, List.of(new SignalLog.Snapshot(id, SignalType.MD5, value, null, SignalStatus.ACTIVE, 0)), Instant.EPOCH);
        });
        return value;
    }
}
