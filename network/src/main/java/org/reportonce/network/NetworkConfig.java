package org.reportonce.network;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.reportonce.hub.HubConfig;
import org.reportonce.platform.PlatformConfig;

/**
 * How to run a {@link LocalNetwork}.
 *
 * @param dataDir         the one folder holding everything: the hub's embedded database, each platform's
 *                        matcher database, content and quarantine folders, and the demo keys
 * @param hubJdbcUrl      the hub's database; null = embedded H2 under {@code dataDir/hub}
 * @param hubPort         the hub's HTTP port; 0 = a free port
 * @param clock           the one clock of the hub, the matchers and the takedown systems (tests move it)
 * @param seedContent     whether a new network's platforms get their generated pictures (default true)
 * @param hubTuning       applied to the hub's configuration last (tests relax rate limits, shorten heartbeats)
 * @param platformTuning  applied to every matcher's configuration last
 */
public record NetworkConfig(Path dataDir, String hubJdbcUrl, int hubPort, Clock clock, boolean seedContent,
                            UnaryOperator<HubConfig.Builder> hubTuning, UnaryOperator<PlatformConfig.Builder> platformTuning) {

    public NetworkConfig {
        Objects.requireNonNull(dataDir, "dataDir is required: the folder that holds the whole network's data");
        if (hubPort < 0 || hubPort > 65535) throw new IllegalArgumentException("hub port must be 0..65535 (0 = any free port), got " + hubPort);
        clock = clock == null ? Clock.systemUTC() : clock;
        hubTuning = hubTuning == null ? UnaryOperator.identity() : hubTuning;
        platformTuning = platformTuning == null ? UnaryOperator.identity() : platformTuning;
        if (hubJdbcUrl != null && hubJdbcUrl.isBlank()) hubJdbcUrl = null;
        if (hubJdbcUrl != null && !hubJdbcUrl.startsWith("jdbc:")) {
            throw new IllegalArgumentException("hub database must be a JDBC URL such as jdbc:postgresql://host/db?user=u, got '" + hubJdbcUrl + "'");
        }
    }

    public static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    public static final class Builder {
        private final Path dataDir;
        private String hubJdbcUrl;
        private int hubPort;
        private Clock clock;
        private boolean seedContent = true;
        private UnaryOperator<HubConfig.Builder> hubTuning;
        private UnaryOperator<PlatformConfig.Builder> platformTuning;

        private Builder(Path dataDir) {
            this.dataDir = dataDir;
        }

        public Builder hubJdbcUrl(String url) { this.hubJdbcUrl = url; return this; }
        public Builder hubPort(int port) { this.hubPort = port; return this; }
        public Builder clock(Clock clock) { this.clock = clock; return this; }
        public Builder seedContent(boolean on) { this.seedContent = on; return this; }
        public Builder hubTuning(UnaryOperator<HubConfig.Builder> t) { this.hubTuning = t; return this; }
        public Builder platformTuning(UnaryOperator<PlatformConfig.Builder> t) { this.platformTuning = t; return this; }

        public NetworkConfig build() {
            return new NetworkConfig(dataDir, hubJdbcUrl, hubPort, clock, seedContent, hubTuning, platformTuning);
        }
    }
}
