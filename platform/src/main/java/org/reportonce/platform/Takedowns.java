package org.reportonce.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.reportonce.platform.Outbox.Target;
import org.reportonce.protocol.FeedbackRequest;
import org.reportonce.protocol.FeedbackValue;
import org.reportonce.protocol.TakedownAttestation;

/**
 * Matches turned into work: each (signal, content) pair becomes one takedown, announced to the hub
 * (PendingReview and a "found" attestation) in the same transaction that records it; the
 * platform's confirmation then sends Blocked/NotBlocked and the "removed" attestation.
 *
 * <p>A decision is about a piece of content, and one upload often matches many signals at once (the
 * members of a signal set). So the takedowns of one content reference form a group: the first one
 * found while none of that content is undecided leads, and is the only one announced to the
 * platform's webhook; matches found while it is undecided join it as followers. A decision on any
 * member decides every undecided member, and each sends its own feedback and attestation to the hub,
 * which counts the content as one copy. A group stays open until every member is decided or
 * withdrawn: the platform hears "withdrawn" (for the lead's id) only when no member is left undecided.
 */
final class Takedowns {

    enum Source {
        UPLOAD, STORED;

        String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    record Found(SignalInfo signal, String contentReference, int distance, String variant, Source source) {}

    /** The outcome of {@link #record}: the takedown id and whether this call created it. */
    record Recorded(String id, boolean created) {}

    private final ObjectMapper json;
    private final Database db;
    private final Clock clock;
    private final boolean webhookEnabled;
    private final Supplier<URI> publicUri;

    Takedowns(Database db, ObjectMapper json, Clock clock, boolean webhookEnabled, Supplier<URI> publicUri) {
        this.db = db;
        this.json = json;
        this.clock = clock;
        this.webhookEnabled = webhookEnabled;
        this.publicUri = publicUri;
    }

    /** The same id on every matcher instance for the same signal and content. */
    static String idFor(long signalId, String contentReference) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest((signalId + "\n" + contentReference).getBytes(StandardCharsets.UTF_8));
            return "td_" + HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /**
     * Records a match inside the caller's transaction; messages are written only the first time. It
     * joins the content's undecided group if there is one (no webhook), else leads a new one.
     */
    Recorded record(Handle h, Found f, Instant now) {
        String id = idFor(f.signal().signalId(), f.contentReference());
        boolean exists = h.createQuery("select count(*) from takedown where id = :id").bind("id", id)
                .mapTo(Integer.class).one() > 0;
        if (exists) return new Recorded(id, false);
        String lead = h.createQuery("""
                        select id from takedown where content_ref = :ref and state = 'FOUND' and lead_id is null
                        order by found_at, id""")
                .bind("ref", f.contentReference()).setMaxRows(1).mapTo(String.class).findFirst().orElse(null);
        h.createUpdate("""
                insert into takedown (id, signal_id, content_ref, distance, variant, source, found_at, deadline, state, lead_id)
                values (:id, :sid, :ref, :d, :v, :src, :found, :deadline, 'FOUND', :lead)""")
                .bind("id", id).bind("sid", f.signal().signalId()).bind("ref", f.contentReference())
                .bind("d", f.distance()).bind("v", f.variant()).bind("src", f.source().wire())
                .bind("found", now).bind("deadline", f.signal().deadline()).bind("lead", lead).execute();
        if (webhookEnabled && lead == null) {
            ObjectNode body = json.createObjectNode();
            body.put("event", "match");
            body.put("takedownId", id);
            body.put("contentReference", f.contentReference());
            ObjectNode sig = body.putObject("signal");
            sig.put("signalId", f.signal().signalId());
            sig.put("type", f.signal().type().wire());
            sig.put("value", f.signal().value());
            sig.put("status", f.signal().status().name());
            sig.put("reportedAt", str(f.signal().reportedAt()));
            sig.put("deadline", str(f.signal().deadline()));
            body.put("distance", f.distance());
            body.put("variant", f.variant());
            body.put("source", f.source().wire());
            body.put("foundAt", now.toString());
            body.put("deadline", str(f.signal().deadline()));
            body.put("confirmUrl", publicUri.get() + "/v1/takedowns/" + id + "/confirm");
            Outbox.enqueue(h, Target.WEBHOOK, id + ":match", id, write(body), now);
        }
        Outbox.enqueue(h, Target.HUB_FEEDBACK, id + ":feedback:PendingReview", id,
                write(new FeedbackRequest(f.signal().signalId(), FeedbackValue.PENDING_REVIEW, Set.of())), now);
        Outbox.enqueue(h, Target.HUB_TAKEDOWN, id + ":attest:found", id,
                write(new TakedownAttestation(f.signal().signalId(), f.contentReference(), f.distance(), now, null)), now);
        return new Recorded(id, true);
    }

