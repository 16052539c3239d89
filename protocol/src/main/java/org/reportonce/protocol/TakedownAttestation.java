package org.reportonce.protocol;

import java.time.Instant;

/**
 * {@code POST /v1/takedowns}: a platform attests that it found content matching a signal and when
 * it removed it. {@code contentReference} is the platform's own opaque id, never content.
 *
 * @param distance  Hamming distance of the match (0 for exact hashes)
 * @param removedAt null while the content is found but not yet removed
 */
public record TakedownAttestation(
        long signalId, String contentReference, int distance, Instant foundAt, Instant removedAt) {}
