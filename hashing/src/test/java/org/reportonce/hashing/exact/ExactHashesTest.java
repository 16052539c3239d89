package org.reportonce.hashing.exact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExactHashesTest {

    @Test
    void abc_givesTheFipsAndRfcTestVectors() throws IOException {
        ExactDigests d = ExactHashes.digest(new ByteArrayInputStream("abc".getBytes(StandardCharsets.US_ASCII)));
        assertThat(d.md5Hex()).isEqualTo("900150983cd24fb0d6963f7d28e17f72"); // RFC 1321
        assertThat(d.sha256Hex()).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"); // FIPS 180-2
        assertThat(d.bytes()).isEqualTo(3);
    }

    @Test
    void emptyInput_givesTheDigestsOfNothing() throws IOException {
        ExactDigests d = ExactHashes.digest(new ByteArrayInputStream(new byte[0]));
        assertThat(d.md5Hex()).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
        assertThat(d.sha256Hex()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(d.bytes()).isZero();
    }

    @Test
    void fileSpanningManyBuffers_streamsToTheSameDigestsAsHashingItWhole(@TempDir Path dir) throws Exception {
        byte[] data = new byte[ExactHashes.BUFFER_SIZE * 3 + 12345];
        new Random(7).nextBytes(data);
        Path file = Files.write(dir.resolve("video.bin"), data);
        HexFormat hex = HexFormat.of();
        ExactDigests fromFile = ExactHashes.digest(file);
        ExactDigests fromStream = ExactHashes.digest(new ByteArrayInputStream(data));
        assertThat(fromFile).isEqualTo(fromStream);
        assertThat(fromFile.md5Hex()).isEqualTo(hex.formatHex(MessageDigest.getInstance("MD5").digest(data)));
        assertThat(fromFile.sha256Hex()).isEqualTo(hex.formatHex(MessageDigest.getInstance("SHA-256").digest(data)));
        assertThat(fromFile.bytes()).isEqualTo(data.length);
        assertThat(ExactHashes.md5Hex(file)).isEqualTo(fromFile.md5Hex());
        assertThat(ExactHashes.sha256Hex(file)).isEqualTo(fromFile.sha256Hex());
    }

    @Test
    void missingFile_failsNamingIt(@TempDir Path dir) {
        assertThatThrownBy(() -> ExactHashes.digest(dir.resolve("gone.mp4")))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("gone.mp4");
    }

    @Test
    void digestRecord_rejectsMalformedHex() {
        assertThatThrownBy(() -> new ExactDigests("ABC", "0".repeat(64), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("md5Hex must be 32");
    }
}
