package org.reportonce.platform;

import java.util.List;
import org.reportonce.hashing.Hash256;
import org.reportonce.hashing.pdq.PdqHash;

/** Hashes uploaded bytes: the 8 dihedral PDQ hashes (when the bytes are an image) and the exact digests. */
interface ImageFingerprinter {

    /**
     * @param dihedral   the 8 dihedral PDQ hashes, orig first (empty when the bytes are not a decodable image)
     * @param quality    the PDQ quality (0 when not an image)
     * @param notImage   why no PDQ could be computed (decoder's reason), or null
     */
    record Fingerprint(List<Hash256> dihedral, int quality, String md5, String sha256, String notImage) {}

    Fingerprint fingerprint(byte[] bytes);

    /**
     * The PDQ hashes a report of these bytes submits: the signal set of
     * {@code org.reportonce.hashing.signalset.SignalSets#forReport} (the picture's own hash first, then
     * the variants that anticipate crops and small turns), or an empty list when the bytes are not a
     * decodable image.
     */
    List<PdqHash> reportSignalSet(byte[] bytes);
}
