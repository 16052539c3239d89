package org.reportonce.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reportonce.hashing.Hash256;
import org.reportonce.testing.PdqData;

/**
 * The PDQ references' own index test data ({@code reg-test-input/haystack.txt}, 1350 hashes, and
 * {@code needles.txt}, 100 hashes: half copied from the haystack, half a few bits away from one).
 */
class ReferenceNeedlesTest {

    private static List<Hash256> read(String name) throws IOException {
        Path file = PdqData.shared().resolve("pdq-data/reg-test-input").resolve(name);
        return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).map(String::strip).map(Hash256::fromHex).toList();
    }

    @Test
    void everyNeedle_isFoundInTheHaystack_withTheSameMatchesAsBruteForce() throws IOException {
        List<Hash256> haystack = read("haystack.txt");
        List<Hash256> needles = read("needles.txt");
        assertThat(haystack).hasSize(1350);
        assertThat(needles).hasSize(100);
        long[] ids = new long[haystack.size()];
        for (int i = 0; i < ids.length; i++) ids[i] = i;
        MultiIndexHammingIndex index = HammingIndexes.build(ids, haystack.toArray(Hash256[]::new));
        BruteForceIndex model = MultiIndexAgainstBruteForceTest.model(ids, haystack.toArray(Hash256[]::new));

        int exact = 0;
        for (Hash256 needle : needles) {
            List<HammingIndex.Match> hits = index.radius(needle, 31);
            assertThat(hits).isEqualTo(model.radius(needle, 31));
            // every needle is a haystack entry or a copy with at most 4 bits changed
            assertThat(hits).isNotEmpty();
            assertThat(hits.get(0).distance()).isLessThanOrEqualTo(4);
            assertThat(haystack.get((int) hits.get(0).id()).distance(needle)).isEqualTo(hits.get(0).distance());
            if (hits.get(0).distance() == 0) exact++;
            for (int r : new int[] {0, 4, 15, 47, 64}) {
                assertThat(index.radius(needle, r)).isEqualTo(model.radius(needle, r));
            }
            assertThat(index.nearest(needle, 5)).isEqualTo(model.nearest(needle, 5));
        }
        assertThat(exact).as("needles copied unchanged from the haystack").isEqualTo(50);
    }
}
