package org.reportonce.hub;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.reportonce.hub.compliance.DeadlineClock;
import org.reportonce.hub.compliance.Deadlines;
import org.reportonce.hub.store.Database;

/**
 * Prometheus metrics. Counters are bumped where events happen; the gauges that need the database
 * (signals, sync lag per platform, deadlines at risk or breached) are refreshed on each scrape.
 */
final class HubMetrics {

    /** How far back open cases are evaluated for the deadline gauges. */
    static final Duration DEADLINE_WINDOW = Duration.ofDays(14);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Database db;
    private final Clock clock;
    private final Duration atRiskWindow;
    private final AtomicLong activeSignals = new AtomicLong();
    private final AtomicLong deletedSignals = new AtomicLong();
    private final AtomicLong openDisputes = new AtomicLong();
    private final MultiGauge syncLagSeconds;
    private final MultiGauge syncLagSeq;
    private final MultiGauge deadlines;

    HubMetrics(Database db, Clock clock, Duration atRiskWindow) {
        this.db = db;
        this.clock = clock;
        this.atRiskWindow = atRiskWindow;
        Gauge.builder("reportonce.signals", activeSignals, AtomicLong::get).tag("status", "active")
                .description("signals by status").register(registry);
        Gauge.builder("reportonce.signals", deletedSignals, AtomicLong::get).tag("status", "deleted")
                .description("signals by status").register(registry);
        Gauge.builder("reportonce.disputes.open", openDisputes, AtomicLong::get)
                .description("signals flagged for operator review").register(registry);
        syncLagSeconds = MultiGauge.builder("reportonce.sync.lag.seconds")
                .description("seconds since the platform last called the hub (-1: never)").register(registry);
        syncLagSeq = MultiGauge.builder("reportonce.sync.lag.changes")
                .description("signal changes the platform has not yet been sent").register(registry);
        deadlines = MultiGauge.builder("reportonce.deadlines")
                .description("(report, platform) clocks by state, reports of the last 14 days").register(registry);
    }

    void reportAccepted(String source, int signals, int refused) {
        Counter.builder("reportonce.reports").tag("source", source).description("reports accepted").register(registry).increment();
        Counter.builder("reportonce.report.signals").tag("outcome", "accepted").register(registry).increment(signals);
        Counter.builder("reportonce.report.signals").tag("outcome", "refused").register(registry).increment(refused);
    }

    void feedback(String value) {
        Counter.builder("reportonce.feedback").tag("value", value).register(registry).increment();
    }

    void takedown() {
        Counter.builder("reportonce.takedowns").register(registry).increment();
    }

    void withdrawal() {
        Counter.builder("reportonce.withdrawals").register(registry).increment();
    }

    String scrape() {
        refresh();
        return registry.scrape();
    }

    private void refresh() {
        Instant now = clock.instant();
        db.read(h -> {
            activeSignals.set(h.createQuery("SELECT COUNT(*) FROM signal WHERE status = 'ACTIVE'").mapTo(Long.class).one());
            deletedSignals.set(h.createQuery("SELECT COUNT(*) FROM signal WHERE status = 'DELETED'").mapTo(Long.class).one());
            openDisputes.set(h.createQuery("SELECT COUNT(*) FROM dispute WHERE status = 'open'").mapTo(Long.class).one());
            long max = h.createQuery("SELECT val FROM counter WHERE name = 'signal_change'").mapTo(Long.class).one();
            var platforms = Deadlines.platforms(h, null);
            List<MultiGauge.Row<?>> lagS = new ArrayList<>();
            List<MultiGauge.Row<?>> lagQ = new ArrayList<>();
            for (var p : platforms) {
                var row = h.createQuery("SELECT delivered_seq, last_contact_at FROM platform_sync WHERE member_id = :m")
                        .bind("m", p.memberId())
                        .map((rs, ctx) -> {
                            long lc = rs.getLong(2);
                            return new long[] {rs.getLong(1), rs.wasNull() ? -1 : lc};
                        }).findOne().orElse(new long[] {0, -1});
                Tags tags = Tags.of("platform", p.displayName(), "member", p.memberId());
                long seconds = row[1] < 0 ? -1 : Math.max(0, (now.toEpochMilli() - row[1]) / 1000);
                lagS.add(MultiGauge.Row.of(tags, seconds));
                lagQ.add(MultiGauge.Row.of(tags, Math.max(0, max - row[0])));
            }
            syncLagSeconds.register(lagS, true);
            syncLagSeq.register(lagQ, true);
            var cases = h.createQuery("SELECT " + Deadlines.CASE_COLUMNS + " FROM report_case c "
                            + "WHERE c.status IN ('received', 'active') AND c.reported_at >= :since")
                    .bind("since", now.minus(DEADLINE_WINDOW).toEpochMilli())
                    .map((rs, ctx) -> Deadlines.mapCase(rs)).list();
            var rows = Deadlines.evaluate(h, cases, platforms, now, atRiskWindow);
            // one pass over the rows (there are cases x platforms of them), then one gauge row per pair
            var counts = new java.util.HashMap<String, java.util.EnumMap<DeadlineClock.State, long[]>>();
            for (var r : rows) {
                counts.computeIfAbsent(r.platform().memberId(), k -> new java.util.EnumMap<>(DeadlineClock.State.class))
                        .computeIfAbsent(r.eval().state(), k -> new long[1])[0]++;
            }
            List<MultiGauge.Row<?>> dl = new ArrayList<>();
            for (var p : platforms) {
                var byState = counts.getOrDefault(p.memberId(), new java.util.EnumMap<>(DeadlineClock.State.class));
                for (DeadlineClock.State s : List.of(DeadlineClock.State.ON_TIME, DeadlineClock.State.AT_RISK,
                        DeadlineClock.State.BREACHED, DeadlineClock.State.DONE)) {
                    long n = byState.getOrDefault(s, new long[1])[0];
                    dl.add(MultiGauge.Row.of(Tags.of("platform", p.displayName(), "member", p.memberId(), "state", s.wire()), n));
                }
            }
            deadlines.register(dl, true);
            return null;
        });
    }
}
