package org.reportonce.hub.signals;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes the signal streams of this hub process when a transaction that wrote signal changes has
 * committed. Streams also poll the database every second, so changes written by another hub process
 * sharing the database still arrive within a second.
 */
public final class SignalNotifier {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long latest;
    private boolean closed;

    /** Called after commit with the highest seq the transaction wrote. */
    public void published(long seq) {
        lock.lock();
        try {
            if (seq > latest) latest = seq;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until a seq above {@code seen} is published, the notifier closes, or the timeout passes. */
    public void awaitBeyond(long seen, long timeoutMillis) throws InterruptedException {
        lock.lock();
        try {
            long nanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            while (latest <= seen && !closed && nanos > 0) nanos = changed.awaitNanos(nanos);
        } finally {
            lock.unlock();
        }
    }

    /** The highest seq this process has published since it started (0 before the first). */
    public long latest() {
        lock.lock();
        try {
            return latest;
        } finally {
            lock.unlock();
        }
    }

    public boolean closed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
