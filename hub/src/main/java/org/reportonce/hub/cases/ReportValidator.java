package org.reportonce.hub.cases;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.reportonce.hub.http.ApiException;
import org.reportonce.protocol.Problem.FieldError;
import org.reportonce.protocol.ReportRequest;
import org.reportonce.protocol.ReportResponse.RefusedSignal;
import org.reportonce.protocol.SignalInput;
import org.reportonce.protocol.SignalType;

/**
 * Checks a report where it enters. Malformed input (a missing declaration, bad hex, a wrong length, a
 * time in the future) is an error naming the field; a well-formed signal that cannot be used (PDQ
 * quality below 50, a type not accepted yet) is refused with its reason and the rest of the report stands.
 */
final class ReportValidator {

    static final int MIN_PDQ_QUALITY = 50;
    static final int MAX_ITEMS = 100;
    static final int MAX_SIGNALS_PER_ITEM = 256;
    /**
     * Room for every item of a full report to carry a whole signal set (up to ~40 PDQ hashes) and its
     * exact hashes; 6 400 signals are ~0.65 MB of JSON, under the default 1 MiB body limit.
     */
    static final int MAX_SIGNALS = MAX_ITEMS * 64;
    /** Clocks disagree a little; a report time this far ahead of the hub's is taken as "now". */
    static final Duration FUTURE_TOLERANCE = Duration.ofSeconds(60);

    record ValidSignal(int item, SignalType type, String value, Integer quality) {}

    record ValidItem(int index, String label) {}

    record ValidReport(Instant reportedAt, List<ValidItem> items, List<ValidSignal> accepted,
            List<RefusedSignal> refused, String contentReference) {}

    private ReportValidator() {}

    static ValidReport validate(ReportRequest r, Instant now) {
        if (r == null) throw ApiException.invalid("body", "a JSON object with declarations and items is required");
        List<FieldError> errors = new ArrayList<>();
        if (r.declarations() == null) {
            errors.add(new FieldError("declarations", "required: intimateImage, personShownOrActing and goodFaithAndTrue must all be true"));
        } else {
            if (!r.declarations().intimateImage()) errors.add(new FieldError("declarations.intimateImage", "must be true: the content is intimate image content"));
            if (!r.declarations().personShownOrActing()) errors.add(new FieldError("declarations.personShownOrActing", "must be true: the reporter is the person shown or acts on their behalf"));
            if (!r.declarations().goodFaithAndTrue()) errors.add(new FieldError("declarations.goodFaithAndTrue", "must be true: the report is made in good faith and is true"));
        }
        Instant reportedAt = r.reportedAt() == null ? now : r.reportedAt();
        if (reportedAt.isAfter(now.plus(FUTURE_TOLERANCE))) {
            errors.add(new FieldError("reportedAt", "must not be in the future; the hub's time is " + now + ", got " + reportedAt));
        } else if (reportedAt.isAfter(now)) {
            reportedAt = now;
        }
        String ref = r.contentReference();
        if (ref != null && (ref.length() > 500 || ref.isBlank())) {
            errors.add(new FieldError("contentReference", "must be 1 to 500 characters when given, got " + ref.length()));
        }
        List<ValidItem> items = new ArrayList<>();
        List<ValidSignal> accepted = new ArrayList<>();
        List<RefusedSignal> refused = new ArrayList<>();
        if (r.items() == null || r.items().isEmpty()) {
            errors.add(new FieldError("items", "at least one item (one reported image or video with its signals) is required"));
        } else if (r.items().size() > MAX_ITEMS) {
            errors.add(new FieldError("items", "at most " + MAX_ITEMS + " items per report, got " + r.items().size()));
        } else {
            int total = 0;
            for (int i = 0; i < r.items().size(); i++) {
                ReportRequest.Item item = r.items().get(i);
                String f = "items[" + i + "]";
                if (item == null) {
                    errors.add(new FieldError(f, "must be an object with signals"));
                    continue;
                }
                if (item.label() != null && item.label().length() > 200) {
                    errors.add(new FieldError(f + ".label", "must be at most 200 characters, got " + item.label().length()));
                }
                items.add(new ValidItem(i, item.label()));
                List<SignalInput> signals = item.signals();
                if (signals == null || signals.isEmpty()) {
                    errors.add(new FieldError(f + ".signals", "at least one signal is required"));
                    continue;
                }
                if (signals.size() > MAX_SIGNALS_PER_ITEM) {
                    errors.add(new FieldError(f + ".signals", "at most " + MAX_SIGNALS_PER_ITEM + " signals per item, got " + signals.size()));
                    continue;
                }
                total += signals.size();
                for (int j = 0; j < signals.size(); j++) {
                    checkSignal(i, f + ".signals[" + j + "]", signals.get(j), errors, accepted, refused);
                }
            }
            if (total > MAX_SIGNALS) errors.add(new FieldError("items", "at most " + MAX_SIGNALS + " signals per report, got " + total));
        }
        if (!errors.isEmpty()) throw ApiException.invalid(errors);
        return new ValidReport(reportedAt, items, accepted, refused, ref);
    }

    private static void checkSignal(int item, String f, SignalInput s, List<FieldError> errors,
            List<ValidSignal> accepted, List<RefusedSignal> refused) {
        if (s == null) {
            errors.add(new FieldError(f, "must be an object with type, value and (for pdq) quality"));
            return;
        }
        if (s.type() == null) {
            errors.add(new FieldError(f + ".type", "required: one of pdq, md5, sha256"));
            return;
        }
        if (s.value() == null) {
            errors.add(new FieldError(f + ".value", "required: the hash as hexadecimal"));
            return;
        }
        if (s.type() == SignalType.VPDQ) {
            refused.add(new RefusedSignal(item, s.type(), truncate(s.value()), "vpdq signals are not accepted yet; send the video's md5 or sha256"));
            return;
        }
        String hexError = hexError(s.value(), s.type().hexLength(), s.type().wire());
        if (hexError != null) {
            errors.add(new FieldError(f + ".value", hexError));
            return;
        }
        String value = s.value().toLowerCase(Locale.ROOT);
        Integer quality = null;
        if (s.type() == SignalType.PDQ) {
            if (s.quality() == null) {
                errors.add(new FieldError(f + ".quality", "required for pdq: the PDQ quality, 0 to 100"));
                return;
            }
            if (s.quality() < 0 || s.quality() > 100) {
                errors.add(new FieldError(f + ".quality", "must be 0 to 100, got " + s.quality()));
                return;
            }
            quality = s.quality();
            if (quality < MIN_PDQ_QUALITY) {
                refused.add(new RefusedSignal(item, s.type(), value, "PDQ quality " + quality + " is below the minimum of "
                        + MIN_PDQ_QUALITY + ": the image has too little detail to match reliably"));
                return;
            }
        }
        accepted.add(new ValidSignal(item, s.type(), value, quality));
    }

    /** Null when {@code v} is exactly {@code length} hex digits; else what is wrong. */
    static String hexError(String v, int length, String type) {
        if (v.length() != length) {
            return "a " + type + " value must be " + length + " hex characters, got " + v.length();
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!hex) return "must be hexadecimal (0-9, a-f); found '" + printable(c) + "' at position " + i;
        }
        return null;
    }

    private static String printable(char c) {
        return Character.isISOControl(c) || Character.isWhitespace(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }

    private static String truncate(String v) {
        return v.length() > 80 ? v.substring(0, 80) + "…" : v;
    }
}
