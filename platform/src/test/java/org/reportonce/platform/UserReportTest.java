package org.reportonce.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.reportonce.platform.Platforms.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.reportonce.protocol.Declarations;
import org.reportonce.protocol.ReportResponse;

/** "Report once, to any one platform": a user's report at platform A reaches platform B through the hub. */
class UserReportTest {

    @Test
    void userReportAtOnePlatform_getsACaseNumberAndPin_andIsMatchedAtAnother() {
        try (TestHub hub = TestHub.start();
             Platform a = Platform.start(Platforms.config(hub.uri(), hub.platformKey("Platform A")).build());
             Platform b = Platform.start(Platforms.config(hub.uri(), hub.platformKey("Platform B")).build())) {
            byte[] jpeg = Images.bytes("pdq-data/bridge-mods/aaa-orig.jpg");
            Instant reportedAt = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
            TestHub.Reply r = TestHub.post(URI.create(a.baseUri() + "/v1/user-reports"), null, Map.of(
                    "declarations", Map.of("intimateImage", true, "personShownOrActing", true, "goodFaithAndTrue", true),
                    "reportedAt", reportedAt.toString(),
                    "contentReference", "post/123",
                    "items", List.of(Map.of("label", "photo", "imageBase64", Base64.getEncoder().encodeToString(jpeg)))));
            assertThat(r.status()).isEqualTo(201);
            JsonNode body = r.json();
            assertThat(body.get("caseNumber").asText()).isNotBlank();
            assertThat(body.get("pin").asText()).isNotBlank();
            // the 48-hour clock starts when the user reported to the platform, not when the hub heard of it
            assertThat(Instant.parse(body.get("deadline").asText())).isEqualTo(reportedAt.plus(48, ChronoUnit.HOURS));
            assertThat(body.get("signals")).extracting(s -> s.get("type").asText()).contains("pdq", "md5", "sha256");

            await("platform B can match it", Duration.ofSeconds(20), () ->
                    b.matcher().matchImage(Images.bytes("pdq-data/bridge-mods/blur-a-little.jpg"), MatchOptions.DEFAULT).matched());
            ReportResponse viaLibrary = a.fileUserReport(new UserReport(new Declarations(true, true, true), null, null,
                    List.of(new UserReport.Item(null, List.of(new org.reportonce.protocol.SignalInput(
                            org.reportonce.protocol.SignalType.PDQ, TestHub.randomHash(new java.util.Random(1)), 80)), null))));
            assertThat(viaLibrary.caseNumber()).isNotEqualTo(body.get("caseNumber").asText());
        }
    }

    @Test
    void reportWithoutEveryDeclaration_isRefusedBeforeReachingTheHub() {
        try (TestHub hub = TestHub.start();
             Platform a = Platform.start(Platforms.config(hub.uri(), hub.platformKey("Platform A")).build())) {
            TestHub.Reply r = TestHub.post(URI.create(a.baseUri() + "/v1/user-reports"), null, Map.of(
                    "declarations", Map.of("intimateImage", true, "personShownOrActing", false, "goodFaithAndTrue", true),
                    "items", List.of(Map.of("signals", List.of(Map.of("type", "md5", "value", "00".repeat(16)))))));
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.json().get("detail").asText()).contains("all three declarations must be true");

            TestHub.Reply noItems = TestHub.post(URI.create(a.baseUri() + "/v1/user-reports"), null, Map.of(
                    "declarations", Map.of("intimateImage", true, "personShownOrActing", true, "goodFaithAndTrue", true)));
            assertThat(noItems.json().get("detail").asText()).contains("'items' is required");

            TestHub.Reply badHash = TestHub.post(URI.create(a.baseUri() + "/v1/user-reports"), null, Map.of(
                    "declarations", Map.of("intimateImage", true, "personShownOrActing", true, "goodFaithAndTrue", true),
                    "items", List.of(Map.of("signals", List.of(Map.of("type", "pdq", "value", "xyz", "quality", 90))))));
            assertThat(badHash.status()).as(badHash.raw()).isEqualTo(400); // the hub's own validation, passed through
        }
    }

    @Test
    void hubUnreachable_saysTheReportWasNotFiled() {
        try (Platform a = Platform.start(Platforms.config(URI.create("http://127.0.0.1:9"), "key").build())) {
            assertThatThrownBy(() -> a.fileUserReport(new UserReport(new Declarations(true, true, true), null, null,
                    List.of(new UserReport.Item(null, List.of(new org.reportonce.protocol.SignalInput(
                            org.reportonce.protocol.SignalType.MD5, "00".repeat(16), null)), null)))))
                    .isInstanceOf(PlatformException.class)
                    .hasMessageContaining("NOT filed")
                    .satisfies(e -> assertThat(((PlatformException) e).status()).isEqualTo(503));
        }
    }
}
