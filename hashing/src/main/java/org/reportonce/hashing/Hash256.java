package org.reportonce.hashing;

/**
 * An immutable 256-bit hash (a PDQ hash), held as four longs.
 *
 * <p>Bit order follows the PDQ reference's hex form: the hex string is read big-endian, so
 * {@code w0} holds the first 16 hex characters (the most significant 64 bits) and {@code w3} the
 * last 16. Two hashes are equal when their bits are equal; {@link #distance} is the Hamming
 * distance, the number of differing bits (0 to 256).
 */
public record Hash256(long w0, long w1, long w2, long w3) implements Comparable<Hash256> {

    /** The number of hex characters in the text form of a hash. */
    public static final int HEX_LENGTH = 64;

    public static final Hash256 ZERO = new Hash256(0, 0, 0, 0);

    /**
     * Parses 64 hex characters (either case). Strict: no whitespace, no {@code 0x} prefix.
     *
     * @throws IllegalArgumentException naming what was wrong, e.g. "hash must be 64 hex characters, got 63"
     */
    public static Hash256 fromHex(String hex) {
        if (hex == null) {
            throw new IllegalArgumentException("hash must be 64 hex characters, got null");
        }
        if (hex.length() != HEX_LENGTH) {
            throw new IllegalArgumentException("hash must be 64 hex characters, got " + hex.length());
        }
        long[] words = new long[4];
        for (int i = 0; i < HEX_LENGTH; i++) {
            char c = hex.charAt(i);
            int nibble = Character.digit(c, 16);
            if (nibble < 0 || c > 'f') {
                String shown = Character.isWhitespace(c) ? "whitespace" : "'" + c + "'";
                throw new IllegalArgumentException(
                        "hash must be 64 hex characters; character " + (i + 1) + " is " + shown);
            }
            words[i >> 4] = (words[i >> 4] << 4) | nibble;
        }
        return new Hash256(words[0], words[1], words[2], words[3]);
    }

    /** Builds a hash from 256 bits given as 32 bytes, most significant first (the hex order). */
    public static Hash256 fromBytes(byte[] bytes) {
        if (bytes == null || bytes.length != 32) {
            throw new IllegalArgumentException(
                    "hash must be 32 bytes, got " + (bytes == null ? "null" : bytes.length));
        }
        long[] words = new long[4];
        for (int i = 0; i < 32; i++) {
            words[i >> 3] = (words[i >> 3] << 8) | (bytes[i] & 0xFF);
        }
        return new Hash256(words[0], words[1], words[2], words[3]);
    }

    /** The 32 bytes of the hash, most significant first. */
    public byte[] toBytes() {
        byte[] out = new byte[32];
        for (int i = 0; i < 32; i++) {
            out[i] = (byte) (word(i >> 3) >>> (56 - 8 * (i & 7)));
        }
        return out;
    }

    /** Word {@code i} (0..3), {@code w0} being the most significant. */
    public long word(int i) {
        return switch (i) {
            case 0 -> w0;
            case 1 -> w1;
            case 2 -> w2;
            case 3 -> w3;
            default -> throw new IndexOutOfBoundsException("word index must be 0..3, got " + i);
        };
    }

    /**
     * Bit {@code k} (0..255) in PDQ's numbering: bit k is bit {@code k % 64} of the word that holds
     * bits {@code 64*(k/64)} onwards, counting from the least significant end of the hex string. This
     * matches the reference, where bit 0 is the lowest bit of the last hex character.
     */
    public boolean bit(int k) {
        if (k < 0 || k > 255) {
            throw new IndexOutOfBoundsException("bit index must be 0..255, got " + k);
        }
        return ((word(3 - (k >> 6)) >>> (k & 63)) & 1L) != 0;
    }

    /** Hamming distance: the number of bits that differ. */
    public int distance(Hash256 other) {
        return Long.bitCount(w0 ^ other.w0) + Long.bitCount(w1 ^ other.w1)
                + Long.bitCount(w2 ^ other.w2) + Long.bitCount(w3 ^ other.w3);
    }

    /** The number of set bits. */
    public int bitCount() {
        return Long.bitCount(w0) + Long.bitCount(w1) + Long.bitCount(w2) + Long.bitCount(w3);
    }

    public Hash256 xor(Hash256 other) {
        return new Hash256(w0 ^ other.w0, w1 ^ other.w1, w2 ^ other.w2, w3 ^ other.w3);
    }

    /** 64 lowercase hex characters. */
    public String toHex() {
        return hex16(w0) + hex16(w1) + hex16(w2) + hex16(w3);
    }

    private static String hex16(long w) {
        String s = Long.toHexString(w);
        return "0".repeat(16 - s.length()) + s;
    }

    @Override
    public String toString() {
        return toHex();
    }

    @Override
    public int compareTo(Hash256 o) {
        int c = Long.compareUnsigned(w0, o.w0);
        if (c == 0) c = Long.compareUnsigned(w1, o.w1);
        if (c == 0) c = Long.compareUnsigned(w2, o.w2);
        if (c == 0) c = Long.compareUnsigned(w3, o.w3);
        return c;
    }
}
