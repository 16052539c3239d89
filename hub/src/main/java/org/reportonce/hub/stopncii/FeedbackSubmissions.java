package org.reportonce.hub.stopncii;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.reportonce.hub.auth.Caller;
import org.reportonce.hub.compliance.FeedbackService;
import org.reportonce.hub.http.ApiException;
import org.reportonce.hub.store.Database;
import org.reportonce.protocol.FeedbackRequest;
import org.reportonce.protocol.FeedbackValue;
import org.reportonce.protocol.Problem.FieldError;
import org.reportonce.protocol.SignalType;

/**
 * SubmitFeedback: a platform's verdicts on hashes, recorded exactly as {@code POST /v1/feedback} records
 * them (the platform's feedback history, its latest verdict per signal, the audit log, the dispute rule).
 *
 * <p>StopNCII's body names a hash by value only. The length tells the type: 32 hex characters are an
 * MD5 (VideoMD5), 64 a PDQ (ImagePDQ); SHA-256 signals are not on this API. The whole batch is checked
 * first (values, tags, that every hash is known here) and refused with every problem listed, so a bad
 * entry never leaves the batch half-applied.
 */
final class FeedbackSubmissions {

    static final int MAX_ENTRIES = 1000;

    private final Database db;
    private final FeedbackService feedback;

    FeedbackSubmissions(Database db, FeedbackService feedback) {
        this.db = db;
        this.feedback = feedback;
    }

    private record Checked(String hashValue, SignalType type, FeedbackValue value, List<String> tags) {}

    SubmitFeedbackResponse submit(Caller.Authenticated platform, SubmitFeedbackRequest body) {
        if (body == null) throw ApiException.invalid("body", "a JSON object with count and hashFeedbacks is required");
        List<FieldError> errors = new ArrayList<>();
        List<SubmitFeedbackRequest.HashFeedback> entries = body.hashFeedbacks();
        if (entries == null || entries.isEmpty()) {
            throw ApiException.invalid("hashFeedbacks", "at least one entry {hashValue, feedbackValue, tags} is required");
        }
        if (entries.size() > MAX_ENTRIES) {
            throw ApiException.invalid("hashFeedbacks", "at most " + MAX_ENTRIES + " entries per call, got " + entries.size() + "; split the batch");
        }
        checkCount(body.count(), entries.size(), "hashFeedbacks", errors);
        List<Checked> checked = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String f = "hashFeedbacks[" + i + "]";
            SubmitFeedbackRequest.HashFeedback e = entries.get(i);
            if (e == null) {
                errors.add(new FieldError(f, "must be an object with hashValue, feedbackValue and tags"));
                continue;
            }
            SignalType type = typeByLength(f + ".hashValue", e.hashValue(), errors);
            FeedbackValue value = Verdicts.value(f + ".feedbackValue", e.feedbackValue(), errors);
            List<String> tags = Verdicts.tags(f + ".tags", e.tags(), errors);
            if (type != null && value != null) checked.add(new Checked(e.hashValue().toLowerCase(Locale.ROOT), type, value, tags));
        }
        if (!errors.isEmpty()) throw ApiException.invalid(errors);
        Map<String, Long> ids = signalIds(checked);
        List<FieldError> unknown = new ArrayList<>();
        for (int i = 0; i < checked.size(); i++) {
            Checked c = checked.get(i);
            if (!ids.containsKey(key(c.type(), c.hashValue()))) {
                unknown.add(new FieldError("hashFeedbacks[" + i + "].hashValue", "no " + StopNciiSignalType.of(c.type()).orElseThrow()
                        + " hash " + c.hashValue() + " on this hub; give feedback on hashes received from FetchHashes"));
            }
        }
        if (!unknown.isEmpty()) {
            throw ApiException.unprocessable(unknown.size() == 1 ? unknown.get(0).message()
                    : unknown.size() + " hashes are not known to this hub; see errors. Nothing was recorded", unknown);
        }
        List<SubmitFeedbackResponse.Recorded> recorded = new ArrayList<>();
        for (Checked c : checked) {
            long id = ids.get(key(c.type(), c.hashValue()));
            var result = feedback.feedback(platform, new FeedbackRequest(id, c.value(), new LinkedHashSet<>(c.tags())));
            recorded.add(new SubmitFeedbackResponse.Recorded(c.hashValue(), StopNciiSignalType.of(c.type()).orElseThrow(), id,
                    c.value(), c.tags(), result.disputeOpened()));
        }
        return new SubmitFeedbackResponse(recorded.size(), recorded);
    }

    private Map<String, Long> signalIds(List<Checked> checked) {
        Set<String> pdq = new LinkedHashSet<>();
        Set<String> md5 = new LinkedHashSet<>();
        for (Checked c : checked) (c.type() == SignalType.PDQ ? pdq : md5).add(c.hashValue());
        Map<String, Long> out = new HashMap<>();
        db.read(h -> {
            for (var group : List.of(Map.entry(SignalType.PDQ, pdq), Map.entry(SignalType.MD5, md5))) {
                if (group.getValue().isEmpty()) continue;
                h.createQuery("SELECT id, hash_value FROM signal WHERE signal_type = :t AND hash_value IN (<v>)")
                        .bind("t", group.getKey().wire()).bindList("v", List.copyOf(group.getValue()))
                        .map((rs, ctx) -> out.put(key(group.getKey(), rs.getString(2)), rs.getLong(1)))
                        .forEach(x -> { });
            }
            return null;
        });
        return out;
    }

    private static String key(SignalType t, String value) {
        return t.wire() + ":" + value;
    }

    /** MD5 or PDQ by the value's length; null after adding an error. */
    static SignalType typeByLength(String field, String value, List<FieldError> errors) {
        if (value == null || value.isEmpty()) {
            errors.add(new FieldError(field, "required: the hash as hexadecimal (32 characters for VideoMD5, 64 for ImagePDQ)"));
            return null;
        }
        SignalType type = switch (value.length()) {
            case 32 -> SignalType.MD5;
            case 64 -> SignalType.PDQ;
            default -> null;
        };
        if (type == null) {
            errors.add(new FieldError(field, "must be 32 hex characters (VideoMD5) or 64 (ImagePDQ), got " + value.length()));
            return null;
        }
        String bad = hexError(value);
        if (bad != null) {
            errors.add(new FieldError(field, bad));
            return null;
        }
        return type;
    }

    static String hexError(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!hex) return "must be hexadecimal (0-9, a-f); found '" + (Character.isISOControl(c) || Character.isWhitespace(c)
                    ? "\\u" + String.format(Locale.ROOT, "%04x", (int) c) : String.valueOf(c)) + "' at position " + i;
        }
        return null;
    }

    static void checkCount(Integer count, int actual, String list, List<FieldError> errors) {
        if (count == null) {
            errors.add(new FieldError("count", "required: the number of entries in " + list + " (" + actual + " here)"));
        } else if (count != actual) {
            errors.add(new FieldError("count", "says " + count + " but " + list + " has " + actual
                    + " entries; the body may have been cut off. Nothing was recorded"));
        }
    }
}
