package org.reportonce.hub.stopncii;

/**
 * StopNCII's case status, used both per case ({@code caseNumbers}) and for the hash as a whole
 * ({@code hashStatus}).
 *
 * <p>Per case it is the case's own status: received (stored, not yet sent to any platform), active
 * (sent), withdrawn (by its holder), deleted (removed by the hub). For the hash: an active signal is
 * {@code Active} when one of its cases has been sent to some platform, else {@code Received}; a
 * deleted signal is {@code Withdrawn} when every case behind it was withdrawn, else {@code Deleted}
 * (an operator suppressed it after a dispute, or its cases were deleted). Clients delete a hash whose
 * status is {@code Withdrawn} or {@code Deleted}.
 */
public enum HashStatus {
    Unknown,
    Received,
    Active,
    Withdrawn,
    Deleted;

    /** A case's status as the hub stores it (received, active, withdrawn, deleted). */
    static HashStatus ofCase(String stored) {
        return switch (stored) {
            case "received" -> Received;
            case "active" -> Active;
            case "withdrawn" -> Withdrawn;
            case "deleted" -> Deleted;
            default -> Unknown;
        };
    }
}
