package org.reportonce.platform;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.Supplier;

/** The matcher's Prometheus metrics (names prefixed {@code reportonce_platform_}). */
final class PlatformMetrics {

    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final Counter uploadMatches;
    final Counter storedMatches;
    final Counter matchRequestsBytes;
    final Counter matchRequestsHashes;
    final Timer matchTimer;
    final Counter syncApplied;
    final Counter syncSkipped;
    final Counter syncErrors;
    final Counter webhookDeliveries;
    final Counter webhookFailures;
    final Counter webhookDeadLetters;
    final Counter hubDeliveries;
    final Counter hubFailures;
    final Counter hubDeadLetters;
    final Counter userReports;

    PlatformMetrics() {
        uploadMatches = Counter.builder("reportonce.platform.matches").tag("source", "upload")
                .description("Content matched with a signal when checked at upload").register(registry);
        storedMatches = Counter.builder("reportonce.platform.matches").tag("source", "stored")
                .description("Stored content matched with a signal").register(registry);
        matchRequestsBytes = Counter.builder("reportonce.platform.match.requests").tag("kind", "bytes")
                .description("Match requests").register(registry);
        matchRequestsHashes = Counter.builder("reportonce.platform.match.requests").tag("kind", "hashes")
                .description("Match requests").register(registry);
        matchTimer = Timer.builder("reportonce.platform.match.duration").description("Time to answer a match request")
                .register(registry);
        syncApplied = Counter.builder("reportonce.platform.sync.applied").description("Hub changes applied to the bank")
                .register(registry);
        syncSkipped = Counter.builder("reportonce.platform.sync.skipped")
                .description("Malformed hub records logged and skipped").register(registry);
        syncErrors = Counter.builder("reportonce.platform.sync.errors")
                .description("Failed hub sync attempts (hub down, slow, bad page)").register(registry);
        webhookDeliveries = Counter.builder("reportonce.platform.webhook.deliveries").register(registry);
        webhookFailures = Counter.builder("reportonce.platform.webhook.failures")
                .description("Failed webhook delivery attempts").register(registry);
        webhookDeadLetters = Counter.builder("reportonce.platform.webhook.dead.letters")
                .description("Webhook messages given up after the last retry").register(registry);
        hubDeliveries = Counter.builder("reportonce.platform.hub.reports.delivered")
                .description("Feedback and attestations delivered to the hub").register(registry);
        hubFailures = Counter.builder("reportonce.platform.hub.reports.failures").register(registry);
        hubDeadLetters = Counter.builder("reportonce.platform.hub.reports.dead.letters").register(registry);
        userReports = Counter.builder("reportonce.platform.user.reports").description("User reports forwarded to the hub")
                .register(registry);
    }

    void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }

    OutboxDispatcher.Observer webhookObserver() {
        return (m, outcome, dead) -> {
            if (outcome instanceof OutboxDispatcher.Delivered) webhookDeliveries.increment();
            else webhookFailures.increment();
            if (dead) webhookDeadLetters.increment();
        };
    }

    OutboxDispatcher.Observer hubObserver() {
        return (m, outcome, dead) -> {
            if (outcome instanceof OutboxDispatcher.Delivered) hubDeliveries.increment();
            else hubFailures.increment();
            if (dead) hubDeadLetters.increment();
        };
    }

    String scrape() {
        return registry.scrape();
    }
}
