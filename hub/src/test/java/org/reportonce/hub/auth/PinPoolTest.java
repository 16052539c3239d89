package org.reportonce.hub.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

final class PinPoolTest {

    private final Pins pins = new Pins(new SecureRandom(), 64);

    @Test
    void everyPinTaken_isNew_andVerifiesAgainstItsHash() throws Exception {
        try (PinPool pool = new PinPool(pins, 16, 16)) {
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (pool.ready() < 16 && System.nanoTime() < deadline) Thread.sleep(10);
            assertThat(pool.ready()).as("prefilled").isEqualTo(16);
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < 40; i++) {
                PinPool.Pair p = pool.take();
                assertThat(seen.add(p.pin())).as("handed out once: " + p.pin()).isTrue();
                assertThat(Pins.verify(p.pin(), p.hash())).isTrue();
                assertThat(Pins.verify(p.pin().equals("AAAA-AAAA") ? "BBBB-BBBB" : "AAAA-AAAA", p.hash())).isFalse();
            }
        }
    }

    @Test
    void anIdlePool_hashesOnlyItsPrefill_andGrowsWithDemandUpToCapacity() throws Exception {
        try (PinPool pool = new PinPool(pins, 50, 2)) {
            Thread.sleep(500);
            assertThat(pool.ready()).as("idle: only the prefill").isEqualTo(2);
            for (int i = 0; i < 30; i++) pool.take();
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (pool.ready() < 50 && System.nanoTime() < deadline) Thread.sleep(10);
            assertThat(pool.ready()).as("grown to capacity after demand").isEqualTo(50);
        }
    }

    @Test
    void duringABurst_aDeepPoolWaits_andRefillsInTheQuietAfter() throws Exception {
        try (PinPool pool = new PinPool(pins, 200, 100)) {
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (pool.ready() < 100 && System.nanoTime() < deadline) Thread.sleep(10);
            assertThat(pool.ready()).as("prefilled").isEqualTo(100);
            for (int i = 0; i < 40; i++) {
                pool.take();
                Thread.sleep(1); // reports arriving a millisecond apart: one burst
            }
            // at most the one hash the filler may have had under way when the burst began
            assertThat(pool.ready()).as("no refill during the burst").isBetween(60, 61);
            deadline = System.nanoTime() + 20_000_000_000L;
            while (pool.ready() < 180 && System.nanoTime() < deadline) Thread.sleep(10);
            assertThat(pool.ready()).as("refilled, and grown by two per PIN taken, after the burst").isEqualTo(180);
        }
    }

    @Test
    void aDisabledPool_stillHandsOutVerifiablePins() {
        try (PinPool pool = new PinPool(pins, 0, 0)) {
            PinPool.Pair p = pool.take();
            assertThat(Pins.verify(p.pin(), p.hash())).isTrue();
            assertThat(pool.ready()).isZero();
        }
    }
}
