package org.reportonce.hashing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.reportonce.hashing.image.ImageDecoder;
import org.reportonce.hashing.pdq.PdqHash;
import org.reportonce.testing.PdqData;
import org.reportonce.testing.PdqData.Reference;

/** The reduced-scale JPEG path ({@link ImageHashing#pdqFast}) stays within the parity bar of the C++. */
class FastPathTest {

    private static final List<String> REPORT = new ArrayList<>();

    static Stream<Reference> jpegsAndPngs() {
        return PdqData.references().stream().filter(r -> r.variant().equals("pdq") && r.cppReadable()
                && (r.file().endsWith(".jpg") || r.file().endsWith(".png")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jpegsAndPngs")
    void fastHash_isWithinFourBitsOfCpp_withEqualQuality(Reference ref) throws IOException {
        byte[] bytes = Files.readAllBytes(PdqData.file(ref.file()));
        boolean fast = ImageDecoder.standard().squashedLumaForCanonicalPdq(bytes) != null;
        PdqHash ours = ImageHashing.pdqFast(bytes);
        int d = ours.hash().distance(Hash256.fromHex(ref.cppHash()));
        int cppQuality = Integer.parseInt(ref.cppQuality());
        REPORT.add(String.format("%-55s %-9s d(cpp)=%3d quality %3d (cpp %3d)", ref.file(), fast ? "Y-sampled" : "exact", d,
                ours.quality(), cppQuality));
        if (cppQuality >= 80) {
            assertThat(d).isLessThanOrEqualTo(ReferenceBar.MAX_DISTANCE);
            assertThat(ours.quality()).isEqualTo(cppQuality);
        }
        if (!fast) {
            assertThat(ours).isEqualTo(ImageHashing.pdq(bytes));
        }
    }

    @AfterAll
    static void printReport() {
        System.out.println("Fast path (ImageHashing.pdqFast) distances to the C++ reference:");
        REPORT.forEach(System.out::println);
    }

    static final class ReferenceBar {
        static final int MAX_DISTANCE = 4;
    }
}
