package org.reportonce.platform;

import java.net.URI;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Matcher configurations for tests: fast retries so failures show within the test's time. */
final class Platforms {
    private Platforms() {}

    static PlatformConfig.Builder config(URI hub, String key) {
        return PlatformConfig.builder(hub, key)
                .backoff(Duration.ofMillis(50), Duration.ofMillis(500))
                .retryDelays(Duration.ofMillis(50), Duration.ofMillis(400))
                .httpTimeout(Duration.ofSeconds(5));
    }

    /** Polls until {@code condition} holds; fails with {@code what} after {@code timeout}. */
    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }
}
