package org.reportonce.hashing.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

/** {@link ZlibInflater} against the JDK's zlib: the same bytes for every stream zlib accepts, false for every one it refuses. */
class ZlibInflaterTest {

    /** zlib's output for a whole stream, or null when it refuses it or the stream does not end. */
    private static byte[] jdkInflate(byte[] z, int len) {
        Inflater inf = new Inflater();
        try {
            inf.setInput(z, 0, len);
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            byte[] b = new byte[1 << 16];
            while (!inf.finished()) {
                int k = inf.inflate(b);
                if (k == 0 && (inf.needsInput() || inf.needsDictionary())) return null;
                o.write(b, 0, k);
                if (o.size() > 1 << 22) return null;
            }
            return o.toByteArray();
        } catch (DataFormatException e) {
            return null;
        } finally {
            inf.end();
        }
    }

    private static byte[] deflate(byte[] raw, int level, int strategy) {
        Deflater def = new Deflater(level);
        def.setStrategy(strategy);
        def.setInput(raw);
        def.finish();
        byte[] z = new byte[raw.length * 2 + 1000];
        int n = 0;
        while (!def.finished()) n += def.deflate(z, n, z.length - n);
        def.end();
        return Arrays.copyOf(z, n);
    }

    private static byte[] sample(Random r, int kind, int n) {
        byte[] raw = new byte[n];
        for (int i = 0; i < n; i++) {
            raw[i] = (byte) switch (kind) {
                case 0 -> r.nextInt(256); // incompressible: stored blocks at low levels, long codes
                case 1 -> r.nextInt(4); // short literal codes: the two-literal look-ups
                case 2 -> i % 7 == 0 ? r.nextInt(256) : raw[Math.max(0, i - 1 - r.nextInt(3))]; // short-distance matches
                default -> (i / 100) + (i % 13 == 0 ? r.nextInt(3) : 0); // long runs, overlapping copies
            };
        }
        return raw;
    }

    @Test
    void everyLevelAndStrategy_inflatesToTheOriginalBytes() {
        Random r = new Random(1);
        int[] strategies = {Deflater.DEFAULT_STRATEGY, Deflater.FILTERED, Deflater.HUFFMAN_ONLY};
        for (int t = 0; t < 240; t++) {
            byte[] raw = sample(r, t % 4, 1 + r.nextInt(t % 5 == 0 ? 300 : 150_000));
            byte[] z = deflate(raw, t % 10, strategies[t % 3]);
            byte[] out = new byte[raw.length + 16];
            assertThat(ZlibInflater.inflate(z, 0, z.length, out, raw.length)).as("stream %d", t).isTrue();
            assertThat(Arrays.copyOf(out, raw.length)).as("stream %d", t).isEqualTo(raw);
            // asked for a different length: refused
            assertThat(ZlibInflater.inflate(z, 0, z.length, out, raw.length - 1)).isFalse();
            // cut short: refused
            assertThat(ZlibInflater.inflate(z, 0, z.length - 1 - r.nextInt(Math.max(1, z.length / 2)), out, raw.length)).isFalse();
        }
    }

    @Test
    void damagedStreams_giveWhatZlibGives_orFalseWhereZlibRefuses() {
        Random r = new Random(2);
        int accepted = 0;
        for (int t = 0; t < 3000; t++) {
            byte[] raw = sample(r, t % 4, 1 + r.nextInt(20_000));
            byte[] z = deflate(raw, 1 + t % 9, t % 7 == 0 ? Deflater.HUFFMAN_ONLY : Deflater.DEFAULT_STRATEGY);
            for (int k = 1 + r.nextInt(3); k > 0; k--) z[r.nextInt(z.length)] ^= (byte) (1 + r.nextInt(255));
            byte[] expected = jdkInflate(z, z.length);
            int n = expected != null ? expected.length : raw.length;
            byte[] out = new byte[n];
            boolean ok = ZlibInflater.inflate(z, 0, z.length, out, n);
            assertThat(ok).as("damaged stream %d: zlib %s", t, expected != null ? "accepts" : "refuses").isEqualTo(expected != null);
            if (ok) {
                accepted++;
                assertThat(out).isEqualTo(expected);
            }
        }
        System.out.println("damaged streams zlib accepted: " + accepted + " of 3000");
    }
}
