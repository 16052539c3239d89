package org.reportonce.hub.auth;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * New case PINs with their Argon2id hashes, made ahead of time so that filing a report does not
 * wait for Argon2.
 *
 * <p>Why: Argon2id at OWASP's minimum (19 MiB, 2 passes) costs tens of milliseconds of CPU per hash,
 * by design; on the request path it would cap a 2-core hub at a few dozen reports per second. A PIN is
 * random and belongs to no case until it is handed out, so its hash can be computed before the report
 * arrives. A filler thread keeps pairs ready; a report takes one, or hashes a fresh PIN itself when
 * none is ready (slower, never wrong). The sustained rate of new cases is still bounded by Argon2
 * (cores / hash time): the pool absorbs bursts.
 *
 * <p>Size: the pool starts by filling {@code prefill} pairs and its target grows by two with every PIN
 * taken, up to {@code capacity}, so an idle hub (or a test) spends almost nothing on Argon2 while a
 * busy one keeps a deep pool.
 *
 * <p>Bursts: while reports are arriving (one taken in the last {@link #QUIET_MILLIS} ms) and the pool is
 * still more than a quarter full, the filler waits, so a burst gets the whole CPU and the pool is
 * topped up in the quiet after it; below a quarter the filler works through the burst (Java's thread
 * priorities mean nothing to Linux's scheduler, so yielding is the only way to stay out of the way).
 *
 * <p>Safety: ready PINs live only in this process's memory and are linked to nothing until taken;
 * each is handed out once, then forgotten here. Nothing is written before a report takes one.
 */
public final class PinPool implements AutoCloseable {

    /** A PIN and its stored form. */
    public record Pair(String pin, String hash) {}

    private final Pins pins;
    private final int capacity;
    private final BlockingQueue<Pair> ready;
    private final Thread filler;
    private final Object demand = new Object();
    private int target;
    private volatile boolean closed;
    /** System.nanoTime() of the last take: transport timing, not the domain clock. */
    private volatile long lastTake = System.nanoTime() - QUIET_MILLIS * 1_000_000L;

    /** No PIN taken for this long means the burst is over. */
    static final long QUIET_MILLIS = 100;

    /** {@code capacity} 0 disables the pool: every report hashes its own PIN. */
    public PinPool(Pins pins, int capacity, int prefill) {
        this.pins = pins;
        this.capacity = capacity;
        this.ready = new ArrayBlockingQueue<>(Math.max(1, capacity));
        this.target = Math.min(capacity, prefill);
        this.filler = capacity == 0 ? null
                : Thread.ofPlatform().daemon().name("pin-pool").priority(Thread.MIN_PRIORITY).start(this::fill);
    }

    private void fill() {
        while (!closed) {
            try {
                synchronized (demand) {
                    while (ready.size() >= target && !closed) demand.wait();
                }
                if (closed) return;
                boolean burst = System.nanoTime() - lastTake < QUIET_MILLIS * 1_000_000L;
                if (burst && ready.size() * 4L > target) {
                    Thread.sleep(QUIET_MILLIS / 4);
                    continue;
                }
                ready.put(fresh());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** A PIN never handed out before, with its hash. */
    public Pair take() {
        lastTake = System.nanoTime();
        Pair p = ready.poll();
        if (filler != null) {
            synchronized (demand) {
                target = Math.min(capacity, target + 2);
                demand.notifyAll();
            }
        }
        return p != null ? p : fresh();
    }

    /** How many pairs are ready now. */
    public int ready() {
        return ready.size();
    }

    private Pair fresh() {
        String pin = pins.newPin();
        return new Pair(pin, pins.hash(pin));
    }

    @Override
    public void close() {
        closed = true;
        if (filler != null) {
            synchronized (demand) {
                demand.notifyAll();
            }
            filler.interrupt();
        }
        ready.clear();
    }
}
