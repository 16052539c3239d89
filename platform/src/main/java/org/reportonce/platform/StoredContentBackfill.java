package org.reportonce.platform;

import java.time.Clock;
import org.jdbi.v3.core.Handle;
import org.reportonce.hashing.Hash256;
import org.reportonce.protocol.SignalType;

/**
 * When a signal becomes active, search the platform's stored content for it and record every hit
 * as a takedown, inside the transaction that applies the signal: the checkpoint cannot move past a
 * signal whose backfill was not recorded, and a crash replays both together.
 */
final class StoredContentBackfill implements SignalBank.Listener {

    private final ContentStore content;
    private final Takedowns takedowns;
    private final PlatformConfig config;
    private final PlatformMetrics metrics;
    private final Clock clock;

    StoredContentBackfill(ContentStore content, Takedowns takedowns, PlatformConfig config, PlatformMetrics metrics,
                          Clock clock) {
        this.content = content;
        this.takedowns = takedowns;
        this.config = config;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void onActivated(Handle h, SignalInfo signal, Hash256 pdq) {
        var hits = signal.type() == SignalType.PDQ
                ? content.findPdq(h, pdq, config.pdqThreshold(), config.qualityFloor())
                : content.findExact(h, signal.type(), signal.value());
        for (ContentStore.Hit hit : hits) {
            var r = takedowns.record(h, new Takedowns.Found(signal, hit.contentReference(), hit.distance(), hit.variant(),
                    Takedowns.Source.STORED), clock.instant());
            if (r.created()) metrics.storedMatches.increment();
        }
    }

    @Override
    public void onDeactivated(Handle h, SignalInfo signal) {
        takedowns.signalWithdrawn(h, signal, clock.instant());
    }
}
