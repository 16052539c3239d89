package org.reportonce.platform;

import java.util.List;

/**
 * The wire names of the 8 dihedral variants, in the order the hashing module computes them
 * ({@code org.reportonce.hashing.pdq.Dihedral}): a match through variant k means the uploaded or
 * stored copy is the reported image transformed by k (rotated or mirrored).
 */
final class Variants {
    private Variants() {}

    static final List<String> WIRE_NAMES =
            List.of("orig", "rot90", "rot180", "rot270", "flipx", "flipy", "flip_plus1", "flip_minus1");

    static boolean isValid(String name) {
        return WIRE_NAMES.contains(name);
    }

    static String name(int ordinal) {
        return WIRE_NAMES.get(ordinal);
    }
}
