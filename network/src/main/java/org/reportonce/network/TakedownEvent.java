package org.reportonce.network;

import java.time.Instant;
import java.util.Objects;

/**
 * One step of a demo takedown system's work, in the order it happened.
 *
 * @param at               the takedown system's clock when it happened
 * @param platform         display name of the platform whose takedown system acted
 * @param kind             what happened
 * @param takedownId       the matcher's takedown id (null for a refused call that named none)
 * @param signalId         the hub's signal id (0 when unknown)
 * @param contentReference the platform's id of the content
 * @param distance         Hamming distance of the match (-1 when unknown)
 * @param variant          which dihedral variant of the content matched (null for exact or unknown)
 * @param detail           a short human explanation (why refused, where the file went, ...)
 */
public record TakedownEvent(Instant at, String platform, Kind kind, String takedownId, long signalId,
                            String contentReference, int distance, String variant, String detail) {

    public enum Kind {
        /** The webhook arrived with a valid signature. */
        WEBHOOK_RECEIVED,
        /** The file was moved to the quarantine folder (or was already there). */
        QUARANTINED,
        /** The platform's matcher accepted the decision (Blocked, with the removal time). */
        CONFIRMED,
        /** The signal was withdrawn before a decision: nothing to do. */
        WITHDRAWN,
        /** A call was refused (bad signature, stale timestamp, malformed body, reference outside the content folder). */
        REFUSED,
        /** Confirming to the matcher failed after retries. */
        FAILED
    }

    public TakedownEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(kind, "kind");
    }
}
