package org.reportonce.hub.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class CaseNumberTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Property(tries = 300)
    void everySingleMistypedCharacter_isCaughtByTheCheckCharacter(@ForAll @IntRange(min = 0, max = 11) int position,
            @ForAll @IntRange(min = 1, max = 29) int shift) {
        String n = CaseNumber.random(RANDOM).value();
        char[] c = n.toCharArray();
        c[position] = CaseNumber.ALPHABET.charAt((CaseNumber.ALPHABET.indexOf(c[position]) + shift) % CaseNumber.ALPHABET.length());
        assertThatThrownBy(() -> CaseNumber.parse(new String(c))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("typing mistake");
    }

    @Property(tries = 300)
    void swappingTwoNeighbouringCharacters_isCaught(@ForAll @IntRange(min = 0, max = 10) int position) {
        String n = CaseNumber.random(RANDOM).value();
        char[] c = n.toCharArray();
        if (c[position] == c[position + 1]) return;
        // Luhn mod N misses exactly one kind of swap: the first and last alphabet characters ("2" and "Z")
        if (Set.of(c[position], c[position + 1]).equals(Set.of('2', 'Z'))) return;
        char t = c[position];
        c[position] = c[position + 1];
        c[position + 1] = t;
        assertThatThrownBy(() -> CaseNumber.parse(new String(c))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void numbersAreRandom_readable_andParsedAsTyped() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            CaseNumber n = CaseNumber.random(RANDOM);
            assertThat(seen.add(n.value())).isTrue();
            assertThat(n.toString()).matches("[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}");
            assertThat(n.toString()).doesNotContainAnyWhitespaces().doesNotContain("0", "1", "O", "I", "L");
            assertThat(CaseNumber.parse(" " + n.toString().toLowerCase().replace("-", " ") + " ")).isEqualTo(n);
        }
    }

    @Test
    void ambiguousCharacters_areRefusedWithTheCharacterNamed() {
        assertThatThrownBy(() -> CaseNumber.parse("O222-2222-2222")).hasMessageContaining("'O'");
        assertThatThrownBy(() -> CaseNumber.parse("1222-2222-2222")).hasMessageContaining("'1'");
        assertThatThrownBy(() -> CaseNumber.parse("2222-2222")).hasMessageContaining("12 characters");
    }
}
