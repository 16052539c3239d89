package org.reportonce.hashing.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.IndexColorModel;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.reportonce.hashing.image.ImageDecodeException.Reason;

/**
 * Turns image files into packed RGB pixels the way Meta's PDQ references see them.
 *
 * <p>Decoding uses ImageIO with the TwelveMonkeys plugins on the runtime class path (JPEG with
 * CMYK/YCCK, WebP, BMP); this class itself needs only the JDK. Choices that decide hash parity:
 * <ul>
 *   <li><b>Alpha is ignored</b>: the stored colour of each pixel is used, as both references do (the
 *       C++ reads RGB channels through ImageMagick, the Java takes getRGB's colour bits).</li>
 *   <li><b>Grey is taken as stored</b> (not through Java's linear-grey colour space, which would
 *       brighten it): grey g becomes RGB (g, g, g). 16-bit samples are scaled to 8 bits as
 *       ImageMagick does, (v + 128) / 257.</li>
 *   <li><b>EXIF orientation is not applied.</b> Neither reference applies it (ImageMagick's
 *       {@code convert} without {@code -auto-orient}, and ImageIO, both hash the stored pixel
 *       array: their hashes of {@code exif-rotn-1/3/6/8.jpg} are those of the unrotated pixels).
 *       A copy shown rotated by its EXIF tag is still found through the dihedral hashes.</li>
 *   <li><b>A JPEG's embedded ICC profile is ignored</b> (1- and 3-component JPEGs): every path
 *       &mdash; {@link #read}, hence {@code ImageHashing.pdq} and {@code pdqDihedral}, and the fast
 *       paths {@link #squashedLumaForCanonicalPdq} and {@link #pixelsOfJpegIgnoringIccProfile}
 *       &mdash; hashes the JPEG's own YCbCr converted to RGB, as ImageMagick (the C++ reference's
 *       reader) and the browser portal ({@code createImageBitmap} with
 *       {@code colorSpaceConversion: "none"}) do. The JDK's reader would otherwise convert every
 *       pixel through the profile (LCMS), so the CLI and the hub would hash a colour-managed
 *       photo differently from the platforms' fast path and the browser. ImageIO is handed the
 *       file less its APP2 {@code ICC_PROFILE} segments. CMYK/YCCK JPEGs keep TwelveMonkeys'
 *       conversion, which is the one that matches ImageMagick.</li>
 *   <li>GIF: the first frame. Animated WebP is not supported by the plugin.</li>
 * </ul>
 *
 * <p>Hostile input: the size is read from the header and refused above {@link #maxPixels()}
 * before any pixel memory is allocated; every failure, including a decoder's own runtime errors
 * and running out of memory, surfaces as an {@link ImageDecodeException} naming the reason.
 */
public final class ImageDecoder {

    /** 50 megapixels: bigger than any phone photo this decade, 200 MB of pixels at most. */
    public static final long DEFAULT_MAX_PIXELS = 50_000_000L;

    private static final ImageDecoder DEFAULT = new ImageDecoder(DEFAULT_MAX_PIXELS);

    private final long maxPixels;

    private ImageDecoder(long maxPixels) {
        this.maxPixels = maxPixels;
    }

    /** A decoder refusing pictures with more than {@code maxPixels} pixels. */
    public static ImageDecoder withMaxPixels(long maxPixels) {
        if (maxPixels < 1) {
            throw new IllegalArgumentException("maxPixels must be at least 1, got " + maxPixels);
        }
        return new ImageDecoder(maxPixels);
    }

    /** The default decoder (limit {@link #DEFAULT_MAX_PIXELS}). */
    public static ImageDecoder standard() {
        return DEFAULT;
    }

    public long maxPixels() {
        return maxPixels;
    }

    /** Decodes an image held in memory with the default limits. */
    public static DecodedImage decode(byte[] bytes) {
        return DEFAULT.read(bytes);
    }

    /** Decodes an image file with the default limits; messages name the file. */
    public static DecodedImage decode(Path file) {
        return DEFAULT.read(file);
    }

