package org.reportonce.hub;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How to run a hub. Build with {@link #builder()}; every knob has a default.
 *
 * @param jdbcUrl               PostgreSQL (or H2) JDBC URL; null = embedded H2 under {@code dataDir},
 *                              or in memory when {@code dataDir} is null too
 * @param port                  HTTP port; 0 = a free port (see {@link Hub#port()})
 * @param host                  interface to bind; default 127.0.0.1
 * @param clock                 the hub's only source of time (tests move it)
 * @param dataDir               folder for the embedded database; null = in memory
 * @param atRiskWindow          a deadline closer than this, with work outstanding, is "at risk"; default 12 h
 * @param heartbeat             comment sent on an idle signal stream; default 15 s
 * @param maxRequestBytes       request bodies larger than this are refused with 413; default 1 MiB
 * @param disputeThreshold      distinct platforms answering NotBlocked before a signal is flagged; default 2
 * @param pinAttempts           wrong PINs before a case locks; default 5
 * @param pinLockout            how long a case stays locked; default 15 min
 * @param pinChecksPerIpMinute  case-holder requests per IP per minute; default 20
 * @param requestsPerKeySecond  sustained requests per API key per second; default 200
 * @param reportsPerIpMinute    reports without an API key (the portal) per IP address per minute; default 300
 * @param pinHashMemoryKib      Argon2id memory per PIN hash in KiB; default 19456 (OWASP's minimum). Lower it
 *                              only in tests.
 * @param pinPoolSize           most new PINs hashed ahead of time, so a report does not wait for Argon2 (bursts up
 *                              to this many reports run at database speed); 0 = hash on the request path; default 256
 * @param pinPoolPrefill        PINs hashed at start, before any report; the pool then grows with demand; default 8
 */
public record HubConfig(
        String jdbcUrl,
        int port,
        String host,
        Clock clock,
        Path dataDir,
        Duration atRiskWindow,
        Duration heartbeat,
        long maxRequestBytes,
        int disputeThreshold,
        int pinAttempts,
        Duration pinLockout,
        int pinChecksPerIpMinute,
        int requestsPerKeySecond,
        int reportsPerIpMinute,
        int pinHashMemoryKib,
        int pinPoolSize,
        int pinPoolPrefill) {

    public HubConfig {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535, got " + port);
        positive(atRiskWindow, "atRiskWindow");
        positive(heartbeat, "heartbeat");
        positive(pinLockout, "pinLockout");
        if (maxRequestBytes < 1024) throw new IllegalArgumentException("maxRequestBytes must be at least 1024, got " + maxRequestBytes);
        if (disputeThreshold < 1) throw new IllegalArgumentException("disputeThreshold must be at least 1, got " + disputeThreshold);
        if (pinAttempts < 1) throw new IllegalArgumentException("pinAttempts must be at least 1, got " + pinAttempts);
        if (pinChecksPerIpMinute < 1) throw new IllegalArgumentException("pinChecksPerIpMinute must be at least 1, got " + pinChecksPerIpMinute);
        if (requestsPerKeySecond < 1) throw new IllegalArgumentException("requestsPerKeySecond must be at least 1, got " + requestsPerKeySecond);
        if (reportsPerIpMinute < 1) throw new IllegalArgumentException("reportsPerIpMinute must be at least 1, got " + reportsPerIpMinute);
        if (pinHashMemoryKib < 64) throw new IllegalArgumentException("pinHashMemoryKib must be at least 64, got " + pinHashMemoryKib);
        if (pinPoolSize < 0 || pinPoolSize > 1_000_000) throw new IllegalArgumentException("pinPoolSize must be 0 to 1000000, got " + pinPoolSize);
        if (pinPoolPrefill < 0 || pinPoolPrefill > pinPoolSize) {
            throw new IllegalArgumentException("pinPoolPrefill must be 0 to pinPoolSize (" + pinPoolSize + "), got " + pinPoolPrefill);
        }
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive, got " + d);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Defaults: in-memory H2, random port, system UTC clock. */
    public static HubConfig defaults() {
        return builder().build();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.jdbcUrl = jdbcUrl; b.port = port; b.host = host; b.clock = clock; b.dataDir = dataDir;
        b.atRiskWindow = atRiskWindow; b.heartbeat = heartbeat; b.maxRequestBytes = maxRequestBytes;
        b.disputeThreshold = disputeThreshold; b.pinAttempts = pinAttempts; b.pinLockout = pinLockout;
        b.pinChecksPerIpMinute = pinChecksPerIpMinute; b.requestsPerKeySecond = requestsPerKeySecond;
        b.reportsPerIpMinute = reportsPerIpMinute; b.pinHashMemoryKib = pinHashMemoryKib;
        b.pinPoolSize = pinPoolSize;
        b.pinPoolPrefill = pinPoolPrefill;
        return b;
    }

    public static final class Builder {
        private String jdbcUrl;
        private int port;
        private String host = "127.0.0.1";
        private Clock clock = Clock.systemUTC();
        private Path dataDir;
        private Duration atRiskWindow = Duration.ofHours(12);
        private Duration heartbeat = Duration.ofSeconds(15);
        private long maxRequestBytes = 1 << 20;
        private int disputeThreshold = 2;
        private int pinAttempts = 5;
        private Duration pinLockout = Duration.ofMinutes(15);
        private int pinChecksPerIpMinute = 20;
        private int requestsPerKeySecond = 200;
        private int reportsPerIpMinute = 300;
        private int pinHashMemoryKib = 19_456;
        private int pinPoolSize = 256;
        private int pinPoolPrefill = 8;

        private Builder() {}

        public Builder jdbcUrl(String v) { jdbcUrl = v; return this; }
        public Builder port(int v) { port = v; return this; }
        public Builder host(String v) { host = v; return this; }
        public Builder clock(Clock v) { clock = v; return this; }
        public Builder dataDir(Path v) { dataDir = v; return this; }
        public Builder atRiskWindow(Duration v) { atRiskWindow = v; return this; }
        public Builder heartbeat(Duration v) { heartbeat = v; return this; }
        public Builder maxRequestBytes(long v) { maxRequestBytes = v; return this; }
        public Builder disputeThreshold(int v) { disputeThreshold = v; return this; }
        public Builder pinAttempts(int v) { pinAttempts = v; return this; }
        public Builder pinLockout(Duration v) { pinLockout = v; return this; }
        public Builder pinChecksPerIpMinute(int v) { pinChecksPerIpMinute = v; return this; }
        public Builder requestsPerKeySecond(int v) { requestsPerKeySecond = v; return this; }
        public Builder reportsPerIpMinute(int v) { reportsPerIpMinute = v; return this; }
        public Builder pinHashMemoryKib(int v) { pinHashMemoryKib = v; return this; }
        public Builder pinPoolSize(int v) { pinPoolSize = v; return this; }
        public Builder pinPoolPrefill(int v) { pinPoolPrefill = v; return this; }

        public HubConfig build() {
            return new HubConfig(jdbcUrl, port, host, clock, dataDir, atRiskWindow, heartbeat, maxRequestBytes,
                    disputeThreshold, pinAttempts, pinLockout, pinChecksPerIpMinute, requestsPerKeySecond, reportsPerIpMinute, pinHashMemoryKib,
                    pinPoolSize, Math.min(pinPoolPrefill, pinPoolSize));
        }
    }
}