    /**
     * The signal stopped being active: its undecided takedowns are withdrawn. The platform is told
     * (for the group's lead) once no member of the group is left undecided.
     */
    void signalWithdrawn(Handle h, SignalInfo signal, Instant now) {
        List<Takedown> open = h.createQuery("select * from takedown where signal_id = :sid and state = 'FOUND'")
                .bind("sid", signal.signalId()).map((rs, ctx) -> row(rs, null)).list();
        for (Takedown t : open) {
            h.createUpdate("update takedown set state = 'WITHDRAWN', decided_at = :now where id = :id")
                    .bind("now", now).bind("id", t.id()).execute();
            String lead = t.leadId() == null ? t.id() : t.leadId();
            if (undecidedInGroup(h, lead).isEmpty()) {
                int cancelled = Outbox.cancelPending(h, lead, Target.WEBHOOK, now);
                if (webhookEnabled && cancelled == 0) {
                    ObjectNode body = json.createObjectNode();
                    body.put("event", "withdrawn");
                    body.put("takedownId", lead);
                    body.put("contentReference", t.contentReference());
                    body.put("signalId", signal.signalId());
                    body.put("withdrawnAt", now.toString());
                    Outbox.enqueue(h, Target.WEBHOOK, lead + ":withdrawn:" + signal.seq(), lead, write(body), now);
                }
            }
        }
    }

    private List<Takedown> undecidedInGroup(Handle h, String lead) {
        return h.createQuery("""
                        select * from takedown where (id = :lead or lead_id = :lead) and state = 'FOUND'
                        order by found_at, id for update""")
                .bind("lead", lead).map((rs, ctx) -> row(rs, null)).list();
    }

