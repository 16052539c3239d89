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
import org.reportonce.testing.MovableClock;

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
        h = new HubHarness(freshJdbcUrl(), MovableClock.stoppedAt(T0), b -> b);
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
    void everyAnswer_forbidsFramingForeignCodeCachingAndReferrers_evenAnError() {
        var created = h.post("/v1/reports", null, report(null, "pdq:" + randomHex(64)));
        var missing = h.get("/v1/no-such-endpoint", null);
        for (var r : List.of(created, missing)) {
            var headers = r.headers();
            assertThat(headers.firstValue("Content-Security-Policy")).as(r.toString()).hasValueSatisfying(csp -> assertThat(csp)
                    .contains("default-src 'self'", "script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'")
                    .doesNotContain("unsafe-inline", "unsafe-eval", "*"));
            assertThat(headers.firstValue("Cache-Control")).hasValue("no-store");
            assertThat(headers.firstValue("Referrer-Policy")).hasValue("no-referrer");
            assertThat(headers.firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(headers.firstValue("X-Frame-Options")).hasValue("DENY");
        }
        assertThat(missing.status()).isEqualTo(404);
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

    // ---- push stream -------------------------------------------------------------------------------

    @Test
    void stream_deliversANewReportWithinASecond_andResumesFromLastEventId() throws Exception {
        var platform = h.member("Streamer", Role.PLATFORM);
        long start = h.hub.db().read(org.reportonce.hub.signals.SignalLog::maxSeq);
        String first = randomHex(64);
        try (SseReader sse = new SseReader(h, "/v1/signals/stream?after=" + start, platform.key(), null)) {
            assertThat(sse.status).isEqualTo(200);
            long sent = System.nanoTime();
            assertThat(h.post("/v1/reports", null, report(null, "sha256:" + first)).status()).isEqualTo(201);
            SseReader.Event e = nextWithValue(sse, first, java.time.Duration.ofSeconds(5));
            assertThat(e).as("event for the new report").isNotNull();
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - sent)).isLessThan(java.time.Duration.ofSeconds(1));
            assertThat(e.event()).isEqualTo("signal");
            JsonNode change = HubHarness.JSON.readTree(e.data());
            assertThat(change.get("seq").asText()).isEqualTo(e.id());
        }
        // reconnect after a crash: only what came after the last event id, nothing twice
        long lastSeen = h.hub.db().read(org.reportonce.hub.signals.SignalLog::maxSeq);
        String second = randomHex(64);
        h.post("/v1/reports", null, report(null, "sha256:" + second));
        try (SseReader sse = new SseReader(h, "/v1/signals/stream", platform.key(), Long.toString(lastSeen))) {
            SseReader.Event e = sse.next(java.time.Duration.ofSeconds(5));
            assertThat(e).isNotNull();
            assertThat(Long.parseLong(e.id())).isEqualTo(lastSeen + 1);
            assertThat(HubHarness.JSON.readTree(e.data()).get("value").asText()).isEqualTo(second);
            Thread.sleep(700);
            assertThat(sse.comments).contains("heartbeat");
        }
        var dash = h.get("/v1/platform/dashboard", platform.key());
        assertThat(dash.json().get("sync").get("deliveredSeq").asLong()).isGreaterThanOrEqualTo(lastSeen + 1);
        assertThat(dash.json().get("sync").get("lastContactAt").isNull()).isFalse();
    }

    @Test
    void stream_closedByThePlatform_isNotCreditedWithWhatTheHubWroteAfterwards() throws Exception {
        var gone = h.member("Gone dark", Role.PLATFORM);
        var live = h.member("Still here", Role.PLATFORM);
        long start = h.hub.db().read(org.reportonce.hub.signals.SignalLog::maxSeq);
        try (SseReader stillHere = new SseReader(h, "/v1/signals/stream?after=" + start, live.key(), null)) {
            SseReader goneDark = new SseReader(h, "/v1/signals/stream?after=" + start, gone.key(), null);
            assertThat(goneDark.status).isEqualTo(200);
            Thread.sleep(300); // both connected and idle
            goneDark.close(); // the matcher goes down; the hub learns of it only when a write fails
            Thread.sleep(100);
            String value = randomHex(64);
            var r = h.post("/v1/reports", null, report(null, "sha256:" + value));
            assertThat(r.status()).isEqualTo(201);
            long seq = h.hub.db().read(org.reportonce.hub.signals.SignalLog::maxSeq);
            assertThat(nextWithValue(stillHere, value, java.time.Duration.ofSeconds(5))).isNotNull();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (h.get("/v1/platform/dashboard", live.key()).json().get("sync").get("deliveredSeq").asLong() < seq
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(h.get("/v1/platform/dashboard", live.key()).json().get("sync").get("deliveredSeq").asLong())
                    .as("confirmed by a later write on a live connection").isGreaterThanOrEqualTo(seq);
            Thread.sleep(2 * HubRoutes.SignalStream.CONFIRM_NANOS / 1_000_000);
            assertThat(h.get("/v1/platform/dashboard", gone.key()).json().get("sync").get("deliveredSeq").asLong())
                    .as("written into a closed connection: not delivered").isLessThan(seq);
        }
    }

    private static SseReader.Event nextWithValue(SseReader sse, String value, java.time.Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            SseReader.Event e = sse.next(java.time.Duration.ofMillis(200));
            if (e != null && e.data().contains(value)) return e;
        }
        return null;
    }

    // ---- the whole path ----------------------------------------------------------------------------

    @Test
    void report_distribute_feedback_takedown_showsInTheCaseStatus_andNoPlatformSeesAnothersData() {
        var a = h.member("Platform A", Role.PLATFORM);
        var b = h.member("Platform B", Role.PLATFORM);
        String pdq = randomHex(64);
        var r = h.post("/v1/reports", null, report(null, "pdq:" + pdq));
        long signalId = r.json().get("signals").get(0).get("signalId").asLong();
        var creds = HubHarness.credentials(r.json());

        var before = h.post("/v1/cases/status", null, creds);
        assertThat(before.status()).as(before.toString()).isEqualTo(200);
        assertThat(before.json().get("status").asText()).isEqualTo("received");

        syncAll(a.key());
        h.clock.advance(java.time.Duration.ofMinutes(5));
        assertThat(h.post("/v1/feedback", a.key(), java.util.Map.of("signalId", signalId, "value", "PendingReview", "tags", List.of("nudity"))).status())
                .isEqualTo(202);
        var found = h.clock.instant();
        assertThat(h.post("/v1/takedowns", a.key(), java.util.Map.of("signalId", signalId, "contentReference", "post/123", "distance", 4,
                "foundAt", found.toString())).status()).isEqualTo(202);
        JsonNode foundOnly = h.get("/v1/platform/dashboard", a.key()).json().get("recentMatches").get(0);
        assertThat(Instant.parse(foundOnly.get("foundAt").asText())).isEqualTo(found);
        assertThat(foundOnly.hasNonNull("removedAt")).as("found but not yet removed: %s", foundOnly).isFalse();
        h.clock.advance(java.time.Duration.ofMinutes(30));
        var removed = h.clock.instant();
        assertThat(h.post("/v1/takedowns", a.key(), java.util.Map.of("signalId", signalId, "contentReference", "post/123", "distance", 4,
                "foundAt", found.toString(), "removedAt", removed.toString())).status()).isEqualTo(202);
        assertThat(h.post("/v1/feedback", a.key(), java.util.Map.of("signalId", signalId, "value", "Blocked")).status()).isEqualTo(202);

        var status = h.post("/v1/cases/status", null, creds);
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.json().get("status").asText()).isEqualTo("active");
        JsonNode rowA = platformRow(status.json(), "Platform A");
        assertThat(rowA.get("state").asText()).isEqualTo("done");
        assertThat(rowA.get("outcome").asText()).isEqualTo("removed");
        assertThat(Instant.parse(rowA.get("removedAt").asText())).isEqualTo(removed);
        assertThat(Instant.parse(rowA.get("matchedAt").asText())).isEqualTo(found);
        assertThat(rowA.get("deliveredAt").isNull()).isFalse();
        JsonNode rowB = platformRow(status.json(), "Platform B");
        assertThat(rowB.get("deliveredAt").isNull()).isTrue();
        assertThat(rowB.get("state").asText()).isEqualTo("on_time");
        assertThat(status.raw()).doesNotContain(pdq).doesNotContain("post/123");

        var dashB = h.get("/v1/platform/dashboard", b.key());
        assertThat(dashB.status()).isEqualTo(200);
        assertThat(dashB.raw()).doesNotContain("post/123");
        assertThat(dashB.json().get("recentMatches")).isEmpty();
        var dashA = h.get("/v1/platform/dashboard", a.key());
        assertThat(dashA.raw()).contains("post/123");
    }

    @Test
    void oneFileMatchingSeveralSignalsOfASignalSet_countsAsOneCopy_inTheCaseStatusAndTheDashboard() {
        var a = h.member("Platform Copies", Role.PLATFORM);
        var r = h.post("/v1/reports", null, report(null, "pdq:" + randomHex(64), "pdq:" + randomHex(64), "pdq:" + randomHex(64)));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        List<Long> signals = list(r.json().get("signals")).stream().map(s -> s.get("signalId").asLong()).toList();
        assertThat(signals).hasSize(3);
        var creds = HubHarness.credentials(r.json());
        syncAll(a.key());
        var found = h.clock.instant();
        for (long s : signals) {
            assertThat(h.post("/v1/takedowns", a.key(), java.util.Map.of("signalId", s, "contentReference", "post/9", "distance", 6,
                    "foundAt", found.toString())).status()).isEqualTo(202);
        }
        assertThat(h.post("/v1/takedowns", a.key(), java.util.Map.of("signalId", signals.get(1), "contentReference", "post/10",
                "distance", 20, "foundAt", found.toString())).status()).isEqualTo(202);

        JsonNode row = platformRow(h.post("/v1/cases/status", null, creds).json(), "Platform Copies");
        assertThat(row.get("matches").asInt()).as("two posts, four attestations: %s", row).isEqualTo(2);
        JsonNode recent = h.get("/v1/platform/dashboard", a.key()).json().get("recentMatches");
        assertThat(list(recent)).extracting(m -> m.get("contentReference").asText() + " " + m.get("signals").asInt()
                + " " + m.get("distance").asInt()).containsExactlyInAnyOrder("post/9 3 6", "post/10 1 20");

        h.clock.advance(java.time.Duration.ofMinutes(10));
        var removed = h.clock.instant();
        // each post's removal attested under one of its signals: both copies are gone
        assertThat(h.post("/v1/takedowns", a.key(), java.util.Map.of("signalId", signals.get(0), "contentReference", "post/9",
                "distance", 6, "foundAt", found.toString(), "removedAt", removed.toString())).status()).isEqualTo(202);
        assertThat(h.post("/v1/takedowns", a.key(), java.util.Map.of("signalId", signals.get(1), "contentReference", "post/10",
                "distance", 20, "foundAt", found.toString(), "removedAt", removed.toString())).status()).isEqualTo(202);
        row = platformRow(h.post("/v1/cases/status", null, creds).json(), "Platform Copies");
        assertThat(row.get("state").asText()).as(row.toString()).isEqualTo("done");
        assertThat(row.get("matches").asInt()).isEqualTo(2);
        assertThat(Instant.parse(row.get("removedAt").asText())).isEqualTo(removed);
    }

    private void syncAll(String key) {
        long after = 0;
        while (true) {
            var p = h.get("/v1/signals?after=" + after + "&limit=10000", key);
            assertThat(p.status()).isEqualTo(200);
            after = p.json().get("next").asLong();
            if (!p.json().get("hasMore").asBoolean()) return;
        }
    }

    private static JsonNode platformRow(JsonNode status, String platform) {
        for (JsonNode row : status.get("platforms")) if (row.get("platform").asText().equals(platform)) return row;
        throw new AssertionError("no row for " + platform + " in " + status);
    }

    @Test
    void withdrawnCase_isDeliveredAsDeletion_unlessAnotherActiveCaseBacksTheSignal() throws Exception {
        var platform = h.member("Withdrawal watcher", Role.PLATFORM);
        String only = randomHex(64);
        String shared = randomHex(64);
        var mine = h.post("/v1/reports", null, report(null, "sha256:" + only, "sha256:" + shared));
        h.post("/v1/reports", null, report(null, "sha256:" + shared));
        long start = h.hub.db().read(org.reportonce.hub.signals.SignalLog::maxSeq);
        try (SseReader sse = new SseReader(h, "/v1/signals/stream?after=" + start, platform.key(), null)) {
            var w = h.post("/v1/cases/withdraw", null, HubHarness.credentials(mine.json()));
            assertThat(w.status()).as(w.toString()).isEqualTo(200);
            assertThat(w.json().get("status").asText()).isEqualTo("withdrawn");
            SseReader.Event e = nextWithValue(sse, only, java.time.Duration.ofSeconds(5));
            assertThat(e).isNotNull();
            assertThat(HubHarness.JSON.readTree(e.data()).get("status").asText()).isEqualTo("DELETED");
            assertThat(nextWithValue(sse, shared, java.time.Duration.ofMillis(800))).as("shared signal stays active").isNull();
        }
        var again = h.post("/v1/cases/withdraw", null, HubHarness.credentials(mine.json()));
        assertThat(again.status()).isEqualTo(200);
        assertThat(h.hub.db().read(org.reportonce.hub.signals.SignalLog::maxSeq)).as("withdrawing twice changes nothing").isEqualTo(start + 1);
    }

    // ---- bad input ---------------------------------------------------------------------------------

    @Test
    void malformedInputs_areAnswered4xxWithAProblemNamingTheField_never5xx() {
        var platform = h.member("Hostile", Role.PLATFORM);
        String good = randomHex(64);
        record Case(String what, String path, String key, String body, String field) {}
        var missingDecl = report(null, "pdq:" + good);
        missingDecl.remove("declarations");
        var falseDecl = report(null, "pdq:" + good);
        ((com.fasterxml.jackson.databind.node.ObjectNode) falseDecl.get("declarations")).put("goodFaithAndTrue", false);
        List<Case> cases = List.of(
                new Case("not JSON", "/v1/reports", null, "{\"declarations\": ", "body"),
                new Case("trailing garbage", "/v1/reports", null, report(null, "pdq:" + good) + " x", "body"),
                new Case("array instead of object", "/v1/reports", null, "[1,2]", "body"),
                new Case("empty body", "/v1/reports", null, "", "body"),
                new Case("null body", "/v1/reports", null, "null", "body"),
                new Case("null credentials", "/v1/cases/status", null, "null", "body"),
                new Case("case number as object", "/v1/cases/withdraw", null, "{\"caseNumber\":{},\"pin\":\"x\"}", "caseNumber"),
                new Case("null item", "/v1/reports", null, "{\"declarations\":" + HubHarness.declarations() + ",\"items\":[null]}", "items[0]"),
                new Case("null signal", "/v1/reports", null, "{\"declarations\":" + HubHarness.declarations() + ",\"items\":[{\"signals\":[null]}]}", "items[0].signals[0]"),
                new Case("null tag", "/v1/feedback", platform.key(), "{\"signalId\":1,\"value\":\"Blocked\",\"tags\":[null]}", "tags"),
                new Case("huge number", "/v1/feedback", platform.key(), "{\"signalId\":123456789012345678901234567890,\"value\":\"Blocked\"}", "signalId"),
                new Case("missing declarations", "/v1/reports", null, missingDecl.toString(), "declarations"),
                new Case("declaration false", "/v1/reports", null, falseDecl.toString(), "declarations.goodFaithAndTrue"),
                new Case("future reportedAt", "/v1/reports", null, report(T0.plusSeconds(3600 * 24 * 365 * 10L), "pdq:" + good).toString(), "reportedAt"),
                new Case("reportedAt not a time", "/v1/reports", null, report(null, "pdq:" + good).put("reportedAt", "yesterday").toString(), "reportedAt"),
                new Case("unknown signal type", "/v1/reports", null, report(null, "pdq:" + good).toString().replace("\"pdq\"", "\"phash\""), "items[0].signals[0].type"),
                new Case("bad hex", "/v1/reports", null, report(null, "pdq:" + good.substring(1) + "g").toString(), "items[0].signals[0].value"),
                new Case("short hex", "/v1/reports", null, report(null, "md5:abc").toString(), "items[0].signals[0].value"),
                new Case("quality as string", "/v1/reports", null, report(null, "pdq:" + good).toString().replace("\"quality\":90", "\"quality\":\"high\""), "items[0].signals[0].quality"),
                new Case("quality fractional", "/v1/reports", null, report(null, "pdq:" + good).toString().replace("\"quality\":90", "\"quality\":90.5"), "items[0].signals[0].quality"),
                new Case("quality out of range", "/v1/reports", null, report(null, "pdq:" + good + ":101").toString(), "items[0].signals[0].quality"),
                new Case("no items", "/v1/reports", null, "{\"declarations\":" + HubHarness.declarations() + ",\"items\":[]}", "items"),
                new Case("items not a list", "/v1/reports", null, "{\"declarations\":" + HubHarness.declarations() + ",\"items\":\"x\"}", "items"),
                new Case("unknown feedback value", "/v1/feedback", platform.key(), "{\"signalId\":1,\"value\":\"Maybe\"}", "value"),
                new Case("feedback for no signal", "/v1/feedback", platform.key(), "{\"signalId\":99999999,\"value\":\"Blocked\"}", "signalId"),
                new Case("signalId not a number", "/v1/feedback", platform.key(), "{\"signalId\":\"one\",\"value\":\"Blocked\"}", "signalId"),
                new Case("takedown without foundAt", "/v1/takedowns", platform.key(), "{\"signalId\":1,\"contentReference\":\"x\",\"distance\":0}", "foundAt"),
                new Case("case number typo", "/v1/cases/status", null, "{\"caseNumber\":\"AAAA-AAAA-AAAB\",\"pin\":\"AAAA-AAAA\"}", "caseNumber"),
                new Case("case number with O", "/v1/cases/status", null, "{\"caseNumber\":\"OOOO-AAAA-AAAA\",\"pin\":\"AAAA-AAAA\"}", "caseNumber"),
                new Case("no pin", "/v1/cases/status", null, "{\"caseNumber\":\"AAAA-AAAA-AAAA\"}", "pin"));
        for (Case c : cases) {
            var r = h.post(c.path(), c.key(), c.body());
            assertThat(r.status()).as(c.what() + ": " + r).isBetween(400, 499);
            assertThat(r.contentType()).as(c.what()).startsWith("application/problem+json");
            assertThat(r.json().get("status").asInt()).as(c.what()).isEqualTo(r.status());
            assertThat(r.json().get("detail").asText()).as(c.what()).isNotBlank();
            List<String> fields = r.json().has("errors") ? list(r.json().get("errors")).stream().map(e -> e.get("field").asText()).toList() : List.of();
            assertThat(fields).as(c.what() + ": " + r).contains(c.field());
        }
        // query parameters
        for (String q : List.of("after=-1", "after=abc", "limit=0", "limit=10001", "limit=1.5")) {
            var r = h.get("/v1/signals?" + q, platform.key());
            assertThat(r.status()).as(q).isEqualTo(400);
            assertThat(r.json().get("errors").get(0).get("field").asText()).isEqualTo(q.substring(0, q.indexOf('=')));
        }
        // oversized body, declared and chunked
        byte[] big = new byte[(int) h.hub.config().maxRequestBytes() + 10];
        java.util.Arrays.fill(big, (byte) ' ');
        var tooBig = h.send("POST", "/v1/reports", null, big);
        assertThat(tooBig.status()).isEqualTo(413);
        assertThat(tooBig.contentType()).startsWith("application/problem+json");
        var chunked = h.send(java.net.http.HttpRequest.newBuilder(h.uri("/v1/reports")).POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                () -> new java.io.ByteArrayInputStream(big))), null);
        assertThat(chunked.status()).isEqualTo(413);
        // unknown route and wrong method
        assertThat(h.get("/v1/nothing-here", null).status()).isEqualTo(404);
        assertThat(h.get("/v1/nothing-here", null).contentType()).startsWith("application/problem+json");
    }

    // ---- case holders ------------------------------------------------------------------------------

    @Test
    void wrongPins_lockTheCase_untilTheLockoutPasses() {
        var r = h.post("/v1/reports", null, report(null, "md5:" + randomHex(32)));
        String number = r.json().get("caseNumber").asText();
        String pin = r.json().get("pin").asText();
        String wrongPin = pin.equals("2222-2222") ? "3333-3333" : "2222-2222";
        var bad = java.util.Map.of("caseNumber", number, "pin", wrongPin);
        for (int i = 0; i < 4; i++) assertThat(h.post("/v1/cases/status", null, bad).status()).isEqualTo(401);
        var locked = h.post("/v1/cases/status", null, bad);
        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.headers().firstValue("Retry-After")).isPresent();
        var right = java.util.Map.of("caseNumber", number.toLowerCase().replace("-", " "), "pin", pin.toLowerCase());
        assertThat(h.post("/v1/cases/status", null, right).status()).as("locked even for the right PIN").isEqualTo(429);
        h.clock.advance(java.time.Duration.ofMinutes(16));
        assertThat(h.post("/v1/cases/status", null, right).status()).isEqualTo(200);
    }

    @Test
    void pinChecks_andAnonymousReports_areRateLimitedPerAddress() {
        try (var small = new HubHarness(freshJdbcUrl(), MovableClock.stoppedAt(T0), b -> b.pinChecksPerIpMinute(3).reportsPerIpMinute(2))) {
            assertThat(small.post("/v1/reports", null, report(null, "md5:" + randomHex(32))).status()).isEqualTo(201);
            assertThat(small.post("/v1/reports", null, report(null, "md5:" + randomHex(32))).status()).isEqualTo(201);
            var limited = small.post("/v1/reports", null, report(null, "md5:" + randomHex(32)));
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.json().get("detail").asText()).contains("support service");
            var helpline = small.member("Helpline", Role.SUPPORT_SERVICE);
            assertThat(small.post("/v1/reports", helpline.key(), report(null, "md5:" + randomHex(32))).status()).as("members are not IP-limited").isEqualTo(201);
            var body = java.util.Map.of("caseNumber", "2222-2222-2222", "pin", "2222-2222");
            List<Integer> codes = new ArrayList<>();
            for (int i = 0; i < 5; i++) codes.add(small.post("/v1/cases/status", null, body).status());
            assertThat(codes).containsExactly(401, 401, 401, 429, 429);
        }
    }

    // ---- keys and roles ----------------------------------------------------------------------------

    @Test
    void aMemberMayHoldSeveralKeys_andARevokedKeyStopsWorkingAtOnce() {
        var operator = h.member("Ops", Role.OPERATOR);
        var platform = h.member("Rotating", Role.PLATFORM);
        var second = h.post("/v1/operator/members/" + platform.member().id() + "/keys", operator.key(), java.util.Map.of("label", "rotation"));
        assertThat(second.status()).isEqualTo(201);
        String key2 = second.json().get("key").asText();
        assertThat(key2).startsWith("rok_").hasSizeGreaterThan(50);
        assertThat(h.get("/v1/me", platform.key()).status()).isEqualTo(200);
        assertThat(h.get("/v1/me", key2).json().get("role").asText()).isEqualTo("platform");
        String firstKeyId = platform.key().split("_")[1];
        assertThat(h.post("/v1/operator/keys/" + firstKeyId + "/revoke", operator.key(), "").status()).isEqualTo(200);
        var revoked = h.get("/v1/me", platform.key());
        assertThat(revoked.status()).isEqualTo(401);
        assertThat(revoked.json().get("detail").asText()).contains("revoked");
        assertThat(h.get("/v1/me", key2).status()).isEqualTo(200);
        var members = h.get("/v1/operator/members", operator.key());
        assertThat(members.raw()).contains(firstKeyId).doesNotContain(platform.key()).doesNotContain(key2);
    }

    @Test
    void everyRoute_allowsItsRoles_andRefusesTheOthers() throws Exception {
        java.util.Map<String, String> keys = new java.util.LinkedHashMap<>();
        keys.put("anyone", null);
        keys.put("platform", h.member("Matrix platform", Role.PLATFORM).key());
        keys.put("support_service", h.member("Matrix helpline", Role.SUPPORT_SERVICE).key());
        keys.put("regulator", h.member("Matrix regulator", Role.REGULATOR).key());
        keys.put("operator", h.member("Matrix operator", Role.OPERATOR).key());
        int checked = 0;
        for (var route : h.hub.routeDocs()) {
            Set<String> allowed = new HashSet<>();
            for (var a : route.access()) allowed.add(a.name().toLowerCase());
            for (var k : keys.entrySet()) {
                String path = route.path().replaceAll("\\{[^}]+}", "1");
                var b = java.net.http.HttpRequest.newBuilder(h.uri(path)).timeout(java.time.Duration.ofSeconds(10))
                        .method(route.method(), route.method().equals("GET") ? java.net.http.HttpRequest.BodyPublishers.noBody()
                                : java.net.http.HttpRequest.BodyPublishers.ofString("{}"));
                if (k.getValue() != null) b.header("Authorization", "Bearer " + k.getValue());
                var resp = HubHarness.HTTP.sendAsync(b.build(), java.net.http.HttpResponse.BodyHandlers.ofInputStream()).get(10, java.util.concurrent.TimeUnit.SECONDS);
                resp.body().close();
                int code = resp.statusCode();
                boolean mayCall = k.getKey().equals("anyone")
                        ? allowed.contains("anyone") || allowed.contains("case_holder")
                        : allowed.contains(k.getKey());
                String what = k.getKey() + " " + route.method() + " " + route.path() + " -> " + code;
                if (mayCall) {
                    assertThat(code).as(what).isNotIn(401, 403).isLessThan(500);
                } else {
                    assertThat(code).as(what).isEqualTo(k.getValue() == null ? 401 : 403);
                }
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(5 * 18);
    }

    @Test
    void openApi_documentsEveryRegisteredRoute() {
        var doc = h.get("/openapi.json", null);
        assertThat(doc.status()).isEqualTo(200);
        JsonNode paths = doc.json().get("paths");
        var routes = h.hub.registeredRoutes();
        assertThat(routes).isNotEmpty();
        for (var r : routes) {
            String method = r.getHttpMethod().name().toLowerCase();
            if (method.equals("head") || method.equals("options")) continue;
            assertThat(paths.has(r.getPath())).as("documented: " + r.getPath()).isTrue();
            assertThat(paths.get(r.getPath()).has(method)).as("documented: " + method + " " + r.getPath()).isTrue();
        }
        assertThat(doc.json().at("/components/schemas/ReportRequest/properties/items").isMissingNode()).isFalse();
    }

    // ---- disputes, support, regulator --------------------------------------------------------------

    @Test
    void twoPlatformsAnsweringNotBlocked_flagTheSignal_andSuppressingItDeletesItEverywhere() {
        var a = h.member("Dispute A", Role.PLATFORM);
        var b = h.member("Dispute B", Role.PLATFORM);
        var op = h.member("Dispute operator", Role.OPERATOR);
        String planted = randomHex(64);
        var r = h.post("/v1/reports", null, report(null, "pdq:" + planted));
        long signalId = r.json().get("signals").get(0).get("signalId").asLong();
        var first = h.post("/v1/feedback", a.key(), java.util.Map.of("signalId", signalId, "value", "NotBlocked"));
        assertThat(first.json().get("disputeOpened").isNull()).isTrue();
        var second = h.post("/v1/feedback", b.key(), java.util.Map.of("signalId", signalId, "value", "NotBlocked"));
        long disputeId = second.json().get("disputeOpened").asLong();
        var queue = h.get("/v1/operator/disputes", op.key());
        JsonNode d = list(queue.json()).stream().filter(x -> x.get("id").asLong() == disputeId).findFirst().orElseThrow();
        assertThat(d.get("verdicts")).hasSize(2);
        long before = h.hub.db().read(org.reportonce.hub.signals.SignalLog::maxSeq);
        var resolved = h.post("/v1/operator/disputes/" + disputeId + "/resolve", op.key(), java.util.Map.of("decision", "suppress", "note", "ordinary landscape photo"));
        assertThat(resolved.status()).as(resolved.toString()).isEqualTo(200);
        assertThat(resolved.json().get("signalStatus").asText()).isEqualTo("deleted");
        var page = h.get("/v1/signals?after=" + before, a.key());
        assertThat(list(page.json().get("changes")).stream().anyMatch(c -> c.get("value").asText().equals(planted) && c.get("status").asText().equals("DELETED"))).isTrue();
        var again = h.post("/v1/reports", null, report(null, "pdq:" + planted));
        assertThat(again.status()).isEqualTo(422);
        assertThat(again.json().get("detail").asText()).contains("operator");
        assertThat(h.post("/v1/operator/disputes/" + disputeId + "/resolve", op.key(), java.util.Map.of("decision", "keep")).status()).isEqualTo(409);
    }

    @Test
    void supportService_seesItsOwnCaseload_only() {
        var helpline = h.member("Helpline", Role.SUPPORT_SERVICE);
        var other = h.member("Other helpline", Role.SUPPORT_SERVICE);
        var filed = h.post("/v1/reports", helpline.key(), report(null, "md5:" + randomHex(32)));
        assertThat(filed.status()).isEqualTo(201);
        String number = filed.json().get("caseNumber").asText();
        var mine = h.get("/v1/support/cases", helpline.key());
        assertThat(mine.status()).isEqualTo(200);
        assertThat(list(mine.json()).stream().map(c -> c.get("caseNumber").asText())).contains(number);
        assertThat(list(mine.json()).get(0).get("source").asText()).isEqualTo("support_service");
        assertThat(h.get("/v1/support/cases", other.key()).raw()).doesNotContain(number);
    }

    @Test
    void regulatorReport_givesFiguresPerPlatform_inJsonAndCsv_withoutHashValues() {
        var regulator = h.member("Ofcom", Role.REGULATOR);
        String value = randomHex(64);
        h.post("/v1/reports", null, report(null, "pdq:" + value));
        String range = "from=" + T0.minusSeconds(86400 * 30) + "&to=" + T0.plusSeconds(86400 * 30);
        var json = h.get("/v1/regulator/report?" + range, regulator.key());
        assertThat(json.status()).as(json.toString()).isEqualTo(200);
        assertThat(json.json().get("platforms")).isNotEmpty();
        assertThat(json.raw()).doesNotContain(value);
        var csv = h.get("/v1/regulator/report?format=csv&" + range, regulator.key());
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.raw()).startsWith("platform,period_from").doesNotContain(value);
        assertThat(csv.raw().split("\r\n")).hasSize(1 + json.json().get("platforms").size());
        assertThat(h.get("/v1/regulator/report?format=xml", regulator.key()).status()).isEqualTo(400);
        assertThat(h.get("/v1/regulator/report?from=2030-02-01T00:00:00Z&to=2030-01-01T00:00:00Z", regulator.key()).status()).isEqualTo(400);
    }

    @Test
    void healthAndMetrics_answer() {
        var health = h.get("/health", null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asText()).isEqualTo("ok");
        var metrics = h.get("/metrics", null);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.raw()).contains("reportonce_signals").contains("reportonce_deadlines");
    }

    // ---- the 48-hour clock -------------------------------------------------------------------------

    @Test
    void aPlatformThatStopsSyncing_isOnTime_thenAtRiskWithAnAlert_thenBreached() {
        try (var x = new HubHarness(freshJdbcUrl(), MovableClock.stoppedAt(T0), b -> b)) {
            var syncing = x.member("Syncing", Role.PLATFORM);
            var silent = x.member("Silent", Role.PLATFORM);
            var regulator = x.member("Regulator", Role.REGULATOR);
            assertThat(x.get("/v1/signals?after=0", silent.key()).status()).isEqualTo(200); // its last contact: before the report
            var r = x.post("/v1/reports", null, report(null, "pdq:" + randomHex(64)));
            var creds = HubHarness.credentials(r.json());
            x.clock.advance(java.time.Duration.ofMinutes(1));
            x.get("/v1/signals?after=0", syncing.key());
            var s1 = x.post("/v1/cases/status", null, creds).json();
            assertThat(platformRow(s1, "Syncing").get("state").asText()).isEqualTo("on_time");
            assertThat(platformRow(s1, "Syncing").get("deliveredAt").asText()).isEqualTo(T0.plusSeconds(60).toString());
            assertThat(platformRow(s1, "Silent").get("state").asText()).isEqualTo("on_time");

            x.clock.set(T0.plus(java.time.Duration.ofHours(37))); // 11 h left
            var s2 = x.post("/v1/cases/status", null, creds).json();
            assertThat(platformRow(s2, "Syncing").get("state").asText()).isEqualTo("on_time");
            assertThat(platformRow(s2, "Silent").get("state").asText()).isEqualTo("at_risk");
            var dash = x.get("/v1/platform/dashboard", silent.key()).json();
            assertThat(dash.get("counts").get("at_risk").asInt()).isEqualTo(1);
            assertThat(dash.get("alerts")).hasSize(1);
            assertThat(dash.get("alerts").get(0).get("reason").asText()).contains("not synced");
            assertThat(x.get("/v1/platform/dashboard", syncing.key()).json().get("alerts")).isEmpty();
            assertThat(x.get("/metrics", null).raw()).containsPattern(
                    "reportonce_deadlines\\{member=\"" + silent.member().id() + "\",platform=\"Silent\",state=\"at_risk\"} 1\\.0");

            x.clock.set(T0.plus(java.time.Duration.ofHours(49)));
            var s3 = x.post("/v1/cases/status", null, creds).json();
            assertThat(platformRow(s3, "Silent").get("state").asText()).isEqualTo("breached");
            assertThat(platformRow(s3, "Syncing").get("state").asText()).isEqualTo("on_time");
            var figures = list(x.get("/v1/regulator/report?from=" + T0.minusSeconds(3600) + "&to=" + T0.plusSeconds(3600), regulator.key())
                    .json().get("platforms"));
            JsonNode silentFigures = figures.stream().filter(f -> f.get("platform").asText().equals("Silent")).findFirst().orElseThrow();
            assertThat(silentFigures.get("breaches").asInt()).isEqualTo(1);
            assertThat(silentFigures.get("delivered").asInt()).isZero();
            assertThat(x.get("/metrics", null).raw()).containsPattern("reportonce_deadlines\\{[^}]*platform=\"Silent\",state=\"breached\"} 1\\.0");
        }
    }

    @Test
    void aCopyFoundButNotRemoved_goesAtRiskThenBreached_whileACopyRemovedInTimeIsDone() {
        try (var x = new HubHarness(freshJdbcUrl(), MovableClock.stoppedAt(T0), b -> b)) {
            var p = x.member("Slow remover", Role.PLATFORM);
            var regulator = x.member("Regulator", Role.REGULATOR);
            var late = x.post("/v1/reports", null, report(null, "pdq:" + randomHex(64)));
            var quick = x.post("/v1/reports", null, report(null, "sha256:" + randomHex(64)));
            x.get("/v1/signals?after=0", p.key());
            long lateSignal = late.json().get("signals").get(0).get("signalId").asLong();
            long quickSignal = quick.json().get("signals").get(0).get("signalId").asLong();
            x.clock.advance(java.time.Duration.ofHours(1));
            x.post("/v1/takedowns", p.key(), java.util.Map.of("signalId", lateSignal, "contentReference", "img/9", "distance", 10, "foundAt", x.clock.instant().toString()));
            x.post("/v1/takedowns", p.key(), java.util.Map.of("signalId", quickSignal, "contentReference", "vid/3", "distance", 0,
                    "foundAt", x.clock.instant().toString(), "removedAt", x.clock.instant().plusSeconds(600).minusSeconds(600).toString()));
            x.clock.set(T0.plus(java.time.Duration.ofHours(40)));
            assertThat(platformRow(x.post("/v1/cases/status", null, HubHarness.credentials(late.json())).json(), "Slow remover").get("state").asText())
                    .isEqualTo("at_risk");
            x.clock.set(T0.plus(java.time.Duration.ofHours(50)));
            x.post("/v1/takedowns", p.key(), java.util.Map.of("signalId", lateSignal, "contentReference", "img/9", "distance", 10,
                    "foundAt", T0.plusSeconds(3600).toString(), "removedAt", x.clock.instant().toString()));
            JsonNode lateRow = platformRow(x.post("/v1/cases/status", null, HubHarness.credentials(late.json())).json(), "Slow remover");
            assertThat(lateRow.get("state").asText()).as("removed after the deadline").isEqualTo("breached");
            assertThat(lateRow.get("outcome").asText()).isEqualTo("removed");
            JsonNode quickRow = platformRow(x.post("/v1/cases/status", null, HubHarness.credentials(quick.json())).json(), "Slow remover");
            assertThat(quickRow.get("state").asText()).isEqualTo("done");
            JsonNode f = x.get("/v1/regulator/report?from=" + T0.minusSeconds(60) + "&to=" + T0.plusSeconds(60), regulator.key()).json().get("platforms").get(0);
            assertThat(f.get("matched").asInt()).isEqualTo(2);
            assertThat(f.get("removedWithin48h").asInt()).isEqualTo(1);
            assertThat(f.get("shareRemovedWithin48h").asDouble()).isEqualTo(0.5);
            assertThat(f.get("medianRemovalSeconds").asLong()).isEqualTo(3600);
            assertThat(f.get("p95RemovalSeconds").asLong()).isEqualTo(50 * 3600);
        }
    }

    // ---- audit -------------------------------------------------------------------------------------

    @Test
    void auditVerification_catchesAnEditedEntry_aDeletedEntry_andACutTail() throws Exception {
        try (var x = new HubHarness(freshJdbcUrl(), MovableClock.stoppedAt(T0), b -> b)) {
            var op = x.member("Auditor", Role.OPERATOR);
            var p = x.member("Audited platform", Role.PLATFORM);
            var r = x.post("/v1/reports", null, report(null, "pdq:" + randomHex(64)));
            x.get("/v1/signals?after=0", p.key());
            x.post("/v1/feedback", p.key(), java.util.Map.of("signalId", r.json().get("signals").get(0).get("signalId").asLong(), "value", "Blocked"));
            var ok = x.get("/v1/operator/audit", op.key()).json();
            assertThat(ok.get("ok").asBoolean()).as(ok.toString()).isTrue();
            long entries = ok.get("entries").asLong();
            assertThat(entries).isGreaterThanOrEqualTo(7);

            try (var c = java.sql.DriverManager.getConnection(x.jdbcUrl); var st = c.createStatement()) {
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> st.executeUpdate("DELETE FROM audit_log WHERE seq = 3"))
                        .as("the database itself refuses to change the log").hasMessageContaining("append-only");
                // someone with the owner's rights switches the guard off first; the chain still tells
                st.execute(x.hub.db().isPostgres() ? "ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only"
                        : "DROP TRIGGER audit_log_append_only");
                st.executeUpdate("UPDATE audit_log SET detail = '{\"role\":\"operator\"}' WHERE seq = 2");
                var edited = x.hub.verifyAudit();
                assertThat(edited.ok()).isFalse();
                assertThat(edited.problems()).anyMatch(m -> m.contains("entry 2") && m.contains("edited"));

                st.executeUpdate("DELETE FROM audit_log WHERE seq = 4");
                var deleted = x.get("/v1/operator/audit", op.key()).json();
                assertThat(deleted.get("ok").asBoolean()).isFalse();
                assertThat(deleted.get("problems").toString()).contains("entries 4..4 are missing").contains("entry 5 does not link");

                st.executeUpdate("DELETE FROM audit_log WHERE seq = " + entries);
                assertThat(x.hub.verifyAudit().problems()).anyMatch(m -> m.contains("head records entry " + entries));
            }
        }
    }

    @Test
    void portalPages_areServedFromTheWebModule_atTheRoot() {
        var index = h.get("/", null);
        assertThat(index.status()).isEqualTo(200);
        assertThat(index.contentType()).startsWith("text/html");
        assertThat(index.raw()).containsIgnoringCase("<html");
        assertThat(h.get("/index.html", null).status()).isEqualTo(200);
        assertThat(h.get("/no-such-page.html", null).status()).isEqualTo(404);
    }

    @Test
    void aReaderPollingDuringConcurrentReports_neverSkipsOrRepeatsASeq() throws Exception {
        var platform = h.member("Racing reader", Role.PLATFORM);
        long start = h.hub.db().read(org.reportonce.hub.signals.SignalLog::maxSeq);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<HubHarness.Reply>> writes = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            writes.add(pool.submit(() -> h.post("/v1/reports", null, report(null, "sha256:" + randomHex(64), "md5:" + randomHex(32)))));
        }
        List<Long> seen = new ArrayList<>();
        long after = start;
        boolean writersDone = false;
        while (true) {
            var page = h.get("/v1/signals?after=" + after + "&limit=3", platform.key());
            for (JsonNode c : page.json().get("changes")) seen.add(c.get("seq").asLong());
            after = page.json().get("next").asLong();
            if (writersDone && !page.json().get("hasMore").asBoolean()) break;
            writersDone = writes.stream().allMatch(Future::isDone);
        }
        for (var w : writes) assertThat(w.get().status()).isEqualTo(201);
        pool.shutdown();
        assertThat(seen).hasSize(60).doesNotHaveDuplicates().isSorted();
        assertThat(seen.get(0)).isEqualTo(start + 1);
        assertThat(seen.get(seen.size() - 1)).isEqualTo(start + 60);
    }

    @Test
    void aRecordTheHubCannotEncode_isSkippedWithItsSeq_andNeverBlocksThePages() throws Exception {
        try (var x = new HubHarness(freshJdbcUrl(), MovableClock.stoppedAt(T0), b -> b)) {
            var p = x.member("Robust reader", Role.PLATFORM);
            x.post("/v1/reports", null, report(null, "md5:" + randomHex(32)));
            try (var c = java.sql.DriverManager.getConnection(x.jdbcUrl); var st = c.createStatement()) {
                // a change of a type this hub version does not know, as a newer hub sharing the database might write
                st.executeUpdate("UPDATE counter SET val = val + 1 WHERE name = 'signal_change'");
                st.executeUpdate("INSERT INTO signal_change (seq, signal_id, signal_type, hash_value, quality, status, reported_at, changed_at) "
                        + "SELECT val, 1, 'tmk', 'abc', NULL, 'ACTIVE', 0, 0 FROM counter WHERE name = 'signal_change'");
            }
            x.post("/v1/reports", null, report(null, "md5:" + randomHex(32)));
            var page = x.get("/v1/signals?after=0", p.key());
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.json().get("changes")).hasSize(2);
            assertThat(page.json().get("skipped")).hasSize(1);
            assertThat(page.json().get("skipped").get(0).get("seq").asLong()).isEqualTo(2);
            assertThat(page.json().get("skipped").get(0).get("reason").asText()).contains("tmk");
            assertThat(page.json().get("next").asLong()).isEqualTo(3);
            try (SseReader sse = new SseReader(x, "/v1/signals/stream?after=1", p.key(), null)) {
                var first = sse.next(java.time.Duration.ofSeconds(5));
                assertThat(first.event()).isEqualTo("skipped");
                assertThat(first.id()).isEqualTo("2");
                assertThat(sse.next(java.time.Duration.ofSeconds(5)).id()).isEqualTo("3");
            }
        }
    }

    @Test
    void randomlyCorruptedReports_neverGetA5xx() {
        java.util.Random random = new java.util.Random(20300101L);
        String valid = report(T0, "pdq:" + randomHex(64), "md5:" + randomHex(32)).toString();
        String alphabet = "{}[]\":,0123456789abcdefxyz-.eE tnul\\";
        int accepted = 0;
        for (int i = 0; i < 150; i++) {
            StringBuilder b = new StringBuilder(valid);
            int edits = 1 + random.nextInt(4);
            for (int e = 0; e < edits; e++) {
                int at = random.nextInt(b.length());
                switch (random.nextInt(3)) {
                    case 0 -> b.deleteCharAt(at);
                    case 1 -> b.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    default -> b.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            var r = h.post("/v1/reports", null, b.toString());
            assertThat(r.status()).as("body %s -> %s", b, r).isLessThan(500);
            if (r.status() == 201) accepted++;
            else assertThat(r.contentType()).as(b.toString()).startsWith("application/problem+json");
        }
        assertThat(accepted).as("some corruptions (in a label, a hash digit) still make a valid report").isLessThan(150);
    }
}
