package org.reportonce.hashing.signalset;

import org.reportonce.hashing.Hash256;
import org.reportonce.hashing.pdq.PdqHash;

/**
 * One hash of a signal set: a plain PDQ hash (any StopNCII/HMA tool understands it) and the name of
 * the variant of the picture it was computed from, e.g. {@code orig}, {@code crop_l0_t0_r8_b8},
 * {@code straighten_+3}, {@code trim/flipy}.
 */
public record SignalMember(String variant, PdqHash pdq) {

    public SignalMember {
        if (variant == null || variant.isBlank()) {
            throw new IllegalArgumentException("variant name must not be blank");
        }
        if (pdq == null) {
            throw new IllegalArgumentException("PDQ hash of variant '" + variant + "' must not be null");
        }
    }

    public Hash256 hash() {
        return pdq.hash();
    }

    public int quality() {
        return pdq.quality();
    }
}
