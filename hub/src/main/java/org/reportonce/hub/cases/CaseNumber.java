package org.reportonce.hub.cases;

import java.security.SecureRandom;
import java.util.Locale;

/**
 * A case number such as {@code K7MP-3QXD-9T4C}: eleven random characters and one check character,
 * grouped in fours for reading aloud.
 *
 * <p>The alphabet has 30 characters: digits 2–9 and the capital letters without I, L, O and U, so
 * nothing can be confused with 0, 1, l or I when read, heard or typed (and fewer accidental words).
 * Eleven random characters give about 54 bits: numbers are not sequential and cannot be guessed.
 * The check character is Luhn mod 30, which catches every single mistyped character and every swap
 * of two adjacent different characters except 2↔Z (the one blind spot of Luhn mod N, between the first
 * and last symbol), so a typo is reported as a typo rather than "no such case".
 */
public record CaseNumber(String value) {

    /** Shared with PINs. */
    public static final String ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final int N = ALPHABET.length();
    private static final int RANDOM_CHARS = 11;

    public CaseNumber {
        if (value == null || value.length() != RANDOM_CHARS + 1) {
            throw new IllegalArgumentException("case number must have 12 characters");
        }
        for (int i = 0; i < value.length(); i++) {
            if (ALPHABET.indexOf(value.charAt(i)) < 0) {
                throw new IllegalArgumentException("case number has a character that is not used in case numbers: '" + value.charAt(i) + "'");
            }
        }
        if (!checks(value)) throw new IllegalArgumentException("case number check character does not match: please check for a typing mistake");
    }

    public static CaseNumber random(SecureRandom random) {
        StringBuilder sb = new StringBuilder(RANDOM_CHARS + 1);
        for (int i = 0; i < RANDOM_CHARS; i++) sb.append(ALPHABET.charAt(random.nextInt(N)));
        sb.append(checkChar(sb));
        return new CaseNumber(sb.toString());
    }

    /**
     * Parses what a person typed: case-insensitive, spaces and hyphens ignored.
     *
     * @throws IllegalArgumentException saying what is wrong (length, a character not used, or a typo)
     */
    public static CaseNumber parse(String typed) {
        if (typed == null || typed.isBlank()) throw new IllegalArgumentException("case number is missing");
        if (typed.length() > 40) throw new IllegalArgumentException("case number is too long: it has 12 characters, like K7MP-3QXD-9T4C");
        String s = typed.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
        if (s.length() != RANDOM_CHARS + 1) {
            throw new IllegalArgumentException("case number must have 12 characters (like K7MP-3QXD-9T4C), got " + s.length());
        }
        return new CaseNumber(s);
    }

    /** Grouped for display: {@code XXXX-XXXX-XXXX}. */
    @Override
    public String toString() {
        return value.substring(0, 4) + "-" + value.substring(4, 8) + "-" + value.substring(8);
    }

    static char checkChar(CharSequence payload) {
        int factor = 2;
        int sum = 0;
        for (int i = payload.length() - 1; i >= 0; i--) {
            int addend = factor * ALPHABET.indexOf(payload.charAt(i));
            factor = factor == 2 ? 1 : 2;
            sum += addend / N + addend % N;
        }
        return ALPHABET.charAt((N - sum % N) % N);
    }

    static boolean checks(CharSequence full) {
        int factor = 1;
        int sum = 0;
        for (int i = full.length() - 1; i >= 0; i--) {
            int addend = factor * ALPHABET.indexOf(full.charAt(i));
            factor = factor == 2 ? 1 : 2;
            sum += addend / N + addend % N;
        }
        return sum % N == 0;
    }
}
