package org.reportonce.hashing.pdq;

import java.util.List;

/**
 * The PDQ hashes of the eight dihedral variants of one image, in {@link Dihedral} order. All share
 * one quality, since reflecting or rotating a picture does not change its gradients.
 */
public record DihedralHashes(List<PdqHash> hashes) {

    public DihedralHashes {
        if (hashes == null || hashes.size() != Dihedral.values().length) {
            throw new IllegalArgumentException("dihedral hashes must hold 8 hashes, got "
                    + (hashes == null ? "null" : String.valueOf(hashes.size())));
        }
        for (PdqHash h : hashes) {
            if (h == null) {
                throw new IllegalArgumentException("dihedral hashes must not hold null");
            }
        }
        hashes = List.copyOf(hashes);
    }

    public PdqHash get(Dihedral variant) {
        return hashes.get(variant.ordinal());
    }

    /** The hash of the image as given ({@link Dihedral#ORIG}). */
    public PdqHash original() {
        return hashes.get(0);
    }
}
