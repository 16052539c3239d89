package org.reportonce.hub;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.reportonce.hub.audit.AuditLog;
import org.reportonce.hub.auth.ApiKeys;
import org.reportonce.hub.auth.Caller;
import org.reportonce.hub.http.ApiException;
import org.reportonce.hub.signals.SignalLog;
import org.reportonce.hub.signals.Signals;
import org.reportonce.protocol.Problem.FieldError;
import org.reportonce.protocol.SignalType;

/** What an operator does: members, keys, the disputes queue. */
final class Operations {

    /** Body of POST /v1/operator/members. */
    public record NewMember(String displayName, String role) {}

    /** Body of POST /v1/operator/members/{memberId}/keys. */
    public record NewKey(String label) {}

    /** A key as created: the plain key appears here only. */
    public record IssuedKey(String keyId, String key, String memberId, Instant createdAt) {}

    public record MemberView(String id, String displayName, String role, Instant createdAt, Instant disabledAt, List<ApiKeys.KeyInfo> keys) {}

    public record RevokedKey(String keyId, String memberId, Instant revokedAt) {}

    /** Body of POST /v1/operator/disputes/{id}/resolve: keep the signal, or suppress it everywhere. */
    public record Resolution(String decision, String note) {}

    public record Verdict(String platform, String value, Instant at) {}

    public record DisputeView(long id, long signalId, SignalType type, String value, String signalStatus, String status,
            Instant openedAt, Instant resolvedAt, String note, int activeCases, List<Verdict> verdicts) {}

    private final Hub hub;

    Operations(Hub hub) {
        this.hub = hub;
    }

    private Instant now() {
        return hub.clock().instant().truncatedTo(ChronoUnit.MILLIS);
    }

    List<MemberView> members() {
        return hub.db().read(h -> {
            List<ApiKeys.KeyInfo> keys = ApiKeys.list(h, null);
            return h.createQuery("SELECT id, display_name, role, created_at, disabled_at FROM member ORDER BY created_at, id")
                    .map((rs, ctx) -> {
                        String id = rs.getString(1);
                        long dis = rs.getLong(5);
                        Instant disabled = rs.wasNull() ? null : Instant.ofEpochMilli(dis);
                        return new MemberView(id, rs.getString(2), Role.valueOf(rs.getString(3)).wire(), Instant.ofEpochMilli(rs.getLong(4)),
                                disabled, keys.stream().filter(k -> k.memberId().equals(id)).toList());
                    }).list();
        });
    }

