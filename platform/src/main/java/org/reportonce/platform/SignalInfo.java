package org.reportonce.platform;

import java.time.Instant;
import org.reportonce.protocol.SignalChange.SignalStatus;
import org.reportonce.protocol.SignalType;

/**
 * What the local bank knows about one signal.
 *
 * @param deadline when every copy must be gone (the report time + 48 h, from the hub)
 */
public record SignalInfo(long signalId, SignalType type, String value, Integer quality, SignalStatus status,
                         Instant reportedAt, Instant deadline, long seq) {}
