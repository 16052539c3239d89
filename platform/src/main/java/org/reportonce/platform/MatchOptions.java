package org.reportonce.platform;

/**
 * How to treat one match request.
 *
 * @param threshold        PDQ distance limit for this request (0..64); null = the configured default
 * @param contentReference the platform's id of the content being checked; when given, every match
 *                         becomes a takedown (webhook + PendingReview to the hub). Without it the
 *                         request only answers (and writes nothing).
 * @param register         also register the content as stored content (needs {@code contentReference}),
 *                         so signals arriving later find it
 */
public record MatchOptions(Integer threshold, String contentReference, boolean register) {

    public static final MatchOptions DEFAULT = new MatchOptions(null, null, false);

    public MatchOptions {
        if (threshold != null && (threshold < 0 || threshold > 64)) {
            throw new IllegalArgumentException("threshold must be 0..64 bits, got " + threshold);
        }
        if (contentReference != null && contentReference.isBlank()) contentReference = null;
        if (contentReference != null && contentReference.length() > ContentRegistration.MAX_REFERENCE_LENGTH) {
            throw new IllegalArgumentException("contentReference must be at most "
                    + ContentRegistration.MAX_REFERENCE_LENGTH + " characters, got " + contentReference.length());
        }
        if (register && contentReference == null) {
            throw new IllegalArgumentException("register=true needs a contentReference to register the content under");
        }
    }

    public static MatchOptions forContent(String contentReference) {
        return new MatchOptions(null, contentReference, false);
    }
}
