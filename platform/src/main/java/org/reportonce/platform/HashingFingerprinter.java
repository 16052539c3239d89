package org.reportonce.platform;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.reportonce.hashing.Hash256;
import org.reportonce.hashing.ImageHashing;
import org.reportonce.hashing.exact.ExactDigests;
import org.reportonce.hashing.exact.ExactHashes;
import org.reportonce.hashing.image.DecodedImage;
import org.reportonce.hashing.image.ImageDecoder;
import org.reportonce.hashing.image.ImageDecodeException;
import org.reportonce.hashing.pdq.DihedralHashes;
import org.reportonce.hashing.pdq.PdqHash;
import org.reportonce.hashing.signalset.SignalMember;
import org.reportonce.hashing.signalset.SignalSets;

/**
 * Fingerprints with the hashing module: canonical PDQ (C++/StopNCII-compatible) + 8 dihedral, MD5,
 * SHA-256; and, for a user's report, the edit-resilient signal set.
 */
final class HashingFingerprinter implements ImageFingerprinter {

    @Override
    public Fingerprint fingerprint(byte[] bytes) {
        ExactDigests digests;
        try {
            digests = ExactHashes.digest(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen reading a byte array", e);
        }
        try {
            DihedralHashes d = ImageHashing.pdqDihedral(bytes);
            List<Hash256> hashes = d.hashes().stream().map(PdqHash::hash).toList();
            return new Fingerprint(hashes, d.original().quality(), digests.md5Hex(), digests.sha256Hex(), null);
        } catch (ImageDecodeException e) {
            return new Fingerprint(List.of(), 0, digests.md5Hex(), digests.sha256Hex(),
                    e.reason().name().toLowerCase(java.util.Locale.ROOT) + ": " + e.getMessage());
        }
    }

    @Override
    public List<PdqHash> reportSignalSet(byte[] bytes) {
        DecodedImage img;
        try {
            img = ImageDecoder.decode(bytes);
        } catch (ImageDecodeException e) {
            return List.of();
        }
        return SignalSets.forReport(img.rgb(), img.width(), img.height()).members().stream().map(SignalMember::pdq).toList();
    }
}