    public DecodedImage read(byte[] bytes) {
        if (bytes == null) {
            throw new IllegalArgumentException("bytes must not be null");
        }
        return decode(bytes, "image");
    }

    /** Decodes bytes, naming {@code source} (e.g. the upload's name) in error messages. */
    public DecodedImage read(byte[] bytes, String source) {
        if (bytes == null) {
            throw new IllegalArgumentException("bytes must not be null");
        }
        return decode(bytes, source);
    }

    /**
     * As {@link #read(byte[], String)}, the packed pixels in an array of {@code scratch}: valid
     * only until the scratch is closed.
     */
    public DecodedImage read(byte[] bytes, String source, Scratch scratch) {
        if (bytes == null) {
            throw new IllegalArgumentException("bytes must not be null");
        }
        return decode(bytes, source, scratch);
    }

    public DecodedImage read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new java.io.UncheckedIOException(file + ": no such file", e);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
        } catch (OutOfMemoryError e) {
            throw new ImageDecodeException(Reason.TOO_LARGE, file + ": file too large to read into memory");
        }
        return decode(bytes, file.toString());
    }

    /**
     * The fast path for canonical PDQ: for a baseline JPEG over 512 px, the 512 x 512
     * nearest-neighbour luminance plane that canonical PDQ would hash, taken from a decode of
     * just the Y channel at just the sampled pixels ({@code JpegLumaDecoder}): several times faster
     * than decoding every pixel, and within a few bits of the exact hash (see {@code FastPathTest}). Returns null for
     * anything else (other formats, small JPEGs, CMYK, progressive luminance refinement scans, damaged data): the caller then
     * decodes fully, which also produces the proper error.
     *
     * @throws ImageDecodeException TOO_LARGE when the header's size exceeds the limit
     */
    public LumaImage squashedLumaForCanonicalPdq(byte[] bytes) {
        return squashedLumaForCanonicalPdq(bytes, "image");
    }

    /** As {@link #squashedLumaForCanonicalPdq(byte[])}, naming {@code source} in errors. */
    public LumaImage squashedLumaForCanonicalPdq(byte[] bytes, String source) {
        try (Scratch scratch = Scratch.unpooled()) {
            LumaAndEdges s = squashedLuma(bytes, source, false, false, scratch);
            return s == null ? null : s.luma();
        }
    }

    /**
     * As {@link #squashedLumaForCanonicalPdq(byte[], String)}, with the working arrays, and the
     * returned plane, from {@code scratch}: the plane is valid only until the scratch is closed.
     */
    public LumaImage squashedLumaForCanonicalPdq(byte[] bytes, String source, Scratch scratch) {
        LumaAndEdges s = squashedLuma(bytes, source, false, false, scratch);
        return s == null ? null : s.luma();
    }

    /**
     * As {@link #squashedLumaForCanonicalPdq(byte[])}, with the colours of the picture's four
     * outermost sampled lines when the file gives them cheaply (baseline JPEG: only the chroma
     * blocks on the picture's edge are transformed), for callers that must know whether the picture
     * has a uniform border before trusting a luminance-only decode, and the picture's 8 x 8 block
     * means (from the DC coefficients every block's decoding reads anyway), for callers that must
     * know whether it may carry a sticker. Null when the fast path does not apply.
     */
    public LumaAndEdges squashedLumaAndEdgesForCanonicalPdq(byte[] bytes) {
        return squashedLumaAndEdgesForCanonicalPdq(bytes, true);
    }

    /** As {@link #squashedLumaAndEdgesForCanonicalPdq(byte[])}; without {@code blockMeans} their DC store is not kept (null). */
    public LumaAndEdges squashedLumaAndEdgesForCanonicalPdq(byte[] bytes, boolean blockMeans) {
        try (Scratch scratch = Scratch.unpooled()) {
            return squashedLuma(bytes, "image", true, blockMeans, scratch);
        }
    }

    private LumaAndEdges squashedLuma(byte[] bytes, String source, boolean edges, boolean blockMeans, Scratch scratch) {
        if (bytes == null || ImageFormat.sniff(bytes, bytes.length) != ImageFormat.JPEG) {
            return null;
        }
        JpegLumaDecoder decoder = JpegLumaDecoder.withHeaders(bytes);
        if (decoder == null) {
            return null;
        }
        int w = decoder.width();
        int h = decoder.height();
        checkSize(w, h, ImageFormat.JPEG, source);
        int n = 512;
        if (w <= n && h <= n) {
            return null;
        }
        // canonical PDQ reads pixel (floor(x * W / 512), floor(y * H / 512)); decode just those
        int[] srcX = new int[n];
        int[] srcY = new int[n];
        for (int i = 0; i < n; i++) {
            srcX[i] = (int) ((long) i * w / n);
            srcY[i] = (int) ((long) i * h / n);
        }
        int[] cols = distinctOfSorted(srcX);
        int[] rows = distinctOfSorted(srcY);
        JpegLumaDecoder.Sampled decoded = decoder.sampled(cols, rows, edges, blockMeans, scratch);
        if (decoded == null) {
            return null;
        }
        float[] sampled = decoded.luma(); // at least rows.length x cols.length; exactly n x n when both are n
        if (cols.length == n && rows.length == n) {
            // both sides over 512: every sampled position is distinct, the matrix is the plane itself
            return new LumaAndEdges(new LumaImage(n, n, sampled), decoded.edgeRgb(), decoded.blockMeans());
        }
        int[] colSlot = slots(srcX, cols);
        int[] rowSlot = slots(srcY, rows);
        float[] out = scratch.lumaPlane(n * n);
        for (int y = 0; y < n; y++) {
            int row = rowSlot[y] * cols.length;
            for (int x = 0; x < n; x++) {
                out[y * n + x] = sampled[row + colSlot[x]];
            }
        }
        return new LumaAndEdges(new LumaImage(n, n, out), decoded.edgeRgb(), decoded.blockMeans());
    }

    /**
     * The fast path for canonical PDQ of a PNG: the RGB pixels canonical PDQ reads (the 512 x 512
     * nearest-neighbour squash of a bigger picture, else the whole picture), decoded by
     * {@code PngSampler}, which inflates and unfilters every row but converts only the sampled
     * pixels. Hashing the result with canonical PDQ gives exactly the hash of the complete decode
     * ({@code FastPathTest} checks it on every PNG of the test data). Returns null for anything
     * else (other formats, 16-bit or sub-byte samples, interlaced, ICC profiles, damaged data): the
     * caller then decodes fully, which also produces the proper error.
     *
     * @throws ImageDecodeException TOO_LARGE when the header's size exceeds the limit
     */
    public DecodedImage canonicalPdqPixelsOfPng(byte[] bytes, String source) {
        try (Scratch scratch = Scratch.unpooled()) {
            return canonicalPdqPixelsOfPng(bytes, source, scratch);
        }
    }

    /**
     * As {@link #canonicalPdqPixelsOfPng(byte[], String)}, with the working arrays, and the
     * returned pixels, from {@code scratch}: the pixels are valid only until the scratch is closed.
     */
    public DecodedImage canonicalPdqPixelsOfPng(byte[] bytes, String source, Scratch scratch) {
        if (bytes == null || ImageFormat.sniff(bytes, bytes.length) != ImageFormat.PNG) {
            return null;
        }
        int[] size = PngSampler.size(bytes);
        if (size == null) {
            return null;
        }
        checkSize(size[0], size[1], ImageFormat.PNG, source);
        return PngSampler.sampled(bytes, size[0], size[1], scratch);
    }

    /**
     * The pixels of a JPEG that carries an ICC profile, decoded <b>without</b> the profile's colour
     * conversion (as {@link #read} decodes every 1- or 3-component JPEG; see the class comment),
     * or null when the file is not a 1- or 3-component JPEG with an ICC profile, or when anything
     * fails: the caller then decodes completely, which produces the proper error.
     *
     * <p>Why ignoring the profile is faithful: the C++ reference reads through ImageMagick, which
     * does not colour-manage on reading (it keeps a profile as metadata; the pixels it hands over
     * are the JPEG's own YCbCr converted to RGB). It is also cheaper: the JDK's JPEG reader, given a
     * profile, builds an ICC colour space and converts every pixel through LCMS, which costs more
     * than the decode itself on small files ({@code wee.jpg}: ~8 ms with the profile, ~0.4 ms
     * without).
     */
    public DecodedImage pixelsOfJpegIgnoringIccProfile(byte[] bytes, String source) {
        if (bytes == null || ImageFormat.sniff(bytes, bytes.length) != ImageFormat.JPEG) {
            return null;
        }
        byte[] stripped = withoutIccProfileUnlessCmyk(bytes);
        if (stripped == null) {
            return null;
        }
        try {
            return decodeWithImageIo(stripped, ImageFormat.JPEG, source, null);
        } catch (ImageDecodeException e) {
            return null;
        }
    }

    /** The JPEG less its APP2 ICC_PROFILE segments (markers before the first SOS), or null when it has none or is malformed. */
    static byte[] withoutIccProfile(byte[] b) {
        if (b.length < 4 || (b[0] & 0xFF) != 0xFF || (b[1] & 0xFF) != 0xD8) return null;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(b.length);
        out.write(b, 0, 2);
        int p = 2;
        boolean found = false;
        while (true) {
            if (p + 4 > b.length || (b[p] & 0xFF) != 0xFF) return null;
            int marker = b[p + 1] & 0xFF;
            if (marker == 0xFF) { // fill byte
                p++;
                continue;
            }
            if (marker == 0xDA) {
                out.write(b, p, b.length - p);
                return found ? out.toByteArray() : null;
            }
            if (marker == 0xD8 || marker == 0xD9 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) return null;
            int len = ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF);
            if (len < 2 || p + 2 + len > b.length) return null;
            boolean icc = marker == 0xE2 && len >= 14 && new String(b, p + 4, 12, java.nio.charset.StandardCharsets.ISO_8859_1)
                    .equals("ICC_PROFILE\0");
            if (icc) {
                found = true;
            } else {
                out.write(b, p, 2 + len);
            }
            p += 2 + len;
        }
    }

    /** The distinct values of a non-decreasing array, in order (a stream's distinct() boxes every value into a set). */
    private static int[] distinctOfSorted(int[] sorted) {
        int[] out = new int[sorted.length];
        int n = 0;
        for (int v : sorted) {
            if (n == 0 || out[n - 1] != v) out[n++] = v;
        }
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }

    /** For each source position, its index among the distinct sorted positions. */
    private static int[] slots(int[] src, int[] distinct) {
        int[] slot = new int[src.length];
        for (int i = 0, k = 0; i < src.length; i++) {
            while (distinct[k] != src[i]) k++;
            slot[i] = k;
        }
        return slot;
    }

    private DecodedImage decode(byte[] bytes, String source) {
        return decode(bytes, source, null);
    }

    /** {@code scratch}: where the packed pixels go, or null for a fresh array. */
    private DecodedImage decode(byte[] bytes, String source, Scratch scratch) {
        if (bytes.length == 0) {
            throw new ImageDecodeException(Reason.EMPTY, source + ": empty (0 bytes); expected a " + ImageFormat.ACCEPTED + " image");
        }
        ImageFormat format = ImageFormat.sniff(bytes, bytes.length);
        if (format == null) {
            throw new ImageDecodeException(Reason.UNSUPPORTED_FORMAT, source + ": not a recognised image (starts with "
                    + hexHead(bytes) + "); accepted: " + ImageFormat.ACCEPTED);
        }
        if (format == ImageFormat.JPEG) {
            byte[] noIcc = withoutIccProfileUnlessCmyk(bytes);
            if (noIcc != null) {
                // the stripped file keeps every byte from the first scan on, so truncation and
                // corruption are reported exactly as for the original
                return decodeWithImageIo(noIcc, format, source, scratch);
            }
        }
        return decodeWithImageIo(bytes, format, source, scratch);
    }

    /** A 1- or 3-component JPEG less its ICC profile, or null (no profile, CMYK/YCCK, malformed headers). */
    private static byte[] withoutIccProfileUnlessCmyk(byte[] bytes) {
        int components = JpegLumaDecoder.components(bytes);
        if (components != 1 && components != 3) {
            return null; // CMYK/YCCK: TwelveMonkeys' conversion is the one that matches ImageMagick
        }
        return withoutIccProfile(bytes);
    }

    private DecodedImage decodeWithImageIo(byte[] bytes, ImageFormat format, String source, Scratch scratch) {
        List<ImageReader> readers = readersFor(format, source, bytes);
        for (int i = 0; ; i++) {
            ImageReader reader = readers.get(i);
            boolean last = i == readers.size() - 1;
            try {
                return decodeWith(reader, bytes, format, source, scratch);
            } catch (ImageDecodeException e) {
                // a reader that refuses a variant ("Unsupported Image Type"): the next one may not
                if (last || e.reason() != Reason.UNSUPPORTED_FORMAT) throw e;
            } finally {
                reader.dispose();
            }
        }
    }

    private DecodedImage decodeWith(ImageReader reader, byte[] bytes, ImageFormat format, String source, Scratch scratch) {
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((r, warning) -> warnings.add(warning));
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(in, true, true);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            checkSize(width, height, format, source);
            ImageReadParam param = reader.getDefaultReadParam();
            if (format == ImageFormat.JPEG) {
                param.setDestination(rgbDestinationForJdkJpeg(reader, width, height));
            }
            BufferedImage image = reader.read(0, param);
            for (String w : warnings) {
                if (looksTruncated(w)) {
                    throw new ImageDecodeException(Reason.TRUNCATED, source + ": " + format + " data ends early (" + w + ")");
                }
            }
            return toRgb(image, scratch);
        } catch (ImageDecodeException e) {
            throw e;
        } catch (IOException e) {
            throw classify(e, format, source, bytes);
        } catch (OutOfMemoryError e) {
            throw new ImageDecodeException(Reason.TOO_LARGE, source + ": not enough memory to decode this " + format + " image");
        } catch (RuntimeException e) {
            // decoders signal some malformed data with unchecked exceptions (index out of bounds, etc.)
            throw classify(e, format, source, bytes);
        }
    }

    /**
     * The ImageIO readers for the format, best first. For JPEG the JDK's own reader comes first: it
     * decodes YCbCr and grey about twice as fast as the TwelveMonkeys reader wrapped around it. Not
     * for 4-component (CMYK/YCCK) JPEGs: the JDK's conversion of those differs from ImageMagick's (6
     * bits on CMYK.jpg), TwelveMonkeys' matches it.
     */
    private static List<ImageReader> readersFor(ImageFormat format, String source, byte[] bytes) {
        List<ImageReader> readers = new ArrayList<>();
        ImageIO.getImageReadersByFormatName(format.imageIoName()).forEachRemaining(readers::add);
        if (readers.isEmpty()) {
            throw new ImageDecodeException(Reason.UNSUPPORTED_FORMAT, source + ": no " + format
                    + " decoder on the class path (add the TwelveMonkeys imageio-" + format.imageIoName() + " plugin)");
        }
        if (format == ImageFormat.JPEG && JpegLumaDecoder.components(bytes) != 4) {
            readers.sort(java.util.Comparator.comparingInt(r -> r.getClass().getName().startsWith("com.sun.") ? 0 : 1));
        }
        return readers;
    }

    private void checkSize(int width, int height, ImageFormat format, String source) {
        if (width <= 0 || height <= 0) {
            throw new ImageDecodeException(Reason.CORRUPT, source + ": " + format + " header gives size " + width + "x" + height);
        }
        long pixels = (long) width * height;
        if (pixels > maxPixels) {
            throw new ImageDecodeException(Reason.TOO_LARGE, source + ": " + width + "x" + height + " " + format + " is "
                    + pixels + " pixels; at most " + maxPixels + " are accepted");
        }
    }

    private static boolean looksTruncated(String message) {
        String m = message.toLowerCase(java.util.Locale.ROOT);
        return m.contains("premature end") || m.contains("unexpected end") || m.contains("truncated")
                || m.contains("end of file") || m.contains("eof");
    }

    private static ImageDecodeException classify(Throwable e, ImageFormat format, String source, byte[] bytes) {
        if (!endsComplete(format, bytes)) {
            return new ImageDecodeException(Reason.TRUNCATED, source + ": " + format + " data ends early ("
                    + bytes.length + " bytes, no end marker)", e);
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EOFException || (t.getMessage() != null && looksTruncated(t.getMessage()))) {
                return new ImageDecodeException(Reason.TRUNCATED, source + ": " + format + " data ends early", e);
            }
        }
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (detail.toLowerCase(java.util.Locale.ROOT).contains("unsupported")) {
            return new ImageDecodeException(Reason.UNSUPPORTED_FORMAT, source + ": unsupported " + format + " variant: " + detail, e);
        }
        return new ImageDecodeException(Reason.CORRUPT, source + ": malformed " + format + " data: " + detail, e);
    }

    /** Whether the data ends with its format's end marker (JPEG EOI, PNG IEND, GIF trailer). */
    static boolean endsComplete(ImageFormat format, byte[] b) {
        int n = b.length;
        switch (format) {
            case JPEG -> {
                // EOI, allowing for padding some writers add after it
                for (int i = n - 2; i >= Math.max(0, n - 1024); i--) {
                    if ((b[i] & 0xFF) == 0xFF && (b[i + 1] & 0xFF) == 0xD9) return true;
                }
                return false;
            }
            case PNG -> {
                for (int i = n - 8; i >= Math.max(0, n - 1024); i--) {
                    if (b[i] == 'I' && b[i + 1] == 'E' && b[i + 2] == 'N' && b[i + 3] == 'D') return true;
                }
                return false;
            }
            case GIF -> {
                return n > 0 && b[n - 1] == 0x3B;
            }
            default -> {
                return true;
            }
        }
    }

    private static String hexHead(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(8, bytes.length); i++) {
            sb.append(Character.forDigit((bytes[i] >> 4) & 0xF, 16)).append(Character.forDigit(bytes[i] & 0xF, 16));
        }
        return sb.toString();
    }

    private static final ComponentColorModel SRGB_BYTES = new ComponentColorModel(
            ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false, java.awt.Transparency.OPAQUE,
            java.awt.image.DataBuffer.TYPE_BYTE);

    /**
     * For the JDK's JPEG reader decoding to 3 bytes a pixel (its default, TYPE_3BYTE_BGR, for
     * colour JPEGs), a destination with the bytes in R, G, B order instead, or null to keep the
     * default. Why: libjpeg hands the reader RGB rows, which it copies into the destination a row
     * at a time; into BGR that is a loop over every sample, into RGB one array copy per row. Same
     * pixels (the reader's own colour conversion either way, no colour space conversion: both are
     * sRGB); 12-20 % less CPU per small JPEG (docs/benchmarks.md, Hashing, session 6).
     */
    private static BufferedImage rgbDestinationForJdkJpeg(ImageReader reader, int width, int height) throws IOException {
        if (!reader.getClass().getName().equals("com.sun.imageio.plugins.jpeg.JPEGImageReader")) return null;
        java.util.Iterator<javax.imageio.ImageTypeSpecifier> types = reader.getImageTypes(0);
        if (!types.hasNext() || types.next().getBufferedImageType() != BufferedImage.TYPE_3BYTE_BGR) return null;
        java.awt.image.WritableRaster raster = Raster.createInterleavedRaster(java.awt.image.DataBuffer.TYPE_BYTE,
                width, height, Math.multiplyExact(width, 3), 3, new int[] {0, 1, 2}, null);
        return new BufferedImage(SRGB_BYTES, raster, false, null);
    }

    // ---------------------------------------------------------------- to packed RGB

    /**
     * Packed 0xRRGGBB pixels of a decoded image, following the parity rules in the class comment;
     * in an array of {@code scratch} when not null (every element is written), else a fresh one.
     */
    static DecodedImage toRgb(BufferedImage image, Scratch scratch) {
        int w = image.getWidth();
        int h = image.getHeight();
        int n = Math.multiplyExact(w, h);
        int[] out = scratch == null ? new int[n] : scratch.rgb(n);
        Raster raster = image.getRaster();
        ColorModel cm = image.getColorModel();
        int type = image.getType();
        if ((type == BufferedImage.TYPE_3BYTE_BGR || type == BufferedImage.TYPE_4BYTE_ABGR)
                && raster.getDataBuffer() instanceof DataBufferByte db && isPacked(raster, w)) {
            byte[] b = db.getData();
            int step = type == BufferedImage.TYPE_3BYTE_BGR ? 3 : 4;
            int first = step == 3 ? 0 : 1; // ABGR: skip alpha
            for (int i = 0, p = first; i < out.length; i++, p += step) {
                out[i] = ((b[p + 2] & 0xFF) << 16) | ((b[p + 1] & 0xFF) << 8) | (b[p] & 0xFF);
            }
        } else if (cm == SRGB_BYTES && raster.getDataBuffer() instanceof DataBufferByte db && isPacked(raster, w)) {
            byte[] b = db.getData(); // R, G, B (rgbDestinationForJdkJpeg)
            for (int i = 0, p = 0; i < out.length; i++, p += 3) {
                out[i] = ((b[p] & 0xFF) << 16) | ((b[p + 1] & 0xFF) << 8) | (b[p + 2] & 0xFF);
            }
        } else if ((type == BufferedImage.TYPE_INT_RGB || type == BufferedImage.TYPE_INT_ARGB)
                && raster.getDataBuffer() instanceof DataBufferInt dbi && dbi.getData().length == out.length) {
            int[] d = dbi.getData();
            for (int i = 0; i < out.length; i++) {
                out[i] = d[i] & 0xFFFFFF;
            }
        } else if (cm instanceof ComponentColorModel
                && (cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY || cm.getColorSpace().getType() == ColorSpace.TYPE_RGB)) {
            componentsToRgb(raster, cm, out);
        } else if (cm instanceof IndexColorModel) {
            image.getRGB(0, 0, w, h, out, 0, w);
            for (int i = 0; i < out.length; i++) out[i] &= 0xFFFFFF;
        } else {
            // anything else (e.g. CMYK the plugin left unconverted): Java's colour management
            image.getRGB(0, 0, w, h, out, 0, w);
            for (int i = 0; i < out.length; i++) out[i] &= 0xFFFFFF;
        }
        return new DecodedImage(w, h, out);
    }

    private static boolean isPacked(Raster raster, int w) {
        return raster.getSampleModel() instanceof PixelInterleavedSampleModel sm
                && sm.getScanlineStride() == w * sm.getPixelStride()
                && raster.getSampleModelTranslateX() == 0 && raster.getSampleModelTranslateY() == 0
                && raster.getParent() == null;
    }

    /** Grey or RGB samples of any depth, alpha ignored, scaled to 8 bits. */
    private static void componentsToRgb(Raster raster, ColorModel cm, int[] out) {
        int w = raster.getWidth();
        int h = raster.getHeight();
        boolean grey = cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY;
        int bands = raster.getNumBands();
        int bits = cm.getComponentSize(0);
        int[] row = new int[w * bands];
        for (int y = 0; y < h; y++) {
            raster.getPixels(raster.getMinX(), raster.getMinY() + y, w, 1, row);
            int o = y * w;
            for (int x = 0, p = 0; x < w; x++, p += bands) {
                if (grey) {
                    int g = to8(row[p], bits);
                    out[o + x] = (g << 16) | (g << 8) | g;
                } else {
                    out[o + x] = (to8(row[p], bits) << 16) | (to8(row[p + 1], bits) << 8) | to8(row[p + 2], bits);
                }
            }
        }
    }

    private static int to8(int sample, int bits) {
        if (bits == 8) return sample & 0xFF;
        if (bits == 16) return ((sample & 0xFFFF) + 128) / 257;
        int max = (1 << bits) - 1;
        return (sample * 255 + max / 2) / max;
    }


}
