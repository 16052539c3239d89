package org.reportonce.hub.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.reportonce.hub.cases.CaseNumber;

/**
 * Case PINs: 8 characters from the case-number alphabet (about 39 bits), shown once, stored as an
 * Argon2id hash in the PHC string form {@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}.
 * The parameters are OWASP's minimum for Argon2id; they are read back from each stored string, so
 * they can be raised later without invalidating older PINs. Online guessing is stopped by the
 * per-case lockout and the per-IP limit; Argon2id makes offline guessing after a database theft slow.
 */
public final class Pins {

    public static final int LENGTH = 8;
    public static final int DEFAULT_MEMORY_KIB = 19_456;
    private static final int ITERATIONS = 2;
    private static final int PARALLELISM = 1;

    private final SecureRandom random;
    private final int memoryKib;

    public Pins(SecureRandom random, int memoryKib) {
        this.random = random;
        this.memoryKib = memoryKib;
    }

    /** A new PIN, grouped for reading as {@code XXXX-XXXX}. */
    public String newPin() {
        StringBuilder sb = new StringBuilder(LENGTH + 1);
        for (int i = 0; i < LENGTH; i++) {
            if (i == 4) sb.append('-');
            sb.append(CaseNumber.ALPHABET.charAt(random.nextInt(CaseNumber.ALPHABET.length())));
        }
        return sb.toString();
    }

    /** Canonical form for hashing: upper case, no separators or spaces. */
    static String normalise(String pin) {
        return pin.replaceAll("[\\s-]", "").toUpperCase(java.util.Locale.ROOT);
    }

    public String hash(String pin) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        byte[] out = argon2(normalise(pin), salt, memoryKib, ITERATIONS, PARALLELISM);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "$argon2id$v=19$m=" + memoryKib + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$"
                + b64.encodeToString(salt) + "$" + b64.encodeToString(out);
    }

    /** Checks a PIN against a stored hash, in time independent of where the two differ. */
    public static boolean verify(String pin, String stored) {
        if (pin == null || pin.length() > 64) return false;
        String[] parts = stored.split("\\$");
        // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
        if (parts.length != 6 || !"argon2id".equals(parts[1])) {
            throw new IllegalStateException("stored PIN hash is not an Argon2id PHC string");
        }
        int m = 0, t = 0, p = 0;
        for (String kv : parts[3].split(",")) {
            String[] x = kv.split("=");
            switch (x[0]) {
                case "m" -> m = Integer.parseInt(x[1]);
                case "t" -> t = Integer.parseInt(x[1]);
                case "p" -> p = Integer.parseInt(x[1]);
                default -> throw new IllegalStateException("unknown Argon2 parameter " + x[0]);
            }
        }
        Base64.Decoder b64 = Base64.getDecoder();
        byte[] salt = b64.decode(parts[4]);
        byte[] expected = b64.decode(parts[5]);
        byte[] actual = argon2(normalise(pin), salt, m, t, p);
        return MessageDigest.isEqual(expected, actual);
    }

    private static byte[] argon2(String pin, byte[] salt, int memoryKib, int iterations, int parallelism) {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .withSalt(salt)
                .build();
        Argon2BytesGenerator gen = new Argon2BytesGenerator();
        gen.init(params);
        byte[] out = new byte[32];
        gen.generateBytes(pin.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
