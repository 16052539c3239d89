package org.reportonce.hub.stopncii;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;
import org.reportonce.protocol.FeedbackValue;

/**
 * {@code GET /stopncii/v1/FetchHashes}: field for field what python-threatexchange's
 * {@code FetchHashesResponse} dataclass reads.
 *
 * @param count            records in this page
 * @param nextPageToken    opaque; pass it back as {@code nextPageToken} for the next page. Always a string.
 * @param nextSetTimestamp unix seconds; a later {@code startTimestamp=} resumes from here without loss
 * @param hasMoreRecords   whether changes were waiting beyond this page when it was cut
 * @param hashRecords      the current state of each hash that changed, in change order
 */
@JsonPropertyOrder({"count", "nextPageToken", "nextSetTimestamp", "hasMoreRecords", "hashRecords"})
public record FetchHashesResponse(int count, String nextPageToken, long nextSetTimestamp, boolean hasMoreRecords,
        List<HashRecord> hashRecords) {

    /**
     * One hash and its state (python's {@code StopNCIIHashRecord}).
     *
     * @param lastModtimestamp unix seconds of the change that put the hash in this page
     * @param caseNumbers      each case behind the hash, by a pseudonymous case id, with its status
     * @param CSPFeedbacks     the calling platform's own latest feedback on the hash (other platforms'
     *                         verdicts are not shown: no platform sees another's data)
     */
    @JsonPropertyOrder({"lastModtimestamp", "signalType", "hashValue", "hashStatus", "caseNumbers", "CSPFeedbacks"})
    public record HashRecord(long lastModtimestamp, StopNciiSignalType signalType, String hashValue, HashStatus hashStatus,
            Map<String, HashStatus> caseNumbers, @JsonProperty("CSPFeedbacks") List<CspFeedback> CSPFeedbacks) {}

    /** A platform's verdict (python's {@code StopNCIICSPFeedback}); {@code source} is the platform's display name. */
    @JsonPropertyOrder({"feedbackValue", "tags", "source"})
    public record CspFeedback(FeedbackValue feedbackValue, List<String> tags, String source) {}
}
