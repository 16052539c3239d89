package org.reportonce.hub.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.reportonce.protocol.Json;

/**
 * The tamper-evident audit log: every state change of the hub appends one entry in the same
 * transaction as the change, so the entry exists exactly when the change does.
 *
 * <p>Chain: {@code entry_hash = SHA-256(prev_hash ‖ seq ‖ at ‖ actor ‖ action ‖ subject ‖ detail)}, each
 * field length-prefixed so no two field lists encode alike. The first entry's prev_hash is 64 zeros.
 * Editing an entry breaks its own hash; deleting one breaks the next entry's prev_hash and leaves a gap
 * in seq; deleting the tail leaves {@code audit_head} pointing past the last entry. What the chain cannot
 * show on its own is a rewrite of the whole tail together with the head by someone holding the database:
 * publishing the head hash elsewhere (the verifier prints it) closes that gap.
 *
 * <p>Writers serialise on the {@code audit_head} row lock (taken last in every transaction, after the
 * signal counter, so the lock order is fixed and the lock is held only until commit).
 */
public final class AuditLog {

    static final String GENESIS = "0".repeat(64);
    private static final ObjectMapper DETAIL = Json.mapper().copy()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private AuditLog() {}

    /** Appends an entry; call inside the transaction that makes the change. Returns its seq. */
    public static long append(Handle h, Instant at, String actor, String action, String subject, Map<String, ?> detail) {
        String detailJson;
        try {
            detailJson = DETAIL.writeValueAsString(detail == null ? Map.of() : detail);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("audit detail is not serialisable: " + e.getMessage(), e);
        }
        var head = h.createQuery("SELECT last_seq, last_hash FROM audit_head WHERE id = 1 FOR UPDATE")
                .map((rs, ctx) -> new Object[] {rs.getLong(1), rs.getString(2)})
                .one();
        long seq = (Long) head[0] + 1;
        String prev = (String) head[1];
        long atMs = at.toEpochMilli();
        String hash = entryHash(prev, seq, atMs, actor, action, subject, detailJson);
        h.createUpdate("INSERT INTO audit_log (seq, at, actor, action, subject, detail, prev_hash, entry_hash) "
                        + "VALUES (:seq, :at, :actor, :action, :subject, :detail, :prev, :hash)")
                .bind("seq", seq).bind("at", atMs).bind("actor", actor).bind("action", action)
                .bind("subject", subject).bind("detail", detailJson).bind("prev", prev).bind("hash", hash)
                .execute();
        h.createUpdate("UPDATE audit_head SET last_seq = :seq, last_hash = :hash WHERE id = 1")
                .bind("seq", seq).bind("hash", hash).execute();
        return seq;
    }

    static String entryHash(String prev, long seq, long at, String actor, String action, String subject, String detail) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
        for (String field : new String[] {prev, Long.toString(seq), Long.toString(at), actor, action, subject, detail}) {
            byte[] b = field.getBytes(StandardCharsets.UTF_8);
            md.update((b.length + ":").getBytes(StandardCharsets.US_ASCII));
            md.update(b);
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
