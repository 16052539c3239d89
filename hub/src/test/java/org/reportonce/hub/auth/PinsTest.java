package org.reportonce.hub.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class PinsTest {

    @Test
    void pinHashedWithProductionParameters_verifiesOnlyTheSamePin_inAnyCaseOrGrouping() {
        Pins pins = new Pins(new SecureRandom(), Pins.DEFAULT_MEMORY_KIB);
        String pin = pins.newPin();
        assertThat(pin).matches("[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}");
        String stored = pins.hash(pin);
        assertThat(stored).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain(pin);
        assertThat(Pins.verify(pin, stored)).isTrue();
        assertThat(Pins.verify(pin.toLowerCase().replace("-", ""), stored)).isTrue();
        String other = pin.charAt(0) == '2' ? "3" + pin.substring(1) : "2" + pin.substring(1);
        assertThat(Pins.verify(other, stored)).isFalse();
        assertThat(pins.hash(pin)).as("salted: the same PIN hashes differently").isNotEqualTo(stored);
    }
}
