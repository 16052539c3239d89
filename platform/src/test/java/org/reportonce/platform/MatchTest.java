package org.reportonce.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.reportonce.platform.Platforms.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.reportonce.hashing.ImageHashing;
import org.reportonce.hashing.exact.ExactHashes;
import org.reportonce.hashing.pdq.PdqHash;
import org.reportonce.hashing.signalset.SignalSets;
import org.reportonce.protocol.ReportRequest;
import org.reportonce.protocol.ReportResponse;
import org.reportonce.protocol.SignalInput;
import org.reportonce.protocol.SignalType;

/** POST /v1/match and the Matcher library: by bytes and by hash, dihedral variants, floors, thresholds, bad input. */
class MatchTest {

    static TestHub hub;
    static Platform platform;
    static PdqHash bridge;
    static ReportResponse bridgeReport;
    static String farHash;
    static ReportResponse farReport;
    static byte[] video;
    static ReportResponse videoReport;
    static final Random random = new Random(11);

    @BeforeAll
    static void start() throws Exception {
        hub = TestHub.start();
        bridge = ImageHashing.pdq(Images.bytes("pdq-data/bridge-mods/aaa-orig.jpg"));
        bridgeReport = hub.reportPdq(bridge.hash().toHex());
        farHash = TestHub.randomHash(random);
        farReport = hub.reportPdq(farHash);
        video = new byte[100_000];
        random.nextBytes(video);
        String md5 = ExactHashes.digest(new java.io.ByteArrayInputStream(video)).md5Hex();
        videoReport = hub.report(new ReportRequest(TestHub.ALL_DECLARED, null,
                List.of(new ReportRequest.Item("clip", List.of(new SignalInput(SignalType.MD5, md5, null)))), null));
        platform = Platform.start(Platforms.config(hub.uri(), hub.platformKey("matcher")).build());
        await("signals synced", Duration.ofSeconds(20), () -> platform.signal(videoReport.signals().get(0).signalId()) != null);
    }

    @AfterAll
    static void stop() {
        platform.close();
        hub.close();
    }

