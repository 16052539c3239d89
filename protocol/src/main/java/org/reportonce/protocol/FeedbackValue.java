package org.reportonce.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A platform's verdict on a signal. The wire names are StopNCII's CSP feedback values, so the same
 * words work on both APIs.
 */
public enum FeedbackValue {
    /** Tag without changing the state. */
    NONE("None"),
    /** A match was found and is awaiting the platform's review. */
    PENDING_REVIEW("PendingReview"),
    /** Reviewed: the content is intimate image abuse and was blocked or removed. */
    BLOCKED("Blocked"),
    /** Reviewed: the platform did not block it (a dispute signal when several say so). */
    NOT_BLOCKED("NotBlocked");

    private final String wire;

    FeedbackValue(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static FeedbackValue fromWire(String s) {
        for (FeedbackValue v : values()) {
            if (v.wire.equals(s)) return v;
        }
        throw new IllegalArgumentException(
                "feedback value must be one of None, PendingReview, Blocked, NotBlocked; got "
                        + (s == null ? "nothing" : "'" + s + "'"));
    }
}
