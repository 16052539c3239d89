package org.reportonce.hub.stopncii;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.reportonce.protocol.Declarations;

/**
 * {@code POST /stopncii/v1/SubmitHashes}: what python-threatexchange's {@code submit_hashes} sends,
 * plus two optional ReportOnce extensions that StopNCII clients do not send.
 *
 * @param count        must equal the number of records (a cut-off body is refused, not half-read)
 * @param hashRecords  one per hash; each becomes its own case (one reported image or video)
 * @param declarations extension: the three declarations for every report in this call; when absent,
 *                     the standing declarations recorded on the calling key are used
 */
public record SubmitHashesRequest(Integer count, List<Record> hashRecords, Declarations declarations) {

    /**
     * @param lastModtimestamp unix seconds: when the platform's user reported (starts the 48-hour clock);
     *                         python-threatexchange sends the submission time. Null means now.
     * @param signalType       ImagePDQ or VideoMD5 (also as python's "StopNCIISignalType.ImagePDQ")
     * @param CSPFeedbacks     the platform's own verdict on the hash, recorded as its feedback
     * @param quality          extension: PDQ quality 0..100, required for ImagePDQ (the hub refuses
     *                         PDQs below 50 and cannot check without it)
     */
    public record Record(Long lastModtimestamp, String signalType, String hashValue,
            @JsonProperty("CSPFeedbacks") List<Feedback> CSPFeedbacks, Integer quality) {}

    /** python's {@code as_dict_for_post}: tags and feedbackValue. */
    public record Feedback(List<String> tags, String feedbackValue) {}
}
