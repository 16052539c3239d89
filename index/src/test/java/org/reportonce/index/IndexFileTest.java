package org.reportonce.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reportonce.hashing.Hash256;

class IndexFileTest {

    @TempDir
    Path dir;

    private MultiIndexHammingIndex sample(int n) {
        SplittableRandom rnd = new SplittableRandom(42);
        MultiIndexHammingIndex index = HammingIndexes.create();
        for (int i = 0; i < n; i++) index.add(rnd.nextLong(), TestHashes.random(rnd));
        return index;
    }

    @Test
    void savedIndex_loadsWithTheSameEntriesAndAnswers() throws IOException {
        MultiIndexHammingIndex index = sample(500);
        Hash256 extra = TestHashes.random(new SplittableRandom(7));
        index.add(-5, extra);
        index.remove(-5);
        index.add(77, extra);
        Path file = dir.resolve("bank.idx");
        index.save(file);

        MultiIndexHammingIndex loaded = HammingIndexes.load(file);
        assertThat(loaded.size()).isEqualTo(501);
        assertThat(loaded.get(77)).isEqualTo(extra);
        assertThat(loaded.get(-5)).isNull();
        Hash256 q = TestHashes.flip(extra, 20, new SplittableRandom(3));
        assertThat(loaded.radius(q, 64)).isEqualTo(index.radius(q, 64));
        assertThat(loaded.nearest(q, 10)).isEqualTo(index.nearest(q, 10));
        // the loaded index accepts updates like any other
        loaded.add(78, q);
        assertThat(loaded.radius(q, 0)).extracting(HammingIndex.Match::id).containsExactly(78L);
    }

    @Test
    void emptyIndex_roundTrips() throws IOException {
        Path file = dir.resolve("empty.idx");
        HammingIndexes.create().save(file);
        assertThat(Files.size(file)).isEqualTo(IndexFile.HEADER_BYTES + IndexFile.CHECKSUM_BYTES);
        assertThat(HammingIndexes.load(file).size()).isZero();
    }

    @Test
    void truncatedFile_isRejectedAtEveryLength_namingTheProblem() throws IOException {
        Path file = dir.resolve("bank.idx");
        sample(20).save(file);
        byte[] whole = Files.readAllBytes(file);
        Path cut = dir.resolve("cut.idx");
        for (int len = 0; len < whole.length; len++) {
            Files.write(cut, Arrays.copyOf(whole, len));
            int shown = len;
            assertThatThrownBy(() -> HammingIndexes.load(cut))
                    .as("file cut to %d bytes", shown)
                    .isInstanceOf(IndexFormatException.class)
                    .hasMessageContaining(cut.toString())
                    .hasMessageMatching(".*(truncated|shorter than the 24-byte header).*");
        }
    }

    @Test
    void anyFlippedBit_isRejectedAsCorrupt() throws IOException {
        Path file = dir.resolve("bank.idx");
        sample(20).save(file);
        byte[] whole = Files.readAllBytes(file);
        Path bad = dir.resolve("bad.idx");
        SplittableRandom rnd = new SplittableRandom(1);
        for (int trial = 0; trial < 300; trial++) {
            byte[] copy = whole.clone();
            int pos = trial < whole.length ? trial : rnd.nextInt(whole.length);
            copy[pos] ^= (byte) (1 << rnd.nextInt(8));
            Files.write(bad, copy);
            assertThatThrownBy(() -> HammingIndexes.load(bad))
                    .as("bit flipped in byte %d", pos)
                    .isInstanceOf(IndexFormatException.class)
                    .hasMessageMatching(".*(bad magic|unsupported|corrupt|truncated).*");
        }
    }

    @Test
    void trailingBytes_futureVersion_andOtherFiles_areRejected() throws IOException {
        Path file = dir.resolve("bank.idx");
        sample(3).save(file);
        byte[] whole = Files.readAllBytes(file);

        Path longer = dir.resolve("longer.idx");
        Files.write(longer, Arrays.copyOf(whole, whole.length + 1));
        assertThatThrownBy(() -> HammingIndexes.load(longer)).isInstanceOf(IndexFormatException.class)
                .hasMessageContaining("1 unexpected bytes after the 3 entries");

        byte[] v2 = whole.clone();
        v2[11] = 2;
        Path future = dir.resolve("future.idx");
        Files.write(future, v2);
        assertThatThrownBy(() -> HammingIndexes.load(future)).isInstanceOf(IndexFormatException.class)
                .hasMessageContaining("unsupported index format version 2; this build reads version 1");

        Path text = dir.resolve("hashes.txt");
        Files.writeString(text, "f162eb9daab170c0567fe3632d9a5548c5612982dd5e374a7424ebbc8a835c95\n");
        assertThatThrownBy(() -> HammingIndexes.load(text)).isInstanceOf(IndexFormatException.class)
                .hasMessageContaining("not a ReportOnce index file (bad magic bytes)");

        assertThatThrownBy(() -> HammingIndexes.load(dir.resolve("missing.idx")))
                .isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void hugeEntryCountInHeader_isRejectedBeforeAllocating() throws IOException {
        Path file = dir.resolve("bank.idx");
        sample(1).save(file);
        byte[] whole = Files.readAllBytes(file);
        Arrays.fill(whole, 16, 24, (byte) 0x7f);
        Files.write(file, whole);
        assertThatThrownBy(() -> HammingIndexes.load(file)).isInstanceOf(IndexFormatException.class)
                .hasMessageContaining("entry count");
    }
}