    /**
     * The platform's decision on a takedown: {@code Blocked} (removed or blocked at {@code removedAt},
     * default now) or {@code NotBlocked}. Repeating the same decision is harmless; changing it is a conflict.
     */
    Takedown confirm(String id, FeedbackValue decision, Instant removedAt, Set<String> tags) {
        if (decision != FeedbackValue.BLOCKED && decision != FeedbackValue.NOT_BLOCKED) {
            throw PlatformException.badRequest("decision must be Blocked or NotBlocked, got " + decision.wire());
        }
        Instant now = clock.instant();
        Instant removed = decision == FeedbackValue.BLOCKED ? (removedAt == null ? now : removedAt) : null;
        if (removed != null && removed.isAfter(now)) {
            throw PlatformException.badRequest("removedAt must not be in the future, got " + removed);
        }
        String newState = decision == FeedbackValue.BLOCKED ? "BLOCKED" : "NOT_BLOCKED";
        db.jdbi.useTransaction(h -> {
            Takedown t = h.createQuery("select * from takedown where id = :id for update").bind("id", id)
                    .map((rs, ctx) -> row(rs, null)).findOne()
                    .orElseThrow(() -> PlatformException.notFound("no takedown " + id + " on this matcher"));
            String lead = t.leadId() == null ? t.id() : t.leadId();
            List<Takedown> undecided = undecidedInGroup(h, lead);
            if (undecided.isEmpty()) {
                if (t.state().equals(newState)) return;
                throw PlatformException.conflict("takedown " + id + " is already " + t.state()
                        + "; a decision cannot be changed" + (t.state().equals("WITHDRAWN")
                        ? " (the signal was withdrawn by the reporter before a decision)" : ""));
            }
            if (removed != null && removed.isBefore(t.foundAt())) {
                throw PlatformException.badRequest("removedAt " + removed + " is before the match was found (" + t.foundAt() + ")");
            }
            for (Takedown u : undecided) {
                // a member found after the given removal time (the content was still in the stored-content
                // index) is recorded as removed when it was found, never before
                Instant rm = removed == null || !removed.isBefore(u.foundAt()) ? removed : u.foundAt();
                h.createUpdate("update takedown set state = :st, decided_at = :now, removed_at = :rm where id = :id")
                        .bind("st", newState).bind("now", now).bind("rm", rm).bind("id", u.id()).execute();
                Outbox.enqueue(h, Target.HUB_FEEDBACK, u.id() + ":feedback:" + decision.wire(), u.id(),
                        write(new FeedbackRequest(u.signalId(), decision, tags == null ? Set.of() : Set.copyOf(tags))), now);
                if (rm != null) {
                    Outbox.enqueue(h, Target.HUB_TAKEDOWN, u.id() + ":attest:removed", u.id(),
                            write(new TakedownAttestation(u.signalId(), u.contentReference(), u.distance(), u.foundAt(), rm)), now);
                }
            }
        });
        return get(id);
    }

    Takedown get(String id) {
        return db.jdbi.withHandle(h -> h.createQuery("""
                        select t.*, o.state as w_state, o.attempts as w_attempts, o.last_error as w_error,
                               o.next_attempt_at as w_next
                        from takedown t left join outbox o on o.idem_key = coalesce(t.lead_id, t.id) || ':match'
                        where t.id = :id""")
                .bind("id", id).map((rs, ctx) -> row(rs, "w_")).findOne()
                .orElseThrow(() -> PlatformException.notFound("no takedown " + id + " on this matcher")));
    }

    /** Takedowns, newest first; {@code state} filters by takedown state, {@code webhookState} by delivery state. */
    List<Takedown> list(String state, String webhookState, int limit) {
        return db.jdbi.withHandle(h -> h.createQuery("""
                        select t.*, o.state as w_state, o.attempts as w_attempts, o.last_error as w_error,
                               o.next_attempt_at as w_next
                        from takedown t left join outbox o on o.idem_key = coalesce(t.lead_id, t.id) || ':match'
                        where (cast(:st as varchar) is null or t.state = :st) and (cast(:ws as varchar) is null or o.state = :ws)
                        order by t.found_at desc, t.id limit :n""")
                .bind("st", state).bind("ws", webhookState).bind("n", limit)
                .map((rs, ctx) -> row(rs, "w_")).list());
    }

    private Takedown row(ResultSet rs, String webhookPrefix) throws SQLException {
        Takedown.Delivery delivery = null;
        if (webhookPrefix != null && rs.getString(webhookPrefix + "state") != null) {
            delivery = new Takedown.Delivery(rs.getString(webhookPrefix + "state"), rs.getInt(webhookPrefix + "attempts"),
                    rs.getString(webhookPrefix + "error"), SignalBank.instant(rs, webhookPrefix + "next"));
        }
        return new Takedown(rs.getString("id"), rs.getLong("signal_id"), rs.getString("content_ref"), rs.getInt("distance"),
                rs.getString("variant"), rs.getString("source"), SignalBank.instant(rs, "found_at"),
                SignalBank.instant(rs, "deadline"), rs.getString("state"), SignalBank.instant(rs, "decided_at"),
                SignalBank.instant(rs, "removed_at"), rs.getString("lead_id"), delivery);
    }

    private String write(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + o, e);
        }
    }

    private static String str(Instant i) {
        return i == null ? null : i.toString();
    }
}
