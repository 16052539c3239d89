package org.reportonce.e2e.network;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.reportonce.network.NetworkConfig;
import org.reportonce.testing.TestPostgres;

/** How the end-to-end tests start a network: PostgreSQL for the hub in CI, the embedded default locally. */
final class Networks {
    private Networks() {}

    /** True when CI gave a PostgreSQL ({@code REPORTONCE_TEST_PG_URL}); locally the hub runs on embedded H2, as `reportonce up` does. */
    static boolean onPostgres() {
        String url = System.getenv("REPORTONCE_TEST_PG_URL");
        return url != null && !url.isBlank();
    }

    static NetworkConfig.Builder config(Path data, Clock clock, boolean seed) {
        return NetworkConfig.builder(data)
                .hubJdbcUrl(onPostgres() ? TestPostgres.freshDatabase() : null)
                .clock(clock)
                .seedContent(seed)
                // a short heartbeat keeps the matchers' streams lively; everything else is the demo's defaults
                .hubTuning(b -> b.heartbeat(Duration.ofSeconds(2)))
                .platformTuning(b -> b.retryDelays(Duration.ofMillis(200), Duration.ofSeconds(5)));
    }
}
