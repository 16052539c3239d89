package org.reportonce.hashing.image;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.Adler32;

/**
 * A zlib stream (RFC 1950 around RFC 1951 deflate) inflated in Java into one array that holds
 * the whole output: the PNG sampler's fast way to a picture's scanlines.
 *
 * <p>Why not {@link java.util.zip.Inflater}: on the PNG photos of issue 2's set the JDK's zlib
 * was most of the PNG path's time (the 1600 x 1004 RGBA photo: ~20 of ~30 ms). zlib decodes one
 * symbol per table look-up and tops its bit buffer up a byte or two at a time; here
 * <ul>
 *   <li>the bit buffer is a long topped up 8 bytes at once (least significant bit first, as
 *       deflate packs its bits; after a top-up it holds at least 56 bits, enough for a length
 *       and a distance with their extra bits, 48, so a symbol never checks again);</li>
 *   <li>a second table, {@code pair}, gives for the next {@link #LBITS} bits the one or two
 *       literals they start with when those codes fit in them (photos' filtered bytes are mostly
 *       literals with short codes), written with one 2-byte store; up to four such look-ups per
 *       top-up;</li>
 *   <li>a match copies 8 bytes at a time when its source is at least 8 bytes back (each word
 *       read is then already final), byte by byte otherwise (overlapping runs).</li>
 * </ul>
 * RGBA.png's 6.4 MB: ~14 ms against zlib's ~20 ms; P.png ~3.8 against ~5.3 ms (same JVM,
 * docs/benchmarks.md, Hashing, session 6).
 *
 * <p>Table layout (the literal/length and the distance table): the primary part is indexed by the
 * next {@code bits} stream bits; an entry holds in bits 0-3 the code length (or, for codes longer
 * than the primary index, the width of the subtable that follows), bits 4-5 the kind (literal or
 * plain symbol, length, end of block, subtable), bits 8-12 the extra bits to read, bits 16-31 the
 * literal or the base length or distance (or the subtable's offset). Codes not assigned by the
 * block's code lengths are {@link #INVALID}.
 *
 * <p>Hostile input: every malformed stream returns false, as does one that does not yield exactly
 * the expected number of bytes, reads past its input, or fails its Adler-32 check; code sets are
 * refused when over-subscribed or incomplete as zlib refuses them; array bounds are checked by
 * Java (an index error is caught and reported as false). The caller then falls back to the JDK's
 * inflater, so behaviour on bad files is that of the complete decoder.
 */
final class ZlibInflater {

    private static final VarHandle LE_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LE_SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

    /** Primary index widths: 11 bits for literals/lengths (10 and 12 measured no faster), 8 for distances. */
    static final int LBITS = 11;
    static final int DBITS = 8;
    private static final int LMASK = (1 << LBITS) - 1;
    private static final int DMASK = (1 << DBITS) - 1;

    private static final int LIT = 0;
    private static final int LEN = 1 << 4;
    private static final int EOB = 2 << 4;
    private static final int SUB = 3 << 4;
    private static final int KIND = 3 << 4;
    /** An unassigned code: kind end of block with a nonzero value, which the decoder rejects. */
    private static final int INVALID = EOB | (0xFFFF << 16);

