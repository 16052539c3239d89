package org.reportonce.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reportonce.platform.Platforms.await;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reportonce.protocol.ReportResponse;

/** The hub goes away and comes back on the same data and port: the matcher keeps matching, backs off and resumes. */
class HubOutageTest {

    @Test
    void hubDown_matcherKeepsMatchingFromItsBank_andResumesWhenTheHubReturns(@TempDir Path hubData) throws Exception {
        Random random = new Random(3);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        TestHub hub = TestHub.start(hubData, port);
        String key = hub.platformKey("survivor");
        String before = TestHub.randomHash(random);
        hub.reportPdq(before);
        try (Platform p = Platform.start(Platforms.config(hub.uri(), key).build())) {
            await("first signal", Duration.ofSeconds(20), () -> matches(p, before));
            hub.close();

            await("the outage noticed", Duration.ofSeconds(20), () -> p.health().syncFailuresInARow() >= 2);
            assertThat(p.health().lastSyncError()).isNotBlank();
            assertThat(p.health().streamConnected()).isFalse();
            assertThat(matches(p, before)).as("matching goes on from the local bank").isTrue();

            hub = TestHub.start(hubData, port);
            String after = TestHub.randomHash(random);
            ReportResponse r = hub.reportPdq(after);
            await("signal filed after the outage", Duration.ofSeconds(30), () -> matches(p, after));
            await("stream reconnected", Duration.ofSeconds(20), () -> p.health().streamConnected());
            assertThat(p.health().syncFailuresInARow()).isZero();
            assertThat(p.signal(r.signals().get(0).signalId())).isNotNull();
        } finally {
            hub.close();
        }
    }

    private static boolean matches(Platform p, String hash) {
        return p.matcher().matchHashes(List.of(QueryHash.pdq(hash, 90)), MatchOptions.DEFAULT).matched();
    }
}
