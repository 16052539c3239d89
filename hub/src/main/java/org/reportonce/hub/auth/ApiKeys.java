package org.reportonce.hub.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.reportonce.hub.Member;
import org.reportonce.hub.Role;

/**
 * API keys: {@code rok_<keyId>_<secret>} where the secret is 256 random bits. The hub keeps only
 * SHA-256 of the whole key (a fast hash is right here: the key has full entropy, so there is nothing
 * to brute-force, unlike a PIN). The key id is public and names the key in lists and the audit log.
 * A member may hold several keys at once so keys can be rotated without downtime.
 */
public final class ApiKeys {

    static final String PREFIX = "rok_";
    private static final char[] ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();

    private final SecureRandom random;

    public ApiKeys(SecureRandom random) {
        this.random = random;
    }

    /** A newly made key; {@code plainKey} is shown to its holder once and never stored. */
    public record Issued(String keyId, String plainKey, String memberId, Instant createdAt) {}

    /** A key as listed to an operator: never the key itself. */
    public record KeyInfo(String keyId, String memberId, String label, Instant createdAt, Instant revokedAt) {}

    public Issued create(Handle h, String memberId, String label, Instant now) {
        StringBuilder id = new StringBuilder("k");
        for (int i = 0; i < 11; i++) id.append(ID_ALPHABET[random.nextInt(ID_ALPHABET.length)]);
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String plain = PREFIX + id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        h.createUpdate("INSERT INTO api_key (id, member_id, key_hash, label, created_at) VALUES (:id, :m, :h, :l, :t)")
                .bind("id", id.toString()).bind("m", memberId).bind("h", sha256Hex(plain)).bind("l", label)
                .bind("t", now.toEpochMilli()).execute();
        return new Issued(id.toString(), plain, memberId, now);
    }

    /** Outcome of presenting a key. */
    public sealed interface Check {
        record Valid(Caller.Authenticated caller) implements Check {}
        record Invalid(String reason) implements Check {}
    }

    public static Check check(Handle h, String presented) {
        if (presented == null || !presented.startsWith(PREFIX) || presented.length() > 200) {
            return new Check.Invalid("the API key is not in the form rok_<id>_<secret>");
        }
        var row = h.createQuery("SELECT k.id, k.revoked_at, m.id AS mid, m.display_name, m.role, m.created_at, m.disabled_at "
                        + "FROM api_key k JOIN member m ON m.id = k.member_id WHERE k.key_hash = :h")
                .bind("h", sha256Hex(presented))
                .map((rs, ctx) -> {
                    long revoked = rs.getLong("revoked_at");
                    boolean isRevoked = !rs.wasNull();
                    rs.getLong("disabled_at");
                    boolean disabled = !rs.wasNull();
                    Member m = new Member(rs.getString("mid"), rs.getString("display_name"),
                            Role.valueOf(rs.getString("role")), Instant.ofEpochMilli(rs.getLong("created_at")));
                    return new Object[] {rs.getString("id"), isRevoked ? revoked : null, m, disabled};
                })
                .findOne();
        if (row.isEmpty()) return new Check.Invalid("the API key is not known to this hub");
        Object[] r = row.get();
        if (r[1] != null) return new Check.Invalid("the API key " + r[0] + " was revoked");
        if ((Boolean) r[3]) return new Check.Invalid("the member holding this API key is disabled");
        return new Check.Valid(new Caller.Authenticated((Member) r[2], (String) r[0]));
    }

    /** Revokes a key; returns the member it belonged to, empty if no such key. Revoking twice is harmless. */
    public static Optional<String> revoke(Handle h, String keyId, Instant now) {
        Optional<String> member = h.createQuery("SELECT member_id FROM api_key WHERE id = :id")
                .bind("id", keyId).mapTo(String.class).findOne();
        member.ifPresent(m -> h.createUpdate("UPDATE api_key SET revoked_at = :t WHERE id = :id AND revoked_at IS NULL")
                .bind("t", now.toEpochMilli()).bind("id", keyId).execute());
        return member;
    }

    public static List<KeyInfo> list(Handle h, String memberId) {
        return h.createQuery("SELECT id, member_id, label, created_at, revoked_at FROM api_key "
                        + "WHERE (:m IS NULL OR member_id = :m) ORDER BY created_at, id")
                .bind("m", memberId)
                .map((rs, ctx) -> {
                    long rev = rs.getLong("revoked_at");
                    Instant revoked = rs.wasNull() ? null : Instant.ofEpochMilli(rev);
                    return new KeyInfo(rs.getString("id"), rs.getString("member_id"), rs.getString("label"),
                            Instant.ofEpochMilli(rs.getLong("created_at")), revoked);
                })
                .list();
    }

    /** The stored form of a presented key (its SHA-256, hex). */
    public static String fingerprint(String presented) {
        return sha256Hex(presented);
    }

    static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
