package org.reportonce.hub;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.reportonce.hub.audit.AuditLog;
import org.reportonce.hub.audit.AuditVerifier;
import org.reportonce.hub.auth.ApiKeys;
import org.reportonce.hub.cases.CaseService;
import org.reportonce.hub.compliance.Dashboards;
import org.reportonce.hub.compliance.FeedbackService;
import org.reportonce.hub.signals.SignalNotifier;
import org.reportonce.hub.signals.SyncService;
import org.reportonce.hub.store.Database;

/**
 * A running hub: the database (migrated), the services and the HTTP server.
 *
 * <pre>{@code
 * try (Hub hub = Hub.start(HubConfig.builder().build())) {
 *     Member p = hub.createMember("Example Social", Role.PLATFORM);
 *     String key = hub.createApiKey(p.id());   // shown once
 *     URI api = hub.baseUri();
 * }
 * }</pre>
 */
public final class Hub implements AutoCloseable {

    private final HubConfig config;
    private final Database db;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final ApiKeys apiKeys = new ApiKeys(random);
    private final SignalNotifier notifier = new SignalNotifier();
    private final CaseService cases;
    private final SyncService sync;
    private final FeedbackService feedback;
    private final HubMetrics metrics;
    private final Dashboards dashboards;
    private final Operations operations;
    private final HubApi api;
    private final org.reportonce.hub.stopncii.StopNcii stopNcii;

    private Hub(HubConfig config, Database db) {
        this.config = config;
        this.db = db;
        this.clock = config.clock();
        this.cases = new CaseService(db, clock, random, notifier, config.pinAttempts(), config.pinLockout(),
                config.pinChecksPerIpMinute(), config.atRiskWindow(), config.pinHashMemoryKib(), config.pinPoolSize(), config.pinPoolPrefill());
        this.sync = new SyncService(db, clock, notifier);
        this.feedback = new FeedbackService(db, clock, config.disputeThreshold());
        this.metrics = new HubMetrics(db, clock, config.atRiskWindow());
        this.dashboards = new Dashboards(db, clock, config.atRiskWindow());
        this.operations = new Operations(this);
        this.stopNcii = new org.reportonce.hub.stopncii.StopNcii(db, clock, cases, feedback, sync);
        this.api = new HubApi(this, config);
        new HubRoutes(this, api).register();
        new StopNciiRoutes(this, api).register();
    }

    /** Opens and migrates the database, then starts the HTTP server. */
    public static Hub start(HubConfig config) {
        Objects.requireNonNull(config, "config");
        Database db = Database.open(config.jdbcUrl(), config.dataDir());
        Hub hub;
        try {
            hub = new Hub(config, db);
            hub.api.app().start(config.host(), config.port());
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        return hub;
    }

    public int port() {
        return api.app().port();
    }

    /** Where the HTTP API is, e.g. {@code http://127.0.0.1:43121/}. */
    public URI baseUri() {
        String host = "0.0.0.0".equals(config.host()) ? "127.0.0.1" : config.host();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/");
    }

    /** Adds a member (audited as done by the operator console). */
    public Member createMember(String displayName, Role role) {
        return createMember(displayName, role, "console");
    }

    Member createMember(String displayName, Role role, String actor) {
        return createMember(db, clock, random, displayName, role, actor);
    }

    /** Adds a member directly in a database (the CLI uses this without starting a server). */
    public static Member createMember(Database db, Clock clock, SecureRandom random, String displayName, Role role, String actor) {
        Objects.requireNonNull(role, "role");
        if (displayName == null || displayName.isBlank() || displayName.length() > 200) {
            throw new IllegalArgumentException("display name must be 1 to 200 characters");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String id = "mem_" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
        Member m = new Member(id, displayName.trim(), role, now);
        db.write(h -> {
            h.createUpdate("INSERT INTO member (id, display_name, role, created_at) VALUES (:id, :n, :r, :t)")
                    .bind("id", id).bind("n", m.displayName()).bind("r", role.name()).bind("t", now.toEpochMilli()).execute();
            AuditLog.append(h, now, actor, "member.created", "member:" + id, Map.of("role", role.wire(), "displayName", m.displayName()));
            return null;
        });
        return m;
    }

    /** Creates an API key for a member; the returned plain key is the only time it is shown. */
    public String createApiKey(String memberId) {
        return createApiKey(memberId, null, "console").plainKey();
    }

    ApiKeys.Issued createApiKey(String memberId, String label, String actor) {
        return createApiKey(db, clock, apiKeys, memberId, label, actor);
    }

    /** Creates a key directly in a database (CLI). */
    public static ApiKeys.Issued createApiKey(Database db, Clock clock, ApiKeys keys, String memberId, String label, String actor) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        return db.write(h -> {
            boolean exists = h.createQuery("SELECT COUNT(*) FROM member WHERE id = :id").bind("id", memberId).mapTo(Integer.class).one() > 0;
            if (!exists) throw new IllegalArgumentException("no member " + memberId);
            ApiKeys.Issued issued = keys.create(h, memberId, label, now);
            AuditLog.append(h, now, actor, "key.created", "member:" + memberId, Map.of("keyId", issued.keyId()));
            return issued;
        });
    }

    /** New case PINs hashed ahead of time and ready now (see HubConfig#pinPoolSize); for load tools and health. */
    public int pinPoolReady() {
        return cases.pinPoolReady();
    }

    /** Verifies the audit chain now. */
    public AuditVerifier.Result verifyAudit() {
        return db.read(AuditVerifier::verify);
    }

    /** Every route registered on the HTTP server (for the OpenAPI completeness test). */
    List<io.javalin.event.HandlerMetaInfo> registeredRoutes() {
        return api.registered();
    }

    /** The documented route table (for the role matrix test). */
    List<OpenApi.RouteDoc> routeDocs() {
        return api.openApi().routes();
    }

    HubConfig config() { return config; }
    Database db() { return db; }
    Clock clock() { return clock; }
    ApiKeys apiKeys() { return apiKeys; }
    CaseService cases() { return cases; }
    SyncService sync() { return sync; }
    FeedbackService feedback() { return feedback; }
    SignalNotifier notifier() { return notifier; }
    HubMetrics metrics() { return metrics; }
    Dashboards dashboards() { return dashboards; }
    Operations operations() { return operations; }
    SecureRandom random() { return random; }
    org.reportonce.hub.stopncii.StopNcii stopNcii() { return stopNcii; }

    @Override
    public void close() {
        notifier.close();
        try {
            api.app().stop();
        } finally {
            try {
                cases.close();
            } finally {
                db.close();
            }
        }
    }
}
