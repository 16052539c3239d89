package org.reportonce.platform;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything a matcher instance needs, validated once here. Build with {@link #builder(URI, String)}.
 *
 * @param hubUri            the hub's base URI, e.g. {@code http://localhost:8080}
 * @param apiKey            this platform's hub API key (role platform)
 * @param webhookUrl        the platform's takedown webhook; null = record matches without calling out
 * @param webhookSecret     HMAC-SHA256 key for the webhook signature; null = generated once and kept
 *                          in the data dir (see {@link Platform#webhookSecret()})
 * @param dataDir           folder of the embedded database; null = in-memory (lost on close)
 * @param host              interface the HTTP API binds to (default 127.0.0.1)
 * @param port              HTTP port; 0 = a free port; -1 = no HTTP server (embedded library use)
 * @param clock             time source for every timestamp and deadline
 * @param pdqThreshold      default largest Hamming distance that counts as a PDQ match (default 31)
 * @param qualityFloor      PDQ quality below which a hash is never reported as a match (default 50)
 * @param syncPageSize      changes asked for per {@code GET /v1/signals} page (1..10000, default 1000)
 * @param useStream         follow the hub's SSE stream once caught up (default true); false = poll
 * @param pollInterval      wait between polls when not streaming (default 2 s)
 * @param streamIdleTimeout reconnect when the stream sent nothing (not even a heartbeat) this long
 * @param minBackoff        first wait after a failed hub call (default 200 ms), doubled per failure
 * @param maxBackoff        longest wait between hub retries (default 30 s)
 * @param webhookMaxAttempts webhook deliveries tried before the message is dead-lettered (default 8)
 * @param retryBaseDelay    first retry delay of the outbox (webhook and hub reports), doubled per attempt
 * @param retryMaxDelay     longest outbox retry delay (default 5 min)
 * @param httpTimeout       timeout of one webhook or hub request (default 10 s)
 * @param accessToken       if set, the matcher's own API requires {@code Authorization: Bearer <token>}
 * @param maxUploadBytes    largest request body accepted (image uploads), default 50 MiB
 * @param staleAfter        {@code /health} answers 503 when the hub was not reached for this long
 * @param publicUri         base URI the platform's systems use to reach this matcher (put in the
 *                          webhook body as the confirm link); null = http://host:port
 * @param stickerGate       send JPEG uploads that may carry a sticker (a test on the file's 8 x 8 block
 *                          means) from the fast path to the full decode, which adds the
 *                          {@code sticker/orig} look-up (default false: on the photo set of
 *                          docs/benchmarks.md it fires on ~12 % of ordinary uploads, each ~2.7x the CPU,
 *                          for 2 more of 312 stickered copies matched)
 */
public record PlatformConfig(
        URI hubUri,
        String apiKey,
        URI webhookUrl,
        String webhookSecret,
        Path dataDir,
        String host,
        int port,
        Clock clock,
        int pdqThreshold,
        int qualityFloor,
        int syncPageSize,
        boolean useStream,
        Duration pollInterval,
        Duration streamIdleTimeout,
        Duration minBackoff,
        Duration maxBackoff,
        int webhookMaxAttempts,
        Duration retryBaseDelay,
        Duration retryMaxDelay,
        Duration httpTimeout,
        String accessToken,
        long maxUploadBytes,
        Duration staleAfter,
        URI publicUri,
        boolean stickerGate) {

    public static final int DEFAULT_PDQ_THRESHOLD = 31;
    public static final int DEFAULT_QUALITY_FLOOR = 50;

    public PlatformConfig {
        Objects.requireNonNull(hubUri, "hubUri is required (the hub's base URI, e.g. http://localhost:8080)");
        if (hubUri.getScheme() == null || !(hubUri.getScheme().equals("http") || hubUri.getScheme().equals("https"))) {
            throw new IllegalArgumentException("hub URI must be http:// or https://, got " + hubUri);
        }
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("apiKey is required: the platform's hub API key");
        }
        if (webhookUrl != null && (webhookUrl.getScheme() == null
                || !(webhookUrl.getScheme().equals("http") || webhookUrl.getScheme().equals("https")))) {
            throw new IllegalArgumentException("webhook URL must be http:// or https://, got " + webhookUrl);
        }
        if (webhookSecret != null && webhookSecret.length() < 16) {
            throw new IllegalArgumentException("webhook secret must be at least 16 characters, got " + webhookSecret.length());
        }
        host = host == null ? "127.0.0.1" : host;
        if (port < -1 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535 (0 = any free port) or -1 (no HTTP), got " + port);
        }
        clock = clock == null ? Clock.systemUTC() : clock;
        if (pdqThreshold < 0 || pdqThreshold > 64) {
            throw new IllegalArgumentException("PDQ threshold must be 0..64 bits, got " + pdqThreshold);
        }
        if (qualityFloor < 0 || qualityFloor > 100) {
            throw new IllegalArgumentException("PDQ quality floor must be 0..100, got " + qualityFloor);
        }
        if (syncPageSize < 1 || syncPageSize > 10_000) {
            throw new IllegalArgumentException("sync page size must be 1..10000, got " + syncPageSize);
        }
        pollInterval = positive(pollInterval, Duration.ofSeconds(2), "pollInterval");
        streamIdleTimeout = positive(streamIdleTimeout, Duration.ofSeconds(45), "streamIdleTimeout");
        minBackoff = positive(minBackoff, Duration.ofMillis(200), "minBackoff");
        maxBackoff = positive(maxBackoff, Duration.ofSeconds(30), "maxBackoff");
        if (maxBackoff.compareTo(minBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff (" + maxBackoff + ") must be >= minBackoff (" + minBackoff + ")");
        }
        if (webhookMaxAttempts < 1 || webhookMaxAttempts > 100) {
            throw new IllegalArgumentException("webhook max attempts must be 1..100, got " + webhookMaxAttempts);
        }
        retryBaseDelay = positive(retryBaseDelay, Duration.ofSeconds(1), "retryBaseDelay");
        retryMaxDelay = positive(retryMaxDelay, Duration.ofMinutes(5), "retryMaxDelay");
        httpTimeout = positive(httpTimeout, Duration.ofSeconds(10), "httpTimeout");
        if (accessToken != null && accessToken.isBlank()) accessToken = null;
        if (maxUploadBytes < 1024) {
            throw new IllegalArgumentException("max upload size must be at least 1024 bytes, got " + maxUploadBytes);
        }
        staleAfter = positive(staleAfter, Duration.ofMinutes(5), "staleAfter");
        hubUri = trimSlash(hubUri);
    }

    private static Duration positive(Duration d, Duration dflt, String name) {
        if (d == null) return dflt;
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
        }
        return d;
    }

    private static URI trimSlash(URI u) {
        String s = u.toString();
        return s.endsWith("/") ? URI.create(s.substring(0, s.length() - 1)) : u;
    }

    public static Builder builder(URI hubUri, String apiKey) {
        return new Builder(hubUri, apiKey);
    }

    /** A copy with another data dir, port, etc.: start from {@link #toBuilder()}. */
    public Builder toBuilder() {
        Builder b = new Builder(hubUri, apiKey);
        b.webhookUrl = webhookUrl;
        b.webhookSecret = webhookSecret;
        b.dataDir = dataDir;
        b.host = host;
        b.port = port;
        b.clock = clock;
        b.pdqThreshold = pdqThreshold;
        b.qualityFloor = qualityFloor;
        b.syncPageSize = syncPageSize;
        b.useStream = useStream;
        b.pollInterval = pollInterval;
        b.streamIdleTimeout = streamIdleTimeout;
        b.minBackoff = minBackoff;
        b.maxBackoff = maxBackoff;
        b.webhookMaxAttempts = webhookMaxAttempts;
        b.retryBaseDelay = retryBaseDelay;
        b.retryMaxDelay = retryMaxDelay;
        b.httpTimeout = httpTimeout;
        b.accessToken = accessToken;
        b.maxUploadBytes = maxUploadBytes;
        b.staleAfter = staleAfter;
        b.publicUri = publicUri;
        b.stickerGate = stickerGate;
        return b;
    }

    public static final class Builder {
        private final URI hubUri;
        private final String apiKey;
        private URI webhookUrl;
        private String webhookSecret;
        private Path dataDir;
        private String host = "127.0.0.1";
        private int port = 0;
        private Clock clock = Clock.systemUTC();
        private int pdqThreshold = DEFAULT_PDQ_THRESHOLD;
        private int qualityFloor = DEFAULT_QUALITY_FLOOR;
        private int syncPageSize = 1000;
        private boolean stickerGate = false;
        private boolean useStream = true;
        private Duration pollInterval;
        private Duration streamIdleTimeout;
        private Duration minBackoff;
        private Duration maxBackoff;
        private int webhookMaxAttempts = 8;
        private Duration retryBaseDelay;
        private Duration retryMaxDelay;
        private Duration httpTimeout;
        private String accessToken;
        private long maxUploadBytes = 50L << 20;
        private Duration staleAfter;
        private URI publicUri;

        private Builder(URI hubUri, String apiKey) {
            this.hubUri = hubUri;
            this.apiKey = apiKey;
        }

        public Builder webhook(URI url, String secret) { this.webhookUrl = url; this.webhookSecret = secret; return this; }
        public Builder webhookUrl(URI url) { this.webhookUrl = url; return this; }
        public Builder webhookSecret(String secret) { this.webhookSecret = secret; return this; }
        public Builder dataDir(Path dir) { this.dataDir = dir; return this; }
        public Builder host(String host) { this.host = host; return this; }
        public Builder port(int port) { this.port = port; return this; }
        public Builder clock(Clock clock) { this.clock = clock; return this; }
        public Builder pdqThreshold(int bits) { this.pdqThreshold = bits; return this; }
        public Builder qualityFloor(int floor) { this.qualityFloor = floor; return this; }
        public Builder syncPageSize(int n) { this.syncPageSize = n; return this; }
        public Builder useStream(boolean on) { this.useStream = on; return this; }
        public Builder pollInterval(Duration d) { this.pollInterval = d; return this; }
        public Builder streamIdleTimeout(Duration d) { this.streamIdleTimeout = d; return this; }
        public Builder backoff(Duration min, Duration max) { this.minBackoff = min; this.maxBackoff = max; return this; }
        public Builder webhookMaxAttempts(int n) { this.webhookMaxAttempts = n; return this; }
        public Builder retryDelays(Duration base, Duration max) { this.retryBaseDelay = base; this.retryMaxDelay = max; return this; }
        public Builder httpTimeout(Duration d) { this.httpTimeout = d; return this; }
        public Builder accessToken(String token) { this.accessToken = token; return this; }
        public Builder maxUploadBytes(long n) { this.maxUploadBytes = n; return this; }
        public Builder staleAfter(Duration d) { this.staleAfter = d; return this; }
        public Builder publicUri(URI u) { this.publicUri = u; return this; }
        public Builder stickerGate(boolean on) { this.stickerGate = on; return this; }

        public PlatformConfig build() {
            return new PlatformConfig(hubUri, apiKey, webhookUrl, webhookSecret, dataDir, host, port, clock,
                    pdqThreshold, qualityFloor, syncPageSize, useStream, pollInterval, streamIdleTimeout,
                    minBackoff, maxBackoff, webhookMaxAttempts, retryBaseDelay, retryMaxDelay, httpTimeout,
                    accessToken, maxUploadBytes, staleAfter, publicUri, stickerGate);
        }
    }
}
