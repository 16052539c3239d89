package org.reportonce.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reportonce.hub.HubHarness.list;
import static org.reportonce.hub.HubHarness.randomHex;
import static org.reportonce.hub.HubHarness.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The hub's behaviour over real HTTP against a real database; run once on H2 and once on PostgreSQL
 * by the subclasses. Tests share one hub per class and never depend on each other's data.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HubContract {

    static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    HubHarness h;

    /** A JDBC URL of a new empty database of the kind under test. */
    abstract String freshJdbcUrl();

    @BeforeAll
    void startHub() {
        h = new HubHarness(freshJdbcUrl(), new MutableClock(T0), b -> b);
    }

    @AfterAll
    void stopHub() {
        if (h != null) h.close();
    }

    @Test
    void report_answersReadableCaseNumberAndPin_andItsSignalsReachThePlatform() {
        var platform = h.member("Example Social", Role.PLATFORM);
        long start = h.get("/v1/signals?after=0&limit=10000", platform.key()).json().get("next").asLong();
        String pdq = randomHex(64);
        String md5 = randomHex(32);
        var r = h.post("/v1/reports", null, report(null, "pdq:" + pdq, "md5:" + md5));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.json().get("caseNumber").asText()).matches("[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}");
        assertThat(r.json().get("pin").asText()).matches("[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}");
        assertThat(Instant.parse(r.json().get("deadline").asText())).isEqualTo(Instant.parse(r.json().get("reportedAt").asText()).plusSeconds(48 * 3600));
        assertThat(r.json().get("signals")).hasSize(2);

        var page = h.get("/v1/signals?after=" + start, platform.key());
        assertThat(page.status()).isEqualTo(200);
        List<String> values = list(page.json().get("changes")).stream().map(c -> c.get("value").asText()).toList();
        assertThat(values).contains(pdq, md5);
        JsonNode pdqChange = list(page.json().get("changes")).stream().filter(c -> c.get("value").asText().equals(pdq)).findFirst().orElseThrow();
        assertThat(pdqChange.get("type").asText()).isEqualTo("pdq");
        assertThat(pdqChange.get("quality").asInt()).isEqualTo(90);
        assertThat(pdqChange.get("status").asText()).isEqualTo("ACTIVE");
    }

    @Test
    void sameHashInTwoCases_isOneSignal_linkedToBoth() {
        String pdq = randomHex(64);
        var a = h.post("/v1/reports", null, report(null, "pdq:" + pdq));
        var b = h.post("/v1/reports", null, report(null, "pdq:" + pdq.toUpperCase()));
        assertThat(a.status()).isEqualTo(201);
        assertThat(b.status()).isEqualTo(201);
        assertThat(b.json().get("caseNumber").asText()).isNotEqualTo(a.json().get("caseNumber").asText());
        long idA = a.json().get("signals").get(0).get("signalId").asLong();
        long idB = b.json().get("signals").get(0).get("signalId").asLong();
        assertThat(idB).isEqualTo(idA);
    }

    @Test
    void lowQualityPdq_isRefusedWithReason_andTheRestOfTheReportStands() {
        String good = randomHex(64);
        String poor = randomHex(64);
        var r = h.post("/v1/reports", null, report(null, "pdq:" + good + ":80", "pdq:" + poor + ":49"));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.json().get("signals")).hasSize(1);
        assertThat(r.json().get("refused")).hasSize(1);
        assertThat(r.json().get("refused").get(0).get("reason").asText()).contains("quality 49").contains("50");

        var all = h.post("/v1/reports", null, report(null, "pdq:" + randomHex(64) + ":10"));
        assertThat(all.status()).isEqualTo(422);
        assertThat(all.contentType()).startsWith("application/problem+json");
        assertThat(all.json().get("detail").asText()).contains("quality 10");
    }

    @Test
    void signalPages_followTheCheckpoint_withoutLossOrDuplication() {
        var platform = h.member("Pager", Role.PLATFORM);
        for (int i = 0; i < 7; i++) h.post("/v1/reports", null, report(null, "sha256:" + randomHex(64)));
        long after = 0;
        List<Long> seen = new ArrayList<>();
        for (int pages = 0; pages < 10_000; pages++) {
            var p = h.get("/v1/signals?after=" + after + "&limit=3", platform.key());
            assertThat(p.status()).isEqualTo(200);
            for (JsonNode c : p.json().get("changes")) seen.add(c.get("seq").asLong());
            after = p.json().get("next").asLong();
            if (!p.json().get("hasMore").asBoolean()) break;
        }
        assertThat(seen).isSorted().doesNotHaveDuplicates();
        assertThat(seen.get(seen.size() - 1)).isEqualTo(after);
        for (int i = 1; i < seen.size(); i++) assertThat(seen.get(i)).isEqualTo(seen.get(i - 1) + 1);
    }

    @Test
    void concurrentReports_getContiguousSeqs_andEveryOneIsInTheLog() throws Exception {
        var platform = h.member("Concurrent reader", Role.PLATFORM);
        long start = h.get("/v1/signals?after=0&limit=1", platform.key()).json().get("next").asLong();
        start = h.hub.db().read(org.reportonce.hub.signals.SignalLog::maxSeq);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<HubHarness.Reply>> futures = new ArrayList<>();
        Set<String> values = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            String v = randomHex(64);
            values.add(v);
            futures.add(pool.submit(() -> h.post("/v1/reports", null, report(null, "sha256:" + v))));
        }
        for (var f : futures) assertThat(f.get().status()).isEqualTo(201);
        pool.shutdown();
        var page = h.get("/v1/signals?after=" + start + "&limit=10000", platform.key());
        List<JsonNode> changes = list(page.json().get("changes"));
        Set<String> got = new HashSet<>();
        long prev = start;
        for (JsonNode c : changes) {
            assertThat(c.get("seq").asLong()).isEqualTo(prev + 1);
            prev = c.get("seq").asLong();
            got.add(c.get("value").asText());
        }
        assertThat(got).containsAll(values);
    }

    @Test
    void signalEndpoints_refuseCallersWithoutAPlatformKey() {
        var regulator = h.member("Regulator", Role.REGULATOR);
        var anon = h.get("/v1/signals", null);
        assertThat(anon.status()).isEqualTo(401);
        assertThat(anon.contentType()).startsWith("application/problem+json");
        var wrongRole = h.get("/v1/signals", regulator.key());
        assertThat(wrongRole.status()).isEqualTo(403);
        assertThat(wrongRole.json().get("detail").asText()).contains("regulator").contains("platform");
        var bogus = h.get("/v1/signals", "rok_kxxxxxxxxxxx_notakey");
        assertThat(bogus.status()).isEqualTo(401);
    }
}
