package org.reportonce.hashing.image;

/**
 * A fast decoder of the luminance of baseline and progressive JPEGs at chosen pixels only, for hashing.
 *
 * <p>Why: PDQ's canonical pipeline squashes anything over 512 px to 512 x 512 and then blurs it;
 * most of a big JPEG's pixels are thrown away. Full decoding (entropy decoding, 8 x 8 inverse DCTs,
 * chroma upsampling, colour conversion) spends most of its time on those pixels. This decoder
 * <ul>
 *   <li>entropy-decodes every block (unavoidable: the bit stream is sequential) but keeps only the
 *       luminance coefficients it needs;</li>
 *   <li>evaluates the 8 x 8 inverse DCT only at the pixels the caller will sample (for the 512 x 512
 *       squash of a 1600 x 1004 photo, about 10 of each block's 64), from the block's nonzero
 *       coefficients only (see {@code idctSparse}); for the luminance, pass 1 runs per block
 *       (inside the entropy decoding when a block has at most 3 sampled columns) and pass 2 once
 *       per block row across the whole width, a loop the JIT vectorizes (see {@code rowPass1},
 *       {@code rowPass2}, {@code decodeAcIntoSums}, for progressive files {@code storedIntoSums} and
 *       {@code storedIntoSums5}; the 19 big JPEGs of the set ~8-12 %
 *       less CPU than with a per-block pass 2, docs/benchmarks.md, session 4);</li>
 *   <li>uses the JPEG's Y channel as PDQ's luminance: JFIF's Y is defined with the same BT.601
 *       weights (0.299, 0.587, 0.114) that PDQ applies to RGB, so the colour conversion and back
 *       cancel, up to rounding and clamping of saturated colours.</li>
 * </ul>
 * Decoding at reduced scale instead (averaging 2 x 2 pixels) was tried and rejected: 6 bits from
 * the C++ on a saturated photo. The result is not bit-identical to full decoding; FastPathTest
 * bounds its distance to the C++ hash. Progressive files are handled as far as first scans go
 * (see {@code decodeProgressive}). Anything else — luminance refinement scans, arithmetic-coded, 12-bit, CMYK/YCCK, RGB-coded, non-interleaved
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
        for (int n = 8; n <= 8; n <<= 1) {
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
    private boolean progressive;

    // bit reader
    private long bitBuf;
    private int bitCount;
    private boolean hitMarker;

    private JpegLumaDecoder(byte[] data) {
        this.data = data;
    }

    /**
     * A decoder positioned after the headers (size known, tables read), or null when this decoder
     * does not handle the file: lets a caller learn the size and then decode without reading the
     * headers (and building the Huffman tables) twice. Its {@link #sampled(int[], int[], boolean)}
     * may be called once.
     */
    static JpegLumaDecoder withHeaders(byte[] data) {
        try {
            JpegLumaDecoder d = new JpegLumaDecoder(data);
            return d.readHeaders() ? d : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    /**
     * The luminance at the given full-resolution columns and rows (each sorted ascending, no
     * repeats) as a rows.length x cols.length matrix, and with {@code edges} the colours of the
     * four outermost sampled lines (see {@link Sampled}), and with {@code means} the picture's 8 x 8
     * block means; null when this decoder does not handle the file.
     * The matrix and the coefficient store come from {@code scratch} (see {@link Scratch#sampledLuma}:
     * the matrix array may be longer than rows.length x cols.length).
     */
    Sampled sampled(int[] cols, int[] rows, boolean edges, boolean means, Scratch scratch) {
        try {
            wantBlockDc = means;
            if (progressive) {
                float[] luma = decodeProgressive(cols, rows, scratch);
                return luma == null ? null : new Sampled(luma, null, blockMeans());
            }
            return decodeScan(cols, rows, edges, scratch);
        } catch (RuntimeException e) {
            return null; // malformed for us: let the complete decoder produce the proper error
        }
    }

    /**
     * Luminance at the sampled pixels (rows x cols), and, when asked for and available (baseline
     * files), the packed RGB of the outermost sampled lines in the order left (top to bottom), top,
     * right, bottom (left to right); else edgeRgb is null. With block means asked for, also the
     * picture at 1/8 scale from the blocks' DC coefficients ({@link #blockMeans()}), or null when the
     * file did not give every component's DC.
     */
    record Sampled(float[] luma, int[][] edgeRgb, DecodedImage blockMeans) {}

    /*
     * BLOCK MEANS. A block's DC coefficient is 8 times its mean (less the level shift of 128), and
     * the entropy decoder must decode every block's DC anyway (DC is coded as the difference from
     * the previous block's), the chroma blocks' and the luminance blocks' that hold no sampled
     * pixel too. So when a caller asks for block means it keeps them: per component, the DC of
     * every block (as decoded, times 2^Al for a progressive first DC scan), and after the scan the
     * picture of 8 x 8 block means in RGB (the chroma of the block that covers each luminance
     * block, nearest, as EdgePlane does). One store per block; nothing on the path without edges.
     */
    private int[][] blockDc;      // [component][block row * blockDcStride[c] + block column], or null
    private final int[] blockDcStride = new int[4];
    private final boolean[] blockDcSeen = new boolean[4]; // whether a scan gave the component's DC
    private boolean wantBlockDc;  // keep the DC store (progressive: allocated once the geometry is known)
    private int blockHMax = 1;
    private int blockVMax = 1;

    /** Allocates the DC store, per component, for mcusX x mcusY MCUs of the frame's sampling factors. */
    private void allocateBlockDc(int mcusX, int mcusY, int hMax, int vMax) {
        blockDc = new int[components][];
        blockHMax = hMax;
        blockVMax = vMax;
        for (int c = 0; c < components; c++) {
            blockDcStride[c] = mcusX * compH[c];
            blockDc[c] = new int[blockDcStride[c] * mcusY * compV[c]];
        }
    }

    /** Per component, for block b of an MCU, its offset in the DC store from the MCU's first block. */
    private int[][] blockDcOffsets() {
        int[][] at = new int[components][];
        for (int c = 0; c < components; c++) {
            at[c] = new int[compH[c] * compV[c]];
            for (int b = 0; b < at[c].length; b++) at[c][b] = (b / compH[c]) * blockDcStride[c] + b % compH[c];
        }
        return at;
    }

    /**
     * The picture's 8 x 8 block means as packed RGB, ceil(width / 8) x ceil(height / 8) (a last,
     * partial block's mean includes the encoder's padding), or null when some component's DC was
     * not decoded (a progressive file whose chroma DC comes in scans of its own, which are skipped).
     */
    private DecodedImage blockMeans() {
        if (blockDc == null) return null;
        for (int c = 0; c < components; c++) if (!blockDcSeen[c] || quant[compTq[c]] == null) return null;
        int bw = (width + 7) / 8;
        int bh = (height + 7) / 8;
        int[] out = new int[bw * bh];
        float qy = quant[compTq[0]][0] / 8f;
        float qb = components == 3 ? quant[compTq[1]][0] / 8f : 0;
        float qr = components == 3 ? quant[compTq[2]][0] / 8f : 0;
        int[] y0 = blockDc[0];
        if (components == 1) {
            for (int by = 0; by < bh; by++) {
                for (int bx = 0; bx < bw; bx++) {
                    out[by * bw + bx] = grey(Math.max(0f, Math.min(255f, y0[by * blockDcStride[0] + bx] * qy + 128.5f)));
                }
            }
            return new DecodedImage(bw, bh, out);
        }
        // the chroma block covering each luminance block column, per chroma component
        int[] col1 = new int[bw];
        int[] col2 = new int[bw];
        for (int bx = 0; bx < bw; bx++) {
            col1[bx] = bx * compH[1] / blockHMax;
            col2[bx] = bx * compH[2] / blockHMax;
        }
        int[] cb = blockDc[1];
        int[] cr = blockDc[2];
        for (int by = 0; by < bh; by++) {
            int row0 = by * blockDcStride[0];
            int row1 = (by * compV[1] / blockVMax) * blockDcStride[1];
            int row2 = (by * compV[2] / blockVMax) * blockDcStride[2];
            for (int bx = 0; bx < bw; bx++) {
                out[by * bw + bx] = rgb(y0[row0 + bx] * qy + 128f, cb[row1 + col1[bx]] * qb + 128f, cr[row2 + col2[bx]] * qr + 128f);
            }
        }
        return new DecodedImage(bw, bh, out);
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
                case 0xC0, 0xC1, 0xC2 -> {
                    if (u8(pos + 2) != 8) return false;
                    progressive = marker == 0xC2;
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
                case 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF -> {
                    return false; // lossless, hierarchical, arithmetic
                }
                case 0xC4 -> {
                    if (!readDht(segEnd)) return false;
                }
                case 0xDB -> {
                    if (!readDqt(segEnd)) return false;
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
                    return progressive || readScanHeader();
                }
                default -> { /* APPn, COM, etc.: skip */ }
            }
            pos = segEnd;
        }
    }

    /** A DHT segment's tables, the segment's body starting at pos + 2; false when malformed. */
    private boolean readDht(int segEnd) {
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
        return true;
    }

    /** A DQT segment's tables (stored in natural order); false when malformed. */
    private boolean readDqt(int segEnd) {
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
        return true;
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

    private Sampled decodeScan(int[] cols, int[] rows, boolean wantEdges, Scratch scratch) {
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

        int ncols = cols.length;
        float[] out = scratch.sampledLuma(rows.length * ncols); // every element written by rowPass2
        int[] q = quant[compTq[0]];
        // at most 3 sampled columns per block (pictures at least ~1 400 px wide): pass 1 runs inside
        // the entropy decoding (see decodeAcIntoSums), over 3 columns whatever the block's count,
        // so the arrays get 2 columns of slack
        int maxNc = 0;
        for (int bx = 0; bx < blocksX; bx++) maxNc = Math.max(maxNc, colStart[bx + 1] - colStart[bx]);
        boolean fused = maxNc <= 3;
        float[] colBasis = java.util.Arrays.copyOf(basisAt(cols), (ncols + 2) * 8);
        float[] rowBasis = basisAt(rows);
        // pass 1 of the luminance IDCT for the MCU row's yV block rows (see rowPass1), and their DC-only blocks
        float[][] rowSums = new float[yV * 8][ncols + 2];
        float[] line = new float[ncols];
        float[] dcOnly = new float[yV * blocksX];
        int[] pred = new int[components];
        int restartsLeft = restartInterval;
        int nextRst = 0;
        int[][] dcs = null;
        int[][] dcAt = null; // per component and block of the MCU: its offset from the MCU's first block
        if (wantBlockDc) {
            allocateBlockDc(mcusX, mcusY, hMax, vMax);
            java.util.Arrays.fill(blockDcSeen, true);
            dcs = blockDc;
            dcAt = blockDcOffsets();
        }
        EdgePlane[] planes = null;
        if (wantEdges && components == 3) {
            planes = new EdgePlane[3];
            for (int c = 1; c < 3; c++) {
                if (quant[compTq[c]] == null) return null;
                planes[c] = new EdgePlane(cols, rows, compH[c], compV[c], hMax, vMax, mcusX * compH[c], mcusY * compV[c]);
            }
        }

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
                        if (dcs != null) {
                            dcs[c][my * compV[c] * blockDcStride[c] + mx * compH[c] + dcAt[c][b]] = pred[c];
                        }
                        if (c != 0) {
                            EdgePlane e = planes == null ? null : planes[c];
                            int cbx = mx * compH[c] + b % compH[c];
                            int cby = my * compV[c] + b / compH[c];
                            if (e == null || !e.touches(cbx, cby)) {
                                skipAc(ac);
                                continue;
                            }
                            int[] qc = quant[compTq[c]];
                            nzPos[0] = 0;
                            nzVal[0] = pred[c] * qc[0];
                            nzCount = 1;
                            decodeAc(ac, qc);
                            e.transform(this, cbx, cby);
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
                        int yb = b / yH;
                        if (fused) {
                            float dcVal = pred[0] * q[0];
                            boolean dcAlone = decodeAcIntoSums(ac, q, dcVal, colBasis, c0, rowSums, yb * 8);
                            dcOnly[yb * blocksX + bx] = dcAlone ? clamp(dcVal * 0.125f) : -1f;
                            continue;
                        }
                        nzPos[0] = 0;
                        nzVal[0] = pred[0] * q[0];
                        nzCount = 1;
                        decodeAc(ac, q);
                        rowPass1(colBasis, c0, nc, rowSums, yb * 8, dcOnly, yb * blocksX + bx);
                    }
                }
            }
            for (int yb = 0; yb < yV; yb++) {
                int by = my * yV + yb;
                rowPass2(rowBasis, rowStart[by], rowStart[by + 1] - rowStart[by], rowSums, yb * 8, line, colStart,
                        dcOnly, yb * blocksX, blocksX, out);
            }
        }
        // the data must end exactly at EOI: having read into the zero padding, or stopping at another
        // marker, means a truncated or damaged file, which the complete decoder reports properly
        if (padBytes * 8 > bitCount + 7 || !hitMarker || pos + 1 >= data.length || u8(pos + 1) != 0xD9) {
            return null;
        }
        if (!wantEdges) return new Sampled(out, null, blockMeans());
        int nc = cols.length;
        int nr = rows.length;
        int[][] edges = {new int[nr], new int[nc], new int[nr], new int[nc]};
        for (int side = 0; side < 4; side++) {
            int n = side % 2 == 0 ? nr : nc;
            for (int k = 0; k < n; k++) {
                int j = switch (side) { case 0, 2 -> k; case 1 -> 0; default -> nr - 1; };
                int i = switch (side) { case 1, 3 -> k; case 0 -> 0; default -> nc - 1; };
                float y = out[j * nc + i];
                edges[side][k] = planes == null ? grey(y) : rgb(y, planes[1].at(side, j, i), planes[2].at(side, j, i));
            }
        }
        return new Sampled(out, edges, blockMeans());
    }

    private static int grey(float y) {
        int g = (int) y;
        return (g << 16) | (g << 8) | g;
    }

    /** JFIF YCbCr to packed RGB, rounded and clamped. */
    private static int rgb(float y, float cb, float cr) {
        float db = cb - 128f;
        float dr = cr - 128f;
        int r = channel(y + 1.402f * dr);
        int g = channel(y - 0.344136f * db - 0.714136f * dr);
        int b = channel(y + 1.772f * db);
        return (r << 16) | (g << 8) | b;
    }

    private static int channel(float v) {
        int r = (int) (v + 0.5f);
        return r < 0 ? 0 : (r > 255 ? 255 : r);
    }

    /**
     * A chroma component (Cb or Cr) evaluated only where the outermost sampled lines need it: on a
     * grid of the two edge rows x every sampled column ("h") and one of every sampled row x the
     * two edge columns ("v"), in the component's own (possibly subsampled) coordinates. A chroma
     * pixel stands for image pixel x at x * h / hMax (the nearest sample, where libjpeg's default
     * "fancy" upsampling interpolates: a difference of a few levels, which the caller's border
     * test allows for). Only the blocks on the picture's edge are inverse-transformed.
     */
    private static final class EdgePlane {
        final int[] colOf; // sampled column index -> index among hCols
        final int[] rowOf; // sampled row index -> index among vRows
        final int[] hCols;
        final int[] hRows;
        final int[] vCols;
        final int[] vRows;
        final int[] hColStart;
        final int[] hRowStart;
        final int[] vColStart;
        final int[] vRowStart;
        final float[] hColBasis;
        final float[] hRowBasis;
        final float[] vColBasis;
        final float[] vRowBasis;
        final float[] h;
        final float[] v;

        EdgePlane(int[] cols, int[] rows, int ch, int cv, int hMax, int vMax, int blocksX, int blocksY) {
            int[] mappedCols = new int[cols.length];
            int[] mappedRows = new int[rows.length];
            for (int i = 0; i < cols.length; i++) mappedCols[i] = cols[i] * ch / hMax;
            for (int j = 0; j < rows.length; j++) mappedRows[j] = rows[j] * cv / vMax;
            hCols = java.util.Arrays.stream(mappedCols).distinct().toArray();
            vRows = java.util.Arrays.stream(mappedRows).distinct().toArray();
            hRows = java.util.Arrays.stream(new int[] {mappedRows[0], mappedRows[rows.length - 1]}).distinct().toArray();
            vCols = java.util.Arrays.stream(new int[] {mappedCols[0], mappedCols[cols.length - 1]}).distinct().toArray();
            colOf = positions(mappedCols, hCols);
            rowOf = positions(mappedRows, vRows);
            hColStart = new int[blocksX + 1];
            vColStart = new int[blocksX + 1];
            hRowStart = new int[blocksY + 1];
            vRowStart = new int[blocksY + 1];
            index(hCols, hColStart);
            index(vCols, vColStart);
            index(hRows, hRowStart);
            index(vRows, vRowStart);
            hColBasis = basisAt(hCols);
            hRowBasis = basisAt(hRows);
            vColBasis = basisAt(vCols);
            vRowBasis = basisAt(vRows);
            h = new float[hRows.length * hCols.length];
            v = new float[vRows.length * vCols.length];
        }

        boolean touches(int bx, int by) {
            return hRowStart[by + 1] > hRowStart[by] || vColStart[bx + 1] > vColStart[bx];
        }

        /** Inverse-transforms the decoder's current block (bx, by) at the grid points inside it. */
        void transform(JpegLumaDecoder d, int bx, int by) {
            int hr = hRowStart[by];
            if (hRowStart[by + 1] > hr) {
                d.idctSparse(hColBasis, hColStart[bx], hColStart[bx + 1] - hColStart[bx], hRowBasis, hr,
                        hRowStart[by + 1] - hr, h, hCols.length);
            }
            int vc = vColStart[bx];
            if (vColStart[bx + 1] > vc) {
                d.idctSparse(vColBasis, vc, vColStart[bx + 1] - vc, vRowBasis, vRowStart[by], vRowStart[by + 1] - vRowStart[by],
                        v, vCols.length);
            }
        }

        /** The value at sampled pixel (row j, column i) of the outermost line on {@code side}. */
        float at(int side, int j, int i) {
            return switch (side) {
                case 0 -> v[rowOf[j] * vCols.length];
                case 2 -> v[rowOf[j] * vCols.length + vCols.length - 1];
                case 1 -> h[colOf[i]];
                default -> h[(hRows.length - 1) * hCols.length + colOf[i]];
            };
        }

        private static int[] positions(int[] values, int[] distinct) {
            int[] out = new int[values.length];
            for (int i = 0, k = 0; i < values.length; i++) {
                while (distinct[k] != values[i]) k++;
                out[i] = k;
            }
            return out;
        }
    }

    // ---------------------------------------------------------------- progressive

    /**
     * Progressive JPEG (SOF2), luminance only. The coefficients of a progressive file arrive in
     * several scans (spectral bands, possibly bit planes), so the luminance coefficients of every
     * block are kept until the last scan, then inverse-transformed at the sampled pixels as in
     * baseline. Scans holding only chroma are skipped without decoding: entropy-coded data never
     * contains an unstuffed 0xFF, so the next marker ends them. An interleaved DC scan decodes
     * (and drops) the chroma DC values, which it must to stay in step. Successive-approximation
     * refinement scans of the luminance (Ah != 0), absent from the test images, return null: the
     * complete decoder handles them.
     */
    private float[] decodeProgressive(int[] cols, int[] rows, Scratch scratch) {
        if (components == 3 && (adobeRgb || (compId[0] == 'R' && compId[1] == 'G' && compId[2] == 'B'))) return null;
        int hMax = 1;
        int vMax = 1;
        for (int c = 0; c < components; c++) {
            hMax = Math.max(hMax, compH[c]);
            vMax = Math.max(vMax, compV[c]);
        }
        if (components == 1) {
            compH[0] = 1;
            compV[0] = 1;
            hMax = 1;
            vMax = 1;
        }
        int yH = compH[0];
        int yV = compV[0];
        if (yH != hMax || yV != vMax) return null;
        if (cols[cols.length - 1] >= width || rows[rows.length - 1] >= height) return null;
        int mcusX = (width + 8 * hMax - 1) / (8 * hMax);
        int mcusY = (height + 8 * vMax - 1) / (8 * vMax);
        if (wantBlockDc) allocateBlockDc(mcusX, mcusY, hMax, vMax);
        int stride = mcusX * yH; // blocks per row of the coefficient store
        int blocksY = mcusY * yV;
        int yBlocksX = (width + 7) / 8; // blocks a luminance-only scan visits
        int yBlocksY = (height + 7) / 8;
        // 16 bits hold every coefficient of an 8-bit JPEG (at most 11 bits) shifted by a point
        // transform of up to 4 (larger ones are refused below); half the memory of int
        // (from the scratch and not cleared: a block's DC is read only after a DC scan wrote it, its
        // AC coefficient z only when bit z of its nonzero mask, cleared here, says this image stored it)
        short[] coefs = scratch.coefficients(stride * blocksY * 64);
        long[] nonzero = scratch.nonzero(stride * blocksY); // per block, bit z set when AC coefficient z was stored

        int[] colStart = new int[stride + 1];
        int[] rowStart = new int[blocksY + 1];
        index(cols, colStart);
        index(rows, rowStart);

        boolean sawYDc = false;
        boolean sawYAc = false;
        while (true) {
            // pos is at the SOS segment's length
            int len = u16(pos);
            int ns = u8(pos + 2);
            if (ns < 1 || ns > components || len != 6 + 2 * ns) return null;
            int[] comp = new int[ns];
            Huffman[] dcs = new Huffman[ns];
            Huffman[] acs = new Huffman[ns];
            boolean hasY = false;
            for (int i = 0; i < ns; i++) {
                int id = u8(pos + 3 + 2 * i);
                int c = -1;
                for (int k = 0; k < components; k++) if (compId[k] == id) c = k;
                if (c < 0) return null;
                comp[i] = c;
                dcs[i] = dcTables[u8(pos + 4 + 2 * i) >> 4];
                acs[i] = acTables[u8(pos + 4 + 2 * i) & 15];
                hasY |= c == 0;
            }
            int ss = u8(pos + 3 + 2 * ns);
            int se = u8(pos + 4 + 2 * ns);
            int ah = u8(pos + 5 + 2 * ns) >> 4;
            int al = u8(pos + 5 + 2 * ns) & 15;
            if (al > 4) return null; // coefficients would not fit the 16-bit store: the complete decoder
            pos += len;
            if (se > 63 || ss > se || (ss == 0) != (se == 0) || (ss > 0 && ns != 1)) return null;
            resetBits();
            if (!hasY) {
                skipEntropyData();
            } else if (ah != 0) {
                return null; // luminance refinement: left to the complete decoder
            } else if (ss == 0) {
                for (Huffman h : dcs) if (h == null) return null;
                sawYDc = true;
                if (!dcFirstScan(comp, dcs, al, ns == 1, mcusX, mcusY, yBlocksX, yBlocksY, stride, coefs)) return null;
            } else {
                if (acs[0] == null) return null;
                sawYAc = true;
                if (!acFirstScan(acs[0], ss, se, al, yBlocksX, yBlocksY, stride, coefs, nonzero)) return null;
            }
            // to the next marker, handling table and restart definitions between scans
            skipEntropyData();
            int marker;
            while (true) {
                marker = nextMarker();
                if (marker < 0) return null;
                if (marker == 0xD9 || marker == 0xDA) break;
                int segLen = u16(pos);
                int segEnd = pos + segLen;
                if (segLen < 2 || segEnd > data.length) return null;
                if (marker == 0xC4 && !readDht(segEnd)) return null;
                if (marker == 0xDB && !readDqt(segEnd)) return null;
                if (marker == 0xDD) restartInterval = u16(pos + 2);
                pos = segEnd;
            }
            if (marker == 0xD9) break;
        }
        if (!sawYDc || !sawYAc || quant[compTq[0]] == null) return null;

        int ncols = cols.length;
        float[] out = scratch.sampledLuma(rows.length * ncols); // every element written by rowPass2
        int[] q = quant[compTq[0]];
        int maxNc = 0;
        for (int bx = 0; bx < yBlocksX; bx++) maxNc = Math.max(maxNc, colStart[bx + 1] - colStart[bx]);
        // pass 1 straight from the store over 3 columns per block (as in decodeScan), or over 5
        // (pictures 820-1 400 px wide); the arrays get fused - 1 columns of slack
        int fused = maxNc <= 3 ? 3 : maxNc <= 5 ? 5 : 0;
        int slack = Math.max(2, fused - 1);
        float[] colBasis = java.util.Arrays.copyOf(basisAt(cols), (ncols + slack) * 8);
        float[] rowBasis = basisAt(rows);
        float[][] rowSums = new float[8][ncols + slack];
        float[] line = new float[ncols];
        float[] dcOnly = new float[yBlocksX];
        for (int by = 0; by < yBlocksY; by++) {
            int r0 = rowStart[by];
            int nr = rowStart[by + 1] - r0;
            if (nr == 0) continue;
            for (int bx = 0; bx < yBlocksX; bx++) {
                int c0 = colStart[bx];
                int nc = colStart[bx + 1] - c0;
                if (nc == 0) continue;
                int base = (by * stride + bx) * 64;
                long mask = nonzero[by * stride + bx];
                if (fused != 0) {
                    float dcVal = coefs[base] * q[0];
                    if (mask == 0) {
                        dcOnly[bx] = clamp(dcVal * 0.125f);
                        continue;
                    }
                    dcOnly[bx] = -1f;
                    if (fused == 3) {
                        storedIntoSums(coefs, base, mask, q, dcVal, colBasis, c0, rowSums);
                    } else {
                        storedIntoSums5(coefs, base, mask, q, dcVal, colBasis, c0, rowSums);
                    }
                    continue;
                }
                nzPos[0] = 0;
                nzVal[0] = coefs[base] * q[0];
                int n = 1;
                for (long m = nonzero[by * stride + bx]; m != 0; m &= m - 1) {
                    int z = Long.numberOfTrailingZeros(m);
                    nzPos[n] = z;
                    nzVal[n] = coefs[base + z] * q[z];
                    n++;
                }
                nzCount = n;
                rowPass1(colBasis, c0, nc, rowSums, 0, dcOnly, bx);
            }
            rowPass2(rowBasis, r0, nr, rowSums, 0, line, colStart, dcOnly, 0, yBlocksX, out);
        }
        return out;
    }

    /**
     * Pass 1 for a progressive file's stored block (DC, then the AC coefficients flagged in
     * {@code mask} in natural order, as rowPass1 takes them from its list) straight from the
     * store, over 3 columns from c0 like {@link #decodeAcIntoSums}.
     */
    private static void storedIntoSums(short[] coefs, int base, long mask, int[] q, float dc, float[] colBasis, int c0,
            float[][] sums) {
        for (int v = 0; v < 8; v++) {
            float[] t = sums[v];
            t[c0] = 0f;
            t[c0 + 1] = 0f;
            t[c0 + 2] = 0f;
        }
        int cb0 = c0 * 8;
        float[] t0 = sums[0];
        t0[c0] += dc * colBasis[cb0];
        t0[c0 + 1] += dc * colBasis[cb0 + 8];
        t0[c0 + 2] += dc * colBasis[cb0 + 16];
        for (long m = mask; m != 0; m &= m - 1) {
            int z = Long.numberOfTrailingZeros(m);
            float c = coefs[base + z] * q[z];
            float[] t = sums[z >> 3];
            int cb = cb0 + (z & 7);
            t[c0] += c * colBasis[cb];
            t[c0 + 1] += c * colBasis[cb + 8];
            t[c0 + 2] += c * colBasis[cb + 16];
        }
    }

    /** {@link #storedIntoSums} over 5 columns from c0 (the slack ones are the next blocks', which zero them first). */
    private static void storedIntoSums5(short[] coefs, int base, long mask, int[] q, float dc, float[] colBasis, int c0,
            float[][] sums) {
        for (int v = 0; v < 8; v++) {
            float[] t = sums[v];
            t[c0] = 0f;
            t[c0 + 1] = 0f;
            t[c0 + 2] = 0f;
            t[c0 + 3] = 0f;
            t[c0 + 4] = 0f;
        }
        int cb0 = c0 * 8;
        float[] t0 = sums[0];
        t0[c0] += dc * colBasis[cb0];
        t0[c0 + 1] += dc * colBasis[cb0 + 8];
        t0[c0 + 2] += dc * colBasis[cb0 + 16];
        t0[c0 + 3] += dc * colBasis[cb0 + 24];
        t0[c0 + 4] += dc * colBasis[cb0 + 32];
        for (long m = mask; m != 0; m &= m - 1) {
            int z = Long.numberOfTrailingZeros(m);
            float c = coefs[base + z] * q[z];
            float[] t = sums[z >> 3];
            int cb = cb0 + (z & 7);
            t[c0] += c * colBasis[cb];
            t[c0 + 1] += c * colBasis[cb + 8];
            t[c0 + 2] += c * colBasis[cb + 16];
            t[c0 + 3] += c * colBasis[cb + 24];
            t[c0 + 4] += c * colBasis[cb + 32];
        }
    }

    /** A first DC scan: interleaved (MCU order, every component) or of the luminance alone. */
    private boolean dcFirstScan(int[] comp, Huffman[] dcs, int al, boolean single, int mcusX, int mcusY,
            int yBlocksX, int yBlocksY, int stride, short[] coefs) {
        int[] pred = new int[components];
        int restartsLeft = restartInterval;
        int nextRst = 0;
        int unitsX = single ? yBlocksX : mcusX;
        int unitsY = single ? yBlocksY : mcusY;
        int[][] store = blockDc;
        if (store != null) for (int c : comp) blockDcSeen[c] = true;
        for (int uy = 0; uy < unitsY; uy++) {
            for (int ux = 0; ux < unitsX; ux++) {
                if (restartInterval > 0) {
                    if (restartsLeft == 0) {
                        if (!restart(nextRst)) return false;
                        nextRst = (nextRst + 1) & 7;
                        restartsLeft = restartInterval;
                        java.util.Arrays.fill(pred, 0);
                    }
                    restartsLeft--;
                }
                if (single) {
                    pred[0] += decodeDc(dcs[0]);
                    coefs[(uy * stride + ux) * 64] = (short) (pred[0] << al);
                    if (store != null) store[0][uy * blockDcStride[0] + ux] = pred[0] << al;
                    continue;
                }
                for (int s = 0; s < comp.length; s++) {
                    int c = comp[s];
                    int blocks = compH[c] * compV[c];
                    for (int b = 0; b < blocks; b++) {
                        pred[c] += decodeDc(dcs[s]);
                        if (store != null) {
                            store[c][(uy * compV[c] + b / compH[c]) * blockDcStride[c] + ux * compH[c] + b % compH[c]] = pred[c] << al;
                        }
                        if (c == 0) {
                            int bx = ux * compH[0] + b % compH[0];
                            int by = uy * compV[0] + b / compH[0];
                            coefs[(by * stride + bx) * 64] = (short) (pred[0] << al);
                        }
                    }
                }
            }
        }
        return scanEndedCleanly();
    }

    /** A first AC scan of the luminance over zig-zag band [ss, se], with end-of-band runs. */
    private boolean acFirstScan(Huffman ac, int ss, int se, int al, int yBlocksX, int yBlocksY, int stride, short[] coefs,
            long[] nonzero) {
        int eobRun = 0;
        int restartsLeft = restartInterval;
        int nextRst = 0;
        for (int by = 0; by < yBlocksY; by++) {
            for (int bx = 0; bx < yBlocksX; bx++) {
                if (restartInterval > 0) {
                    if (restartsLeft == 0) {
                        if (!restart(nextRst)) return false;
                        nextRst = (nextRst + 1) & 7;
                        restartsLeft = restartInterval;
                        eobRun = 0;
                    }
                    restartsLeft--;
                }
                if (eobRun > 0) {
                    eobRun--;
                    continue;
                }
                int block = by * stride + bx;
                int base = block * 64;
                long mask = nonzero[block];
                int[] fast = ac.fast;
                for (int k = ss; k <= se; ) {
                    if (bitCount < MAX_SYMBOL_BITS) fill();
                    int e = fast[(int) (bitBuf >>> (bitCount - Huffman.FAST_BITS)) & FAST_MASK];
                    int rs;
                    int value;
                    if ((e & Huffman.COMPLETE) != 0) {
                        bitCount -= e & 31;
                        rs = (e >> 8) & 0xFF;
                        value = e >> 16;
                    } else {
                        rs = e != 0 ? consumeCode(e) : slowSymbol(ac);
                        int s = rs & 15;
                        value = s == 0 ? 0 : extend(rawBits(s), s);
                    }
                    int r = rs >> 4;
                    if ((rs & 15) == 0) {
                        if (r < 15) {
                            // end of band: the run of bands to skip (this one included); its extra
                            // bits came as the "value" bits of an EOBn symbol, which the fast table
                            // leaves unread (s is 0), so they are read here
                            eobRun = (1 << r) - 1 + (r > 0 ? bits(r) : 0);
                            break;
                        }
                        k += 16;
                        continue;
                    }
                    k += r;
                    if (k > se) throw new IllegalStateException("AC index past the band");
                    int z = ZIGZAG[k];
                    coefs[base + z] = (short) (value << al);
                    mask |= 1L << z;
                    k++;
                }
                nonzero[block] = mask;
            }
        }
        return scanEndedCleanly();
    }

    /** After a scan: not read into the padding past its end (which would mean truncated data). */
    private boolean scanEndedCleanly() {
        return padBytes * 8 <= bitCount + 7;
    }

    private void resetBits() {
        bitCount = 0;
        bitBuf = 0;
        hitMarker = false;
        padBytes = 0;
    }

    /** Skips a scan's entropy-coded data (stuffed bytes and restart markers included) up to the next marker. */
    private void skipEntropyData() {
        while (pos + 1 < data.length) {
            if (u8(pos) == 0xFF) {
                int n = u8(pos + 1);
                if (n != 0 && n != 0xFF && (n < 0xD0 || n > 0xD7)) return;
            }
            pos++;
        }
        pos = data.length;
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

    // the current block's nonzero coefficients (the DC always first), dequantized
    private final int[] nzPos = new int[64];
    private final float[] nzVal = new float[64];
    private int nzCount;
    // pass 1 of the IDCT: rowPass[i * 8 + v] for the block's i-th sampled column and coefficient row v
    private final float[] rowPass = new float[64];

    /**
     * The 8 x 8 inverse DCT evaluated only at the block's sampled pixels, from its sparse
     * coefficients. Separable: pass 1 takes each nonzero coefficient (v, u) once and adds its
     * column basis at the sampled columns into row v's partial sums, so it costs (nonzero
     * coefficients) x (sampled columns); pass 2 combines the 8 rows at every sampled pixel,
     * 8 x (sampled pixels), as straight-line code (cheaper than skipping zero rows by index). A DC-only block (most of a smooth picture's) is a
     * constant. Rounded, plus 128 and clamped as libjpeg does. Used as it stands for the chroma
     * at the picture's edges ({@link EdgePlane}); the luminance runs the same arithmetic split
     * into {@link #rowPass1} and {@link #rowPass2}.
     *
     * @param colBasis for each sampled column (global index), the 8 basis values at its offset in its block
     * @param rowBasis the same for the sampled rows
     */
    private void idctSparse(float[] colBasis, int c0, int nc, float[] rowBasis, int r0, int nr, float[] out, int stride) {
        int n = nzCount;
        if (n == 1) {
            float v = clamp(nzVal[0] * 0.125f); // C(0)^2 / 4: the mean of the block
            for (int j = 0; j < nr; j++) {
                int o = (r0 + j) * stride + c0;
                for (int i = 0; i < nc; i++) out[o + i] = v;
            }
            return;
        }
        // pass 1, t[i * 8 + v] = sum over u of coef(v, u) * basis(column i, u), over the nonzero coefficients
        float[] t = rowPass;
        for (int i = 0; i < nc * 8; i++) t[i] = 0f;
        int cb0 = c0 * 8;
        for (int m = 0; m < n; m++) {
            int z = nzPos[m];
            int v = z >> 3;
            int cb = cb0 + (z & 7);
            float c = nzVal[m];
            t[v] += c * colBasis[cb];
            if (nc > 1) {
                t[8 + v] += c * colBasis[cb + 8];
                if (nc > 2) {
                    t[16 + v] += c * colBasis[cb + 16];
                    for (int i = 3; i < nc; i++) t[i * 8 + v] += c * colBasis[cb + i * 8];
                }
            }
        }
        // pass 2: every sampled pixel, a fixed 8-term dot product (branch-free, unrolled by the JIT)
        for (int j = 0; j < nr; j++) {
            int rb = (r0 + j) * 8;
            float b0 = rowBasis[rb];
            float b1 = rowBasis[rb + 1];
            float b2 = rowBasis[rb + 2];
            float b3 = rowBasis[rb + 3];
            float b4 = rowBasis[rb + 4];
            float b5 = rowBasis[rb + 5];
            float b6 = rowBasis[rb + 6];
            float b7 = rowBasis[rb + 7];
            int o = (r0 + j) * stride + c0;
            for (int i = 0, ti = 0; i < nc; i++, ti += 8) {
                float s = b0 * t[ti] + b1 * t[ti + 1] + b2 * t[ti + 2] + b3 * t[ti + 3]
                        + b4 * t[ti + 4] + b5 * t[ti + 5] + b6 * t[ti + 6] + b7 * t[ti + 7];
                out[o + i] = clamp(s);
            }
        }
    }

    /**
     * Pass 1 of {@link #idctSparse} for a luminance block, into its block row's sums instead of a
     * per-block scratch: {@code sums[base + v][c]} for coefficient row v and the block's sampled
     * columns c = c0 .. c0 + nc - 1, so that pass 2 ({@link #rowPass2}) runs once across the whole
     * block row, a loop the JIT vectorizes, instead of a short one per block. The same float
     * operations in the same order per sum as idctSparse, so the pixels are bit-identical. A
     * DC-only block writes no sums: its constant goes to {@code dcOnly[dcIdx]} (else -1).
     */
    private void rowPass1(float[] colBasis, int c0, int nc, float[][] sums, int base, float[] dcOnly, int dcIdx) {
        int n = nzCount;
        if (n == 1) {
            dcOnly[dcIdx] = clamp(nzVal[0] * 0.125f); // C(0)^2 / 4: the mean of the block
            return;
        }
        dcOnly[dcIdx] = -1f;
        int cb0 = c0 * 8;
        // written out for the usual 2 to 5 sampled columns per block (squashing 820 - 4 000 px
        // to 512): a loop of so few iterations costs more in its control than in its work
        if (nc == 5) {
            for (int v = 0; v < 8; v++) {
                float[] t = sums[base + v];
                t[c0] = 0f;
                t[c0 + 1] = 0f;
                t[c0 + 2] = 0f;
                t[c0 + 3] = 0f;
                t[c0 + 4] = 0f;
            }
            for (int m = 0; m < n; m++) {
                int z = nzPos[m];
                float[] t = sums[base + (z >> 3)];
                int cb = cb0 + (z & 7);
                float c = nzVal[m];
                t[c0] += c * colBasis[cb];
                t[c0 + 1] += c * colBasis[cb + 8];
                t[c0 + 2] += c * colBasis[cb + 16];
                t[c0 + 3] += c * colBasis[cb + 24];
                t[c0 + 4] += c * colBasis[cb + 32];
            }
        } else if (nc == 4) {
            for (int v = 0; v < 8; v++) {
                float[] t = sums[base + v];
                t[c0] = 0f;
                t[c0 + 1] = 0f;
                t[c0 + 2] = 0f;
                t[c0 + 3] = 0f;
            }
            for (int m = 0; m < n; m++) {
                int z = nzPos[m];
                float[] t = sums[base + (z >> 3)];
                int cb = cb0 + (z & 7);
                float c = nzVal[m];
                t[c0] += c * colBasis[cb];
                t[c0 + 1] += c * colBasis[cb + 8];
                t[c0 + 2] += c * colBasis[cb + 16];
                t[c0 + 3] += c * colBasis[cb + 24];
            }
        } else if (nc == 3) {
            for (int v = 0; v < 8; v++) {
                float[] t = sums[base + v];
                t[c0] = 0f;
                t[c0 + 1] = 0f;
                t[c0 + 2] = 0f;
            }
            for (int m = 0; m < n; m++) {
                int z = nzPos[m];
                float[] t = sums[base + (z >> 3)];
                int cb = cb0 + (z & 7);
                float c = nzVal[m];
                t[c0] += c * colBasis[cb];
                t[c0 + 1] += c * colBasis[cb + 8];
                t[c0 + 2] += c * colBasis[cb + 16];
            }
        } else if (nc == 2) {
            for (int v = 0; v < 8; v++) {
                float[] t = sums[base + v];
                t[c0] = 0f;
                t[c0 + 1] = 0f;
            }
            for (int m = 0; m < n; m++) {
                int z = nzPos[m];
                float[] t = sums[base + (z >> 3)];
                int cb = cb0 + (z & 7);
                float c = nzVal[m];
                t[c0] += c * colBasis[cb];
                t[c0 + 1] += c * colBasis[cb + 8];
            }
        } else {
            for (int v = 0; v < 8; v++) {
                float[] t = sums[base + v];
                for (int i = 0; i < nc; i++) t[c0 + i] = 0f;
            }
            for (int m = 0; m < n; m++) {
                int z = nzPos[m];
                float[] t = sums[base + (z >> 3)];
                int cb = cb0 + (z & 7);
                float c = nzVal[m];
                for (int i = 0; i < nc; i++) t[c0 + i] += c * colBasis[cb + i * 8];
            }
        }
    }

    /**
     * Pass 2 for a block row: every sampled pixel of its nr sampled rows (from r0) across the
     * whole width, an 8-term dot product of the row basis with the column sums of
     * {@link #rowPass1}, rounded and clamped (idctSparse's expression, term for term); then the
     * DC-only blocks' constants over their pixels. The products go to {@code line}, indexed like
     * the sums: with another offset for the output, the JIT (JDK 25) cannot rule out that the
     * store overlaps the loads and does not vectorize.
     */
    private static void rowPass2(float[] rowBasis, int r0, int nr, float[][] sums, int base, float[] line, int[] colStart,
            float[] dcOnly, int dcOff, int blocksX, float[] out) {
        if (nr == 0) return;
        int ncols = line.length;
        float[] t0 = sums[base];
        float[] t1 = sums[base + 1];
        float[] t2 = sums[base + 2];
        float[] t3 = sums[base + 3];
        float[] t4 = sums[base + 4];
        float[] t5 = sums[base + 5];
        float[] t6 = sums[base + 6];
        float[] t7 = sums[base + 7];
        for (int j = 0; j < nr; j++) {
            int rb = (r0 + j) * 8;
            float b0 = rowBasis[rb];
            float b1 = rowBasis[rb + 1];
            float b2 = rowBasis[rb + 2];
            float b3 = rowBasis[rb + 3];
            float b4 = rowBasis[rb + 4];
            float b5 = rowBasis[rb + 5];
            float b6 = rowBasis[rb + 6];
            float b7 = rowBasis[rb + 7];
            for (int c = 0; c < ncols; c++) {
                float s = b0 * t0[c] + b1 * t1[c] + b2 * t2[c] + b3 * t3[c] + b4 * t4[c] + b5 * t5[c] + b6 * t6[c] + b7 * t7[c];
                line[c] = Math.min(Math.max((int) (s + 128.5f), 0), 255);
            }
            int o = (r0 + j) * ncols;
            System.arraycopy(line, 0, out, o, ncols);
            for (int bx = 0; bx < blocksX; bx++) {
                float v = dcOnly[dcOff + bx];
                if (v < 0f) continue;
                for (int c = colStart[bx], c1 = colStart[bx + 1]; c < c1; c++) out[o + c] = v;
            }
        }
    }

    /** For each wanted position, the IDCT basis at its offset in its 8-pixel block: 8 floats each. */
    private static float[] basisAt(int[] wanted) {
        float[] basis = BASIS[8];
        float[] out = new float[wanted.length * 8];
        for (int i = 0; i < wanted.length; i++) {
            System.arraycopy(basis, (wanted[i] & 7) * 8, out, i * 8, 8);
        }
        return out;
    }

    /** x + 128, rounded half up, clamped to 0..255 (any x + 128 below -0.5 ends at 0 either way). */
    private static float clamp(float x) {
        int r = (int) (x + 128.5f);
        return r < 0 ? 0 : (r > 255 ? 255 : r);
    }

    // ---------------------------------------------------------------- entropy decoding

    /*
     * The bit reader keeps up to 64 bits in bitBuf, the next unread bit being bit (bitCount - 1).
     * Coefficient decoding tops it up to at least 27 bits (the longest code, 16, plus the longest
     * value, 11) before each symbol, so a symbol never checks again. fill() takes 8 bytes at once
     * when none of them is 0xFF (almost always: stuffing and markers are rare), else goes byte by byte.
     */

    private static final int MAX_SYMBOL_BITS = 27;
    private static final int FAST_MASK = (1 << Huffman.FAST_BITS) - 1;

    /** A DC difference: the fast table gives most of them, size and value, in one look-up. */
    private int decodeDc(Huffman h) {
        if (bitCount < MAX_SYMBOL_BITS) fill();
        int e = h.fast[(int) (bitBuf >>> (bitCount - Huffman.FAST_BITS)) & FAST_MASK];
        if ((e & Huffman.COMPLETE) != 0) {
            bitCount -= e & 31;
            return e >> 16;
        }
        int size = e != 0 ? consumeCode(e) : slowSymbol(h);
        return size == 0 ? 0 : extend(rawBits(size), size);
    }

    /**
     * A block's AC coefficients, dequantized, appended to the sparse list (nzPos natural-order
     * positions, nzVal values) after the DC the caller put first.
     */
    private void decodeAc(Huffman h, int[] q) {
        int[] fast = h.fast;
        int n = nzCount;
        for (int k = 1; k < 64; ) {
            if (bitCount < MAX_SYMBOL_BITS) fill();
            int e = fast[(int) (bitBuf >>> (bitCount - Huffman.FAST_BITS)) & FAST_MASK];
            int rs;
            int value;
            if ((e & Huffman.COMPLETE) != 0) {
                bitCount -= e & 31;
                rs = (e >> 8) & 0xFF;
                value = e >> 16;
            } else {
                rs = e != 0 ? consumeCode(e) : slowSymbol(h);
                int s = rs & 15;
                value = s == 0 ? 0 : extend(rawBits(s), s);
            }
            if ((rs & 15) == 0) {
                if (rs != 0xF0) break; // end of block
                k += 16;
                continue;
            }
            k += rs >> 4;
            if (k > 63) throw new IllegalStateException("AC index past 63");
            int z = ZIGZAG[k];
            nzPos[n] = z;
            nzVal[n] = value * q[z];
            n++;
            k++;
        }
        nzCount = n;
    }

    /**
     * {@link #decodeAc} and {@link #rowPass1} in one loop, for blocks of at most 3 sampled
     * columns: each coefficient, as it is decoded, is added into the block row's sums at columns
     * c0 .. c0 + 2 (past the block's own columns, the next block's, which that block zeroes
     * before its own decoding, or the arrays' slack). Why: decoding a symbol is a chain of
     * dependent steps (the bit count, the shift, the table look-up), which leaves the multiply
     * and add units idle; the products fill them, instead of a second loop over a list of the
     * coefficients. Same sums, in the same order, as rowPass1. Returns whether the block had
     * no AC coefficient (its sums are then unused: the caller writes the DC-only constant).
     */
    private boolean decodeAcIntoSums(Huffman h, int[] q, float dc, float[] colBasis, int c0, float[][] sums, int base) {
        for (int v = 0; v < 8; v++) {
            float[] t = sums[base + v];
            t[c0] = 0f;
            t[c0 + 1] = 0f;
            t[c0 + 2] = 0f;
        }
        int cb0 = c0 * 8;
        float[] t0 = sums[base];
        t0[c0] += dc * colBasis[cb0];
        t0[c0 + 1] += dc * colBasis[cb0 + 8];
        t0[c0 + 2] += dc * colBasis[cb0 + 16];
        int[] fast = h.fast;
        boolean dcAlone = true;
        // the bit reader on locals; fill()'s common case (8 bytes, none 0xFF) inline
        long bb = bitBuf;
        int bc = bitCount;
        int p = pos;
        byte[] d = data;
        int last8 = hitMarker ? -1 : d.length - 8;
        for (int k = 1; k < 64; ) {
            if (bc < MAX_SYMBOL_BITS) {
                long w;
                long x;
                if (p <= last8 && (((x = ~(w = (long) BIG_ENDIAN_LONG.get(d, p))) - 0x0101010101010101L) & ~x & 0x8080808080808080L) == 0) {
                    int nb = (63 - bc) >> 3;
                    bb = (bb << (nb << 3)) | (w >>> (64 - (nb << 3)));
                    bc += nb << 3;
                    p += nb;
                } else {
                    bitBuf = bb;
                    bitCount = bc;
                    pos = p;
                    fill();
                    bb = bitBuf;
                    bc = bitCount;
                    p = pos;
                    last8 = hitMarker ? -1 : d.length - 8;
                }
            }
            int e = fast[(int) (bb >>> (bc - Huffman.FAST_BITS)) & FAST_MASK];
            int rs;
            int value;
            if ((e & Huffman.COMPLETE) != 0) {
                bc -= e & 31;
                rs = (e >> 8) & 0xFF;
                value = e >> 16;
            } else {
                bitBuf = bb;
                bitCount = bc;
                rs = e != 0 ? consumeCode(e) : slowSymbol(h);
                int s = rs & 15;
                value = s == 0 ? 0 : extend(rawBits(s), s);
                bc = bitCount;
            }
            if ((rs & 15) == 0) {
                if (rs != 0xF0) break; // end of block
                k += 16;
                continue;
            }
            k += rs >> 4;
            if (k > 63) throw new IllegalStateException("AC index past 63");
            int z = ZIGZAG[k];
            float c = value * q[z];
            float[] t = sums[base + (z >> 3)];
            int cb = cb0 + (z & 7);
            t[c0] += c * colBasis[cb];
            t[c0 + 1] += c * colBasis[cb + 8];
            t[c0 + 2] += c * colBasis[cb + 16];
            dcAlone = false;
            k++;
        }
        bitBuf = bb;
        bitCount = bc;
        pos = p;
        return dcAlone;
    }

    private static final int SKIP_MASK = (1 << Huffman.SKIP_BITS) - 1;

    /**
     * A block's AC coefficients read past (chroma, or luminance no sampled pixel falls in). The
     * skip table gives, for the next {@link Huffman#SKIP_BITS} bits, how many whole symbols (code and
     * value bits) they hold, how far those advance the coefficient index and whether the last is
     * the end of block, so a short chroma block costs one look-up. An entry is used only when it
     * cannot carry the index past where the one-symbol loop would stop (63), so both read exactly the
     * same bits. (The 11 baseline 4:2:0 test photos over 512 px: 2-5 % less CPU in all, A/B in one
     * JVM, both orders; see docs/benchmarks.md.)
     */
    private void skipAc(Huffman h) {
        int[] fast = h.fast;
        int[] skip = h.skipTable();
        // the bit reader on locals, fill()'s common case inline (as in decodeAcIntoSums)
        long bb = bitBuf;
        int bc = bitCount;
        int p = pos;
        byte[] d = data;
        int last8 = hitMarker ? -1 : d.length - 8;
        for (int k = 1; k < 64; ) {
            if (bc < MAX_SYMBOL_BITS) {
                long w;
                long x;
                if (p <= last8 && (((x = ~(w = (long) BIG_ENDIAN_LONG.get(d, p))) - 0x0101010101010101L) & ~x
                        & 0x8080808080808080L) == 0) {
                    int nb = (63 - bc) >> 3;
                    bb = (bb << (nb << 3)) | (w >>> (64 - (nb << 3)));
                    bc += nb << 3;
                    p += nb;
                } else {
                    bitBuf = bb;
                    bitCount = bc;
                    pos = p;
                    fill();
                    bb = bitBuf;
                    bc = bitCount;
                    p = pos;
                    last8 = hitMarker ? -1 : d.length - 8;
                }
            }
            int m = skip[(int) (bb >>> (bc - Huffman.SKIP_BITS)) & SKIP_MASK];
            if (m != 0) {
                int adv = (m >> 8) & 0xFF;
                if ((m & Huffman.SKIP_EOB) != 0) {
                    if (k + adv < 64) {
                        bc -= m & 31;
                        break;
                    }
                } else if (k + adv <= 64) {
                    bc -= m & 31;
                    k += adv;
                    continue;
                }
            }
            int e = fast[(int) (bb >>> (bc - Huffman.FAST_BITS)) & FAST_MASK];
            int rs;
            if ((e & Huffman.COMPLETE) != 0) {
                bc -= e & 31;
                rs = (e >> 8) & 0xFF;
            } else {
                bitBuf = bb;
                bitCount = bc;
                rs = e != 0 ? consumeCode(e) : slowSymbol(h);
                bc = bitCount - (rs & 15);
            }
            if ((rs & 15) == 0) {
                if (rs != 0xF0) break;
                k += 16;
                continue;
            }
            k += (rs >> 4) + 1;
        }
        bitBuf = bb;
        bitCount = bc;
        pos = p;
    }

    /** A fast-table entry whose value bits did not fit: drop the code, return the symbol. */
    private int consumeCode(int e) {
        bitCount -= e & 31;
        return (e >> 8) & 0xFF;
    }

    /** A code longer than the fast table: walk the canonical code lengths (at least 16 bits buffered). */
    private int slowSymbol(Huffman h) {
        int code = (int) (bitBuf >>> (bitCount - 16)) & 0xFFFF;
        for (int len = Huffman.FAST_BITS + 1; len <= 16; len++) {
            int c = code >>> (16 - len);
            if (c <= h.maxCode[len]) {
                bitCount -= len;
                return h.symbols[h.valPtr[len] + c - h.minCode[len]];
            }
        }
        throw new IllegalStateException("bad Huffman code");
    }

    /** n raw bits when the buffer is known to hold them. */
    private int rawBits(int n) {
        bitCount -= n;
        return (int) (bitBuf >>> bitCount) & ((1 << n) - 1);
    }

    private static int extend(int v, int s) {
        return v < (1 << (s - 1)) ? v - (1 << s) + 1 : v;
    }

    private int bits(int n) {
        if (bitCount < n) fill();
        bitCount -= n;
        return (int) (bitBuf >>> bitCount) & ((1 << n) - 1);
    }

    private static final java.lang.invoke.VarHandle BIG_ENDIAN_LONG =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.BIG_ENDIAN);

    /** Tops the bit buffer up (to at least 56 bits), unstuffing 0xFF00; past a marker, feeds zeros. */
    private void fill() {
        if (!hitMarker && pos + 8 <= data.length) {
            long w = (long) BIG_ENDIAN_LONG.get(data, pos);
            long x = ~w; // a 0xFF byte of w is a zero byte of x
            if (((x - 0x0101010101010101L) & ~x & 0x8080808080808080L) == 0) {
                int n = (63 - bitCount) >> 3;
                if (n > 0) {
                    bitBuf = (bitBuf << (n << 3)) | (w >>> (64 - (n << 3)));
                    bitCount += n << 3;
                    pos += n;
                }
                return;
            }
        }
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

    /**
     * A canonical Huffman table with a direct look-up on the next 10 bits of the stream.
     *
     * <p>{@code fast} (as libjpeg-turbo's "lookahead" does) gives more than the symbol for the
     * symbols of DC and AC coefficients, whose low nibble s says how many raw bits of value follow the code: when code
     * and value bits fit together in the 10 bits peeked, the entry holds the value already
     * sign-extended, so most coefficients cost one table look-up and one shift. Entry layout:
     * bits 0-4 bits to drop, bit 5 {@link #COMPLETE} (value included; otherwise only the code was
     * consumed and s raw bits are still to read), bits 8-15 the symbol (run << 4 | s), bits 16-31
     * the signed value. 0 means a code longer than 10 bits: walk the canonical code by length.
     */
    private static final class Huffman {
        static final int FAST_BITS = 10;
        static final int COMPLETE = 32;
        static final int SKIP_BITS = 12;
        static final int SKIP_EOB = 1 << 16;
        final int[] fast = new int[1 << FAST_BITS];
        private int[] skip; // built on first use (chroma AC tables of baseline files), see skipTable
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
                    if (len <= FAST_BITS) {
                        int sym = symbols[k];
                        int s = sym & 15;
                        int shift = FAST_BITS - len;
                        for (int j = 0; j < (1 << shift); j++) {
                            int e;
                            if (len + s <= FAST_BITS) {
                                int raw = s == 0 ? 0 : (j >> (shift - s)) & ((1 << s) - 1);
                                int value = s == 0 ? 0 : extend(raw, s);
                                e = (value << 16) | (sym << 8) | COMPLETE | (len + s);
                            } else {
                                e = (sym << 8) | len;
                            }
                            fast[(code << shift) | j] = e;
                        }
                    }
                }
                maxCode[len] = counts[len] == 0 ? -1 : code - 1;
                code <<= 1;
            }
            maxCode[17] = Integer.MAX_VALUE;
        }

        /** The skip table, built on first use: progressive files define many tables and skip with none. */
        int[] skipTable() {
            int[] t = skip;
            if (t == null) {
                t = skip = buildSkip();
            }
            return t;
        }

        /**
         * The skip table. Entry for a SKIP_BITS-bit window: bits 0-4 the bits its
         * whole leading symbols (code and value bits) take, bits 8-15 how far they advance the
         * coefficient index (not counting a final end of block), {@link #SKIP_EOB} when the last
         * is the end of block; 0 when not even one symbol fits. Built by dynamic programming over
         * the windows of r = 1..SKIP_BITS valid bits (index (1 << r) + bits): a window's entry is
         * its first symbol (from the fast table) followed by the entry of the bits after it.
         */
        private int[] buildSkip() {
            int[] st = new int[2 << SKIP_BITS];
            for (int r = 1; r <= SKIP_BITS; r++) {
                for (int q = 0; q < (1 << r); q++) {
                    int e = fast[r >= FAST_BITS ? q >>> (r - FAST_BITS) : q << (FAST_BITS - r)];
                    int entry = 0;
                    if (e != 0) {
                        int sym = (e >> 8) & 0xFF;
                        int taken = (e & COMPLETE) != 0 ? e & 31 : (e & 31) + (sym & 15);
                        if (taken <= r) {
                            if ((sym & 15) == 0 && sym != 0xF0) {
                                entry = SKIP_EOB | taken;
                            } else {
                                int adv = sym == 0xF0 ? 16 : (sym >> 4) + 1;
                                int rest = r - taken;
                                int next = st[(1 << rest) + (q & ((1 << rest) - 1))];
                                // at most SKIP_BITS symbols of at most 16 each: the advance fits in 8 bits
                                entry = next == 0 ? (adv << 8) | taken
                                        : (next & SKIP_EOB) | ((adv + ((next >> 8) & 0xFF)) << 8) | (taken + (next & 31));
                            }
                        }
                    }
                    st[(1 << r) + q] = entry;
                }
            }
            return java.util.Arrays.copyOfRange(st, 1 << SKIP_BITS, 2 << SKIP_BITS);
        }
    }
}
