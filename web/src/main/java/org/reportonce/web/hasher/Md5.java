package org.reportonce.web.hasher;

/**
 * MD5 (RFC 1321), streamed: the browser's exact-hash signal for videos and for images alike.
 *
 * <p>Why our own: the portal must hash in the browser, and TeaVM's class library has no
 * {@code MessageDigest}; WebCrypto has no MD5 and no streaming. This class is plain Java so TeaVM
 * compiles it with the PDQ core, and the JVM tests hold it to {@code MessageDigest.getInstance("MD5")}.
 *
 * <p>The algorithm: the message is padded with a 1 bit, zeros, and its length in bits (64-bit
 * little-endian) to a multiple of 512 bits; each 512-bit block (sixteen little-endian 32-bit
 * words) is mixed into the 128-bit state A,B,C,D by four rounds of sixteen steps, step i adding
 * a round function of B,C,D, the word {@code X[g(i)]} and the constant {@code T[i] = floor(2^32·|sin(i+1)|)},
 * then rotating left by {@code S[i]}. The digest is A,B,C,D little-endian. Memory is one 64-byte
 * block whatever the input's size, so gigabyte videos are hashed in chunks.
 */
final class Md5 {
    private static final int[] SHIFT = {
        7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
        5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
        4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
        6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
    };
    private static final int[] T = new int[64];

    static {
        // T[i] = floor(2^32 * |sin(i + 1)|): computed rather than listed, the value RFC 1321 defines.
        for (int i = 0; i < 64; i++) {
            T[i] = (int) (long) Math.floor(Math.abs(Math.sin(i + 1)) * 4294967296.0);
        }
    }

    private int a = 0x67452301;
    private int b = 0xefcdab89;
    private int c = 0x98badcfe;
    private int d = 0x10325476;
    private final byte[] block = new byte[64];
    private final int[] words = new int[16];
    private int filled;
    private long length;
    private boolean finished;

    /** Feeds {@code len} bytes of {@code data} from {@code off}. */
    void update(byte[] data, int off, int len) {
        if (finished) {
            throw new IllegalStateException("MD5 already finished; start a new one");
        }
        if (off < 0 || len < 0 || off + len > data.length) {
            throw new IndexOutOfBoundsException("range " + off + "+" + len + " outside " + data.length + " bytes");
        }
        length += len;
        int i = off;
        int end = off + len;
        if (filled > 0) {
            int take = Math.min(64 - filled, len);
            System.arraycopy(data, i, block, filled, take);
            filled += take;
            i += take;
            if (filled < 64) return;
            compress(block, 0);
            filled = 0;
        }
        for (; end - i >= 64; i += 64) {
            compress(data, i);
        }
        filled = end - i;
        System.arraycopy(data, i, block, 0, filled);
    }

    /** Finishes and returns the digest as 32 lowercase hex characters. */
    String hex() {
        if (finished) {
            throw new IllegalStateException("MD5 already finished");
        }
        finished = true;
        long bits = length << 3;
        block[filled++] = (byte) 0x80;
        if (filled > 56) {
            while (filled < 64) block[filled++] = 0;
            compress(block, 0);
            filled = 0;
        }
        while (filled < 56) block[filled++] = 0;
        for (int k = 0; k < 8; k++) {
            block[56 + k] = (byte) (bits >>> (8 * k));
        }
        compress(block, 0);
        StringBuilder out = new StringBuilder(32);
        for (int word : new int[] {a, b, c, d}) {
            for (int k = 0; k < 4; k++) {
                int v = (word >>> (8 * k)) & 0xff;
                out.append(Character.forDigit(v >>> 4, 16)).append(Character.forDigit(v & 15, 16));
            }
        }
        return out.toString();
    }

    private void compress(byte[] in, int off) {
        for (int k = 0; k < 16; k++) {
            int p = off + 4 * k;
            words[k] = (in[p] & 0xff) | (in[p + 1] & 0xff) << 8 | (in[p + 2] & 0xff) << 16 | (in[p + 3] & 0xff) << 24;
        }
        int aa = a;
        int bb = b;
        int cc = c;
        int dd = d;
        for (int i = 0; i < 64; i++) {
            int f;
            int g;
            if (i < 16) {
                f = (bb & cc) | (~bb & dd);
                g = i;
            } else if (i < 32) {
                f = (dd & bb) | (~dd & cc);
                g = (5 * i + 1) & 15;
            } else if (i < 48) {
                f = bb ^ cc ^ dd;
                g = (3 * i + 5) & 15;
            } else {
                f = cc ^ (bb | ~dd);
                g = (7 * i) & 15;
            }
            int next = dd;
            dd = cc;
            cc = bb;
            bb = bb + Integer.rotateLeft(aa + f + T[i] + words[g], SHIFT[i]);
            aa = next;
        }
        a += aa;
        b += bb;
        c += cc;
        d += dd;
    }
}
