package org.reportonce.hashing.exact;

/**
 * The MD5 and SHA-256 of one byte stream.
 *
 * @param md5Hex    32 lowercase hex characters
 * @param sha256Hex 64 lowercase hex characters
 * @param bytes     how many bytes were hashed
 */
public record ExactDigests(String md5Hex, String sha256Hex, long bytes) {

    public ExactDigests {
        requireHex("md5Hex", md5Hex, 32);
        requireHex("sha256Hex", sha256Hex, 64);
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must not be negative, got " + bytes);
        }
    }

    private static void requireHex(String name, String value, int length) {
        if (value == null || value.length() != length) {
            throw new IllegalArgumentException(name + " must be " + length + " lowercase hex characters, got "
                    + (value == null ? "null" : value.length() + " characters"));
        }
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                throw new IllegalArgumentException(name + " must be lowercase hex; character " + (i + 1) + " is '" + c + "'");
            }
        }
    }
}
