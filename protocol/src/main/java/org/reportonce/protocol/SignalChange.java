package org.reportonce.protocol;

import java.time.Instant;

/**
 * One entry of the hub's signal stream: the new state of one signal after a change.
 *
 * <p>{@code seq} is the hub's monotonic sequence number; a platform stores the highest {@code seq}
 * it has applied as its checkpoint and asks for {@code after=seq}. Applying the same change twice
 * is harmless (the state is a snapshot, not a delta).
 *
 * @param seq       position in the stream, strictly increasing
 * @param signalId  the hub's id for (type, value); stable for the signal's life
 * @param type      what the value is a hash of
 * @param value     lowercase hex
 * @param quality   PDQ quality 0..100, null for exact hashes
 * @param status    ACTIVE: match it; DELETED: forget it (withdrawn, or no active case backs it)
 * @param reportedAt the earliest report time among the active cases behind it (starts the 48 h clock)
 * @param deadline  reportedAt + 48 h: when the platform must have removed every copy
 * @param changedAt when the hub made this change
 */
public record SignalChange(
        long seq,
        long signalId,
        SignalType type,
        String value,
        Integer quality,
        SignalStatus status,
        Instant reportedAt,
        Instant deadline,
        Instant changedAt) {

    public enum SignalStatus { ACTIVE, DELETED }
}