    private static final int[] LEN_BASE = {
        3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258
    };
    private static final int[] LEN_EXTRA = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
    private static final int[] DIST_BASE = {
        1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097,
        6145, 8193, 12289, 16385, 24577
    };
    private static final int[] DIST_EXTRA = {
        0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13
    };
    /** The order in which a dynamic block lists its code-length code lengths. */
    private static final int[] CL_ORDER = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};

    private final byte[] in;
    private int ip;
    private final int end;
    private long buf;
    private int cnt;
    private int over; // zero bytes fed past the end of the input

    private final int[] lit = new int[(1 << LBITS) + 288 * (1 << (15 - LBITS))];
    private final int[] dist = new int[(1 << DBITS) + 32 * (1 << (15 - DBITS))];
    /** Per LBITS-bit window: one or two literals (bit 7 set; bits 0-4 the bits they take, bits 5-6 how many, bits 8-23 the bytes), else 0. */
    private final int[] pair = new int[1 << LBITS];

    private ZlibInflater(byte[] in, int off, int len) {
        this.in = in;
        this.ip = off;
        this.end = off + len;
    }

    /**
     * Inflates the zlib stream in[off .. off + len) into out[0 .. n): true when the stream is
     * well-formed, ends exactly at n bytes and its Adler-32 matches; false otherwise (out's
     * contents are then undefined).
     */
    static boolean inflate(byte[] in, int off, int len, byte[] out, int n) {
        if (off < 0 || len < 0 || off + len > in.length || n < 0 || n > out.length) return false;
        try {
            return new ZlibInflater(in, off, len).run(out, n);
        } catch (IndexOutOfBoundsException e) {
            return false; // a code or length pointing outside a table or the output
        }
    }

    private boolean run(byte[] out, int n) {
        int cmf = bits(8);
        int flg = bits(8);
        if ((cmf & 15) != 8 || (cmf >> 4) > 7 || ((cmf << 8) | flg) % 31 != 0 || (flg & 0x20) != 0) return false;
        int op = 0;
        Adler32 check = new Adler32();
        boolean last;
        do {
            last = bits(1) == 1;
            int type = bits(2);
            if (type == 0) {
                int drop = cnt & 7; // to a byte boundary
                buf >>>= drop;
                cnt -= drop;
                int len = bits(16);
                int nlen = bits(16);
                if ((len ^ 0xFFFF) != nlen || len > n - op) return false;
                for (int i = 0; i < len; i++) out[op++] = (byte) bits(8);
                if (over * 8 > cnt) return false;
                check.update(out, op - len, len);
                continue;
            }
            if (type == 3) return false;
            if (!(type == 1 ? fixedTables() : dynamicTables())) return false;
            int from = op;
            op = codes(out, op, n);
            if (op < 0) return false;
            check.update(out, from, op - from); // the block's output, while the cache still holds it
        } while (!last);
        if (op != n) return false;
        int drop = cnt & 7;
        buf >>>= drop;
        cnt -= drop;
        int adler = (bits(8) << 24) | (bits(8) << 16) | (bits(8) << 8) | bits(8);
        if (over * 8 > cnt) return false; // the stream was cut short
        return (int) check.getValue() == adler;
    }

    /** Tops the buffer up to at least 56 bits: 8 bytes at once, or byte by byte (zeros) at the end. */
    private void refill() {
        if (ip + 8 <= end) {
            // the bytes above the whole ones taken are the stream's next bits too, so the next
            // top-up ORs the same values over them (no mask needed)
            buf |= (long) LE_LONG.get(in, ip) << cnt;
            ip += (63 - cnt) >> 3;
            cnt |= 56;
        } else {
            while (cnt <= 56) {
                long b;
                if (ip < end) {
                    b = in[ip++] & 0xFF;
                } else {
                    b = 0;
                    over++;
                }
                buf |= b << cnt;
                cnt += 8;
            }
        }
    }

    private int bits(int n) {
        if (cnt < n) refill();
        int v = (int) (buf & ((1L << n) - 1));
        buf >>>= n;
        cnt -= n;
        return v;
    }

    /** A compressed block's symbols, into out from op; the new op, or -1 on bad data. */
    private int codes(byte[] out, int op, int n) {
        int[] lt = lit;
        int[] dt = dist;
        int[] pr = pair;
        long bb = buf;
        int bc = cnt;
        byte[] src = in;
        int ip = this.ip;
        int last8 = end - 8;
        while (true) {
            if (bc < 48) { // a length (15 + 5 bits) and a distance (15 + 13) fit in 48
                if (ip <= last8) { // refill()'s common case, on the locals
                    bb |= (long) LE_LONG.get(src, ip) << bc;
                    ip += (63 - bc) >> 3;
                    bc |= 56;
                } else {
                    buf = bb;
                    cnt = bc;
                    this.ip = ip;
                    refill();
                    ip = this.ip;
                    bb = buf;
                    bc = cnt;
                }
            }
            if (op < n - 8) {
                // runs of literals: up to two per look-up, four look-ups (44 bits) per top-up
                int p = pr[(int) bb & LMASK];
                if (p != 0) {
                    LE_SHORT.set(out, op, (short) (p >>> 8));
                    op += (p >>> 5) & 3;
                    bb >>>= p & 31;
                    bc -= p & 31;
                    p = pr[(int) bb & LMASK];
                    if (p != 0) {
                        LE_SHORT.set(out, op, (short) (p >>> 8));
                        op += (p >>> 5) & 3;
                        bb >>>= p & 31;
                        bc -= p & 31;
                        p = pr[(int) bb & LMASK];
                        if (p != 0 && op < n - 8) {
                            LE_SHORT.set(out, op, (short) (p >>> 8));
                            op += (p >>> 5) & 3;
                            bb >>>= p & 31;
                            bc -= p & 31;
                            p = pr[(int) bb & LMASK];
                            if (p != 0) {
                                LE_SHORT.set(out, op, (short) (p >>> 8));
                                op += (p >>> 5) & 3;
                                bb >>>= p & 31;
                                bc -= p & 31;
                            }
                        }
                        continue;
                    }
                    if (bc < 48) {
                        buf = bb;
                        cnt = bc;
                        this.ip = ip;
                        refill();
                        ip = this.ip;
                        bb = buf;
                        bc = cnt;
                    }
                }
            }
            int e = lt[(int) bb & LMASK];
            if ((e & KIND) == SUB) {
                bb >>>= LBITS;
                bc -= LBITS;
                e = lt[(e >>> 16) + ((int) bb & ((1 << (e & 15)) - 1))];
            }
            int kind = e & KIND;
            int cl = e & 15;
            bb >>>= cl;
            bc -= cl;
            if (kind == LIT) {
                if (op >= n) return -1;
                out[op++] = (byte) (e >>> 16);
                continue;
            }
            if (kind == EOB) {
                buf = bb;
                cnt = bc;
                this.ip = ip;
                return (e >>> 16) == 0 ? op : -1;
            }
            if (kind != LEN) return -1;
            int xb = (e >>> 8) & 31;
            int len = (e >>> 16) + (int) (bb & ((1L << xb) - 1));
            bb >>>= xb;
            bc -= xb;
            int d = dt[(int) bb & DMASK];
            if ((d & KIND) == SUB) {
                bb >>>= DBITS;
                bc -= DBITS;
                d = dt[(d >>> 16) + ((int) bb & ((1 << (d & 15)) - 1))];
            }
            if ((d & KIND) != LIT) return -1;
            cl = d & 15;
            bb >>>= cl;
            bc -= cl;
            xb = (d >>> 8) & 31;
            int dst = (d >>> 16) + (int) (bb & ((1L << xb) - 1));
            bb >>>= xb;
            bc -= xb;
            if (dst > op || len > n - op) return -1;
            int from = op - dst;
            if (dst >= 8 && len <= n - op - 8) {
                for (int i = 0; i < len; i += 8) {
                    LE_LONG.set(out, op + i, (long) LE_LONG.get(out, from + i));
                }
                op += len;
            } else {
                for (int i = 0; i < len; i++) out[op++] = out[from + i];
            }
        }
    }

    private boolean fixedTables() {
        int[] l = new int[288];
        Arrays.fill(l, 0, 144, 8);
        Arrays.fill(l, 144, 256, 9);
        Arrays.fill(l, 256, 280, 7);
        Arrays.fill(l, 280, 288, 8);
        int[] d = new int[32]; // codes 30 and 31 take part in the fixed code but never occur
        Arrays.fill(d, 5);
        return literalAndDistanceTables(l, 288, d, 32);
    }

    private boolean dynamicTables() {
        int hlit = bits(5) + 257;
        int hdist = bits(5) + 1;
        int hclen = bits(4) + 4;
        if (hlit > 286 || hdist > 30) return false;
        int[] cl = new int[19];
        for (int i = 0; i < hclen; i++) cl[CL_ORDER[i]] = bits(3);
        int[] clt = new int[1 << 7];
        if (!build(clt, 7, cl, 19, Kind.PLAIN)) return false;
        int[] lens = new int[hlit + hdist];
        for (int i = 0; i < lens.length; ) {
            if (cnt < 16) refill();
            int e = clt[(int) buf & 127];
            if ((e & KIND) != LIT) return false;
            int c = e & 15;
            buf >>>= c;
            cnt -= c;
            int sym = e >>> 16;
            if (sym < 16) {
                lens[i++] = sym;
                continue;
            }
            int rep;
            int val = 0;
            if (sym == 16) {
                if (i == 0) return false;
                val = lens[i - 1];
                rep = 3 + bits(2);
            } else if (sym == 17) {
                rep = 3 + bits(3);
            } else {
                rep = 11 + bits(7);
            }
            if (i + rep > lens.length) return false;
            for (int k = 0; k < rep; k++) lens[i++] = val;
        }
        if (lens[256] == 0) return false; // no end-of-block code
        return literalAndDistanceTables(lens, hlit, Arrays.copyOfRange(lens, hlit, hlit + hdist), hdist);
    }

    private boolean literalAndDistanceTables(int[] litLens, int nLit, int[] distLens, int nDist) {
        if (!build(lit, LBITS, litLens, nLit, Kind.LITERAL_LENGTH) || !build(dist, DBITS, distLens, nDist, Kind.DISTANCE)) {
            return false;
        }
        // the pair table: a literal whose code leaves room in the window for a second literal's code
        for (int i = 0; i <= LMASK; i++) {
            int e = lit[i];
            if ((e & KIND) != LIT) {
                pair[i] = 0;
                continue;
            }
            int l1 = e & 15;
            int e2 = lit[i >>> l1]; // the next code's bits are the window's upper ones (LSB first)
            int l2 = e2 & 15;
            if ((e2 & KIND) == LIT && l1 + l2 <= LBITS) {
                pair[i] = 0x80 | (2 << 5) | (l1 + l2) | (((e >>> 16) & 0xFF) << 8) | (((e2 >>> 16) & 0xFF) << 16);
            } else {
                pair[i] = 0x80 | (1 << 5) | l1 | (((e >>> 16) & 0xFF) << 8);
            }
        }
        return true;
    }

    private enum Kind { PLAIN, LITERAL_LENGTH, DISTANCE }

    /**
     * A canonical Huffman table from code lengths (RFC 1951 3.2.2): codes assigned in order of
     * length then symbol, stored bit-reversed (the stream sends a code's first bit first, in the
     * buffer's lowest bit); a code of len <= bits fills every primary slot whose low len bits are
     * it, a longer one a slot of the subtable hanging off its low {@code bits} bits.
     */
    private static boolean build(int[] table, int bits, int[] lens, int count, Kind kind) {
        int[] perLength = new int[16];
        for (int i = 0; i < count; i++) perLength[lens[i]]++;
        perLength[0] = 0;
        int[] next = new int[16];
        int code = 0;
        int left = 1;
        int max = 0;
        for (int b = 1; b <= 15; b++) {
            code = (code + perLength[b - 1]) << 1;
            next[b] = code;
            left = (left << 1) - perLength[b];
            if (left < 0) return false; // over-subscribed
            if (perLength[b] > 0) max = b;
        }
        // incomplete: as zlib, allowed only for a single one-bit code (or none at all)
        if (max > 0 && left > 0 && (kind == Kind.PLAIN || max != 1)) return false;
        Arrays.fill(table, 0, 1 << bits, INVALID);
        int subNext = 1 << bits;
        int subBits = 15 - bits;
        for (int sym = 0; sym < count; sym++) {
            int len = lens[sym];
            if (len == 0) continue;
            int rev = Integer.reverse(next[len]++) >>> (32 - len);
            int entry = entry(sym, kind);
            if (len <= bits) {
                for (int k = rev; k < (1 << bits); k += 1 << len) table[k] = entry | len;
            } else {
                int low = rev & ((1 << bits) - 1);
                int p = table[low];
                if (p == INVALID) {
                    if (subNext + (1 << subBits) > table.length) return false;
                    p = (subNext << 16) | SUB | subBits;
                    Arrays.fill(table, subNext, subNext + (1 << subBits), INVALID);
                    table[low] = p;
                    subNext += 1 << subBits;
                } else if ((p & KIND) != SUB) {
                    return false;
                }
                int base = p >>> 16;
                int rest = len - bits;
                for (int k = rev >>> bits; k < (1 << subBits); k += 1 << rest) table[base + k] = entry | rest;
            }
        }
        return true;
    }

    private static int entry(int sym, Kind kind) {
        return switch (kind) {
            case PLAIN -> (sym << 16) | LIT;
            case DISTANCE -> sym >= 30 ? INVALID : (DIST_BASE[sym] << 16) | (DIST_EXTRA[sym] << 8) | LIT;
            case LITERAL_LENGTH -> {
                if (sym < 256) yield (sym << 16) | LIT;
                if (sym == 256) yield EOB;
                if (sym > 285) yield INVALID;
                yield (LEN_BASE[sym - 257] << 16) | (LEN_EXTRA[sym - 257] << 8) | LEN;
            }
        };
    }
}
