package org.reportonce.platform;

import java.time.Instant;

/**
 * A match of a signal with a piece of the platform's content, as the matcher tracks it.
 *
 * @param id       stable id derived from (signal, content): the same on every matcher instance
 * @param source   {@code upload} (found when checked at upload) or {@code stored} (found in stored
 *                 content when the signal arrived or the content was registered)
 * @param state    FOUND (awaiting the platform's decision), BLOCKED, NOT_BLOCKED, WITHDRAWN (the
 *                 signal was withdrawn before a decision)
 * @param leadId   the takedown this one joined: the same content's undecided takedown when this match
 *                 was found (announced to the webhook, decided together); null when this one leads
 * @param webhook  delivery of the match (of its lead's, for a follower) to the platform's webhook (null
 *                 when no webhook is configured)
 */
public record Takedown(String id, long signalId, String contentReference, int distance, String variant,
                       String source, Instant foundAt, Instant deadline, String state, Instant decidedAt,
                       Instant removedAt, String leadId, Delivery webhook) {

    /** State of one outbox message: PENDING, SENT, DEAD (dead letter) or CANCELLED. */
    public record Delivery(String state, int attempts, String lastError, Instant nextAttemptAt) {}
}
