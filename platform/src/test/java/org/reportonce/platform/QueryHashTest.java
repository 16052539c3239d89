package org.reportonce.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.reportonce.hashing.signalset.SignalSets;

class QueryHashTest {

    private static final String HEX = "f".repeat(64);

    @Test
    void everyLookupNameOfForMatching_isAcceptedAsAVariant_includingTheStickerLookup() {
        for (String name : Variants.allNames()) {
            assertThat(QueryHash.pdq(HEX, 90, name).variant()).isEqualTo(name);
        }
        assertThat(Variants.allNames()).contains(SignalSets.BAND, SignalSets.STICKER);
        assertThat(QueryHash.pdq(HEX, 90, SignalSets.STICKER).variant()).isEqualTo("sticker/orig");
    }

    @Test
    void unknownVariant_isRefused_namingTheStickerLookupAmongTheValidOnes() {
        assertThatThrownBy(() -> QueryHash.pdq(HEX, 90, "sticker/rot90"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sticker/orig")
                .hasMessageContaining("got 'sticker/rot90'");
    }
}
