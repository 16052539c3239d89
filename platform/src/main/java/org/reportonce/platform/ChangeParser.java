package org.reportonce.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.reportonce.hashing.Hash256;
import org.reportonce.protocol.SignalChange;
import org.reportonce.protocol.SignalChange.SignalStatus;
import org.reportonce.protocol.SignalType;

/**
 * Turns one JSON record from the hub into an {@link IncomingRecord}, field by field, so that one bad
 * record becomes a {@link IncomingRecord.Malformed} naming the field instead of failing its page
 * (HMA's fetcher was wedged for days by a single record it could not parse).
 */
final class ChangeParser {

    private final ObjectMapper json;

    ChangeParser(ObjectMapper json) {
        this.json = json;
    }

    /**
     * @param node      the record
     * @param fallbackSeq the seq to skip past when the record's own seq is unreadable (the SSE event id), or null
     */
    IncomingRecord parse(JsonNode node, Long fallbackSeq) {
        // the raw text is only rendered for a record that is skipped (a page holds thousands)
        if (node == null || !node.isObject()) {
            return new IncomingRecord.Malformed(fallbackSeq, "record is not a JSON object", String.valueOf(node));
        }
        Long seq = positiveLong(node.get("seq"));
        if (seq == null) {
            return new IncomingRecord.Malformed(fallbackSeq,
                    "field 'seq' must be a positive integer, got " + shown(node.get("seq")), node.toString());
        }
        try {
            Long signalId = positiveLong(node.get("signalId"));
            if (signalId == null) throw bad("signalId", "a positive integer", node);
            SignalType type;
            try {
                type = SignalType.fromWire(text(node, "type"));
            } catch (IllegalArgumentException e) {
                throw new BadField(e.getMessage());
            }
            if (type == SignalType.VPDQ) {
                throw new BadField("signal type vpdq is not matched by this matcher version");
            }
            String value = text(node, "value");
            if (value == null) throw bad("value", type.hexLength() + " hex characters", node);
            value = value.toLowerCase(Locale.ROOT);
            if (value.length() != type.hexLength()) {
                throw new BadField("field 'value' must be " + type.hexLength() + " hex characters for type "
                        + type.wire() + ", got " + value.length() + " characters");
            }
            if (!isHex(value)) {
                throw new BadField("field 'value' must be hex (0-9, a-f) for type " + type.wire() + ", got '"
                        + (value.length() > 16 ? value.substring(0, 16) + "..." : value) + "'");
            }
            Hash256 pdq = type == SignalType.PDQ ? Hash256.fromHex(value) : null;
            Integer quality = null;
            JsonNode q = node.get("quality");
            if (q != null && !q.isNull()) {
                if (!q.canConvertToInt() || !q.isIntegralNumber() || q.asInt() < 0 || q.asInt() > 100) {
                    throw bad("quality", "an integer 0..100 or null", node);
                }
                quality = q.asInt();
            }
            SignalStatus status;
            String st = text(node, "status");
            try {
                status = SignalStatus.valueOf(st == null ? "" : st.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw bad("status", "ACTIVE or DELETED", node);
            }
            Instant reportedAt = instant(node, "reportedAt");
            Instant deadline = instant(node, "deadline");
            Instant changedAt = instant(node, "changedAt");
            return new IncomingRecord.Change(
                    new SignalChange(seq, signalId, type, value, quality, status, reportedAt, deadline, changedAt), pdq);
        } catch (BadField e) {
            return new IncomingRecord.Malformed(seq, e.getMessage(), node.toString());
        }
    }

    /** Parses an SSE {@code data:} payload. */
    IncomingRecord parse(String data, Long eventId) {
        JsonNode node;
        try {
            node = json.readTree(data);
        } catch (Exception e) {
            return new IncomingRecord.Malformed(eventId, "event data is not JSON: " + firstLine(e.getMessage()), data);
        }
        IncomingRecord r = parse(node, eventId);
        if (r instanceof IncomingRecord.Change c && eventId != null && c.change().seq() != eventId) {
            return new IncomingRecord.Malformed(eventId,
                    "event id " + eventId + " disagrees with the record's seq " + c.change().seq(), data);
        }
        return r;
    }

    private static final class BadField extends Exception {
        BadField(String message) {
            super(message, null, false, false);
        }
    }

    private static BadField bad(String field, String accepted, JsonNode node) {
        return new BadField("field '" + field + "' must be " + accepted + ", got " + shown(node.get(field)));
    }

    private static String shown(JsonNode v) {
        if (v == null || v.isMissingNode()) return "nothing";
        String s = v.toString();
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    private static Long positiveLong(JsonNode v) {
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) return null;
        long l = v.asLong();
        return l > 0 ? l : null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    private static Instant instant(JsonNode node, String field) throws BadField {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw bad(field, "an ISO-8601 instant or null", node);
        try {
            return Instant.parse(v.asText());
        } catch (DateTimeParseException e) {
            throw bad(field, "an ISO-8601 instant such as 2025-01-31T12:00:00Z", node);
        }
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
        }
        return true;
    }

    static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
