package org.reportonce.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reportonce.hub.HubHarness.randomHex;
import static org.reportonce.hub.HubHarness.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.reportonce.testing.MovableClock;

/**
 * The StopNCII-compatible API over real HTTP against a real database, called the way
 * python-threatexchange's StopNCII client calls it; run on H2 and on PostgreSQL by the subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StopNciiContract {

    static final Instant T0 = Instant.parse("2031-03-01T00:00:00Z");

    HubHarness h;
    HubHarness.Key operator;

    abstract String freshJdbcUrl();

    @BeforeAll
    void startHub() {
        h = new HubHarness(freshJdbcUrl(), MovableClock.stoppedAt(T0), b -> b);
        operator = h.member("StopNCII operator", Role.OPERATOR);
    }

    @AfterAll
    void stopHub() {
        if (h != null) h.close();
    }

    private StopNciiClient client(String key) {
        return new StopNciiClient(h, key, key);
    }

    /** Everything the client would hold after fetching from {@code start}: (signalType, hashValue) → latest record. */
    private static Map<String, JsonNode> everything(List<JsonNode> pages) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode p : pages) for (JsonNode r : p.get("hashRecords")) out.put(r.get("signalType").asText() + ":" + r.get("hashValue").asText(), r);
        return out;
    }

    private static long signalId(JsonNode reportResponse, String value) {
        for (JsonNode s : reportResponse.get("signals")) if (s.get("value").asText().equals(value)) return s.get("signalId").asLong();
        throw new AssertionError("no signal " + value + " in " + reportResponse);
    }

    private static ObjectNode manyItemReport(List<String> pdqs) {
        ObjectNode r = HubHarness.JSON.createObjectNode();
        r.set("declarations", HubHarness.declarations());
        ArrayNode items = r.putArray("items");
        int perItem = (pdqs.size() + 99) / 100;
        for (int i = 0; i < pdqs.size(); i += perItem) {
            ArrayNode sigs = items.addObject().put("label", "item " + i).putArray("signals");
            for (String p : pdqs.subList(i, Math.min(pdqs.size(), i + perItem))) sigs.addObject().put("type", "pdq").put("value", p).put("quality", 80);
        }
        return r;
    }

    private static List<String> pdqs(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(randomHex(64));
        return out;
    }

    // ---- FetchHashes -------------------------------------------------------------------------------

    @Test
    void fetchHashes_answersExactlyTheShapeThePythonClientReads_andCarriesNoSha256() {
        var platform = h.member("Shape CSP", Role.PLATFORM);
        String pdq = randomHex(64);
        String md5 = randomHex(32);
        String sha = randomHex(64);
        long reportedAt = h.clock.instant().getEpochSecond();
        var r = h.post("/v1/reports", null, report(null, "pdq:" + pdq, "md5:" + md5, "sha256:" + sha));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        long pdqId = signalId(r.json(), pdq);
        assertThat(h.post("/v1/feedback", platform.key(), Map.of("signalId", pdqId, "value", "Blocked", "tags", List.of("Nude", "Adult"))).status())
                .isEqualTo(202);

        var all = client(platform.key()).fetchAll(1000, 10);
        all.forEach(PythonClientModel::assertFetchResponse);
        var records = everything(all);
        assertThat(records).containsKeys("ImagePDQ:" + pdq, "VideoMD5:" + md5);
        assertThat(records.values()).noneMatch(x -> x.get("hashValue").asText().equals(sha));

        JsonNode p = records.get("ImagePDQ:" + pdq);
        assertThat(p.get("hashStatus").asText()).isIn("Received", "Active");
        assertThat(p.get("caseNumbers")).hasSize(1);
        String caseId = p.get("caseNumbers").fieldNames().next();
        assertThat(caseId).as("a pseudonymous case id, never the case number")
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
                .isNotEqualTo(r.json().get("caseNumber").asText());
        assertThat(records.get("VideoMD5:" + md5).get("caseNumbers").fieldNames().next()).as("same case, same id").isEqualTo(caseId);
        assertThat(p.get("CSPFeedbacks")).hasSize(1);
        assertThat(p.get("CSPFeedbacks").get(0).get("source").asText()).isEqualTo("Shape CSP");
        assertThat(p.get("CSPFeedbacks").get(0).get("feedbackValue").asText()).isEqualTo("Blocked");
        assertThat(HubHarness.list(p.get("CSPFeedbacks").get(0).get("tags")).stream().map(JsonNode::asText)).containsExactly("Adult", "Nude");
        assertThat(p.get("lastModtimestamp").asLong()).isEqualTo(reportedAt);
        JsonNode last = all.get(all.size() - 1);
        assertThat(last.get("nextSetTimestamp").asLong()).isLessThanOrEqualTo(h.clock.instant().getEpochSecond());

        var other = h.member("Other CSP", Role.PLATFORM);
        var seenByOther = everything(client(other.key()).fetchAll(1000, 10)).get("ImagePDQ:" + pdq);
        assertThat(seenByOther.get("CSPFeedbacks")).as("no platform sees another's verdicts").isEmpty();
    }

    @Test
    void theModel_acceptsARecordOfThePublishedClientTestsShape() throws Exception {
        // Field names, kinds and values as in python-threatexchange's own FetchHashes test fixture (values ours).
        String fixture = """
                {"count": 1, "nextSetTimestamp": 1700000100, "nextPageToken": "abc", "hasMoreRecords": false,
                 "hashRecords": [{"lastModtimestamp": 1700000000, "hashValue": "%s", "hashStatus": "Active",
                   "caseNumbers": {"6f1c2d9e-0000-4000-8000-000000000001": "Active"}, "signalType": "ImagePDQ",
                   "CSPFeedbacks": [{"source": "Example", "feedbackValue": "Blocked", "tags": ["Nude"]}]}]}
                """.formatted(randomHex(64));
        PythonClientModel.assertFetchResponse(HubHarness.JSON.readTree(fixture));
    }

    @Test
    void paging_2500RecordsAtPageSize100_servesEachOnce_evenWhenReportsArriveMidPaging() {
        try (HubHarness own = new HubHarness(freshJdbcUrl(), MovableClock.stoppedAt(T0), b -> b)) {
            var platform = own.member("Pager CSP", Role.PLATFORM);
            List<String> first = pdqs(2500);
            for (int i = 0; i < first.size(); i += 1250) {
                var r = own.post("/v1/reports", null, manyItemReport(first.subList(i, i + 1250)));
                assertThat(r.status()).as(r.toString()).isEqualTo(201);
            }
            var client = new StopNciiClient(own, platform.key(), platform.key());
            List<String> late = new ArrayList<>();
            List<String> served = new ArrayList<>();
            String next = "";
            int pages = 0;
            boolean more = true;
            while (more) {
                var page = client.fetch(100, 10, next);
                assertThat(page.status()).as(page.toString()).isEqualTo(200);
                PythonClientModel.assertFetchResponse(page.json());
                page.json().get("hashRecords").forEach(r -> served.add(r.get("hashValue").asText()));
                more = page.json().get("hasMoreRecords").asBoolean();
                next = page.json().get("nextPageToken").asText();
                pages++;
                if (pages == 3 || pages == 17) {
                    // new reports while the client is between pages
                    own.clock.advance(Duration.ofSeconds(1));
                    for (int k = 0; k < 7; k++) {
                        String p = randomHex(64);
                        late.add(p);
                        assertThat(own.post("/v1/reports", null, report(null, "pdq:" + p)).status()).isEqualTo(201);
                    }
                }
                assertThat(pages).isLessThan(100);
            }
            assertThat(served).doesNotHaveDuplicates();
            assertThat(served).hasSize(2500 + late.size());
            assertThat(new HashSet<>(served)).containsAll(first).containsAll(late);
            assertThat(pages).isEqualTo((2500 + late.size() + 99) / 100);
        }
    }

    @Test
    void supersededChanges_arePassedOver_soEachHashIsServedOnce_withItsLatestState() {
        try (HubHarness own = new HubHarness(freshJdbcUrl(), MovableClock.stoppedAt(T0), b -> b)) {
            var platform = own.member("Latest-state CSP", Role.PLATFORM);
            List<String> withdrawn = pdqs(300);
            var r = own.post("/v1/reports", null, manyItemReport(withdrawn));
            assertThat(r.status()).as(r.toString()).isEqualTo(201);
            String kept = randomHex(64);
            own.post("/v1/reports", null, report(null, "pdq:" + kept));
            own.clock.advance(Duration.ofMinutes(1));
            assertThat(own.post("/v1/cases/withdraw", null, HubHarness.credentials(r.json())).status()).isEqualTo(200);
            // the log now holds 300 superseded changes, one live change, then 300 withdrawals
            List<JsonNode> pages = new StopNciiClient(own, platform.key(), platform.key()).fetchAll(50, 10);
            List<String> served = new ArrayList<>();
            pages.forEach(p -> p.get("hashRecords").forEach(x -> served.add(x.get("hashValue").asText())));
            assertThat(served).doesNotHaveDuplicates().hasSize(301).containsAll(withdrawn).contains(kept);
            Map<String, JsonNode> all = everything(pages);
            assertThat(withdrawn).allSatisfy(v -> assertThat(all.get("ImagePDQ:" + v).get("hashStatus").asText()).isEqualTo("Withdrawn"));
            assertThat(all.get("ImagePDQ:" + kept).get("hashStatus").asText()).isIn("Received", "Active");
            assertThat(pages).allSatisfy(p -> assertThat(p.get("count").asInt()).isLessThanOrEqualTo(50));
        }
    }

    @Test
    void resumingFromNextSetTimestamp_losesNothing_andAnEmptyLogAnswersAnEmptyPage() {
        try (HubHarness own = new HubHarness(freshJdbcUrl(), MovableClock.stoppedAt(T0), b -> b)) {
            var platform = own.member("Resumer", Role.PLATFORM);
            var client = new StopNciiClient(own, platform.key(), platform.key());
            var empty = client.fetch(800, 10, "");
            assertThat(empty.status()).isEqualTo(200);
            PythonClientModel.assertFetchResponse(empty.json());
            assertThat(empty.json().get("count").asInt()).isZero();
            assertThat(empty.json().get("hasMoreRecords").asBoolean()).isFalse();

            String before = randomHex(64);
            own.post("/v1/reports", null, report(null, "pdq:" + before));
            var pages = client.fetchAll(800, 10);
            long checkpoint = pages.get(pages.size() - 1).get("nextSetTimestamp").asLong();
            assertThat(everything(pages)).containsKey("ImagePDQ:" + before);

            own.clock.advance(Duration.ofHours(3));
            String after = randomHex(64);
            String md5 = randomHex(32);
            own.post("/v1/reports", null, report(null, "pdq:" + after, "md5:" + md5));
            var resumed = everything(client.fetchAll(800, checkpoint));
            assertThat(resumed).containsKeys("ImagePDQ:" + after, "VideoMD5:" + md5);

            var later = everything(client.fetchAll(800, T0.plus(Duration.ofHours(2)).getEpochSecond()));
            assertThat(later).as("a start time after a change leaves it out").doesNotContainKey("ImagePDQ:" + before)
                    .containsKey("ImagePDQ:" + after);
        }
    }

    @Test
    void badPageTokensAndParameters_areRefusedWithAProblemNamingThem() {
        var platform = h.member("Token tamperer", Role.PLATFORM);
        h.post("/v1/reports", null, report(null, "pdq:" + randomHex(64)));
        var client = client(platform.key());
        String good = client.fetch(1, 10, "").json().get("nextPageToken").asText();
        char flipped = good.charAt(3) == 'A' ? 'B' : 'A';
        String tampered = good.substring(0, 3) + flipped + good.substring(4);
        for (String bad : List.of("not-a-token", tampered, good.substring(0, good.length() - 2), "x".repeat(500))) {
            var r = client.fetch(100, 10, bad);
            assertThat(r.status()).as(bad + " -> " + r).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.json().get("errors").get(0).get("field").asText()).isEqualTo("nextPageToken");
        }
        for (String q : List.of("pageSize=0", "pageSize=10001", "pageSize=ten", "startTimestamp=-1")) {
            var r = new StopNciiClient(h, platform.key(), platform.key()).post("/stopncii/v1/FetchHashes", "{}");
            assertThat(r.status()).isIn(404, 405);
            var g = h.send(java.net.http.HttpRequest.newBuilder(h.uri("/stopncii/v1/FetchHashes?" + q))
                    .header("x-functions-key", platform.key()).GET(), null);
            assertThat(g.status()).as(q + " -> " + g).isEqualTo(400);
            assertThat(g.json().get("errors").get(0).get("field").asText()).isEqualTo(q.substring(0, q.indexOf('=')));
        }
    }

    @Test
    void fetchHashes_recordsDeliveryToThePlatform_likeTheHubsOwnSignalPages() {
        var platform = h.member("Evidence CSP", Role.PLATFORM);
        var r = h.post("/v1/reports", null, report(null, "pdq:" + randomHex(64)));
        var creds = HubHarness.credentials(r.json());
        client(platform.key()).fetchAll(10_000, 10);
        var status = h.post("/v1/cases/status", null, creds);
        assertThat(status.json().get("status").asText()).isEqualTo("active");
        JsonNode row = null;
        for (JsonNode x : status.json().get("platforms")) if (x.get("platform").asText().equals("Evidence CSP")) row = x;
        assertThat(row).isNotNull();
        assertThat(row.get("deliveredAt").isNull()).as("delivered through FetchHashes").isFalse();
    }

    @Test
    void withdrawnCase_showsAsWithdrawn_inTheNextFetch() {
        var platform = h.member("Withdrawal CSP", Role.PLATFORM);
        var client = client(platform.key());
        String pdq = randomHex(64);
        var r = h.post("/v1/reports", null, report(null, "pdq:" + pdq));
        var pages = client.fetchAll(1000, 10);
        String token = pages.get(pages.size() - 1).get("nextPageToken").asText();
        assertThat(everything(pages).get("ImagePDQ:" + pdq).get("hashStatus").asText())
                .as("Received: this page is the case's first delivery").isIn("Received", "Active");
        assertThat(h.post("/v1/cases/withdraw", null, HubHarness.credentials(r.json())).status()).isEqualTo(200);
        var next = client.fetch(1000, 10, token);
        PythonClientModel.assertFetchResponse(next.json());
        JsonNode rec = everything(List.of(next.json())).get("ImagePDQ:" + pdq);
        assertThat(rec).as("the withdrawal is the next change").isNotNull();
        assertThat(rec.get("hashStatus").asText()).isEqualTo("Withdrawn");
        assertThat(rec.get("caseNumbers").elements().next().asText()).isEqualTo("Withdrawn");
    }

    // ---- keys --------------------------------------------------------------------------------------

    @Test
    void keys_wrongMissingOrMixed_are401_otherRoles403_withProblemJson() {
        var platform = h.member("Key CSP", Role.PLATFORM);
        var other = h.member("Other key CSP", Role.PLATFORM);
        var support = h.member("Key helpline", Role.SUPPORT_SERVICE);
        String revoked = h.hub.createApiKey(platform.member().id());
        String revokedId = revoked.substring(4, revoked.indexOf('_', 4));
        assertThat(h.post("/v1/operator/keys/" + revokedId + "/revoke", operator.key(), "").status()).isEqualTo(200);

        record Try(String what, String subscription, String function, int status, String mentions) {}
        String unknown = "rok_kxxxxxxxxxxx_" + "A".repeat(43);
        List<Try> tries = List.of(
                new Try("no headers", null, null, 401, "x-functions-key"),
                new Try("empty headers", "", "", 401, "x-functions-key"),
                new Try("unknown function key", platform.key(), unknown, 401, "x-functions-key"),
                new Try("not a hub key", "abc", platform.key(), 401, "Ocp-Apim-Subscription-Key"),
                new Try("revoked key", revoked, revoked, 401, "revoked"),
                new Try("keys of two members", other.key(), platform.key(), 401, "different members"),
                new Try("a support service", support.key(), support.key(), 403, "platform"),
                new Try("python's empty subscription key", "", platform.key(), 200, null),
                new Try("the key only as subscription key (exchange swaps them)", platform.key(), "", 200, null));
        for (Try t : tries) {
            for (String path : List.of("FetchHashes", "SubmitFeedback", "SubmitHashes")) {
                var c = new StopNciiClient(h, t.subscription(), t.function());
                var r = path.equals("FetchHashes") ? c.fetch(10, 10, "") : c.post("/stopncii/v1/" + path, "{}");
                if (t.status() == 200) {
                    assertThat(r.status()).as(t.what() + " " + path + " -> " + r).isNotIn(401, 403).isLessThan(500);
                    continue;
                }
                assertThat(r.status()).as(t.what() + " " + path + " -> " + r).isEqualTo(t.status());
                assertThat(r.contentType()).startsWith("application/problem+json");
                assertThat(r.json().get("detail").asText()).as(t.what()).contains(t.mentions());
            }
        }
    }

    @Test
    void aFunctionKey_callsOnlyItsGrantedEndpoints_andNothingElseOfTheHub() {
        var platform = h.member("Scoped CSP", Role.PLATFORM);
        String fetchOnly = h.hub.createApiKey(platform.member().id());
        String fetchOnlyId = fetchOnly.substring(4, fetchOnly.indexOf('_', 4));
        var g = h.post("/v1/operator/keys/" + fetchOnlyId + "/stopncii", operator.key(), Map.of("endpoints", List.of("FetchHashes")));
        assertThat(g.status()).as(g.toString()).isEqualTo(200);
        assertThat(HubHarness.list(g.json().get("endpoints")).stream().map(JsonNode::asText)).containsExactly("FetchHashes");

        var c = new StopNciiClient(h, fetchOnly, fetchOnly);
        assertThat(c.fetch(10, 10, "").status()).isEqualTo(200);
        var fb = c.submitFeedback(List.<String[]>of(new String[] {"Blocked", "", randomHex(64)}));
        assertThat(fb.status()).isEqualTo(403);
        assertThat(fb.json().get("detail").asText()).contains(fetchOnlyId).contains("FetchHashes").contains("SubmitFeedback");
        var nativeCall = h.get("/v1/signals?after=0&limit=1", fetchOnly);
        assertThat(nativeCall.status()).as("a function key is refused on the hub's own API").isEqualTo(403);
        assertThat(nativeCall.json().get("detail").asText()).contains("StopNCII");
        assertThat(new StopNciiClient(h, platform.key(), fetchOnly).submitFeedback(List.<String[]>of(new String[] {"Blocked", "", randomHex(64)})).status())
                .as("an unrestricted key of the same member alongside permits it").isNotIn(401, 403);

        var listed = h.get("/v1/operator/stopncii/grants", operator.key());
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.raw()).contains(fetchOnlyId);
        var bad = h.post("/v1/operator/keys/" + fetchOnlyId + "/stopncii", operator.key(), Map.of("endpoints", List.of("FetchAll")));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").get(0).get("field").asText()).isEqualTo("endpoints[0]");
        assertThat(h.post("/v1/operator/keys/knotakey/stopncii", operator.key(), Map.of("endpoints", List.of("FetchHashes"))).status()).isEqualTo(404);
    }

    // ---- SubmitFeedback ----------------------------------------------------------------------------

    @Test
    void submitFeedback_inThePythonClientsShape_reachesTheHubsPerPlatformRecords() {
        var a = h.member("Feedback CSP A", Role.PLATFORM);
        var b = h.member("Feedback CSP B", Role.PLATFORM);
        String pdq = randomHex(64);
        String md5 = randomHex(32);
        var r = h.post("/v1/reports", null, report(null, "pdq:" + pdq, "md5:" + md5));
        long pdqId = signalId(r.json(), pdq);
        long md5Id = signalId(r.json(), md5);

        var sent = client(a.key()).submitFeedback(List.of(new String[] {"Blocked", "Nude,Adult", pdq}, new String[] {"PendingReview", "", md5.toUpperCase()}));
        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        assertThat(sent.json().get("count").asInt()).isEqualTo(2);

        var latest = h.hub.db().read(x -> x.createQuery("SELECT signal_id, feedback_value, tags FROM feedback_latest WHERE member_id = :m ORDER BY signal_id")
                .bind("m", a.member().id()).map((rs, ctx) -> rs.getLong(1) + " " + rs.getString(2) + " " + rs.getString(3)).list());
        assertThat(latest).containsExactlyInAnyOrder(pdqId + " Blocked Adult,Nude", md5Id + " PendingReview ");
        var dash = h.get("/v1/platform/dashboard", a.key());
        assertThat(dash.raw()).as("the pending review shows on the platform's dashboard").contains(Long.toString(md5Id));

        var mine = everything(client(a.key()).fetchAll(10_000, 10));
        assertThat(mine.get("ImagePDQ:" + pdq).get("CSPFeedbacks").get(0).get("feedbackValue").asText()).isEqualTo("Blocked");
        assertThat(mine.get("VideoMD5:" + md5).get("CSPFeedbacks").get(0).get("feedbackValue").asText()).isEqualTo("PendingReview");

        client(a.key()).submitFeedback(List.<String[]>of(new String[] {"NotBlocked", "", pdq}));
        var second = client(b.key()).submitFeedback(List.<String[]>of(new String[] {"NotBlocked", "Landscape", pdq}));
        assertThat(second.json().get("hashFeedbacks").get(0).get("disputeOpened").isNumber())
                .as("two platforms saying NotBlocked open a dispute, as on the hub's own API").isTrue();
    }

    @Test
    void submitFeedback_badEntries_refuseTheWholeBatch_namingEachOne() {
        var a = h.member("Sloppy CSP", Role.PLATFORM);
        String pdq = randomHex(64);
        long id = h.post("/v1/reports", null, report(null, "pdq:" + pdq)).json().get("signals").get(0).get("signalId").asLong();
        var c = client(a.key());

        var deleted = c.submitFeedback(List.of(new String[] {"Blocked", "", pdq}, new String[] {"Deleted", "Adult", pdq}));
        assertThat(deleted.status()).isEqualTo(400);
        assertThat(deleted.json().get("errors").get(0).get("field").asText()).isEqualTo("hashFeedbacks[1].feedbackValue");
        assertThat(deleted.json().get("errors").get(0).get("message").asText()).contains("Deleted").contains("Blocked");

        var unknown = c.submitFeedback(List.of(new String[] {"Blocked", "", pdq}, new String[] {"Blocked", "", randomHex(64)}));
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.json().get("errors").get(0).get("field").asText()).isEqualTo("hashFeedbacks[1].hashValue");

        var wrongCount = c.post("/stopncii/v1/SubmitFeedback",
                "{\"count\": 3, \"hashFeedbacks\": [{\"tags\": [], \"feedbackValue\": \"Blocked\", \"hashValue\": \"" + pdq + "\"}]}");
        assertThat(wrongCount.status()).isEqualTo(400);
        assertThat(wrongCount.json().get("errors").get(0).get("field").asText()).isEqualTo("count");

        for (String body : List.of("{\"count\": 1, \"hashFeedbacks\": [{\"feedbackValue\": \"Blocked\", \"hashValue\": \"abc\"}]}",
                "{\"count\": 1, \"hashFeedbacks\": [{\"feedbackValue\": \"Blocked\", \"hashValue\": \"" + pdq.replace(pdq.charAt(5), 'g') + "\"}]}",
                "{\"count\": 1, \"hashFeedbacks\": [{\"feedbackValue\": \"Blocked\", \"tags\": \"Nude\", \"hashValue\": \"" + pdq + "\"}]}",
                "{\"count\": 1, \"hashFeedbacks\": {}}", "{\"count\": \"one\"}", "[", "")) {
            var r = c.post("/stopncii/v1/SubmitFeedback", body);
            assertThat(r.status()).as(body + " -> " + r).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
        }
        var recorded = h.hub.db().read(x -> x.createQuery("SELECT COUNT(*) FROM feedback WHERE member_id = :m AND signal_id = :s")
                .bind("m", a.member().id()).bind("s", id).mapTo(Integer.class).one());
        assertThat(recorded).as("no refused batch left anything behind").isZero();
    }

    // ---- SubmitHashes ------------------------------------------------------------------------------

    @Test
    void submitHashes_withStandingDeclarations_filesACasePerHash_thatOtherPlatformsReceive() {
        var csp = h.member("Submitting CSP", Role.PLATFORM);
        var receiver = h.member("Receiving CSP", Role.PLATFORM);
        String key = h.hub.createApiKey(csp.member().id());
        String keyId = key.substring(4, key.indexOf('_', 4));
        var grant = h.post("/v1/operator/keys/" + keyId + "/stopncii", operator.key(), Map.of(
                "endpoints", List.of("SubmitHashes", "SubmitFeedback", "FetchHashes"),
                "declarationsAttestedBy", "A. Officer, Head of Trust & Safety"));
        assertThat(grant.status()).as(grant.toString()).isEqualTo(200);

        h.clock.advance(Duration.ofMinutes(10));
        long reportedAt = h.clock.instant().minus(Duration.ofMinutes(7)).getEpochSecond();
        String pdq = randomHex(64);
        String md5 = randomHex(32);
        var r = new StopNciiClient(h, key, key).submitHashes(reportedAt, List.of(
                Map.of("signalType", "StopNCIISignalType.ImagePDQ", "hashValue", pdq, "quality", 90,
                        "CSPFeedbacks", List.of(Map.of("tags", List.of("Nude"), "feedbackValue", "Blocked"))),
                Map.of("signalType", "VideoMD5", "hashValue", md5, "CSPFeedbacks", List.of(Map.of("tags", List.of(), "feedbackValue", "Blocked")))));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("count").asInt()).isEqualTo(2);
        JsonNode first = r.json().get("hashRecords").get(0);
        JsonNode second = r.json().get("hashRecords").get(1);
        assertThat(first.get("caseNumber").asText()).isNotEqualTo(second.get("caseNumber").asText());
        assertThat(Instant.parse(first.get("reportedAt").asText()).getEpochSecond()).as("lastModtimestamp starts the clock").isEqualTo(reportedAt);

        var status = h.post("/v1/cases/status", null, Map.of("caseNumber", first.get("caseNumber").asText(), "pin", first.get("pin").asText()));
        assertThat(status.status()).as(status.toString()).isEqualTo(200);
        assertThat(status.json().get("source").asText()).isEqualTo("platform");

        var received = everything(client(receiver.key()).fetchAll(10_000, 10));
        assertThat(received).containsKeys("ImagePDQ:" + pdq, "VideoMD5:" + md5);
        var own = everything(new StopNciiClient(h, key, key).fetchAll(10_000, 10));
        assertThat(own.get("ImagePDQ:" + pdq).get("CSPFeedbacks").get(0).get("feedbackValue").asText())
                .as("the record's CSPFeedbacks became the platform's feedback").isEqualTo("Blocked");
        var audit = h.hub.db().read(x -> x.createQuery("SELECT detail FROM audit_log WHERE action = 'stopncii.hashes_submitted' ORDER BY seq DESC")
                .mapTo(String.class).list());
        assertThat(audit.get(0)).contains("A. Officer").contains(keyId);
    }

    @Test
    void submitHashes_withoutDeclarationsOrWithBadRecords_filesNothing_andSaysWhy() {
        var csp = h.member("Undeclared CSP", Role.PLATFORM);
        var c = client(csp.key());
        long now = h.clock.instant().getEpochSecond();
        long cases = countCases();
        String md5 = randomHex(32);

        var undeclared = c.submitHashes(now, List.of(Map.of("signalType", "VideoMD5", "hashValue", md5)));
        assertThat(undeclared.status()).isEqualTo(422);
        assertThat(undeclared.json().get("detail").asText()).contains("declarations");

        ObjectNode withDecl = HubHarness.JSON.createObjectNode();
        withDecl.set("declarations", HubHarness.declarations());
        withDecl.put("count", 3);
        ArrayNode recs = withDecl.putArray("hashRecords");
        recs.addObject().put("signalType", "ImagePDQ").put("hashValue", randomHex(64));                 // no quality
        recs.addObject().put("signalType", "VideoTMK").put("hashValue", randomHex(64));                 // not accepted
        recs.addObject().put("signalType", "VideoMD5").put("hashValue", md5).put("lastModtimestamp", now + 86_400);
        var bad = c.post("/stopncii/v1/SubmitHashes", withDecl);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(HubHarness.list(bad.json().get("errors")).stream().map(e -> e.get("field").asText()))
                .containsExactly("hashRecords[0].quality", "hashRecords[1].signalType", "hashRecords[2].lastModtimestamp");
        assertThat(countCases()).as("nothing was filed").isEqualTo(cases);

        ObjectNode good = HubHarness.JSON.createObjectNode();
        good.set("declarations", HubHarness.declarations());
        good.put("count", 1);
        good.putArray("hashRecords").addObject().put("signalType", "VideoMD5").put("hashValue", md5).put("lastModtimestamp", now);
        var ok = c.post("/stopncii/v1/SubmitHashes", good);
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        assertThat(countCases()).isEqualTo(cases + 1);
    }

    private long countCases() {
        return h.hub.db().read(x -> x.createQuery("SELECT COUNT(*) FROM report_case").mapTo(Long.class).one());
    }

    // ---- documentation -----------------------------------------------------------------------------

    @Test
    void openApi_documentsTheStopNciiRoutes_withTheirHeadersAndQuery() {
        var doc = h.get("/openapi.json", null).json();
        for (String p : List.of("FetchHashes", "SubmitHashes", "SubmitFeedback")) {
            JsonNode item = doc.at("/paths/~1stopncii~1v1~1" + p);
            assertThat(item.isMissingNode()).as(p).isFalse();
        }
        Set<String> params = new HashSet<>();
        doc.at("/paths/~1stopncii~1v1~1FetchHashes/get/parameters").forEach(x -> params.add(x.get("name").asText()));
        assertThat(params).contains("x-functions-key", "Ocp-Apim-Subscription-Key", "startTimestamp", "pageSize", "nextPageToken");
        Map<String, JsonNode> schemas = new HashMap<>();
        doc.at("/components/schemas").properties().forEach(e -> schemas.put(e.getKey(), e.getValue()));
        assertThat(schemas.get("FetchHashesResponseHashRecord").at("/properties").has("CSPFeedbacks")).isTrue();
    }
}
