package org.reportonce.hub.stopncii;

import java.time.Instant;
import java.util.List;

/**
 * The answer to SubmitHashes (python-threatexchange only checks the status): the case made for each
 * record, with its case number and PIN for the platform to give its user (shown once, as on
 * {@code POST /v1/reports}).
 */
public record SubmitHashesResponse(int count, List<Filed> hashRecords) {

    public record Filed(String hashValue, StopNciiSignalType signalType, long signalId, String caseNumber, String pin,
            Instant reportedAt, Instant deadline) {}
}
