package org.reportonce.platform;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How the matcher signs its takedown webhook calls, and how a receiver checks them.
 *
 * <p>Each call carries {@value #TIMESTAMP_HEADER} (Unix seconds) and {@value #SIGNATURE_HEADER}:
 * {@code sha256=} + the hex HMAC-SHA256, keyed with the shared webhook secret, of
 * {@code timestamp + "." + body}. Signing the timestamp with the body lets a receiver refuse replays
 * of an old call ({@link #verify} with a tolerance); {@value #IDEMPOTENCY_HEADER} is stable across
 * retries of one message, so a receiver that has seen it can answer 2xx without acting twice.
 */
public final class WebhookSignature {
    public static final String SIGNATURE_HEADER = "X-ReportOnce-Signature";
    public static final String TIMESTAMP_HEADER = "X-ReportOnce-Timestamp";
    public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";

    private WebhookSignature() {}

    /** The {@value #SIGNATURE_HEADER} value for a body sent at {@code timestampSeconds}. */
    public static String sign(String secret, long timestampSeconds, byte[] body) {
        return "sha256=" + HexFormat.of().formatHex(hmac(secret, timestampSeconds, body));
    }

    /**
     * Whether a received call is authentic and fresh: the signature matches (compared in constant
     * time) and the timestamp is within {@code tolerance} of the receiver's clock.
     */
    public static boolean verify(String secret, String timestampHeader, String signatureHeader, byte[] body,
                                 Clock clock, Duration tolerance) {
        if (timestampHeader == null || signatureHeader == null || !signatureHeader.startsWith("sha256=")) return false;
        long ts;
        try {
            ts = Long.parseLong(timestampHeader.strip());
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(clock.instant().getEpochSecond() - ts) > tolerance.toSeconds()) return false;
        byte[] given;
        try {
            given = HexFormat.of().parseHex(signatureHeader.substring("sha256=".length()).strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(given, hmac(secret, ts, body));
    }

    private static byte[] hmac(String secret, long ts, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((ts + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
