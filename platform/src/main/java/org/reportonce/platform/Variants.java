package org.reportonce.platform;

import java.util.List;

/**
 * Names of the PDQ hashes looked up for one upload, as {@code SignalSets.forMatching} labels them:
 * the 8 dihedral variants in the hashing module's order ({@code org.reportonce.hashing.pdq.Dihedral})
 * and, when the upload has uniform borders, the same 8 of the trimmed picture prefixed {@code trim/}
 * (or, for a picture turned on a filled canvas, the same 8 of it turned back, also {@code trim/}).
 * A match through {@code rot90} means the upload is the reported image turned; through
 * {@code trim/orig} that it is the reported image inside a frame.
 */
final class Variants {
    private Variants() {}

    static final List<String> WIRE_NAMES =
            List.of("orig", "rot90", "rot180", "rot270", "flipx", "flipy", "flip_plus1", "flip_minus1");
    static final String TRIM = "trim/";

    static boolean isValid(String name) {
        return WIRE_NAMES.contains(name) || (name.startsWith(TRIM) && WIRE_NAMES.contains(name.substring(TRIM.length())));
    }

    /** Slot 0..7 = dihedral of the picture, 8..15 = dihedral of the trimmed picture. */
    static String name(int slot) {
        return slot < 8 ? WIRE_NAMES.get(slot) : TRIM + WIRE_NAMES.get(slot - 8);
    }

    static List<String> allNames() {
        List<String> out = new java.util.ArrayList<>(WIRE_NAMES);
        for (String n : WIRE_NAMES) out.add(TRIM + n);
        return out;
    }
}
