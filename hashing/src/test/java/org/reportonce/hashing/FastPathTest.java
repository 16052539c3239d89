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
        boolean pngPath = ImageDecoder.standard().canonicalPdqPixelsOfPng(bytes, ref.file()) != null;
        boolean noIccPath = !fast && !pngPath && ImageDecoder.standard().pixelsOfJpegIgnoringIccProfile(bytes, ref.file()) != null;
        PdqHash ours = ImageHashing.pdqFast(bytes);
        int d = ours.hash().distance(Hash256.fromHex(ref.cppHash()));
        int cppQuality = Integer.parseInt(ref.cppQuality());
        REPORT.add(String.format("%-55s %-9s d(cpp)=%3d quality %3d (cpp %3d)", ref.file(),
                fast ? "Y-sampled" : pngPath ? "png-sampled" : noIccPath ? "no-icc" : "exact", d,
                ours.quality(), cppQuality));
        if (cppQuality >= 80) {
            assertThat(d).isLessThanOrEqualTo(ReferenceBar.MAX_DISTANCE);
            assertThat(ours.quality()).isEqualTo(cppQuality);
        }
        if (!fast) {
            // the PNG path must be bit-identical to the complete decode, as must the fallback and
            // the JPEGs with an ICC profile (no path applies the profile)
            assertThat(ours).isEqualTo(ImageHashing.pdq(bytes));
        }
        if (ref.file().endsWith("misc-images/small.jpg") || ref.file().endsWith("misc-images/wee.jpg")) {
            assertThat(noIccPath).as("%s (ICC profile, small) is decoded without colour management", ref.file()).isTrue();
            assertThat(d).isZero();
        }
        if (ref.file().contains("/modes/") && ref.file().endsWith(".png")) { // the others carry ICC profiles
            assertThat(pngPath).as("%s takes the PNG sampling path", ref.file()).isTrue();
        }
        // the path is part of what is tested: every YCbCr or grey JPEG over 512 px, baseline or
        // progressive, must take the sampled-luminance path, or its speed is not what was measured
        String[] wh = ref.size().split("x");
        boolean big = Integer.parseInt(wh[0]) > 512 || Integer.parseInt(wh[1]) > 512;
        if (ref.file().endsWith(".jpg") && big && !ref.file().endsWith("CMYK.jpg")) {
            assertThat(fast).as("%s takes the fast path", ref.file()).isTrue();
        }
    }

    /**
     * The fast path lends its big arrays from a pool ({@code image.Scratch}), image after image: a
     * hash must not depend on what was hashed before (a progressive photo after a baseline one, a
     * small PNG after a big one, a failed decode in between). Every file is hashed fresh first
     * (each through its own pool-free decode, below), then again in three interleaved orders.
     */
    @org.junit.jupiter.api.Test
    void fastHash_doesNotDependOnWhatWasHashedBefore() throws IOException {
        List<Reference> refs = jpegsAndPngs().toList();
        List<byte[]> files = new ArrayList<>();
        List<PdqHash> alone = new ArrayList<>();
        for (Reference ref : refs) {
            byte[] bytes = Files.readAllBytes(PdqData.file(ref.file()));
            files.add(bytes);
            org.reportonce.hashing.image.LumaImage luma = ImageDecoder.standard().squashedLumaForCanonicalPdq(bytes);
            alone.add(luma != null
                    ? org.reportonce.hashing.pdq.PdqHasher.canonical().hashLuma(luma.luma(), luma.width(), luma.height())
                    : ImageHashing.pdq(bytes));
        }
        byte[] damaged = java.util.Arrays.copyOf(files.get(0), files.get(0).length / 2);
        java.util.Random random = new java.util.Random(2);
        for (int round = 0; round < 3; round++) {
            List<Integer> order = new ArrayList<>(java.util.stream.IntStream.range(0, files.size()).boxed().toList());
            if (round == 1) java.util.Collections.reverse(order);
            if (round == 2) java.util.Collections.shuffle(order, random);
            for (int i : order) {
                assertThat(ImageHashing.pdqFast(files.get(i))).as("%s, round %d", refs.get(i).file(), round).isEqualTo(alone.get(i));
                if (i % 7 == 0) {
                    org.assertj.core.api.Assertions.catchThrowable(() -> ImageHashing.pdqFast(damaged));
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"misc-images/modes/RGBA.png", "misc-images/modes/P.png",
            "reg-test-input/dih/bridge-2-rotate-90.jpg", "bridge-mods/aaa-orig.jpg"})
    void truncatedFile_failsOnTheFastPath_withTheCompleteDecodersError(String name) throws IOException {
        byte[] whole = Files.readAllBytes(PdqData.file("pdq-data/" + name));
        byte[] half = java.util.Arrays.copyOf(whole, whole.length / 2);
        org.reportonce.hashing.image.ImageDecodeException exact = org.assertj.core.api.Assertions.catchThrowableOfType(
                org.reportonce.hashing.image.ImageDecodeException.class, () -> ImageHashing.pdq(half));
        org.reportonce.hashing.image.ImageDecodeException fast = org.assertj.core.api.Assertions.catchThrowableOfType(
                org.reportonce.hashing.image.ImageDecodeException.class, () -> ImageHashing.pdqFast(half));
        assertThat(fast).isNotNull();
        assertThat(fast.reason()).isEqualTo(exact.reason());
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"bridge-mods/aaa-orig.jpg", "bridge-mods/high-saturation.jpg",
            "misc-images/modes/YCbCr.jpg", "misc-images/modes/RGB.jpg", "bridge-mods/shrink-a-little.jpg"})
    void edgeColoursOfTheFastPath_matchTheCompleteDecode_withinAFewLevels(String name) throws IOException {
        byte[] bytes = Files.readAllBytes(PdqData.file("pdq-data/" + name));
        org.reportonce.hashing.image.LumaAndEdges fast = ImageDecoder.standard().squashedLumaAndEdgesForCanonicalPdq(bytes);
        assertThat(fast).isNotNull();
        assertThat(fast.edgeRgb()).as("baseline files give their edge colours").isNotNull();
        org.reportonce.hashing.image.DecodedImage full = ImageDecoder.decode(bytes);
        int w = full.width();
        int h = full.height();
        int[] cols = java.util.stream.IntStream.range(0, 512).map(i -> (int) ((long) i * w / 512)).distinct().toArray();
        int[] rows = java.util.stream.IntStream.range(0, 512).map(i -> (int) ((long) i * h / 512)).distinct().toArray();
        int worst = 0;
        long sum = 0;
        int count = 0;
        for (int side = 0; side < 4; side++) {
            int[] line = fast.edgeRgb()[side];
            assertThat(line).hasSize(side % 2 == 0 ? rows.length : cols.length);
            for (int k = 0; k < line.length; k++) {
                int x = side == 0 ? 0 : side == 2 ? cols[cols.length - 1] : cols[k];
                int y = side == 1 ? 0 : side == 3 ? rows[rows.length - 1] : rows[k];
                int want = full.rgb()[y * w + x];
                for (int shift = 0; shift <= 16; shift += 8) {
                    int d = Math.abs(((line[k] >> shift) & 0xFF) - ((want >> shift) & 0xFF));
                    worst = Math.max(worst, d);
                    sum += d;
                    count++;
                }
            }
        }
        double mean = (double) sum / count;
        REPORT.add(String.format("%-55s edge colours: mean difference %.2f, worst %d", name, mean, worst));
        // nearest-sample chroma against libjpeg's interpolation: small on average, and bounded
        assertThat(mean).isLessThan(3.0);
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"misc-images/small.jpg", "misc-images/wee.jpg"})
    void iccJpegTruncatedInItsScans_failsOnTheFastPath_withTheCompleteDecodersError(String name) throws IOException {
        byte[] whole = Files.readAllBytes(PdqData.file("pdq-data/" + name));
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 200); // past the headers, inside the scans
        assertThat(ImageDecoder.standard().pixelsOfJpegIgnoringIccProfile(whole, name)).isNotNull();
        org.reportonce.hashing.image.ImageDecodeException exact = org.assertj.core.api.Assertions.catchThrowableOfType(
                org.reportonce.hashing.image.ImageDecodeException.class, () -> ImageHashing.pdq(cut));
        org.reportonce.hashing.image.ImageDecodeException fast = org.assertj.core.api.Assertions.catchThrowableOfType(
                org.reportonce.hashing.image.ImageDecodeException.class, () -> ImageHashing.pdqFast(cut));
        assertThat(exact).isNotNull();
        assertThat(fast).isNotNull();
        assertThat(fast.reason()).isEqualTo(exact.reason());
    }

    /**
     * A photo tagged with a strong ICC profile (linear-light RGB: the JDK's reader, applying it,
     * brightens the mid-tones by up to ~70 levels) hashes as the same photo untagged on the exact
     * path and on the fast path alike, so the CLI and the hub (exact) agree with the platforms
     * (fast) and the browser (no colour management).
     */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"bridge-mods/aaa-orig.jpg", "bridge-mods/square-256x256.jpg"})
    void iccTaggedJpeg_hashesAsUntagged_onTheExactAndTheFastPath(String name) throws IOException {
        byte[] plain = Files.readAllBytes(PdqData.file("pdq-data/" + name));
        byte[] tagged = withIccProfile(plain, java.awt.color.ICC_Profile.getInstance(java.awt.color.ColorSpace.CS_LINEAR_RGB).getData());

        // the profile matters to a colour-managing reader: the test could fail
        java.awt.image.BufferedImage managed = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(tagged));
        java.awt.image.BufferedImage unmanaged = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(plain));
        int w = managed.getWidth();
        int h = managed.getHeight();
        long moved = 0;
        for (int y = 0; y < h; y += 7) {
            for (int x = 0; x < w; x += 7) {
                int a = managed.getRGB(x, y);
                int b = unmanaged.getRGB(x, y);
                moved += Math.abs(((a >> 8) & 0xFF) - ((b >> 8) & 0xFF)) > 8 ? 1 : 0;
            }
        }
        assertThat(moved).as("pixels the profile moves by more than 8 levels of green").isGreaterThan(100);

        PdqHash exact = ImageHashing.pdq(tagged);
        PdqHash fast = ImageHashing.pdqFast(tagged);
        assertThat(exact).isEqualTo(ImageHashing.pdq(plain));
        assertThat(fast).isEqualTo(ImageHashing.pdqFast(plain));
        assertThat(ImageHashing.pdqDihedral(tagged).original()).isEqualTo(exact);
        int d = exact.hash().distance(fast.hash());
        REPORT.add(String.format("%-55s ICC-tagged: d(exact, fast)=%d", name, d));
        assertThat(d).isLessThanOrEqualTo(ReferenceBar.MAX_DISTANCE);
        if (ImageDecoder.standard().squashedLumaForCanonicalPdq(tagged) == null) {
            assertThat(fast).as("%s: both paths decode through ImageIO", name).isEqualTo(exact);
        }
    }

    /** The JPEG with {@code profile} in an APP2 ICC_PROFILE segment after its first (JFIF) segment. */
    private static byte[] withIccProfile(byte[] jpeg, byte[] profile) {
        assertThat(profile.length).isLessThan(65_000);
        int at = 2;
        if ((jpeg[2] & 0xFF) == 0xFF && (jpeg[3] & 0xFF) == 0xE0) {
            at = 4 + (((jpeg[4] & 0xFF) << 8) | (jpeg[5] & 0xFF));
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(jpeg, 0, at);
        int len = 2 + 12 + 2 + profile.length;
        out.write(0xFF);
        out.write(0xE2);
        out.write(len >> 8);
        out.write(len & 0xFF);
        out.writeBytes("ICC_PROFILE\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        out.write(1); // chunk 1
        out.write(1); // of 1
        out.writeBytes(profile);
        out.write(jpeg, at, jpeg.length - at);
        return out.toByteArray();
    }

    @org.junit.jupiter.api.Test
    void jpegWithoutIccProfile_isLeftToTheOtherPaths() throws IOException {
        byte[] bytes = Files.readAllBytes(PdqData.file("pdq-data/reg-test-input/labelme-subset/q0003.jpg"));
        assertThat(ImageDecoder.standard().pixelsOfJpegIgnoringIccProfile(bytes, "q0003.jpg")).isNull();
    }

    @org.junit.jupiter.api.Test
    void hugePngHeader_isRefusedByTheFastPath_beforeAllocating() {
        byte[] png = new byte[64];
        byte[] head = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        System.arraycopy(head, 0, png, 0, head.length);
        java.nio.ByteBuffer.wrap(png, 16, 8).putInt(60_000).putInt(60_000);
        png[24] = 8;
        png[25] = 6;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ImageHashing.pdqFast(png))
                .isInstanceOf(org.reportonce.hashing.image.ImageDecodeException.class)
                .hasMessageContaining("60000x60000");
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
