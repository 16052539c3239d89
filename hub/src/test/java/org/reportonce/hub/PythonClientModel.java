package org.reportonce.hub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON that python-threatexchange's StopNCII client reads, written down from its dataclasses
 * ({@code threatexchange/exchanges/clients/stopncii/api.py}): every field name with its JSON kind, and
 * every enum's values. {@link #assertFetchResponse} checks a FetchHashes answer against it exactly:
 * no field missing, none extra, each of the right kind, each enum value one the client knows (the
 * client drops a record holding a value it does not know).
 */
final class PythonClientModel {

    static final List<String> SIGNAL_TYPES = List.of("Unknown", "ImagePDQ", "VideoMD5", "VideoTMK", "Text", "URL");
    static final List<String> CASE_STATUSES = List.of("Unknown", "Received", "Active", "Withdrawn", "Deleted");
    static final List<String> FEEDBACK_VALUES = List.of("Unknown", "None", "QualityUnknown", "PendingReview", "Blocked", "NotBlocked",
            "Withdrawn", "Deleted");

    /** FetchHashesResponse: count int, nextPageToken str, nextSetTimestamp int, hasMoreRecords bool, hashRecords list. */
    static final Map<String, String> FETCH_RESPONSE = Map.of("count", "int", "nextPageToken", "str", "nextSetTimestamp", "int",
            "hasMoreRecords", "bool", "hashRecords", "list");
    /** StopNCIIHashRecord. */
    static final Map<String, String> HASH_RECORD = Map.of("lastModtimestamp", "int", "signalType", "signalType", "hashValue", "str",
            "hashStatus", "caseStatus", "caseNumbers", "caseMap", "CSPFeedbacks", "list");
    /** StopNCIICSPFeedback. */
    static final Map<String, String> CSP_FEEDBACK = Map.of("feedbackValue", "feedbackValue", "tags", "strList", "source", "str");

    private PythonClientModel() {}

    static void assertFetchResponse(JsonNode page) {
        assertObject("FetchHashesResponse", page, FETCH_RESPONSE);
        assertThat(page.get("count").asInt()).as("count is the number of records").isEqualTo(page.get("hashRecords").size());
        for (JsonNode r : page.get("hashRecords")) {
            assertObject("StopNCIIHashRecord", r, HASH_RECORD);
            for (JsonNode f : r.get("CSPFeedbacks")) assertObject("StopNCIICSPFeedback", f, CSP_FEEDBACK);
        }
    }

    private static void assertObject(String what, JsonNode o, Map<String, String> spec) {
        assertThat(o.isObject()).as(what + " is an object: " + o).isTrue();
        Set<String> names = new java.util.TreeSet<>();
        o.fieldNames().forEachRemaining(names::add);
        assertThat(names).as(what + " fields").isEqualTo(new java.util.TreeSet<>(spec.keySet()));
        spec.forEach((field, kind) -> assertKind(what + "." + field, o.get(field), kind));
    }

    private static void assertKind(String what, JsonNode v, String kind) {
        switch (kind) {
            case "int" -> assertThat(v.isIntegralNumber()).as(what + " is an integer: " + v).isTrue();
            case "str" -> assertThat(v.isTextual()).as(what + " is a string: " + v).isTrue();
            case "bool" -> assertThat(v.isBoolean()).as(what + " is a boolean: " + v).isTrue();
            case "list" -> assertThat(v.isArray()).as(what + " is a list: " + v).isTrue();
            case "strList" -> {
                assertThat(v.isArray()).as(what + " is a list: " + v).isTrue();
                v.forEach(x -> assertThat(x.isTextual()).as(what + " holds strings: " + v).isTrue());
            }
            case "signalType" -> assertThat(v.asText()).as(what).isIn(SIGNAL_TYPES);
            case "caseStatus" -> assertThat(v.asText()).as(what).isIn(CASE_STATUSES);
            case "feedbackValue" -> assertThat(v.asText()).as(what).isIn(FEEDBACK_VALUES);
            case "caseMap" -> {
                assertThat(v.isObject()).as(what + " is a dict: " + v).isTrue();
                v.properties().forEach(e -> assertThat(e.getValue().asText()).as(what + "[" + e.getKey() + "]").isIn(CASE_STATUSES));
            }
            default -> throw new IllegalArgumentException("unknown kind " + kind);
        }
    }
}
