package org.reportonce.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.reportonce.protocol.Json;
import org.reportonce.protocol.ReportResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running platform matcher: the local bank kept in sync with the hub, the matching API, the
 * stored-content index, the takedown webhook and the reports back to the hub.
 *
 * <pre>{@code
 * try (Platform p = Platform.start(PlatformConfig.builder(hubUri, apiKey)
 *         .webhook(URI.create("http://localhost:9000/takedown"), secret).dataDir(dir).build())) {
 *     MatchResult r = p.matcher().matchImage(bytes, MatchOptions.forContent("upload/123"));
 * }
 * }</pre>
 *
 * With {@code port(-1)} no HTTP server is started and the matcher is used as a library only.
 */
public final class Platform implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Platform.class);

    /** What {@code GET /health} answers. {@code status}: ok, starting (never synced) or stale. */
    public record Health(String status, long checkpoint, Instant lastSyncAt, Double secondsSinceLastSync,
                         Double checkpointLagSeconds, boolean streamConnected, boolean pollingOnly, long bankPdqSignals,
                         long bankExactSignals, long storedContent, long skippedRecords, int syncFailuresInARow,
                         String lastSyncError, Instant lastSyncErrorAt, Map<String, Long> outbox) {}

    /** One outbox message as listed by {@code GET /v1/outbox} (dead letters by default). */
    public record OutboxEntry(long id, String target, String idempotencyKey, String takedownId, String state,
                              int attempts, String lastError, Instant createdAt, Instant nextAttemptAt) {}

    private final PlatformConfig config;
    private final Clock clock;
    private final Database db;
    private final PlatformMetrics metrics;
    private final SignalBank bank;
    private final ContentStore content;
    private final Matcher matcher;
    private final UserReports userReports;
    private final SignalFollower follower;
    private final HubClient hub;
    private final OutboxDispatcher hubOutbox;
    private final OutboxDispatcher webhookOutbox;
    private final PlatformServer server;
    private final String webhookSecret;
    private final Instant startedAt;
    private volatile int port = -1;
    private volatile URI publicUri;

    private Platform(PlatformConfig config) {
        this.config = config;
        this.clock = config.clock();
        this.startedAt = clock.instant();
        ObjectMapper json = Json.mapper();
        this.db = Database.open(config.dataDir());
        try {
            this.webhookSecret = config.webhookSecret() != null ? config.webhookSecret() : db.setting("webhook_secret").orElseGet(() -> {
                byte[] b = new byte[32];
                new SecureRandom().nextBytes(b);
                String s = HexFormat.of().formatHex(b);
                db.putSetting("webhook_secret", s);
                return s;
            });
            this.metrics = new PlatformMetrics();
            this.bank = new SignalBank(db, clock, config.dataDir());
            this.content = new ContentStore(db, clock);
            Takedowns takedowns = new Takedowns(db, json, clock, config.webhookUrl() != null, () -> publicUri);
            bank.listener(new StoredContentBackfill(content, takedowns, config, metrics, clock));
            bank.load();
            content.load();

            this.hub = new HubClient(config.hubUri(), config.apiKey(), config.httpTimeout(), json);
            SecureRandom random = new SecureRandom();
            this.hubOutbox = new OutboxDispatcher("hub", db, Outbox.Target.HUB, Senders.hub(hub), Integer.MAX_VALUE,
                    config.retryBaseDelay(), config.retryMaxDelay(), Outbox.SCHEDULE, random, metrics.hubObserver());
            this.webhookOutbox = config.webhookUrl() == null ? null
                    : new OutboxDispatcher("webhook", db, Set.of(Outbox.Target.WEBHOOK),
                    Senders.webhook(config.webhookUrl(), webhookSecret, config.httpTimeout(), clock),
                    config.webhookMaxAttempts(), config.retryBaseDelay(), config.retryMaxDelay(), Outbox.SCHEDULE, random,
                    metrics.webhookObserver());
            ImageFingerprinter fingerprinter = new HashingFingerprinter(config.stickerGate());
            this.matcher = new Matcher(config, bank, content, takedowns, fingerprinter, metrics, db, clock, this::wakeOutbox);
            this.userReports = new UserReports(hub, fingerprinter, json, metrics, config.maxUploadBytes());
            this.follower = new SignalFollower(hub, bank, config, metrics, clock, random, this::wakeOutbox);
            registerGauges();

            this.server = config.port() < 0 ? null : new PlatformServer(this, matcher, userReports, json, config);
            if (server != null) {
                this.port = server.start(config.host(), config.port());
            }
            this.publicUri = config.publicUri() != null ? config.publicUri()
                    : URI.create("http://" + (config.host().equals("0.0.0.0") ? "localhost" : config.host()) + ":" + Math.max(port, 0));
            hubOutbox.start();
            if (webhookOutbox != null) webhookOutbox.start();
            follower.start();
            log.info("platform matcher started{}, following {}", port >= 0 ? " on port " + port : " (no HTTP)", config.hubUri());
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** Starts a matcher: opens (or creates) its bank, starts the HTTP API and begins following the hub. */
    public static Platform start(PlatformConfig config) {
        return new Platform(config);
    }

    /** The HTTP port, or -1 when started without HTTP. */
    public int port() {
        return port;
    }

    /** The base URI of the HTTP API (what the webhook body's confirm link starts with). */
    public URI baseUri() {
        return publicUri;
    }

    public Matcher matcher() {
        return matcher;
    }

    public PlatformConfig config() {
        return config;
    }

    /** The HMAC key of the webhook signature (configured, or generated once and kept in the data dir). */
    public String webhookSecret() {
        return webhookSecret;
    }

    /** Forwards a user's report to the hub; answers the case number and PIN to give the user. */
    public ReportResponse fileUserReport(UserReport report) {
        return userReports.file(report);
    }

    /** The highest hub sequence number applied to the bank. */
    public long checkpoint() {
        return bank.checkpoint();
    }

    /** Waits until the bank has applied the hub's changes up to {@code seq}. */
    public void awaitCheckpoint(long seq, Duration timeout) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (bank.checkpoint() < seq) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("checkpoint " + bank.checkpoint() + " did not reach " + seq + " within " + timeout);
            }
            Thread.sleep(10);
        }
    }

    /** The bank's row for a signal (ACTIVE or DELETED), or null if it never arrived. */
    public SignalInfo signal(long signalId) {
        return bank.lookup(signalId);
    }

    public Health health() {
        Instant now = clock.instant();
        SignalFollower.Status s = follower.status();
        Instant last = bank.lastSyncAt();
        Double since = last == null ? null : Duration.between(last, now).toMillis() / 1000.0;
        Double lag = healthLag();
        String status = last == null ? "starting"
                : Duration.between(last, now).compareTo(config.staleAfter()) > 0 ? "stale" : "ok";
        Map<String, Long> outbox = db.jdbi.withHandle(h -> {
            Map<String, Long> m = new java.util.TreeMap<>();
            h.createQuery("select state, count(*) from outbox where state in ('PENDING', 'DEAD') group by state")
                    .map((rs, ctx) -> Map.entry(rs.getString(1).toLowerCase(java.util.Locale.ROOT), rs.getLong(2)))
                    .forEach(e -> m.put(e.getKey(), e.getValue()));
            m.putIfAbsent("pending", 0L);
            m.putIfAbsent("dead", 0L);
            return m;
        });
        long skipped = db.jdbi.withHandle(h -> h.createQuery("select count(*) from skipped_record").mapTo(Long.class).one());
        return new Health(status, bank.checkpoint(), last, since, lag, s.streamConnected(), s.pollingOnly(),
                bank.pdqSize(), bank.exactSize(), content.count(), skipped, s.consecutiveFailures(), s.lastError(),
                s.lastErrorAt(), outbox);
    }

    /** Prometheus text exposition of the matcher's metrics. */
    public String metricsText() {
        return metrics.scrape();
    }

    /** Outbox messages in a state (DEAD = dead letters), newest first. */
    public List<OutboxEntry> outbox(String state, int limit) {
        return db.jdbi.withHandle(h -> h.createQuery("""
                        select id, target, idem_key, takedown_id, state, attempts, last_error, created_at, next_attempt_at
                        from outbox where state = :st order by id desc limit :n""")
                .bind("st", state).bind("n", Math.max(1, Math.min(limit, 1000)))
                .map((rs, ctx) -> new OutboxEntry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getInt(6), rs.getString(7), SignalBank.instant(rs, "created_at"),
                        SignalBank.instant(rs, "next_attempt_at")))
                .list());
    }

    /** Puts a takedown's dead-lettered messages back in the queue (after the receiver is fixed). */
    public int redeliver(String takedownId) {
        Instant now = Outbox.SCHEDULE.instant();
        int n = db.jdbi.withHandle(h -> h.createUpdate("""
                        update outbox set state = 'PENDING', attempts = 0, next_attempt_at = :now, done_at = null
                        where takedown_id = :id and state = 'DEAD'""")
                .bind("now", now).bind("id", takedownId).execute());
        wakeOutbox();
        return n;
    }

    private void wakeOutbox() {
        hubOutbox.wake();
        if (webhookOutbox != null) webhookOutbox.wake();
    }

    private void registerGauges() {
        metrics.gauge("reportonce.platform.sync.checkpoint", "Highest hub seq applied", bank::checkpoint);
        metrics.gauge("reportonce.platform.sync.lag.seconds", "Time since the bank was last known to be caught up",
                () -> {
                    Double lag = healthLag();
                    return lag == null ? Double.NaN : lag;
                });
        metrics.gauge("reportonce.platform.sync.since.last.seconds", "Time since the hub was last reached", () -> {
            Instant last = bank.lastSyncAt();
            return last == null ? Double.NaN : Duration.between(last, clock.instant()).toMillis() / 1000.0;
        });
        metrics.gauge("reportonce.platform.bank.signals", "Active signals in the bank", () -> bank.pdqSize() + bank.exactSize());
        metrics.gauge("reportonce.platform.stored.content.hashes", "PDQ hashes in the stored-content index",
                content::indexedHashes);
    }

    private Double healthLag() {
        SignalFollower.Status s = follower.status();
        if (s.streamConnected()) return 0.0;
        Instant ref = s.lastCaughtUpAt() != null ? s.lastCaughtUpAt() : startedAt;
        return Duration.between(ref, clock.instant()).toMillis() / 1000.0;
    }

    /** The routes the HTTP API serves (for the OpenAPI completeness test). */
    List<PlatformServer.Route> routes() {
        return server == null ? List.of() : server.routes();
    }

    /** Stops following, delivering and serving; closes the database. Safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        follower.close();
        if (server != null) server.stop();
        hubOutbox.close();
        if (webhookOutbox != null) webhookOutbox.close();
        hub.close();
        bank.saveSnapshot();
        db.close();
    }

    private boolean closed;
}
