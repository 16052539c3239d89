package org.reportonce.protocol;

import java.time.Instant;
import java.util.List;

/**
 * The answer to an accepted report (201). The PIN appears here once and is never shown again.
 *
 * @param refused signals left out of the report, each with the reason (e.g. PDQ quality below 50);
 *                the rest of the report stands
 */
public record ReportResponse(
        String caseNumber, String pin, String status, Instant reportedAt, Instant deadline,
        List<AcceptedSignal> signals, List<RefusedSignal> refused) {

    public record AcceptedSignal(int item, long signalId, SignalType type, String value) {}

    public record RefusedSignal(int item, SignalType type, String value, String reason) {}
}
