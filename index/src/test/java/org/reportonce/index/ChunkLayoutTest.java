package org.reportonce.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.reportonce.hashing.Hash256;

class ChunkLayoutTest {

    @Test
    void everyLayout_cutsTheHashIntoDisjointChunks_thatTogetherHoldEveryBit() {
        SplittableRandom rnd = new SplittableRandom(5);
        for (ChunkLayout layout : new ChunkLayout[] {ChunkLayout.TWELVE, ChunkLayout.ELEVEN, ChunkLayout.SIXTEEN}) {
            for (int trial = 0; trial < 200; trial++) {
                Hash256 h = TestHashes.random(rnd);
                // put the chunks back together bit by bit and compare with the hash
                int total = 0;
                for (int c = 0; c < layout.chunks; c++) {
                    int key = layout.key(h.w0(), h.w1(), h.w2(), h.w3(), c);
                    for (int i = 0; i < layout.width[c]; i++) {
                        int p = layout.start[c] + i;
                        boolean bit = ((h.word(p >>> 6) >>> (p & 63)) & 1) != 0;
                        assertThat(((key >>> i) & 1) != 0).as("%s chunk %d bit %d", layout, c, i).isEqualTo(bit);
                    }
                    total += layout.width[c];
                    long[] words = {h.w0(), h.w1(), h.w2(), h.w3()};
                    assertThat(layout.key(words, 0, c)).isEqualTo(key);
                    long[] lo = {0, 0, h.w0(), h.w1()};
                    long[] hi = {0, 0, h.w2(), h.w3()};
                    assertThat(layout.key(lo, hi, 1, c)).isEqualTo(key);
                }
                assertThat(total).isEqualTo(256);
            }
        }
    }
}
