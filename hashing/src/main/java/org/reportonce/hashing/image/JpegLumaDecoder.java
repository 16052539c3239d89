package org.reportonce.hashing.image;

/**
 * A fast decoder of the luminance of baseline JPEGs at chosen pixels only, for hashing.
 *
 * <p>Why: PDQ's canonical pipeline squashes anything over 512 px to 512 x 512 and then blurs it;
 * most of a big JPEG's pixels are thrown away. Full decoding (entropy decoding, 8 x 8 inverse DCTs,
 * chroma upsampling, colour conversion) spends most of its time on those pixels. This decoder
 * <ul>
 *   <li>entropy-decodes every block (unavoidable: the bit stream is sequential) but keeps only the
 *       luminance coefficients it needs;</li>
 *   <li>runs a reduced inverse DCT: from an 8 x 8 block's lowest n x n frequencies it evaluates the
 *       8-point IDCT at the centres of n x n groups of pixels, giving the picture at scale n/8
 *       (the same idea as libjpeg's {@code scale_denom});</li>
 *   <li>uses the JPEG's Y channel as PDQ's luminance: JFIF's Y is defined with the same BT.601
 *       weights (0.299, 0.587, 0.114) that PDQ applies to RGB, so the colour conversion and back
 *       cancel, up to rounding and clamping of saturated colours.</li>
 * </ul>
 * The result is not bit-identical to full decoding; the tests bound its distance to the canonical
 * hash. Anything else — progressive, arithmetic-coded, 12-bit, CMYK/YCCK, RGB-coded, non-interleaved
 * or malformed data — returns null and the caller falls back to the complete decoder.
 */
final class JpegLumaDecoder {

    private static final int[] ZIGZAG = {
        0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21,
        28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54,
        47, 55, 62, 63
    };

    /** IDCT basis: BASIS[8][x * 8 + u] = C(u)/2 cos((2x+1) u pi / 16), C(0) = 1/sqrt 2, else 1. */
    private static final float[][] BASIS = new float[9][];

    static {
        for (int n = 1; n <= 8; n <<= 1) {
            float[] b = new float[n * n];
            for (int x = 0; x < n; x++) {
                for (int u = 0; u < n; u++) {
                    double c = u == 0 ? Math.sqrt(0.5) : 1.0;
                    b[x * n + u] = (float) (c / 2 * Math.cos((2 * x + 1) * u * Math.PI / (2 * n)));
                }
            }
            BASIS[n] = b;
        }
    }

    private final byte[] data;
    private int pos;

    // frame
    private int width;
    private int height;
    private int components;
    private final int[] compId = new int[4];
    private final int[] compH = new int[4];
    private final int[] compV = new int[4];
    private final int[] compTq = new int[4];
    private final int[][] quant = new int[4][];
    private final Huffman[] dcTables = new Huffman[4];
    private final Huffman[] acTables = new Huffman[4];
    private int restartInterval;
    private boolean adobeRgb;

    // bit reader
    private long bitBuf;
    private int bitCount;
    private boolean hitMarker;

    private JpegLumaDecoder(byte[] data) {
        this.data = data;
    }

    /**
     * The luminance at the given full-resolution columns and rows (each sorted ascending, no
     * repeats), as a rows.length x cols.length matrix, or null when this decoder does not handle the
     * file.
     */
    static float[] sampled(byte[] data, int[] cols, int[] rows) {
        try {
            JpegLumaDecoder d = new JpegLumaDecoder(data);
            return d.readHeaders() ? d.decodeScan(cols, rows) : null;
        } catch (RuntimeException e) {
            return null; // malformed for us: let the complete decoder produce the proper error
        }
    }

