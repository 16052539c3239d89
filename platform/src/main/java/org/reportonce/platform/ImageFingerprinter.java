package org.reportonce.platform;

import java.util.List;
import org.reportonce.hashing.Hash256;
import org.reportonce.hashing.pdq.PdqHash;

/** Hashes uploaded bytes: the 8 dihedral PDQ hashes (when the bytes are an image) and the exact digests. */
interface ImageFingerprinter {

    /**
     * @param pdq      the PDQ hashes to look up, labelled as {@code SignalSets.forMatching} does: the 8
     *                 dihedral hashes (orig first), then the 8 of the border-trimmed picture when it has
     *                 uniform borders, then the area look-ups ({@code area/...}) (empty when the bytes
     *                 are not a decodable image)
     * @param notImage why no PDQ could be computed (the decoder's reason), or null
     */
    record Fingerprint(List<Member> pdq, String md5, String sha256, String notImage) {
        /** The untrimmed picture's own hash, or null. */
        Member orig() {
            return pdq.isEmpty() ? null : pdq.get(0);
        }
    }

    /** One labelled PDQ hash: {@code orig}, {@code rot90}, ..., {@code trim/orig}, ... */
    record Member(String label, Hash256 hash, int quality) {}

    Fingerprint fingerprint(byte[] bytes);

    /**
     * The PDQ hashes a report of these bytes submits: the signal set of
     * {@code org.reportonce.hashing.signalset.SignalSets#forReport} (the picture's own hash first, then
     * the variants that anticipate crops and small turns), or an empty list when the bytes are not a
     * decodable image.
     */
    List<PdqHash> reportSignalSet(byte[] bytes);
}
