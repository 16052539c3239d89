package org.reportonce.hub.compliance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;
import org.reportonce.hub.audit.AuditLog;
import org.reportonce.hub.auth.Caller;
import org.reportonce.hub.http.ApiException;
import org.reportonce.hub.store.Database;
import org.reportonce.protocol.FeedbackRequest;
import org.reportonce.protocol.FeedbackValue;
import org.reportonce.protocol.Problem.FieldError;
import org.reportonce.protocol.TakedownAttestation;

/**
 * Platforms' feedback and takedown attestations, and the dispute rule: when {@code threshold}
 * distinct platforms' latest verdict on a signal is NotBlocked, the signal is flagged for operator
 * review (a defence against hashes of ordinary images planted to censor them).
 */
public final class FeedbackService {

    private static final int MAX_TAGS = 20;
    private static final int MAX_TAG_LENGTH = 100;
    private static final Duration FUTURE_TOLERANCE = Duration.ofSeconds(60);

    private final Database db;
    private final Clock clock;
    private final int disputeThreshold;

    public FeedbackService(Database db, Clock clock, int disputeThreshold) {
        this.db = db;
        this.clock = clock;
        this.disputeThreshold = disputeThreshold;
    }

    /** Result of feedback: whether a dispute was opened by it. */
    public record FeedbackResult(long signalId, FeedbackValue value, Long disputeOpened) {}

    public FeedbackResult feedback(Caller.Authenticated platform, FeedbackRequest r) {
        if (r == null) throw ApiException.invalid("body", "a JSON object with signalId, value and tags is required");
        List<FieldError> errors = new ArrayList<>();
        if (r.value() == null) errors.add(new FieldError("value", "required: one of None, PendingReview, Blocked, NotBlocked"));
        TreeSet<String> tags = new TreeSet<>();
        if (r.tags() != null) {
            if (r.tags().size() > MAX_TAGS) errors.add(new FieldError("tags", "at most " + MAX_TAGS + " tags, got " + r.tags().size()));
            for (String t : r.tags()) {
                if (t == null || t.isBlank() || t.length() > MAX_TAG_LENGTH || t.contains(",")) {
                    errors.add(new FieldError("tags", "each tag must be 1 to " + MAX_TAG_LENGTH + " characters without commas"));
                    break;
                }
                tags.add(t.trim());
            }
        }
        if (!errors.isEmpty()) throw ApiException.invalid(errors);
        Instant now = now();
        String memberId = platform.member().id();
        String tagText = String.join(",", tags);
        return db.write(h -> {
            requireSignal(h, r.signalId());
            h.createUpdate("INSERT INTO feedback (member_id, signal_id, feedback_value, tags, created_at) VALUES (:m, :s, :v, :tags, :t)")
                    .bind("m", memberId).bind("s", r.signalId()).bind("v", r.value().wire()).bind("tags", tagText)
                    .bind("t", now.toEpochMilli()).execute();
            int updated = h.createUpdate("UPDATE feedback_latest SET feedback_value = :v, tags = :tags, updated_at = :t "
                            + "WHERE member_id = :m AND signal_id = :s")
                    .bind("m", memberId).bind("s", r.signalId()).bind("v", r.value().wire()).bind("tags", tagText)
                    .bind("t", now.toEpochMilli()).execute();
            if (updated == 0) {
                h.createUpdate("INSERT INTO feedback_latest (member_id, signal_id, feedback_value, tags, first_at, updated_at) "
                                + "VALUES (:m, :s, :v, :tags, :t, :t)")
                        .bind("m", memberId).bind("s", r.signalId()).bind("v", r.value().wire()).bind("tags", tagText)
                        .bind("t", now.toEpochMilli()).execute();
            }
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("value", r.value().wire());
            detail.put("tags", tagText);
            AuditLog.append(h, now, platform.auditName(), "feedback", "signal:" + r.signalId(), detail);
            Long dispute = null;
            if (r.value() == FeedbackValue.NOT_BLOCKED) dispute = maybeOpenDispute(h, r.signalId(), now);
            return new FeedbackResult(r.signalId(), r.value(), dispute);
        });
    }

