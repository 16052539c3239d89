package org.reportonce.hashing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class Hash256PropertiesTest {

    @Provide
    Arbitrary<Hash256> hashes() {
        Arbitrary<Long> w = Arbitraries.longs();
        return Combinators.combine(w, w, w, w).as(Hash256::new);
    }

    @Property
    void anyHash_roundTripsThroughHex(@ForAll("hashes") Hash256 h) {
        String hex = h.toHex();
        assertThat(hex).hasSize(64).matches("[0-9a-f]{64}");
        assertThat(Hash256.fromHex(hex)).isEqualTo(h);
        assertThat(Hash256.fromHex(hex.toUpperCase(Locale.ROOT))).isEqualTo(h);
    }

    @Property
    void anyHash_roundTripsThroughBytes(@ForAll("hashes") Hash256 h) {
        assertThat(Hash256.fromBytes(h.toBytes())).isEqualTo(h);
    }

    @Property
    void distance_isAMetric(@ForAll("hashes") Hash256 a, @ForAll("hashes") Hash256 b, @ForAll("hashes") Hash256 c) {
        assertThat(a.distance(a)).isZero();
        assertThat(a.distance(b)).isEqualTo(b.distance(a)).isBetween(0, 256);
        assertThat(a.distance(c)).isLessThanOrEqualTo(a.distance(b) + b.distance(c));
        assertThat(a.distance(b) == 0).isEqualTo(a.equals(b));
    }

    @Property
    void distance_countsExactlyTheFlippedBits(@ForAll("hashes") Hash256 a, @ForAll("hashes") Hash256 mask) {
        assertThat(a.distance(a.xor(mask))).isEqualTo(mask.bitCount());
    }

    @Property
    void hexWithOneBadCharacter_isRejectedNamingIt(@ForAll("hashes") Hash256 h,
            @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 63) int at) {
        char[] chars = h.toHex().toCharArray();
        chars[at] = 'g';
        assertThatThrownBy(() -> Hash256.fromHex(new String(chars)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("character " + (at + 1));
    }
}