    /** The number of colour components in the frame header (1 grey, 3 YCbCr/RGB, 4 CMYK/YCCK), or -1. */
    static int components(byte[] data) {
        try {
            JpegLumaDecoder d = new JpegLumaDecoder(data);
            if (d.u8(0) != 0xFF || d.u8(1) != 0xD8) return -1;
            d.pos = 2;
            while (true) {
                int marker = d.nextMarker();
                if (marker < 0 || marker == 0xDA || marker == 0xD9) return -1;
                if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                    return d.u8(d.pos + 7);
                }
                d.pos += d.u16(d.pos);
            }
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** The picture size from the frame header without decoding, or null. */
    static int[] size(byte[] data) {
        try {
            JpegLumaDecoder d = new JpegLumaDecoder(data);
            return d.readHeaders() ? new int[] {d.width, d.height} : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Reads markers up to the start of scan; false for anything this decoder leaves to ImageIO. */
    private boolean readHeaders() {
        if (u8(0) != 0xFF || u8(1) != 0xD8) return false;
        pos = 2;
        boolean frame = false;
        while (true) {
            int marker = nextMarker();
            if (marker < 0) return false;
            int len = u16(pos);
            int segEnd = pos + len;
            if (len < 2 || segEnd > data.length) return false;
            switch (marker) {
                case 0xC0, 0xC1 -> {
                    if (u8(pos + 2) != 8) return false;
                    height = u16(pos + 3);
                    width = u16(pos + 5);
                    components = u8(pos + 7);
                    if (width == 0 || height == 0 || (components != 1 && components != 3)) return false;
                    for (int c = 0; c < components; c++) {
                        int o = pos + 8 + 3 * c;
                        compId[c] = u8(o);
                        compH[c] = u8(o + 1) >> 4;
                        compV[c] = u8(o + 1) & 15;
                        compTq[c] = u8(o + 2) & 3;
                        if (compH[c] < 1 || compH[c] > 4 || compV[c] < 1 || compV[c] > 4) return false;
                    }
                    frame = true;
                }
                case 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF -> {
                    return false; // progressive, lossless, hierarchical, arithmetic
                }
                case 0xC4 -> {
                    int p = pos + 2;
                    while (p < segEnd) {
                        int tc = u8(p) >> 4;
                        int th = u8(p) & 15;
                        if (th > 3) return false;
                        int[] counts = new int[17];
                        int total = 0;
                        for (int i = 1; i <= 16; i++) {
                            counts[i] = u8(p + i);
                            total += counts[i];
                        }
                        if (p + 17 + total > segEnd) return false;
                        int[] symbols = new int[total];
                        for (int i = 0; i < total; i++) symbols[i] = u8(p + 17 + i);
                        Huffman h = new Huffman(counts, symbols);
                        if (tc == 0) dcTables[th] = h; else acTables[th] = h;
                        p += 17 + total;
                    }
                }
                case 0xDB -> {
                    int p = pos + 2;
                    while (p < segEnd) {
                        int pq = u8(p) >> 4;
                        int tq = u8(p) & 15;
                        if (tq > 3) return false;
                        int[] q = new int[64];
                        for (int i = 0; i < 64; i++) {
                            q[ZIGZAG[i]] = pq == 0 ? u8(p + 1 + i) : u16(p + 1 + 2 * i);
                        }
                        quant[tq] = q;
                        p += 1 + (pq == 0 ? 64 : 128);
                    }
                }
                case 0xDD -> restartInterval = u16(pos + 2);
                case 0xEE -> {
                    // Adobe APP14: transform 0 with 3 components means RGB, not YCbCr
                    if (len >= 14 && u8(pos + 2) == 'A' && u8(pos + 3) == 'd' && u8(pos + 4) == 'o' && u8(pos + 5) == 'b'
                            && u8(pos + 6) == 'e' && u8(pos + 13) == 0) {
                        adobeRgb = true;
                    }
                }
                case 0xDA -> {
                    if (!frame) return false;
                    return readScanHeader();
                }
                default -> { /* APPn, COM, etc.: skip */ }
            }
            pos = segEnd;
        }
    }

    private int[] scanComp;
    private int[] scanDc;
    private int[] scanAc;

    private boolean readScanHeader() {
        int ns = u8(pos + 2);
        if (ns != components) return false; // non-interleaved colour scans: leave to ImageIO
        if (components == 3 && (adobeRgb || (compId[0] == 'R' && compId[1] == 'G' && compId[2] == 'B'))) return false;
        scanComp = new int[ns];
        scanDc = new int[ns];
        scanAc = new int[ns];
        for (int i = 0; i < ns; i++) {
            int id = u8(pos + 3 + 2 * i);
            int tables = u8(pos + 4 + 2 * i);
            int c = -1;
            for (int k = 0; k < components; k++) if (compId[k] == id) c = k;
            if (c < 0) return false;
            scanComp[i] = c;
            scanDc[i] = tables >> 4;
            scanAc[i] = tables & 15;
            if (dcTables[scanDc[i]] == null || acTables[scanAc[i]] == null) return false;
        }
        int ss = u8(pos + 3 + 2 * ns);
        int se = u8(pos + 4 + 2 * ns);
        int ahal = u8(pos + 5 + 2 * ns);
        if (ss != 0 || se != 63 || ahal != 0) return false;
        if (quant[compTq[0]] == null) return false;
        pos += u16(pos);
        return true;
    }

    private float[] decodeScan(int[] cols, int[] rows) {
        int hMax = 1;
        int vMax = 1;
        for (int c = 0; c < components; c++) {
            hMax = Math.max(hMax, compH[c]);
            vMax = Math.max(vMax, compV[c]);
        }
        int mcusX;
        int mcusY;
        if (components == 1) {
            // a single-component scan is non-interleaved: one block per MCU, whatever the sampling factors
            mcusX = (width + 7) / 8;
            mcusY = (height + 7) / 8;
            compH[0] = 1;
            compV[0] = 1;
        } else {
            mcusX = (width + 8 * hMax - 1) / (8 * hMax);
            mcusY = (height + 8 * vMax - 1) / (8 * vMax);
        }
        int yH = compH[0];
        int yV = compV[0];
        if (components == 3 && (yH != hMax || yV != vMax)) return null; // luma subsampled: unusual, leave it
        if (cols[cols.length - 1] >= width || rows[rows.length - 1] >= height) return null;

        // for every block column (row), the wanted columns (rows) inside it: first index and count
        int blocksX = mcusX * yH;
        int blocksY = mcusY * yV;
        int[] colStart = new int[blocksX + 1];
        int[] rowStart = new int[blocksY + 1];
        index(cols, colStart);
        index(rows, rowStart);

        float[] out = new float[rows.length * cols.length];
        int[] q = quant[compTq[0]];
        float[] basis = BASIS[8];
        float[] coef = new float[64];
        float[] tmp = new float[8 * 8];
        int[] rowsV = new int[8];
        int[] pred = new int[components];
        int restartsLeft = restartInterval;
        int nextRst = 0;

        for (int my = 0; my < mcusY; my++) {
            for (int mx = 0; mx < mcusX; mx++) {
                if (restartInterval > 0) {
                    if (restartsLeft == 0) {
                        if (!restart(nextRst)) return null;
                        nextRst = (nextRst + 1) & 7;
                        restartsLeft = restartInterval;
                        java.util.Arrays.fill(pred, 0);
                    }
                    restartsLeft--;
                }
                for (int s = 0; s < scanComp.length; s++) {
                    int c = scanComp[s];
                    Huffman dc = dcTables[scanDc[s]];
                    Huffman ac = acTables[scanAc[s]];
                    int blocks = compH[c] * compV[c];
                    for (int b = 0; b < blocks; b++) {
                        pred[c] += decodeDc(dc);
                        if (c != 0) {
                            skipAc(ac);
                            continue;
                        }
                        int bx = mx * yH + b % yH;
                        int by = my * yV + b / yH;
                        int c0 = colStart[bx];
                        int nc = colStart[bx + 1] - c0;
                        int r0 = rowStart[by];
                        int nr = rowStart[by + 1] - r0;
                        if (nc == 0 || nr == 0) {
                            skipAc(ac);
                            continue;
                        }
                        java.util.Arrays.fill(coef, 0f);
                        coef[0] = pred[0] * q[0];
                        int extent = decodeAc(ac, coef, q);
                        idctAt(coef, extent >> 3, extent & 7, basis, tmp, rowsV, cols, c0, nc, bx * 8, rows, r0, nr, by * 8,
                                out, cols.length);
                    }
                }
            }
        }
        // the data must end exactly at EOI: having read into the zero padding, or stopping at another
        // marker, means a truncated or damaged file, which the complete decoder reports properly
        if (padBytes * 8 > bitCount + 7 || !hitMarker || pos + 1 >= data.length || u8(pos + 1) != 0xD9) {
            return null;
        }
        return out;
    }

    /** start[b] = index of the first wanted position in block b (positions 8b..8b+7); start[last] = count. */
    private static void index(int[] wanted, int[] start) {
        int k = 0;
        for (int b = 0; b < start.length - 1; b++) {
            start[b] = k;
            while (k < wanted.length && wanted[k] < 8 * (b + 1)) k++;
        }
        start[start.length - 1] = wanted.length;
    }

    /**
     * The 8 x 8 inverse DCT evaluated only at the wanted pixels of the block, skipping all-zero rows
     * of coefficients and the all-zero columns beyond maxU; rounded, plus 128 and clamped as libjpeg
     * does. Cost: (nonzero rows) x (wanted columns) x (maxU + 1) + (wanted pixels) x (nonzero rows).
     */
    private static void idctAt(float[] coef, int rowMask, int maxU, float[] basis, float[] tmp, int[] rowsV,
            int[] cols, int c0, int nc, int x0, int[] rows, int r0, int nr, int y0, float[] out, int stride) {
        // the nonzero rows, compacted: tmp[k * 8 + i] for the k-th nonzero row v = rowsV[k]
        int count = 0;
        for (int m = rowMask; m != 0; m &= m - 1) {
            int v = Integer.numberOfTrailingZeros(m);
            rowsV[count] = v;
            int cv = v * 8;
            for (int i = 0; i < nc; i++) {
                int bx = (cols[c0 + i] - x0) * 8;
                float s = 0;
                for (int u = 0; u <= maxU; u++) {
                    s += basis[bx + u] * coef[cv + u];
                }
                tmp[count * 8 + i] = s;
            }
            count++;
        }
        for (int j = 0; j < nr; j++) {
            int by = (rows[r0 + j] - y0) * 8;
            int o = (r0 + j) * stride + c0;
            for (int i = 0; i < nc; i++) {
                float s = 0;
                for (int k = 0; k < count; k++) {
                    s += basis[by + rowsV[k]] * tmp[k * 8 + i];
                }
                out[o + i] = clamp(s + 128f);
            }
        }
    }

    private static float clamp(float v) {
        float r = Math.round(v);
        return r < 0 ? 0 : (r > 255 ? 255 : r);
    }

    // ---------------------------------------------------------------- entropy decoding

    private int decodeDc(Huffman h) {
        int size = decodeSymbol(h);
        return size == 0 ? 0 : extend(bits(size), size);
    }

    /**
     * AC coefficients, dequantized, into natural order; returns (rows << 3) | maxU, rows having bit v
     * set when row v holds a nonzero coefficient and maxU the highest nonzero column, so that the
     * IDCT can skip the rest.
     */
    private int decodeAc(Huffman h, float[] coef, int[] q) {
        int maxU = 0;
        int rows = 1; // row 0 holds the DC
        for (int k = 1; k < 64; ) {
            int rs = decodeSymbol(h);
            int r = rs >> 4;
            int s = rs & 15;
            if (s == 0) {
                if (r != 15) break; // end of block
                k += 16;
                continue;
            }
            k += r;
            if (k > 63) throw new IllegalStateException("AC index past 63");
            int value = extend(bits(s), s);
            int z = ZIGZAG[k];
            coef[z] = value * q[z];
            maxU = Math.max(maxU, z & 7);
            rows |= 1 << (z >> 3);
            k++;
        }
        return (rows << 3) | maxU;
    }

    private void skipAc(Huffman h) {
        for (int k = 1; k < 64; ) {
            int rs = decodeSymbol(h);
            int r = rs >> 4;
            int s = rs & 15;
            if (s == 0) {
                if (r != 15) return;
                k += 16;
                continue;
            }
            k += r + 1;
            skipBits(s);
        }
    }

    private static int extend(int v, int s) {
        return v < (1 << (s - 1)) ? v - (1 << s) + 1 : v;
    }

    private int decodeSymbol(Huffman h) {
        if (bitCount < 16) fill();
        int peek = (int) (bitBuf >>> (bitCount - Huffman.LOOKUP_BITS)) & ((1 << Huffman.LOOKUP_BITS) - 1);
        int e = h.lookup[peek];
        if (e != 0) {
            bitCount -= e >> 8;
            return e & 0xFF;
        }
        // longer code: walk lengths beyond the table
        int code = (int) (bitBuf >>> (bitCount - 16)) & 0xFFFF;
        for (int len = Huffman.LOOKUP_BITS + 1; len <= 16; len++) {
            int c = code >>> (16 - len);
            if (c <= h.maxCode[len]) {
                bitCount -= len;
                return h.symbols[h.valPtr[len] + c - h.minCode[len]];
            }
        }
        throw new IllegalStateException("bad Huffman code");
    }

    private int bits(int n) {
        if (bitCount < n) fill();
        bitCount -= n;
        return (int) (bitBuf >>> bitCount) & ((1 << n) - 1);
    }

    private void skipBits(int n) {
        if (bitCount < n) fill();
        bitCount -= n;
    }

    /** Tops the bit buffer up to at least 56 bits, unstuffing 0xFF00; past a marker, feeds zeros. */
    private void fill() {
        while (bitCount <= 56) {
            int b = 0;
            if (!hitMarker && pos < data.length) {
                b = data[pos] & 0xFF;
                if (b == 0xFF) {
                    int next = pos + 1 < data.length ? data[pos + 1] & 0xFF : -1;
                    if (next == 0x00) {
                        pos += 2;
                    } else {
                        hitMarker = true;
                        b = 0;
                    }
                } else {
                    pos++;
                }
            }
            if (b == 0 && (hitMarker || pos >= data.length)) {
                padBytes++;
            }
            bitBuf = (bitBuf << 8) | b;
            bitCount += 8;
        }
    }

    /** Zero bytes fed after the scan's data ended; more consumed than the buffer holds means truncation. */
    private int padBytes;

    private boolean restart(int expected) {
        bitCount = 0;
        bitBuf = 0;
        hitMarker = false;
        padBytes = 0;
        // skip to the marker (there may be fill bytes)
        while (pos + 1 < data.length && !(u8(pos) == 0xFF && u8(pos + 1) != 0 && u8(pos + 1) != 0xFF)) pos++;
        if (pos + 1 >= data.length || u8(pos + 1) != 0xD0 + expected) return false;
        pos += 2;
        return true;
    }

    // ---------------------------------------------------------------- bytes

    private int nextMarker() {
        while (pos < data.length && u8(pos) != 0xFF) pos++;
        while (pos < data.length && u8(pos) == 0xFF) pos++;
        if (pos >= data.length) return -1;
        return u8(pos++);
    }

    private int u8(int i) {
        return data[i] & 0xFF;
    }

    private int u16(int i) {
        return (u8(i) << 8) | u8(i + 1);
    }

    /** A canonical Huffman table with a 9-bit direct lookup. */
    private static final class Huffman {
        static final int LOOKUP_BITS = 9;
        final int[] lookup = new int[1 << LOOKUP_BITS]; // (length << 8) | symbol, 0 when longer
        final int[] maxCode = new int[18];
        final int[] minCode = new int[17];
        final int[] valPtr = new int[17];
        final int[] symbols;

        Huffman(int[] counts, int[] symbols) {
            this.symbols = symbols;
            int code = 0;
            int k = 0;
            for (int len = 1; len <= 16; len++) {
                valPtr[len] = k;
                minCode[len] = code;
                for (int i = 0; i < counts[len]; i++, k++, code++) {
                    if (len <= LOOKUP_BITS) {
                        int shift = LOOKUP_BITS - len;
                        for (int j = 0; j < (1 << shift); j++) {
                            lookup[(code << shift) | j] = (len << 8) | symbols[k];
                        }
                    }
                }
                maxCode[len] = counts[len] == 0 ? -1 : code - 1;
                code <<= 1;
            }
            maxCode[17] = Integer.MAX_VALUE;
        }
    }
}
