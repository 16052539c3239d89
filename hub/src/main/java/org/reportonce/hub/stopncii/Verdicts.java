package org.reportonce.hub.stopncii;

import java.util.List;
import java.util.TreeSet;
import org.reportonce.protocol.FeedbackValue;
import org.reportonce.protocol.Problem.FieldError;

/**
 * Checks a StopNCII feedback value and tags before anything is stored, with the field path in every
 * message, so a batch is refused whole rather than half-applied.
 *
 * <p>StopNCII knows eight feedback values; the hub records the four that are a platform's verdict
 * (None, PendingReview, Blocked, NotBlocked). Withdrawn and Deleted are case statuses, Unknown and
 * QualityUnknown say nothing: they are refused with a message saying what to send instead. The tag
 * limits are those of {@code POST /v1/feedback} (at most 20, 1 to 100 characters, no commas).
 */
final class Verdicts {

    static final int MAX_TAGS = 20;
    static final int MAX_TAG_LENGTH = 100;

    private Verdicts() {}

    /** The value, or null after adding an error for {@code field}. */
    static FeedbackValue value(String field, String wire, List<FieldError> errors) {
        if (wire == null) {
            errors.add(new FieldError(field, "required: one of None, PendingReview, Blocked, NotBlocked"));
            return null;
        }
        for (FeedbackValue v : FeedbackValue.values()) {
            if (v.wire().equals(wire)) return v;
        }
        String hint = switch (wire) {
            case "Withdrawn", "Deleted" -> "; it is a case status, not a platform's verdict: send Blocked when you removed the content";
            case "Unknown", "QualityUnknown" -> "; it carries no verdict: send None to tag without one";
            default -> "";
        };
        errors.add(new FieldError(field, "must be one of None, PendingReview, Blocked, NotBlocked, got '" + abbreviate(wire) + "'" + hint));
        return null;
    }

    /** The tags, trimmed, deduplicated and sorted; an error for {@code field} when one is not acceptable. */
    static List<String> tags(String field, List<String> tags, List<FieldError> errors) {
        if (tags == null) return List.of();
        if (tags.size() > MAX_TAGS) {
            errors.add(new FieldError(field, "at most " + MAX_TAGS + " tags, got " + tags.size()));
            return List.of();
        }
        TreeSet<String> out = new TreeSet<>();
        for (String t : tags) {
            if (t == null || t.isBlank() || t.length() > MAX_TAG_LENGTH || t.contains(",")) {
                errors.add(new FieldError(field, "each tag must be 1 to " + MAX_TAG_LENGTH + " characters without commas"));
                return List.of();
            }
            out.add(t.trim());
        }
        return List.copyOf(out);
    }

    static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