    Member addMember(Caller.Authenticated op, NewMember m) {
        if (m == null) throw ApiException.invalid("body", "a JSON object with displayName and role is required");
        List<FieldError> errors = new ArrayList<>();
        if (m.displayName() == null || m.displayName().isBlank() || m.displayName().length() > 200) {
            errors.add(new FieldError("displayName", "required: 1 to 200 characters"));
        }
        Role role = null;
        try {
            role = Role.fromWire(m.role());
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("role", e.getMessage()));
        }
        if (!errors.isEmpty()) throw ApiException.invalid(errors);
        return hub.createMember(m.displayName(), role, op.auditName());
    }

    IssuedKey addKey(Caller.Authenticated op, String memberId, NewKey k) {
        String label = k == null ? null : k.label();
        if (label != null && label.length() > 200) throw ApiException.invalid("label", "must be at most 200 characters");
        boolean exists = hub.db().read(h -> h.createQuery("SELECT COUNT(*) FROM member WHERE id = :id").bind("id", memberId)
                .mapTo(Integer.class).one() > 0);
        if (!exists) throw ApiException.notFound("no member " + memberId);
        ApiKeys.Issued issued = hub.createApiKey(memberId, label, op.auditName());
        return new IssuedKey(issued.keyId(), issued.plainKey(), memberId, issued.createdAt());
    }

    RevokedKey revoke(Caller.Authenticated op, String keyId) {
        Instant now = now();
        return hub.db().write(h -> {
            String member = ApiKeys.revoke(h, keyId, now).orElseThrow(() -> ApiException.notFound("no API key " + keyId));
            AuditLog.append(h, now, op.auditName(), "key.revoked", "member:" + member, Map.of("keyId", keyId));
            return new RevokedKey(keyId, member, now);
        });
    }

    List<DisputeView> disputes(boolean onlyOpen) {
        return hub.db().read(h -> {
            List<DisputeView> out = new ArrayList<>();
            h.createQuery("SELECT d.id, d.signal_id, s.signal_type, s.hash_value, s.status AS sstatus, d.status, d.opened_at, d.resolved_at, d.note "
                            + "FROM dispute d JOIN signal s ON s.id = d.signal_id WHERE (:open = FALSE OR d.status = 'open') ORDER BY d.opened_at, d.id")
                    .bind("open", onlyOpen)
                    .map((rs, ctx) -> {
                        long res = rs.getLong(8);
                        Instant resolved = rs.wasNull() ? null : Instant.ofEpochMilli(res);
                        return new DisputeView(rs.getLong(1), rs.getLong(2), SignalType.fromWire(rs.getString(3)), rs.getString(4),
                                rs.getString(5).toLowerCase(java.util.Locale.ROOT), rs.getString(6), Instant.ofEpochMilli(rs.getLong(7)),
                                resolved, rs.getString(9), 0, List.of());
                    })
                    .forEach(d -> {
                        int active = h.createQuery("SELECT COUNT(*) FROM case_signal cs JOIN report_case c ON c.id = cs.case_id "
                                        + "WHERE cs.signal_id = :s AND c.status IN ('received', 'active')")
                                .bind("s", d.signalId()).mapTo(Integer.class).one();
                        List<Verdict> verdicts = h.createQuery("SELECT m.display_name, f.feedback_value, f.updated_at FROM feedback_latest f "
                                        + "JOIN member m ON m.id = f.member_id WHERE f.signal_id = :s ORDER BY f.updated_at")
                                .bind("s", d.signalId())
                                .map((rs, ctx) -> new Verdict(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)))).list();
                        out.add(new DisputeView(d.id(), d.signalId(), d.type(), d.value(), d.signalStatus(), d.status(), d.openedAt(),
                                d.resolvedAt(), d.note(), active, verdicts));
                    });
            return out;
        });
    }

    /**
     * Resolves a dispute. "keep": the signal stays distributed. "suppress": the signal is deleted at every
     * platform and refused if reported again (a planted hash of an ordinary image).
     */
    DisputeView resolve(Caller.Authenticated op, long disputeId, Resolution r) {
        if (r == null || r.decision() == null || !(r.decision().equals("keep") || r.decision().equals("suppress"))) {
            throw ApiException.invalid("decision", "must be 'keep' (the signal stays) or 'suppress' (deleted everywhere and refused if reported again)");
        }
        if (r.note() != null && r.note().length() > 2000) throw ApiException.invalid("note", "must be at most 2000 characters");
        Instant now = now();
        long published = hub.db().write(h -> {
            var row = h.createQuery("SELECT signal_id, status FROM dispute WHERE id = :id FOR UPDATE").bind("id", disputeId)
                    .map((rs, ctx) -> new Object[] {rs.getLong(1), rs.getString(2)}).findOne()
                    .orElseThrow(() -> ApiException.notFound("no dispute " + disputeId));
            if (!"open".equals(row[1])) throw ApiException.conflict("dispute " + disputeId + " is already resolved (" + row[1] + ")");
            long signalId = (Long) row[0];
            String status = r.decision().equals("keep") ? "kept" : "suppressed";
            h.createUpdate("UPDATE dispute SET status = :s, resolved_at = :t, resolved_by = :by, note = :n WHERE id = :id")
                    .bind("s", status).bind("t", now.toEpochMilli()).bind("by", op.member().id()).bind("n", r.note()).bind("id", disputeId).execute();
            long seq = 0;
            if (status.equals("suppressed")) {
                Signals.lock(h, signalId);
                h.createUpdate("UPDATE signal SET suppressed_at = :t WHERE id = :id").bind("t", now.toEpochMilli()).bind("id", signalId).execute();
                long[] seqs = SignalLog.append(h, List.of(Signals.refresh(h, signalId)), now);
                seq = seqs[0];
            }
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("decision", r.decision());
            detail.put("signal", signalId);
            detail.put("note", r.note());
            AuditLog.append(h, now, op.auditName(), "dispute.resolved", "dispute:" + disputeId, detail);
            return seq;
        });
        if (published > 0) hub.notifier().published(published);
        return disputes(false).stream().filter(d -> d.id() == disputeId).findFirst().orElseThrow();
    }
}
