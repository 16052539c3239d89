package org.reportonce.platform;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;
import org.reportonce.platform.Outbox.Message;
import org.reportonce.platform.Outbox.Target;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers outbox messages for a set of targets: every due message is sent (concurrently, on
 * virtual threads), and each failure schedules the next attempt after an exponential delay
 * {@code min(base * 2^(attempts-1), max)} with jitter in [50 %, 100 %] so that many matchers
 * retrying after one outage do not arrive in step. After {@code maxAttempts} failures, or at once
 * when the receiver says the message can never succeed, it is kept as a dead letter (state DEAD,
 * with the last error) for an operator to inspect and redeliver.
 *
 * <p>Messages of one takedown are delivered in the order they were written: a message is not
 * due while an older message of the same takedown to the same target group is still pending (the
 * hub must see PendingReview before Blocked).
 */
final class OutboxDispatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutboxDispatcher.class);
    private static final int BATCH = 64;

    /** What one delivery attempt achieved. */
    sealed interface Outcome permits Delivered, Retry, Fail {}

    record Delivered() implements Outcome {}

    /** A failure that may pass (timeouts, 5xx, refused connections). */
    record Retry(String error) implements Outcome {}

    /** A failure that will not pass by retrying (e.g. the hub rejects the body as invalid). */
    record Fail(String error) implements Outcome {}

    interface Sender {
        Outcome send(Message m) throws InterruptedException;
    }

    /** Called after each attempt (metrics). */
    interface Observer {
        void attempted(Message m, Outcome outcome, boolean dead);
    }

    private final String name;
    private final Database db;
    private final Set<Target> targets;
    private final List<String> targetNames;
    private final Sender sender;
    private final int maxAttempts;
    private final Duration baseDelay;
    private final Duration maxDelay;
    private final Clock clock;
    private final RandomGenerator random;
    private final Observer observer;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wakeUp = lock.newCondition();
    private boolean woken;
    private volatile boolean closed;
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    private final Thread thread;

    OutboxDispatcher(String name, Database db, Set<Target> targets, Sender sender, int maxAttempts,
                     Duration baseDelay, Duration maxDelay, Clock clock, RandomGenerator random, Observer observer) {
        this.name = name;
        this.db = db;
        this.targets = targets;
        this.targetNames = Outbox.targetNames(targets);
        this.sender = sender;
        this.maxAttempts = maxAttempts;
        this.baseDelay = baseDelay;
        this.maxDelay = maxDelay;
        this.clock = clock;
        this.random = random;
        this.observer = observer;
        this.thread = Thread.ofPlatform().daemon().name("outbox-" + name).unstarted(this::loop);
    }

    void start() {
        thread.start();
    }

    /** New messages were committed: look now rather than at the next timed poll. */
    void wake() {
        lock.lock();
        try {
            woken = true;
            wakeUp.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        while (!closed) {
            try {
                List<Message> due = due();
                if (due.isEmpty()) {
                    sleepUntilDueOrWoken();
                    continue;
                }
                List<Future<?>> running = new ArrayList<>(due.size());
                for (Message m : due) running.add(senders.submit(() -> attempt(m)));
                for (Future<?> f : running) f.get();
            } catch (InterruptedException e) {
                if (closed) return;
            } catch (Exception e) {
                if (closed) return;
                log.error("outbox {} loop failed; retrying in 1 s", name, e);
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private List<Message> due() {
        Instant now = clock.instant();
        return db.jdbi.withHandle(h -> h.createQuery("""
                select o.id, o.target, o.idem_key, o.takedown_id, o.body, o.attempts from outbox o
                where o.state = 'PENDING' and o.target in (<targets>) and o.next_attempt_at <= :now
                  and not exists (select 1 from outbox p where p.takedown_id = o.takedown_id and p.state = 'PENDING'
                                  and p.target in (<targets>) and p.id < o.id)
                order by o.id limit :n""")
                .bindList("targets", targetNames).bind("now", now).bind("n", BATCH)
                .map((rs, ctx) -> new Message(rs.getLong(1), Target.valueOf(rs.getString(2)), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getInt(6)))
                .list());
    }

    private void sleepUntilDueOrWoken() throws InterruptedException {
        Instant next = db.jdbi.withHandle(h -> h.createQuery(
                        "select min(next_attempt_at) from outbox where state = 'PENDING' and target in (<targets>)")
                .bindList("targets", targetNames)
                .map((rs, ctx) -> java.util.Optional.ofNullable(rs.getTimestamp(1))).one()
                .map(java.sql.Timestamp::toInstant).orElse(null));
        long waitMs = 1000;
        if (next != null) {
            waitMs = Math.max(5, Math.min(waitMs, Duration.between(clock.instant(), next).toMillis()));
        }
        lock.lock();
        try {
            if (!woken && !closed) wakeUp.await(waitMs, java.util.concurrent.TimeUnit.MILLISECONDS);
            woken = false;
        } finally {
            lock.unlock();
        }
    }

    private void attempt(Message m) {
        Outcome outcome;
        try {
            outcome = sender.send(m);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            outcome = new Retry(e.toString());
        }
        Instant now = clock.instant();
        int attempts = m.attempts() + 1;
        boolean dead = false;
        switch (outcome) {
            case Delivered d -> db.jdbi.useHandle(h -> h.createUpdate(
                            "update outbox set state = 'SENT', attempts = :a, done_at = :now, last_error = null where id = :id")
                    .bind("a", attempts).bind("now", now).bind("id", m.id()).execute());
            case Retry r when attempts < maxAttempts -> {
                Instant next = now.plus(delay(attempts));
                log.warn("outbox {}: {} attempt {} failed ({}); next at {}", name, m.idemKey(), attempts, r.error(), next);
                db.jdbi.useHandle(h -> h.createUpdate(
                                "update outbox set attempts = :a, next_attempt_at = :next, last_error = :e where id = :id")
                        .bind("a", attempts).bind("next", next).bind("e", trim(r.error())).bind("id", m.id()).execute());
            }
            default -> {
                dead = true;
                String error = outcome instanceof Retry r ? r.error() : ((Fail) outcome).error();
                log.error("outbox {}: {} dead-lettered after {} attempt(s): {}", name, m.idemKey(), attempts, error);
                db.jdbi.useHandle(h -> h.createUpdate(
                                "update outbox set state = 'DEAD', attempts = :a, done_at = :now, last_error = :e where id = :id")
                        .bind("a", attempts).bind("now", now).bind("e", trim(error)).bind("id", m.id()).execute());
            }
        }
        observer.attempted(m, outcome, dead);
    }

    /** The wait before attempt {@code attempts + 1}. */
    Duration delay(int attempts) {
        long base = baseDelay.toMillis();
        long exp = base << Math.min(attempts - 1, 30);
        if (exp <= 0 || exp > maxDelay.toMillis()) exp = maxDelay.toMillis();
        long jittered = exp / 2 + (long) (random.nextDouble() * (exp - exp / 2));
        return Duration.ofMillis(Math.max(1, jittered));
    }

    private static String trim(String s) {
        return s == null || s.length() <= 1900 ? s : s.substring(0, 1900) + "...";
    }

    /**
     * Stops the dispatcher without interrupting a database write (an interrupt during a file write
     * closes H2's file channel, and with it the database): the loop is woken and it and the attempts
     * under way get 5 s each to finish; only a send still hanging then is interrupted.
     */
    @Override
    public void close() {
        closed = true;
        wake();
        try {
            thread.join(5000);
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(5000);
            }
            senders.shutdown();
            if (!senders.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS)) senders.shutdownNow();
        } catch (InterruptedException e) {
            senders.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
