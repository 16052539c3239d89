package org.reportonce.hub.stopncii;

import java.util.List;

/**
 * {@code POST /stopncii/v1/SubmitFeedback}: what python-threatexchange's {@code submit_feedbacks} sends.
 * There is no signal type; the hash's length says which it is (32 hex: VideoMD5, 64 hex: ImagePDQ).
 *
 * @param count must equal the number of entries
 */
public record SubmitFeedbackRequest(Integer count, List<HashFeedback> hashFeedbacks) {

    public record HashFeedback(List<String> tags, String feedbackValue, String hashValue) {}
}