    static TestHub.Reply postBytes(String pathAndQuery, byte[] body, String contentType) {
        return TestHub.send(HttpRequest.newBuilder(URI.create(platform.baseUri() + pathAndQuery))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    static TestHub.Reply postJson(String path, Object body) {
        return TestHub.post(URI.create(platform.baseUri() + path), null, body);
    }

    @Test
    void reportedImage_uploadedAgain_matchesByBytes_withTheOrigVariant() {
        TestHub.Reply r = postBytes("/v1/match", Images.bytes("pdq-data/bridge-mods/aaa-orig.jpg"), "image/jpeg");
        assertThat(r.status()).isEqualTo(200);
        JsonNode m = r.json().get("matches").get(0);
        assertThat(r.json().get("matched").asBoolean()).isTrue();
        assertThat(m.get("signalId").asLong()).isEqualTo(bridgeReport.signals().get(0).signalId());
        // a big baseline JPEG takes the fast (luminance-only) decode: within the parity bar of 4 bits
        assertThat(m.get("distance").asInt()).isLessThanOrEqualTo(4);
        assertThat(m.get("variant").asText()).isEqualTo("orig");
        assertThat(m.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(m.get("deadline").asText()).isEqualTo(bridgeReport.deadline().toString());
        // 8 dihedral PDQ + the area look-ups + MD5 + SHA-256
        assertThat(r.json().get("hashes")).hasSize(10 + SignalSets.areaLookupLabels().size());
    }

    @Test
    void editedCopy_blurred_matchesWithinTheThreshold() {
        TestHub.Reply r = postBytes("/v1/match", Images.bytes("pdq-data/bridge-mods/blur-a-lot.jpg"), "image/jpeg");
        assertThat(r.json().get("matched").asBoolean()).isTrue();
        assertThat(r.json().get("matches").get(0).get("distance").asInt()).isBetween(0, 31);
    }

    @Test
    void rotatedCopy_matchesOnlyThroughARotatedDihedralVariant() {
        BufferedImage rotated = Images.rotate90(Images.read("pdq-data/bridge-mods/aaa-orig.jpg"));
        byte[] png = Images.png(rotated);
        // plain PDQ of the rotated copy is far from the report: only the dihedral hashes catch it
        assertThat(ImageHashing.pdq(png).hash().distance(bridge.hash())).isGreaterThan(31);

        TestHub.Reply r = postBytes("/v1/match", png, "image/png");
        JsonNode m = r.json().get("matches").get(0);
        assertThat(m.get("signalId").asLong()).isEqualTo(bridgeReport.signals().get(0).signalId());
        assertThat(m.get("variant").asText()).isIn("rot90", "rot270");
        assertThat(m.get("distance").asInt()).isLessThanOrEqualTo(31);
    }

    @Test
    void framedCopy_matchesThroughTheBorderTrimmedPicture() {
        BufferedImage framed = Images.framed(Images.read("pdq-data/bridge-mods/aaa-orig.jpg"), 300, java.awt.Color.WHITE);
        byte[] png = Images.png(framed);
        assertThat(ImageHashing.pdq(png).hash().distance(bridge.hash())).isGreaterThan(31);
        MatchResult r = platform.matcher().matchImage(png, MatchOptions.DEFAULT);
        // 8 dihedral + 8 of the trimmed picture + the trimmed picture's area look-ups + the picture cut
        // at the frame's edges (band/orig) + MD5 + SHA-256
        assertThat(r.hashes()).hasSize(19 + SignalSets.areaLookupLabels().size());
        assertThat(r.matches()).singleElement().satisfies(m -> {
            assertThat(m.variant()).isIn("trim/orig", SignalSets.BAND);
            assertThat(m.distance()).isLessThanOrEqualTo(31);
        });
    }

    @Test
    void mirroredCopy_matchesThroughAFlipVariant() {
        byte[] png = Images.png(Images.mirror(Images.read("pdq-data/bridge-mods/aaa-orig.jpg")));
        MatchResult r = platform.matcher().matchImage(png, MatchOptions.DEFAULT);
        assertThat(r.matches()).singleElement().satisfies(m -> assertThat(m.variant()).isIn("flipx", "flipy"));
    }

    @Test
    void hashesComputedByThePlatform_matchOverJson_reportingTheVariantTheyNamed() {
        String rot = TestHub.flip(bridge.hash().toHex(), 5, random);
        TestHub.Reply r = postJson("/v1/match", Map.of("hashes", List.of(
                Map.of("type", "pdq", "value", TestHub.randomHash(random), "quality", 100, "variant", "orig"),
                Map.of("type", "pdq", "value", rot.toUpperCase(), "quality", 100, "variant", "rot180"))));
        assertThat(r.status()).isEqualTo(200);
        JsonNode m = r.json().get("matches").get(0);
        assertThat(m.get("distance").asInt()).isEqualTo(5);
        assertThat(m.get("variant").asText()).isEqualTo("rot180");
        assertThat(m.get("queryHash").asText()).isEqualTo(rot);
    }

    @Test
    void hashBelowTheQualityFloor_isNotReportedAsAMatch_andSaysWhy() {
        MatchResult r = platform.matcher().matchHashes(List.of(QueryHash.pdq(bridge.hash().toHex(), 49)), MatchOptions.DEFAULT);
        assertThat(r.matched()).isFalse();
        assertThat(r.ignored()).singleElement().satisfies(i -> assertThat(i.reason()).contains("below the floor 50"));
        assertThat(platform.matcher().matchHashes(List.of(QueryHash.pdq(bridge.hash().toHex(), 50)), MatchOptions.DEFAULT)
                .matched()).isTrue();
    }

    @Test
    void threshold_defaultsTo31_andCanBeSetPerRequest() {
        String at32 = TestHub.flip(farHash, 32, random);
        assertThat(platform.matcher().matchHashes(List.of(QueryHash.pdq(at32, 90)), MatchOptions.DEFAULT).matched()).isFalse();
        MatchResult wider = platform.matcher().matchHashes(List.of(QueryHash.pdq(at32, 90)), new MatchOptions(40, null, false));
        assertThat(wider.matches()).singleElement().satisfies(m -> assertThat(m.distance()).isEqualTo(32));
        String at31 = TestHub.flip(farHash, 31, random);
        assertThat(platform.matcher().matchHashes(List.of(QueryHash.pdq(at31, 90)), MatchOptions.DEFAULT).matched()).isTrue();
    }

    @Test
    void bytesThatAreNotAnImage_matchByMd5_withANoteSayingWhy() {
        TestHub.Reply r = postBytes("/v1/match", video, "application/octet-stream");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("matches").get(0).get("type").asText()).isEqualTo("md5");
        assertThat(r.json().get("matches").get(0).get("distance").asInt()).isZero();
        assertThat(r.json().get("notes").get(0).asText()).contains("not matched by PDQ");
    }

    @Test
    void uploadOverTheConfiguredLimit_isRefusedWith413NamingTheLimit_beforeItIsRead() throws Exception {
        try (Platform small = Platform.start(Platforms.config(hub.uri(), hub.platformKey("small uploads"))
                .maxUploadBytes(4096).build())) {
            byte[] jpeg = Images.bytes("pdq-data/bridge-mods/aaa-orig.jpg");
            TestHub.Reply r = TestHub.send(HttpRequest.newBuilder(URI.create(small.baseUri() + "/v1/match"))
                    .header("Content-Type", "image/jpeg").POST(HttpRequest.BodyPublishers.ofByteArray(jpeg)).build());
            assertThat(r.status()).as(r.raw()).isEqualTo(413);
            assertThat(r.raw()).contains(Integer.toString(jpeg.length)).contains("4096");
            // the matcher still answers what fits
            TestHub.Reply ok = TestHub.send(HttpRequest.newBuilder(URI.create(small.baseUri() + "/v1/match"))
                    .header("Content-Type", "application/octet-stream").POST(HttpRequest.BodyPublishers.ofByteArray(new byte[100])).build());
            assertThat(ok.status()).as(ok.raw()).isEqualTo(200);
        }
    }

    @Test
    void truncatedJpeg_isAnsweredWithANote_notAnError() {
        byte[] jpeg = Images.bytes("pdq-data/bridge-mods/aaa-orig.jpg");
        TestHub.Reply r = postBytes("/v1/match", Arrays.copyOf(jpeg, 2000), "image/jpeg");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("matched").asBoolean()).isFalse();
        assertThat(r.json().get("notes").get(0).asText()).contains("not matched by PDQ");
    }

    @Test
    void badRequests_areProblemsNamingWhatWasWrong() {
        TestHub.Reply shortHash = postJson("/v1/match", Map.of("hashes", List.of(
                Map.of("type", "pdq", "value", "abc", "quality", 90))));
        assertThat(shortHash.status()).isEqualTo(400);
        assertThat(shortHash.json().get("detail").asText()).contains("hashes[0]").contains("64 hex characters, got 3");

        TestHub.Reply noQuality = postJson("/v1/match", Map.of("hashes", List.of(Map.of("type", "pdq", "value", farHash))));
        assertThat(noQuality.json().get("detail").asText()).contains("quality is required");

        TestHub.Reply badType = postJson("/v1/match", Map.of("hashes", List.of(Map.of("type", "sha1", "value", "00"))));
        assertThat(badType.status()).isEqualTo(400);
        assertThat(badType.json().get("detail").asText()).contains("pdq, md5, sha256");

        TestHub.Reply notJson = postBytes("/v1/match", "{\"hashes\": [".getBytes(), "application/json");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.json().get("detail").asText()).contains("not valid JSON");

        TestHub.Reply empty = postBytes("/v1/match", new byte[0], "image/jpeg");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().get("title").asText()).isEqualTo("Bad request");

        TestHub.Reply text = postBytes("/v1/match", "hello".getBytes(), "text/plain");
        assertThat(text.status()).isEqualTo(415);

        TestHub.Reply threshold = postBytes("/v1/match?threshold=99", video, "application/octet-stream");
        assertThat(threshold.status()).isEqualTo(400);
        assertThat(threshold.json().get("detail").asText()).contains("threshold must be 0..64");

        assertThatThrownBy(() -> QueryHash.pdq(farHash, 90, "sideways")).hasMessageContaining("rot90");
    }

    @Test
    void everyRoute_isInTheOpenApiDocument() {
        JsonNode doc = TestHub.get(URI.create(platform.baseUri() + "/openapi.json")).json();
        for (PlatformServer.Route route : platform.routes()) {
            assertThat(doc.get("paths").get(route.path()))
                    .as(route.method() + " " + route.path() + " in /openapi.json").isNotNull();
            assertThat(doc.get("paths").get(route.path()).get(route.method().toLowerCase()))
                    .as(route.method() + " " + route.path() + " in /openapi.json").isNotNull();
        }
        assertThat(platform.routes()).hasSizeGreaterThan(10);
    }
}
