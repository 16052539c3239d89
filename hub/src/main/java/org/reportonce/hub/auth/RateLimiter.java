package org.reportonce.hub.auth;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets keyed by a string (an IP, a key id): {@code capacity} requests at once, refilled at
 * {@code capacity} per {@code periodMillis}. Time comes from the injected clock. Buckets that have
 * refilled completely are dropped when the map grows, so memory is bounded by active callers.
 */
public final class RateLimiter {

    private static final int PRUNE_AT = 50_000;

    private final Clock clock;
    private final double capacity;
    private final double perMilli;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }

    public RateLimiter(Clock clock, int capacity, long periodMillis) {
        this.clock = clock;
        this.capacity = capacity;
        this.perMilli = (double) capacity / periodMillis;
    }

    /** Takes one token for {@code key}; returns 0 if granted, else the milliseconds until one is free. */
    public long tryAcquire(String key) {
        long now = clock.millis();
        if (buckets.size() > PRUNE_AT) prune(now);
        Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(capacity, now));
        synchronized (b) {
            long elapsed = Math.max(0, now - b.at);
            b.tokens = Math.min(capacity, b.tokens + elapsed * perMilli);
            b.at = Math.max(b.at, now);
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - b.tokens) / perMilli));
        }
    }

    private void prune(long now) {
        buckets.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                return e.getValue().tokens + (now - e.getValue().at) * perMilli >= capacity;
            }
        });
    }
}
