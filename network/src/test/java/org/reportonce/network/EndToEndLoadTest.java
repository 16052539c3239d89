package org.reportonce.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndToEndLoadTest {

    @Test
    void percentiles_areNearestRank_overTheSortedLatencies() {
        List<EndToEndLoad.Sample> samples = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            Duration d = Duration.ofMillis(100L * (21 - i)); // 2000, 1900, ... 100 ms, unsorted on purpose
            samples.add(new EndToEndLoad.Sample(i, "C" + i, d, d.dividedBy(4), d.dividedBy(2), d));
        }
        EndToEndLoad.Summary s = EndToEndLoad.summarize(samples);
        assertThat(s.p50()).isEqualTo(Duration.ofMillis(1000));
        assertThat(s.p95()).isEqualTo(Duration.ofMillis(1900));
        assertThat(s.max()).isEqualTo(Duration.ofMillis(2000));
        assertThat(s.mean()).isEqualTo(Duration.ofMillis(1050));
        assertThat(s.describe()).contains("20 reports", "p50 1.000 s", "p95 1.900 s");
        assertThat(s.phases()).contains("intake answered (case number)    p50 0.250 s  p95 0.475 s");
    }
}
