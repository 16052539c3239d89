package org.reportonce.platform;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.reportonce.hashing.exact.ExactDigests;
import org.reportonce.hashing.exact.ExactHashes;
import org.reportonce.hashing.image.DecodedImage;
import org.reportonce.hashing.image.ImageDecoder;
import org.reportonce.hashing.image.ImageDecodeException;
import org.reportonce.hashing.pdq.PdqHash;
import org.reportonce.hashing.signalset.SignalMember;
import org.reportonce.hashing.signalset.SignalSets;

/**
 * Fingerprints with the hashing module: for matching, the canonical PDQ (C++/StopNCII-compatible)
 * look-up set of {@code SignalSets.forMatching} (8 dihedral hashes, plus 8 of the border-trimmed
 * picture), MD5 and SHA-256; for a user's report, the edit-resilient signal set.
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
            DecodedImage img = ImageDecoder.decode(bytes);
            // the platform's side of the match rule (issue 7): dihedral hashes, and those of the
            // picture with its uniform borders trimmed when it has any
            List<Member> members = SignalSets.forMatching(img.rgb(), img.width(), img.height()).members().stream()
                    .map(m -> new Member(m.variant(), m.hash(), m.quality())).toList();
            return new Fingerprint(members, digests.md5Hex(), digests.sha256Hex(), null);
        } catch (ImageDecodeException e) {
            return new Fingerprint(List.of(), digests.md5Hex(), digests.sha256Hex(),
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
