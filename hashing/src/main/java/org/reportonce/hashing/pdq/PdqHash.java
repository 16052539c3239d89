package org.reportonce.hashing.pdq;

import org.reportonce.hashing.Hash256;

/**
 * One PDQ hash and the quality score the hasher gave the image it came from.
 *
 * @param hash    the 256-bit perceptual hash
 * @param quality 0 (featureless: flat, tiny or nearly so) to 100 (plenty of gradient); matchers
 *                ignore hashes below a floor (StopNCII and ReportOnce use 50)
 */
public record PdqHash(Hash256 hash, int quality) {

    public PdqHash {
        if (hash == null) {
            throw new IllegalArgumentException("hash must not be null");
        }
        if (quality < 0 || quality > 100) {
            throw new IllegalArgumentException("quality must be 0..100, got " + quality);
        }
    }

    /** Hamming distance between the two hashes, ignoring quality. */
    public int distance(PdqHash other) {
        return hash.distance(other.hash);
    }
}
