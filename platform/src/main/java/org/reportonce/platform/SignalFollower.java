package org.reportonce.platform;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the bank in step with the hub, on one thread:
 *
 * <ol>
 *   <li><b>catch up</b>: {@code GET /v1/signals?after=checkpoint} page by page until the hub says
 *       there is no more; each page is applied in one transaction with its checkpoint;</li>
 *   <li><b>follow</b>: open the SSE stream from the checkpoint ({@code Last-Event-ID}) and apply
 *       each event as it arrives (a burst already buffered is applied as one batch), so a new
 *       signal is matchable well under a second after the hub accepted it;</li>
 *   <li>when the stream ends, goes silent for {@code streamIdleTimeout} (the hub sends heartbeats),
 *       or any call fails: wait (exponential backoff with jitter, reset by success) and start again
 *       at 1 from the checkpoint. Nothing is lost across the switch because both paths resume from
 *       the committed checkpoint and the bank ignores seqs at or below it.</li>
 * </ol>
 *
 * A record the matcher cannot understand never stops this loop: the bank stores it as skipped and
 * the checkpoint moves past it. Only a whole page that is not JSON stalls progress (there is no seq
 * to skip to); that is retried with backoff and shows in {@code /health} and the error counter.
 */
final class SignalFollower implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SignalFollower.class);
    private static final int MAX_STREAM_BATCH = 1000;

    /** What {@code /health} reports about sync. */
    record Status(boolean streamConnected, boolean pollingOnly, Instant lastCaughtUpAt, String lastError,
                  Instant lastErrorAt, int consecutiveFailures) {}

    private final HubClient hub;
    private final SignalBank bank;
    private final PlatformConfig config;
    private final PlatformMetrics metrics;
    private final Clock clock;
    private final RandomGenerator random;
    private final Runnable afterApply;
    private final Thread thread;
    private final ScheduledExecutorService watchdog;

    private volatile boolean closed;
    /** What {@link #pause} waits on, so that {@link #close} can end a pause without an interrupt. */
    private final Object wake = new Object();
    private volatile SseConnection current;
    private volatile boolean streamConnected;
    private volatile boolean pollingOnly;
    private volatile Instant lastCaughtUpAt;
    private volatile String lastError;
    private volatile Instant lastErrorAt;
    private volatile int consecutiveFailures;

    SignalFollower(HubClient hub, SignalBank bank, PlatformConfig config, PlatformMetrics metrics, Clock clock,
                   RandomGenerator random, Runnable afterApply) {
        this.hub = hub;
        this.bank = bank;
        this.config = config;
        this.metrics = metrics;
        this.clock = clock;
        this.random = random;
        this.afterApply = afterApply;
        this.pollingOnly = !config.useStream();
        this.thread = Thread.ofPlatform().daemon().name("hub-sync").unstarted(this::loop);
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon()
                .name("hub-sync-watchdog").unstarted(r));
    }

    void start() {
        thread.start();
        watchdog.scheduleWithFixedDelay(this::closeIdleStream, 1, 1, TimeUnit.SECONDS);
    }

    Status status() {
        return new Status(streamConnected, pollingOnly, lastCaughtUpAt, lastError, lastErrorAt, consecutiveFailures);
    }

    private void loop() {
        while (!closed) {
            try {
                catchUp();
                if (closed) break;
                if (pollingOnly) {
                    pause(config.pollInterval().toMillis());
                } else {
                    follow();
                }
            } catch (InterruptedException e) {
                if (closed) break;
            } catch (Exception e) {
                if (closed) break;
                failed(e);
                try {
                    pause(backoff(consecutiveFailures).toMillis());
                } catch (InterruptedException ie) {
                    if (closed) break;
                }
            }
        }
    }

    private void catchUp() throws IOException, InterruptedException, HubClient.HubException {
        boolean more = true;
        while (more && !closed) {
            long before = bank.checkpoint();
            HubClient.Page page = hub.fetchPage(before, config.syncPageSize());
            apply(page.records(), page.next());
            more = page.hasMore() && bank.checkpoint() > before;
        }
        succeeded();
        lastCaughtUpAt = clock.instant();
    }

    private void follow() throws IOException, InterruptedException, HubClient.HubException {
        SseConnection c;
        try {
            c = hub.openStream(bank.checkpoint());
        } catch (HubClient.HubException e) {
            if (e.status == 404 || e.status == 405 || e.status == 501) {
                log.warn("the hub has no signal stream ({}); polling every {}", e.getMessage(), config.pollInterval());
                pollingOnly = true;
                return;
            }
            throw e;
        }
        current = c;
        streamConnected = true;
        try {
            List<IncomingRecord> batch = new ArrayList<>();
            SseConnection.Item item;
            while (!closed && (item = c.next()) != null) {
                succeeded();
                if (item instanceof SseConnection.Record r) {
                    batch.add(r.record());
                    // apply a burst in one transaction; stop gathering when nothing more is buffered
                    while (batch.size() < MAX_STREAM_BATCH && c.ready() && (item = c.next()) != null) {
                        if (item instanceof SseConnection.Record more) batch.add(more.record());
                    }
                    apply(batch, 0);
                    batch.clear();
                } else {
                    bank.touched(clock.instant());
                }
                lastCaughtUpAt = clock.instant();
            }
        } finally {
            streamConnected = false;
            current = null;
            c.close();
        }
    }

    private void apply(List<IncomingRecord> records, long pageNext) {
        SignalBank.Applied a = bank.apply(records, pageNext);
        metrics.syncApplied.increment(a.changes());
        metrics.syncSkipped.increment(a.skipped());
        if (a.changes() > 0 || a.skipped() > 0) afterApply.run();
    }

    private void closeIdleStream() {
        SseConnection c = current;
        if (c != null && System.nanoTime() - c.lastActivityNanos() > config.streamIdleTimeout().toNanos()) {
            log.warn("hub stream silent for more than {}; reconnecting", config.streamIdleTimeout());
            c.close();
        }
    }

    private void succeeded() {
        consecutiveFailures = 0;
    }

    private void failed(Exception e) {
        consecutiveFailures++;
        metrics.syncErrors.increment();
        lastError = e instanceof HubClient.HubException ? e.getMessage() : e.toString();
        lastErrorAt = clock.instant();
        if (consecutiveFailures <= 3 || consecutiveFailures % 20 == 0) {
            log.warn("hub sync failed ({} in a row): {}", consecutiveFailures, lastError);
        }
    }

    /** min(minBackoff * 2^(failures-1), maxBackoff), jittered into [50 %, 100 %]. */
    private Duration backoff(int failures) {
        long min = config.minBackoff().toMillis();
        long max = config.maxBackoff().toMillis();
        long d = min << Math.min(Math.max(failures - 1, 0), 30);
        if (d <= 0 || d > max) d = max;
        return Duration.ofMillis(d / 2 + (long) (random.nextDouble() * (d - d / 2)));
    }

    /** Waits {@code millis}, or less when {@link #close} wakes the loop. */
    private void pause(long millis) throws InterruptedException {
        synchronized (wake) {
            if (!closed) wake.wait(Math.max(1, millis));
        }
    }

    /**
     * Stops the loop without interrupting it while it may be writing: an interrupt during a file
     * write closes H2's file channel (ClosedByInterruptException) and with it the bank's database,
     * so the snapshot and checkpoint written at shutdown were lost. Closing the stream ends a blocked
     * read and {@code wake} ends a pause; only a loop still busy after 5 s (a hub call hanging until
     * its timeout) is interrupted.
     */
    @Override
    public void close() {
        closed = true;
        SseConnection c = current;
        if (c != null) c.close();
        synchronized (wake) {
            wake.notifyAll();
        }
        watchdog.shutdownNow();
        try {
            thread.join(5000);
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(5000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
