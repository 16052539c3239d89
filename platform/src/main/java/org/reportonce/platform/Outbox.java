package org.reportonce.platform;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * The transactional outbox: a message is written in the same transaction as the state change it
 * announces (a match, a confirmation), and {@link OutboxDispatcher} delivers it afterwards with
 * retries. The idempotency key is unique, so announcing the same thing twice stores one message.
 */
final class Outbox {

    enum Target {
        /** The platform's takedown webhook. */
        WEBHOOK,
        /** {@code POST /v1/feedback} on the hub. */
        HUB_FEEDBACK,
        /** {@code POST /v1/takedowns} on the hub. */
        HUB_TAKEDOWN;

        static final Set<Target> HUB = Set.of(HUB_FEEDBACK, HUB_TAKEDOWN);
    }

    /** A message as stored. */
    record Message(long id, Target target, String idemKey, String takedownId, String body, int attempts) {}

    private Outbox() {}

    /** Adds a message unless one with the same idempotency key exists; true when added. */
    static boolean enqueue(Handle h, Target target, String idemKey, String takedownId, String body, Instant now) {
        boolean exists = h.createQuery("select count(*) from outbox where idem_key = :k").bind("k", idemKey)
                .mapTo(Integer.class).one() > 0;
        if (exists) return false;
        h.createUpdate("""
                insert into outbox (target, idem_key, takedown_id, body, state, attempts, next_attempt_at, created_at)
                values (:t, :k, :td, :b, 'PENDING', 0, :now, :now)""")
                .bind("t", target.name()).bind("k", idemKey).bind("td", takedownId).bind("b", body).bind("now", now)
                .execute();
        return true;
    }

    /** Cancels undelivered messages of a takedown to a target; returns how many. */
    static int cancelPending(Handle h, String takedownId, Target target, Instant now) {
        return h.createUpdate("""
                update outbox set state = 'CANCELLED', done_at = :now
                where takedown_id = :td and target = :t and state = 'PENDING'""")
                .bind("td", takedownId).bind("t", target.name()).bind("now", now).execute();
    }

    static List<String> targetNames(Set<Target> targets) {
        return targets.stream().map(Enum::name).sorted().toList();
    }
}
