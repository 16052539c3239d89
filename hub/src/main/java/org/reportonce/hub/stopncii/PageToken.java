package org.reportonce.hub.stopncii;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * FetchHashes' {@code nextPageToken}: a position in the hub's signal log (the seq of the last change
 * the page covered), so the next page starts exactly after it whatever was added in between.
 *
 * <p>Opaque to clients: base64url of a version byte, the seq, and 6 bytes of SHA-256 over both, so a
 * truncated, mistyped or invented token is recognised and refused instead of silently starting
 * elsewhere. It is not secret (every platform may read the whole log) and never expires: a seq means
 * the same position forever.
 */
record PageToken(long seq) {

    private static final byte VERSION = 1;
    private static final int CHECK_BYTES = 6;
    private static final int LENGTH = 1 + Long.BYTES + CHECK_BYTES;
    static final int MAX_TEXT = 64;

    PageToken {
        if (seq < 0) throw new IllegalArgumentException("a page position is never negative, got " + seq);
    }

    String encode() {
        ByteBuffer b = ByteBuffer.allocate(LENGTH);
        b.put(VERSION).putLong(seq).put(check(VERSION, seq));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }

    /** The token's position; an {@link IllegalArgumentException} saying why when it is not one of ours. */
    static PageToken decode(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_TEXT) {
            throw new IllegalArgumentException("is not a page token of this hub (wrong length)");
        }
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is not a page token of this hub (not base64url)");
        }
        if (raw.length != LENGTH || raw[0] != VERSION) {
            throw new IllegalArgumentException("is not a page token of this hub (wrong length or version)");
        }
        ByteBuffer b = ByteBuffer.wrap(raw);
        b.get();
        long seq = b.getLong();
        byte[] check = new byte[CHECK_BYTES];
        b.get(check);
        if (seq < 0 || !MessageDigest.isEqual(check, check(VERSION, seq))) {
            throw new IllegalArgumentException("is damaged or was not issued by this hub (check bytes differ)");
        }
        return new PageToken(seq);
    }

    private static byte[] check(byte version, long seq) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update("reportonce/stopncii/page-token".getBytes(StandardCharsets.US_ASCII));
            md.update(ByteBuffer.allocate(1 + Long.BYTES).put(version).putLong(seq).array());
            byte[] out = new byte[CHECK_BYTES];
            System.arraycopy(md.digest(), 0, out, 0, CHECK_BYTES);
            return out;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
