package org.reportonce.web.hasher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class Md5Test {

    @Test
    void rfc1321TestSuite_givesThePublishedDigests() {
        // RFC 1321, appendix A.5
        assertThat(md5("")).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
        assertThat(md5("a")).isEqualTo("0cc175b9c0f1b6a831c399e269772661");
        assertThat(md5("abc")).isEqualTo("900150983cd24fb0d6963f7d28e17f72");
        assertThat(md5("message digest")).isEqualTo("f96b697d7cb7938d525a2f31aaf161d0");
        assertThat(md5("abcdefghijklmnopqrstuvwxyz")).isEqualTo("c3fcd3d76192e4007dfb496cca67e13b");
        assertThat(md5("12345678901234567890123456789012345678901234567890123456789012345678901234567890"))
                .isEqualTo("57edf4a22be3c955ac49da2e2107b67a");
    }

    @Property(tries = 300)
    void anyBytesFedInAnyChunks_matchTheJdksMd5(
            @ForAll @Size(max = 700) byte[] data, @ForAll @IntRange(min = 1, max = 130) int chunk) throws Exception {
        Md5 md5 = new Md5();
        for (int off = 0; off < data.length; off += chunk) {
            md5.update(data, off, Math.min(chunk, data.length - off));
        }
        assertThat(md5.hex()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data)));
    }

    @Test
    void paddingBoundaries_55To65Bytes_matchTheJdksMd5() throws Exception {
        Random random = new Random(7);
        for (int n = 50; n <= 130; n++) {
            byte[] data = new byte[n];
            random.nextBytes(data);
            Md5 md5 = new Md5();
            md5.update(data, 0, n);
            assertThat(md5.hex()).as("length %d", n)
                    .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data)));
        }
    }

    @Test
    void finishedDigest_refusesMoreInput() {
        Md5 md5 = new Md5();
        md5.hex();
        assertThatThrownBy(() -> md5.update(new byte[1], 0, 1)).hasMessageContaining("already finished");
    }

    private static String md5(String s) {
        Md5 md5 = new Md5();
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        md5.update(b, 0, b.length);
        return md5.hex();
    }
}
