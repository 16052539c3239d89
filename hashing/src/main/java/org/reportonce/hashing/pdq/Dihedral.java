package org.reportonce.hashing.pdq;

/**
 * The eight symmetries of a rectangle (the dihedral group D4), in the order and with the names of
 * Meta's reference ({@code pdq-photo-hasher --dihedral}).
 *
 * <p>Each constant says how the hash of that variant relates to the original picture: the
 * {@code ROT90} hash is (up to resampling) the PDQ hash of the picture turned 90° anticlockwise;
 * {@code FLIPX} is the picture mirrored top-to-bottom (reflected in the horizontal x axis);
 * {@code FLIPY} mirrored left-to-right (in the vertical y axis); {@code FLIP_PLUS1} reflected in the
 * main diagonal (transposed); {@code FLIP_MINUS1} reflected in the anti-diagonal.
 */
public enum Dihedral {
    ORIG("orig", false, false, false),
    ROT90("rot90", true, false, true),
    ROT180("rot180", false, true, true),
    ROT270("rot270", true, true, false),
    FLIPX("flipx", false, true, false),
    FLIPY("flipy", false, false, true),
    FLIP_PLUS1("flip_plus1", true, false, false),
    FLIP_MINUS1("flip_minus1", true, true, true);

    private final String wireName;
    /** Swap the two frequency axes (the picture is reflected in a diagonal). */
    final boolean transpose;
    /** Negate coefficients whose vertical frequency index (0-based, before any transpose) is even. */
    final boolean negateEvenRows;
    /** Negate coefficients whose horizontal frequency index (0-based, before any transpose) is even. */
    final boolean negateEvenCols;

    Dihedral(String wireName, boolean transpose, boolean negateEvenRows, boolean negateEvenCols) {
        this.wireName = wireName;
        this.transpose = transpose;
        this.negateEvenRows = negateEvenRows;
        this.negateEvenCols = negateEvenCols;
    }

    /** The lower-case name used on the wire and by the reference tools, e.g. {@code flip_plus1}. */
    public String wireName() {
        return wireName;
    }

    /**
     * The variant with the given wire name.
     *
     * @throws IllegalArgumentException listing the accepted names
     */
    public static Dihedral fromWireName(String name) {
        for (Dihedral d : values()) {
            if (d.wireName.equals(name)) {
                return d;
            }
        }
        throw new IllegalArgumentException("dihedral variant must be one of orig, rot90, rot180, rot270, flipx,"
                + " flipy, flip_plus1, flip_minus1; got '" + name + "'");
    }
}
