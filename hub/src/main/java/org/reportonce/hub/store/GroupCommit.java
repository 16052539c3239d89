package org.reportonce.hub.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import org.jdbi.v3.core.Handle;

/**
 * Group commit: units of write work from many request threads run together in one transaction and
 * share its commit, and each caller returns only after that commit (so "durable before the answer"
 * still holds for every unit).
 *
 * <p>Why: the signal log's counter row and the audit chain's head row are locked by every writing
 * transaction until it commits (that is what keeps seqs in commit order and the chain unbroken), and
 * a durable commit waits for the disk to flush the log; on a disk that flushes in ~6 ms, one unit per
 * transaction could never exceed ~170 reports a second whatever the CPU. Batching puts many units
 * behind one lock hold and one flush.
 *
 * <p>How: {@code committers} threads each take whatever units are waiting (up to {@code maxBatch}),
 * run them in order in one {@link Database#write} transaction, each inside its own savepoint, and
 * commit. A unit that fails on its own (bad input found inside the transaction) is rolled back to its
 * savepoint and its caller gets the exception; the rest of the batch commits. A lost lock race
 * (deadlock, serialisation failure) retries the whole batch, as {@link Database#write} does for one
 * unit; a failure of the transaction as a whole fails every unit in it. A unit must therefore, like any
 * {@link Database#write} callback, have no effect outside the transaction. When only one unit is
 * waiting it runs without a savepoint, exactly as a plain write.
 */
public final class GroupCommit implements AutoCloseable {

    /** One unit of work in a shared transaction. */
    public interface Work<T> {
        T run(Handle h);
    }

    private static final class Unit<T> {
        final Work<T> work;
        final CompletableFuture<T> done = new CompletableFuture<>();
        T result;
        RuntimeException failure;

        Unit(Work<T> work) {
            this.work = work;
        }

        void runIn(Handle h) {
            result = null;
            failure = null;
            result = work.run(h);
        }

        void complete() {
            if (failure != null) done.completeExceptionally(failure);
            else done.complete(result);
        }
    }

    private static final Unit<?> STOP = new Unit<>(h -> null);

    private final Database db;
    private final int maxBatch;
    private final LinkedBlockingQueue<Unit<?>> queue = new LinkedBlockingQueue<>();
    private final Thread[] committers;
    private volatile boolean closed;

    public GroupCommit(Database db, String name, int committers, int maxBatch) {
        if (committers < 1) throw new IllegalArgumentException("committers must be at least 1, got " + committers);
        if (maxBatch < 1) throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
        this.db = db;
        this.maxBatch = maxBatch;
        this.committers = new Thread[committers];
        for (int i = 0; i < committers; i++) {
            this.committers[i] = Thread.ofPlatform().daemon().name(name + "-commit-" + i).start(this::loop);
        }
    }

    /** Runs {@code work} in a shared transaction and returns its result once that transaction committed. */
    public <T> T submit(Work<T> work) {
        if (closed) throw new IllegalStateException("the hub is shutting down");
        Unit<T> u = new Unit<>(work);
        queue.add(u);
        try {
            return u.done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the commit", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) throw r;
            if (c instanceof Error err) throw err;
            throw new IllegalStateException(c);
        }
    }

    private void loop() {
        List<Unit<?>> batch = new ArrayList<>(maxBatch);
        while (true) {
            batch.clear();
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, maxBatch - 1);
            int stops = 0;
            while (batch.remove(STOP)) stops++;
            if (!batch.isEmpty()) commit(batch);
            if (stops > 0) {
                for (int i = 1; i < stops; i++) queue.add(STOP); // the other committers' stop signals
                return;
            }
        }
    }

    private void commit(List<Unit<?>> batch) {
        try {
            db.write(h -> {
                if (batch.size() == 1) {
                    batch.get(0).runIn(h);
                    return null;
                }
                for (int i = 0; i < batch.size(); i++) {
                    Unit<?> u = batch.get(i);
                    String sp = "unit" + i;
                    h.savepoint(sp);
                    try {
                        u.runIn(h);
                        h.release(sp);
                    } catch (RuntimeException e) {
                        if (Database.retryable(e)) throw e;
                        h.rollbackToSavepoint(sp);
                        u.failure = e;
                    }
                }
                return null;
            });
        } catch (RuntimeException e) {
            for (Unit<?> u : batch) u.failure = e;
        } catch (Error e) {
            for (Unit<?> u : batch) u.done.completeExceptionally(e);
            throw e;
        }
        for (Unit<?> u : batch) u.complete();
    }

    @Override
    public void close() {
        closed = true;
        for (int i = 0; i < committers.length; i++) queue.add(STOP);
        for (Thread t : committers) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        Unit<?> u;
        while ((u = queue.poll()) != null) {
            if (u != STOP) u.done.completeExceptionally(new IllegalStateException("the hub shut down before this was committed"));
        }
    }
}
