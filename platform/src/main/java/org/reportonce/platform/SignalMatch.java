package org.reportonce.platform;

import java.time.Instant;
import org.reportonce.protocol.SignalChange.SignalStatus;
import org.reportonce.protocol.SignalType;

/**
 * A signal the content matched.
 *
 * @param distance   Hamming distance (0 for an exact MD5/SHA-256 match)
 * @param variant    which dihedral variant of the content matched (orig, rot90, ..., flip_minus1), null
 *                   for exact matches or when the query did not say
 * @param queryHash  the query hash that matched
 * @param takedownId the takedown recorded for it (null when the request gave no content reference)
 */
public record SignalMatch(long signalId, SignalType type, String value, int distance, String variant,
                          SignalStatus status, Instant reportedAt, Instant deadline, String queryHash, String takedownId) {

    SignalMatch withTakedown(String id) {
        return new SignalMatch(signalId, type, value, distance, variant, status, reportedAt, deadline, queryHash, id);
    }
}
