package org.reportonce.hashing.pdq;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.reportonce.hashing.Hash256;
import org.reportonce.hashing.ImageHashing;
import org.reportonce.hashing.image.DecodedImage;
import org.reportonce.hashing.image.ImageDecoder;
import org.reportonce.testing.PdqData;
import org.reportonce.testing.PdqData.Reference;

/**
 * The hasher against the hashes Meta's references computed for their own test images
 * ({@code shared/pdq-data/reference-hashes.tsv}). Prints a per-file table of distances.
 */
class ReferenceHashesTest {

    /** Our bar: within 4 bits of the C++ (Meta's own bar for a new implementation is 10). */
    static final int MAX_DISTANCE = 4;

    /** Lossy WebP decoders differ in their chroma upsampling; Meta's bar for that case. */
    static final int WEBP_MAX_DISTANCE = 10;

    private static final List<String> REPORT = new ArrayList<>();

    static Stream<Reference> plainHashesTheCppReads() {
        return PdqData.references().stream().filter(r -> r.variant().equals("pdq") && r.cppReadable());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plainHashesTheCppReads")
    void canonicalHash_isWithinFourBitsOfCpp_withEqualQuality(Reference ref) {
        PdqHash ours = ImageHashing.pdq(PdqData.file(ref.file()));
        Hash256 cpp = Hash256.fromHex(ref.cppHash());
        int cppQuality = Integer.parseInt(ref.cppQuality());
        int d = ours.hash().distance(cpp);
        String nn512 = ref.javaNn512Hash().length() != 64 ? "-" : String.valueOf(ours.hash().distance(Hash256.fromHex(ref.javaNn512Hash())));
        REPORT.add(String.format("%-55s d(cpp)=%3d d(java_nn512)=%3s quality %3d (cpp %3d)", ref.file(), d, nn512, ours.quality(), cppQuality));
        if (cppQuality >= 80) {
            // WebP: the C++ reads it through libwebp, we through TwelveMonkeys' decoder; see WEBP_MAX_DISTANCE
            int bar = ref.file().endsWith(".webp") ? WEBP_MAX_DISTANCE : MAX_DISTANCE;
            assertThat(d).as("distance to cpp hash for %s", ref.file()).isLessThanOrEqualTo(bar);
            assertThat(ours.quality()).as("quality of %s", ref.file()).isEqualTo(cppQuality);
        }
    }

    @AfterAll
    static void printReport() {
        System.out.println("PDQ distances to the C++ reference (canonical mode):");
        REPORT.forEach(System.out::println);
    }
}
