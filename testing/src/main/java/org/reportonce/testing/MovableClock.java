package org.reportonce.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A UTC clock a test moves by hand, shared by everything the test wires together.
 *
 * <p>Two kinds: {@link #stoppedAt} stands still between moves, for a test that reasons about exact
 * instants (a deadline 11 hours away); {@link #ticking} runs with real time plus the moves, for a
 * test of running services (matchers, pollers, browsers) whose timestamps taken a few milliseconds
 * apart must still differ and stay in order, as in production. Either moves forward only, so
 * nothing a test wired up sees time go backwards.
 */
public final class MovableClock extends Clock {

    /** Stopped: the instant shown. Ticking: the epoch plus the sum of the moves (the offset from real time). */
    private final AtomicReference<Instant> state;
    private final boolean ticking;

    private MovableClock(Instant state, boolean ticking) {
        this.state = new AtomicReference<>(state);
        this.ticking = ticking;
    }

    /** A clock that shows {@code start} until it is moved. */
    public static MovableClock stoppedAt(Instant start) {
        return new MovableClock(start, false);
    }

    /** A clock that shows real time until it is moved, then real time plus the moves. */
    public static MovableClock ticking() {
        return new MovableClock(Instant.EPOCH, true);
    }

    /** Moves the clock forward by {@code by}. */
    public void advance(Duration by) {
        if (by.isNegative()) throw new IllegalArgumentException("the clock only moves forward, got " + by);
        state.updateAndGet(s -> s.plus(by));
    }

    /** Moves a stopped clock forward to {@code to}. */
    public void set(Instant to) {
        if (ticking) throw new IllegalStateException("a ticking clock can only be advanced");
        Instant was = state.getAndUpdate(s -> to.isBefore(s) ? s : to);
        if (to.isBefore(was)) throw new IllegalArgumentException("the clock only moves forward: it shows " + was + ", asked " + to);
    }

    @Override
    public Instant instant() {
        Instant s = state.get();
        return ticking ? Instant.now().plus(Duration.between(Instant.EPOCH, s)) : s;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (!ZoneOffset.UTC.equals(zone)) throw new UnsupportedOperationException("UTC only, asked " + zone);
        return this;
    }
}
