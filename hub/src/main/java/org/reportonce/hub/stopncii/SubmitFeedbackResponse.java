package org.reportonce.hub.stopncii;

import java.util.List;
import org.reportonce.protocol.FeedbackValue;

/** The answer to SubmitFeedback: each entry as recorded, with the signal it was matched to. */
public record SubmitFeedbackResponse(int count, List<Recorded> hashFeedbacks) {

    /** @param disputeOpened the dispute this verdict opened (several platforms said NotBlocked), else null */
    public record Recorded(String hashValue, StopNciiSignalType signalType, long signalId, FeedbackValue feedbackValue,
            List<String> tags, Long disputeOpened) {}
}
