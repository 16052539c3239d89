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

    static Stream<Reference> pngsWhereCppAndJavaNn512Agree() {
        return PdqData.references().stream().filter(r -> r.variant().equals("pdq") && r.file().endsWith(".png")
                && r.cppReadable() && r.cppHash().equals(r.javaNn512Hash()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pngsWhereCppAndJavaNn512Agree")
    void losslessInput_hashesBitForBitAsCpp(Reference ref) {
        PdqHash ours = ImageHashing.pdq(PdqData.file(ref.file()));
        assertThat(ours.hash().toHex()).isEqualTo(ref.cppHash());
        assertThat(ours.quality()).isEqualTo(Integer.parseInt(ref.cppQuality()));
    }

    @Test
    void dihedralHashesOfBridge_matchCppForAllEightVariants() {
        List<Reference> rows = PdqData.references().stream()
                .filter(r -> r.file().endsWith("bridge-1-original.jpg") && r.variant().startsWith("dih:"))
                .toList();
        assertThat(rows).hasSize(8);
        DihedralHashes ours = ImageHashing.pdqDihedral(PdqData.file(rows.get(0).file()));
        for (Reference ref : rows) {
            Dihedral variant = Dihedral.fromWireName(ref.variant().substring("dih:".length()));
            PdqHash h = ours.get(variant);
            int d = h.hash().distance(Hash256.fromHex(ref.cppHash()));
            REPORT.add(String.format("%-55s d(cpp)=%3d quality %3d (cpp %s)", ref.file() + " " + ref.variant(), d, h.quality(), ref.cppQuality()));
            assertThat(d).as("distance to cpp for %s", variant).isLessThanOrEqualTo(MAX_DISTANCE);
            assertThat(h.quality()).isEqualTo(Integer.parseInt(ref.cppQuality()));
        }
    }

    @Test
    void dihedralOriginal_equalsPlainHash() {
        DecodedImage img = ImageDecoder.decode(PdqData.file("pdq-data/reg-test-input/pen-and-coaster.png"));
        for (PdqHasher hasher : List.of(PdqHasher.canonical(), PdqHasher.fullResolution())) {
            assertThat(hasher.hashRgbDihedral(img.rgb(), img.width(), img.height()).original())
                    .isEqualTo(hasher.hashRgb(img.rgb(), img.width(), img.height()));
        }
    }

    /** (file, cpp_nodownsample_hash, its quality): the C++ with the 512 step removed, i.e. full-resolution mode. */
    static Stream<String[]> cppWithoutSquash() throws java.io.IOException {
        List<String> lines = java.nio.file.Files.readAllLines(PdqData.shared().resolve("pdq-data/reference-hashes.tsv"));
        List<String> header = List.of(lines.get(0).split("\t"));
        int hash = header.indexOf("cpp_nodownsample_hash");
        int quality = header.indexOf("cpp_nodownsample_quality");
        return lines.stream().skip(1).map(l -> l.split("\t", -1))
                .filter(c -> c[1].equals("pdq") && c[hash].length() == 64)
                .map(c -> new String[] {c[0], c[hash], c[quality]});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cppWithoutSquash")
    void fullResolutionHash_isWithinFourBitsOfCppWithoutSquash(String file, String hash, String quality) {
        PdqHash ours = ImageHashing.pdq(PdqData.file(file), PdqHasher.fullResolution());
        int d = ours.hash().distance(Hash256.fromHex(hash));
        REPORT.add(String.format("%-55s d(cpp without 512 squash, full resolution)=%3d", file, d));
        if (Integer.parseInt(quality) >= 80) {
            int bar = file.endsWith(".webp") ? WEBP_MAX_DISTANCE : MAX_DISTANCE;
            assertThat(d).isLessThanOrEqualTo(bar);
            assertThat(ours.quality()).isEqualTo(Integer.parseInt(quality));
        }
    }

    @AfterAll
    static void printReport() {
        System.out.println("PDQ distances to the C++ reference (canonical mode):");
        REPORT.forEach(System.out::println);
    }
}
