package org.reportonce.hashing.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reportonce.hashing.ImageHashing;
import org.reportonce.hashing.image.ImageDecodeException.Reason;
import org.reportonce.hashing.pdq.PdqHash;
import org.reportonce.testing.PdqData;

class ImageDecoderTest {

    static final Path JPEG = PdqData.file("pdq-data/bridge-mods/aaa-orig.jpg");
    static final Path PNG = PdqData.file("pdq-data/reg-test-input/pen-and-coaster.png");

    @Test
    void emptyBytes_areRefusedAsEmpty() {
        assertThatThrownBy(() -> ImageDecoder.decode(new byte[0]))
                .isInstanceOfSatisfying(ImageDecodeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.EMPTY))
                .hasMessageContaining("empty");
    }

    @Test
    void emptyFile_isRefusedAsEmpty_namingTheFile(@TempDir Path dir) throws IOException {
        Path empty = Files.createFile(dir.resolve("nothing.jpg"));
        assertThatThrownBy(() -> ImageDecoder.decode(empty))
                .isInstanceOfSatisfying(ImageDecodeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.EMPTY))
                .hasMessageContaining("nothing.jpg");
    }

    @Test
    void truncatedJpeg_isRefusedAsTruncated() throws IOException {
        byte[] all = Files.readAllBytes(JPEG);
        byte[] half = Arrays.copyOf(all, all.length / 2);
        assertThatThrownBy(() -> ImageDecoder.decode(half))
                .isInstanceOfSatisfying(ImageDecodeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TRUNCATED))
                .hasMessageContaining("JPEG");
    }

    @Test
    void jpegCutInsideItsHeaders_isRefusedAsTruncated() throws IOException {
        byte[] head = Arrays.copyOf(Files.readAllBytes(JPEG), 300);
        assertThatThrownBy(() -> ImageDecoder.decode(head))
                .isInstanceOfSatisfying(ImageDecodeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TRUNCATED));
    }

    @Test
    void truncatedPng_isRefusedAsTruncated() throws IOException {
        byte[] all = Files.readAllBytes(PNG);
        byte[] half = Arrays.copyOf(all, all.length / 2);
        assertThatThrownBy(() -> ImageDecoder.decode(half))
                .isInstanceOfSatisfying(ImageDecodeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TRUNCATED))
                .hasMessageContaining("PNG");
    }

    @Test
    void unsupportedFormat_isRefusedNamingTheAcceptedOnes() {
        byte[] tiff = {'I', 'I', 42, 0, 8, 0, 0, 0, 0, 0};
        byte[] pdf = "%PDF-1.7\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (byte[] bytes : new byte[][] {tiff, pdf}) {
            assertThatThrownBy(() -> ImageDecoder.decode(bytes))
                    .isInstanceOfSatisfying(ImageDecodeException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_FORMAT))
                    .hasMessageContaining("JPEG, PNG, GIF, BMP or WebP");
        }
    }

    @Property(tries = 200)
    void randomBytes_failWithATypedError_neverAnythingElse(@ForAll @Size(max = 4096) byte[] bytes) {
        assertDecodesOrFailsTyped(bytes);
    }

    @Property(tries = 200)
    void randomBytesAfterAnImageSignature_failWithATypedError(@ForAll @Size(max = 2048) byte[] tail,
            @ForAll("signatures") byte[] signature) {
        byte[] bytes = new byte[signature.length + tail.length];
        System.arraycopy(signature, 0, bytes, 0, signature.length);
        System.arraycopy(tail, 0, bytes, signature.length, tail.length);
        assertDecodesOrFailsTyped(bytes);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<byte[]> signatures() {
        return net.jqwik.api.Arbitraries.of(
                new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0},
                new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A},
                new byte[] {'G', 'I', 'F', '8', '9', 'a'},
                new byte[] {'B', 'M'},
                new byte[] {'R', 'I', 'F', 'F', 0, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', ' '});
    }

    @Property(tries = 100)
    void jpegWithBytesFlipped_decodesOrFailsTyped(@ForAll @net.jqwik.api.constraints.IntRange(min = 2, max = 2000) int at,
            @ForAll byte value) throws IOException {
        byte[] bytes = Files.readAllBytes(PdqData.file("pdq-data/bridge-mods/square-128x128.jpg"));
        bytes[at % bytes.length] = value;
        assertDecodesOrFailsTyped(bytes);
    }

    private static void assertDecodesOrFailsTyped(byte[] bytes) {
        try {
            DecodedImage img = ImageDecoder.decode(bytes);
            assertThat(img.rgb()).hasSize(img.width() * img.height());
        } catch (ImageDecodeException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Test
    void hugePngHeader_isRefusedBeforeDecoding() {
        byte[] bomb = pngHeaderOnly(60_000, 60_000);
        long before = usedHeap();
        assertThatThrownBy(() -> ImageDecoder.decode(bomb))
                .isInstanceOfSatisfying(ImageDecodeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE))
                .hasMessageContaining("60000x60000")
                .hasMessageContaining("at most " + ImageDecoder.DEFAULT_MAX_PIXELS);
        // nothing like 60000 * 60000 * 4 bytes (14 GB) was allocated; generous slack for GC noise
        assertThat(usedHeap() - before).isLessThan(256L << 20);
    }

    @Test
    void pixelLimit_isConfigurable() throws IOException {
        byte[] png = Files.readAllBytes(PNG);
        assertThatThrownBy(() -> ImageDecoder.withMaxPixels(1000).read(png))
                .isInstanceOfSatisfying(ImageDecodeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE))
                .hasMessageContaining("924x735");
        assertThat(ImageDecoder.withMaxPixels(924 * 735).read(png).width()).isEqualTo(924);
    }

    @Test
    void onePixelImage_decodes_andHashesToZeroQuality() throws IOException {
        BufferedImage one = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        one.setRGB(0, 0, 0x123456);
        byte[] png = encode(one, "png");
        DecodedImage img = ImageDecoder.decode(png);
        assertThat(img.width()).isEqualTo(1);
        assertThat(img.rgb()).containsExactly(0x123456);
        PdqHash h = ImageHashing.pdq(png);
        assertThat(h.quality()).isZero();
    }

    @Test
    void gifAndBmp_decodeToTheSamePixelsAsThePngTheyWereMadeFrom() throws IOException {
        BufferedImage src = ImageIO.read(PdqData.file("pdq-data/misc-images/wee.jpg").toFile());
        BufferedImage rgb = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        rgb.getGraphics().drawImage(src, 0, 0, null);
        DecodedImage fromPng = ImageDecoder.decode(encode(rgb, "png"));
        DecodedImage fromBmp = ImageDecoder.decode(encode(rgb, "bmp"));
        assertThat(fromBmp.rgb()).isEqualTo(fromPng.rgb());
        PdqHash pngHash = ImageHashing.pdq(encode(rgb, "png"));
        PdqHash gifHash = ImageHashing.pdq(encode(rgb, "gif")); // palette-reduced, so near, not equal
        assertThat(gifHash.distance(pngHash)).isLessThanOrEqualTo(16);
    }

    @Test
    void greyPng_isTakenAsStored_notThroughJavasLinearGreyColourSpace() throws IOException {
        BufferedImage grey = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSamples(0, 0, 3, 1, 0, new int[] {0, 100, 255});
        DecodedImage img = ImageDecoder.decode(encode(grey, "png"));
        assertThat(img.rgb()).containsExactly(0x000000, 0x646464, 0xFFFFFF);
    }

    @Test
    void sixteenBitGrey_isScaledTo8BitsAsImageMagickDoes() throws IOException {
        BufferedImage grey = new BufferedImage(3, 1, BufferedImage.TYPE_USHORT_GRAY);
        grey.getRaster().setSamples(0, 0, 3, 1, 0, new int[] {0, 257 * 100 + 100, 65535});
        DecodedImage img = ImageDecoder.decode(encode(grey, "png"));
        assertThat(img.rgb()).containsExactly(0x000000, 0x646464, 0xFFFFFF);
    }

    @Test
    void alpha_isIgnored_asTheReferencesDo() throws IOException {
        BufferedImage argb = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0x00FF0000); // fully transparent red
        argb.setRGB(1, 0, 0x8000FF00);
        DecodedImage img = ImageDecoder.decode(encode(argb, "png"));
        assertThat(img.rgb()).containsExactly(0xFF0000, 0x00FF00);
    }

    static byte[] encode(BufferedImage img, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(img, format, out)).as("a %s writer exists", format).isTrue();
        return out.toByteArray();
    }

    /** A PNG whose IHDR claims the given size, followed by an empty IDAT and IEND: 57 bytes in all. */
    static byte[] pngHeaderOnly(int width, int height) {
        ByteBuffer b = ByteBuffer.allocate(8 + 25 + 12 + 12 + 12);
        b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(b, "IHDR", ihdr.array());
        chunk(b, "IDAT", new byte[0]);
        chunk(b, "IEND", new byte[0]);
        return Arrays.copyOf(b.array(), b.position());
    }

    private static void chunk(ByteBuffer b, String type, byte[] data) {
        b.putInt(data.length);
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        b.put(t).put(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        b.putInt((int) crc.getValue());
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
