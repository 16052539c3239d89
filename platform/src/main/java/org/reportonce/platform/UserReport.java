package org.reportonce.platform;

import java.time.Instant;
import java.util.List;
import org.reportonce.protocol.Declarations;
import org.reportonce.protocol.SignalInput;

/**
 * A report a user made to the platform (the "report once, to any one platform" channel), to be
 * forwarded to the hub so every other member receives it.
 *
 * @param declarations     the three declarations the user made (all must be true)
 * @param reportedAt       when the user reported to the platform (starts the 48-hour clock); null = now
 * @param contentReference the platform's id of the reported content, if it hosts it
 * @param items            one per reported image or video
 */
public record UserReport(Declarations declarations, Instant reportedAt, String contentReference, List<Item> items) {

    /**
     * One reported image or video: hashes the platform computed, or the bytes (base64) for the matcher
     * to hash (the PDQ signal set — the canonical PDQ of the picture and of variants anticipating crops
     * and small turns — with qualities, MD5, SHA-256). The bytes are hashed and dropped, never sent.
     */
    public record Item(String label, List<SignalInput> signals, String imageBase64) {}
}
