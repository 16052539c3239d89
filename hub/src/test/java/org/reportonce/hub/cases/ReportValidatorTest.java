package org.reportonce.hub.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.reportonce.hub.http.ApiException;
import org.reportonce.protocol.Declarations;
import org.reportonce.protocol.ReportRequest;
import org.reportonce.protocol.SignalInput;
import org.reportonce.protocol.SignalType;

class ReportValidatorTest {

    private static final Instant NOW = Instant.parse("2031-01-01T00:00:00Z");
    private static final Declarations ALL = new Declarations(true, true, true);
    private final Random random = new Random(7);

    @Test
    void fullReport_ofSignalSets_isAccepted() {
        // 100 pictures, each a signal set of 39 PDQ hashes plus its MD5 and SHA-256, as the portal,
        // the CLI and a platform's intake send them
        List<ReportRequest.Item> items = new ArrayList<>();
        for (int i = 0; i < ReportValidator.MAX_ITEMS; i++) items.add(item(39));

        ReportValidator.ValidReport valid = ReportValidator.validate(new ReportRequest(ALL, null, items, null), NOW);

        assertThat(valid.accepted()).hasSize(100 * 41);
        assertThat(valid.refused()).isEmpty();
    }

    @Test
    void reportOverTheSignalLimit_isRefused_namingTheLimit() {
        List<ReportRequest.Item> items = new ArrayList<>();
        for (int i = 0; i < ReportValidator.MAX_ITEMS; i++) items.add(item(ReportValidator.MAX_SIGNALS / ReportValidator.MAX_ITEMS));

        assertThatThrownBy(() -> ReportValidator.validate(new ReportRequest(ALL, null, items, null), NOW))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("at most " + ReportValidator.MAX_SIGNALS + " signals per report, got "
                        + (ReportValidator.MAX_SIGNALS + 2 * ReportValidator.MAX_ITEMS));
    }

    private ReportRequest.Item item(int pdqHashes) {
        List<SignalInput> signals = new ArrayList<>();
        for (int k = 0; k < pdqHashes; k++) signals.add(new SignalInput(SignalType.PDQ, hex(32), 90));
        signals.add(new SignalInput(SignalType.MD5, hex(16), null));
        signals.add(new SignalInput(SignalType.SHA256, hex(32), null));
        return new ReportRequest.Item(null, signals);
    }

    private String hex(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
