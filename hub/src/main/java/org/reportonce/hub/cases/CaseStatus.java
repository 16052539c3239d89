package org.reportonce.hub.cases;

import java.time.Instant;
import java.util.List;
import org.reportonce.protocol.SignalType;

/**
 * What a case holder sees ({@code POST /v1/cases/status}, {@code /v1/cases/withdraw}) and what a
 * support service sees of its own cases. Platforms appear by display name only; no hash values.
 *
 * @param status    received (stored, not yet sent to any platform), active (sent), withdrawn, deleted
 * @param platforms one row per member platform, each with its own 48-hour clock
 */
public record CaseStatus(
        String caseNumber,
        String status,
        String source,
        Instant reportedAt,
        Instant receivedAt,
        Instant deadline,
        Instant closedAt,
        List<Item> items,
        List<PlatformRow> platforms) {

    public record Item(int item, String label, List<Signal> signals) {}

    public record Signal(long signalId, SignalType type, String status) {}

    /**
     * @param state on_time, at_risk, breached, done, withdrawn
     * @param outcome removed, not_blocked, or null while open
     */
    public record PlatformRow(String platform, Instant deliveredAt, Instant matchedAt, Instant removedAt, int matches,
            Instant deadline, String state, String outcome) {}
}