    private Long maybeOpenDispute(Handle h, long signalId, Instant now) {
        // The signal row lock (taken in requireSignal) serialises concurrent verdicts on one signal.
        int notBlocked = h.createQuery("SELECT COUNT(DISTINCT member_id) FROM feedback_latest WHERE signal_id = :s AND feedback_value = 'NotBlocked'")
                .bind("s", signalId).mapTo(Integer.class).one();
        if (notBlocked < disputeThreshold) return null;
        boolean exists = h.createQuery("SELECT COUNT(*) FROM dispute WHERE signal_id = :s AND status = 'open'")
                .bind("s", signalId).mapTo(Integer.class).one() > 0;
        if (exists) return null;
        long id = h.createUpdate("INSERT INTO dispute (signal_id, opened_at, status) VALUES (:s, :t, 'open')")
                .bind("s", signalId).bind("t", now.toEpochMilli())
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
        AuditLog.append(h, now, "hub", "dispute.opened", "signal:" + signalId, Map.of("dispute", id, "notBlocked", notBlocked));
        return id;
    }

    /** Records a takedown attestation; repeating it for the same content updates it (e.g. removedAt arrives later). */
    public void takedown(Caller.Authenticated platform, TakedownAttestation a) {
        if (a == null) throw ApiException.invalid("body", "a JSON object with signalId, contentReference, distance, foundAt and removedAt is required");
        Instant now = now();
        List<FieldError> errors = new ArrayList<>();
        if (a.contentReference() == null || a.contentReference().isBlank() || a.contentReference().length() > 500) {
            errors.add(new FieldError("contentReference", "required: the platform's own id of the content, 1 to 500 characters"));
        }
        if (a.distance() < 0 || a.distance() > 256) errors.add(new FieldError("distance", "must be 0 to 256, got " + a.distance()));
        if (a.foundAt() == null) {
            errors.add(new FieldError("foundAt", "required: when the platform found the matching content"));
        } else if (a.foundAt().isAfter(now.plus(FUTURE_TOLERANCE))) {
            errors.add(new FieldError("foundAt", "must not be in the future; the hub's time is " + now));
        }
        if (a.removedAt() != null) {
            if (a.removedAt().isAfter(now.plus(FUTURE_TOLERANCE))) {
                errors.add(new FieldError("removedAt", "must not be in the future; the hub's time is " + now));
            } else if (a.foundAt() != null && a.removedAt().isBefore(a.foundAt())) {
                errors.add(new FieldError("removedAt", "must not be before foundAt (" + a.foundAt() + ")"));
            }
        }
        if (!errors.isEmpty()) throw ApiException.invalid(errors);
        String memberId = platform.member().id();
        long found = min(a.foundAt(), now).toEpochMilli();
        Long removed = a.removedAt() == null ? null : min(a.removedAt(), now).toEpochMilli();
        db.write(h -> {
            requireSignal(h, a.signalId());
            int updated = h.createUpdate("UPDATE takedown SET distance = :d, found_at = LEAST(found_at, :f), "
                            + "removed_at = COALESCE(:r, removed_at), attested_at = :t "
                            + "WHERE member_id = :m AND signal_id = :s AND content_reference = :c")
                    .bind("d", a.distance()).bind("f", found).bind("r", removed).bind("t", now.toEpochMilli())
                    .bind("m", memberId).bind("s", a.signalId()).bind("c", a.contentReference()).execute();
            if (updated == 0) {
                h.createUpdate("INSERT INTO takedown (member_id, signal_id, content_reference, distance, found_at, removed_at, attested_at) "
                                + "VALUES (:m, :s, :c, :d, :f, :r, :t)")
                        .bind("d", a.distance()).bind("f", found).bind("r", removed).bind("t", now.toEpochMilli())
                        .bind("m", memberId).bind("s", a.signalId()).bind("c", a.contentReference()).execute();
            }
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("contentReference", a.contentReference());
            detail.put("distance", a.distance());
            detail.put("foundAt", Instant.ofEpochMilli(found).toString());
            detail.put("removedAt", removed == null ? null : Instant.ofEpochMilli(removed).toString());
            AuditLog.append(h, now, platform.auditName(), "takedown.attested", "signal:" + a.signalId(), detail);
            return null;
        });
    }

    private static void requireSignal(Handle h, long signalId) {
        boolean exists = h.createQuery("SELECT id FROM signal WHERE id = :id FOR UPDATE").bind("id", signalId)
                .mapTo(Long.class).findOne().isPresent();
        if (!exists) {
            throw new ApiException(422, "unknown-signal", "Unknown signal", "signalId: no signal " + signalId + " on this hub",
                    List.of(new FieldError("signalId", "no signal " + signalId + " on this hub; use the signalId from the signal stream")));
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
