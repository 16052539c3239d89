package org.reportonce.hashing.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PngSamplerTest {

    /** The Paeth predictor as the PNG specification writes it. */
    private static int paethAsSpecified(int a, int b, int c) {
        int p = a + b - c;
        int pa = Math.abs(p - a);
        int pb = Math.abs(p - b);
        int pc = Math.abs(p - c);
        if (pa <= pb && pa <= pc) return a;
        if (pb <= pc) return b;
        return c;
    }

    @Test
    void paethPredictor_equalsTheSpecifications_forEveryLeftUpAndUpperLeftByte() {
        int differing = 0;
        for (int a = 0; a < 256; a++) {
            for (int b = 0; b < 256; b++) {
                for (int c = 0; c < 256; c++) {
                    if (PngSampler.paeth(a, b, c) != paethAsSpecified(a, b, c)) differing++;
                }
            }
        }
        assertThat(differing).isZero();
    }
}
