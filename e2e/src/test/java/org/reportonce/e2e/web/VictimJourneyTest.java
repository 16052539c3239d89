package org.reportonce.e2e.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reportonce.hashing.ImageHashing;
import org.reportonce.hub.Role;
import org.reportonce.protocol.Json;
import org.reportonce.protocol.TakedownAttestation;
import org.reportonce.testing.PdqData;

/**
 * The person's whole journey in Chromium against a running hub: start page → choose a photo, a PNG
 * and a video → fingerprints made locally → previews → declarations (refused until all three are
 * ticked) → case number and PIN. Every request the browser made meanwhile is recorded by the proxy
 * and checked: one POST of hashes and declarations to the hub's own origin, not one byte of a file.
 * Then a platform syncs and attests a removal, the person checks the case and withdraws it, and the
 * platform receives the deletions.
 */
class VictimJourneyTest {
    private static WebFixture web;

    @BeforeAll
    static void start() {
        web = WebFixture.get();
    }

    @Test
    void report_sendsOnlyHashesAndDeclarations_thenCaseCheckAndWithdrawalWork(@TempDir Path dir) throws Exception {
        String platformKey = web.hub.createApiKey(web.hub.createMember("Pixelgram", Role.PLATFORM).id());
        HubClient platform = new HubClient(web.hub.baseUri(), platformKey);
        long checkpoint = platform.get("/v1/signals?after=0&limit=10000").path("next").asLong();

        Path photo = PdqData.file("pdq-data/bridge-mods/aaa-orig.jpg");
        Path png = PdqData.file("pdq-data/reg-test-input/pen-and-coaster.png");
        Path video = dir.resolve("holiday.mp4");
        byte[] videoBytes = new byte[3 * 1024 * 1024 + 17];
        new Random(42).nextBytes(videoBytes);
        Files.write(video, videoBytes);
        List<byte[]> fileContents = List.of(Files.readAllBytes(photo), Files.readAllBytes(png), videoBytes);

        Browser b = web.browser;
        b.pageRequestUrls();
        web.proxy.clear();
        b.open(web.url("/"));
        b.screenshot("01-start");
        b.screenshotAt("01-start-phone", 375);
        b.find("#start").click();
        b.waitVisible("#choose-heading");

        // nothing chosen: a clear error, focus on the summary
        b.find("#choose-continue").click();
        assertThat(b.waitVisible(".govuk-error-summary").getText()).contains("Choose at least one image or video");
        b.screenshot("02-choose-error");

        b.find("#files").sendKeys(photo + "\n" + png + "\n" + video);
        b.find("#choose-continue").click();
        b.waitFor(Duration.ofSeconds(60), d -> b.find("#step-review").isDisplayed());
        assertThat(b.findAll("#thumbs li")).hasSize(3);
        assertThat(b.find("#thumbs").getText()).contains("Image 1", "Image 2", "Video 1");
        b.screenshot("03-review");
        b.screenshotAt("03-review-phone", 375);

        b.find("#review-continue").click();
        b.waitVisible("#declare-heading");
        b.find("#decl-intimate").click();
        b.find("#send").click();
        assertThat(b.waitVisible(".govuk-error-summary").getText()).contains("Select all three statements");
        b.screenshot("04-declarations-error");
        b.find("#decl-person").click();
        b.find("#decl-true").click();
        b.find("#send").click();
        b.waitVisible("#done-heading");
        String caseNumber = b.find("#case-number").getText();
        String pin = b.find("#case-pin").getText();
        assertThat(caseNumber).matches("[0-9A-Z-]{12,16}");
        assertThat(pin).isNotBlank();
        b.screenshot("05-case-number-and-pin");
        b.screenshotAt("05-case-number-and-pin-phone", 375);

        // ---- what left the browser during the report
        List<String> pageUrls = b.pageRequestUrls();
        List<RecordingProxy.Recorded> all = web.proxy.requests();
        System.out.println("Requests that left the browser during the report (recording proxy):");
        all.forEach(r -> System.out.println("  " + r));
        System.out.println("Requests the page and its worker started (DevTools): " + pageUrls.size());
        assertThat(pageUrls).as("the page and its worker request nothing from another origin")
                .isNotEmpty()
                .allSatisfy(u -> assertThat(u).satisfiesAnyOf(
                        x -> assertThat(x).startsWith(web.origin() + "/"),
                        x -> assertThat(x).startsWith("blob:" + web.origin() + "/"),
                        x -> assertThat(x).startsWith("data:"),
                        // the browser's own interface images (a form control's clear icon in newer
                        // Chromium), read from its binary: DevTools lists them, nothing leaves the machine
                        x -> assertThat(x).startsWith("chrome://resources/")));
        // What else crossed the proxy is Chromium's own background traffic (sign-in, optimisation
        // hints): encrypted CONNECTs to Google's hosts that carry nothing of the page.
        List<RecordingProxy.Recorded> sent = all.stream().filter(r -> !isChromiumBackground(r)).toList();
        assertThat(sent).as("every other request goes to the hub's own origin").allSatisfy(r ->
                assertThat(r.origin()).isEqualTo(web.origin()));
        assertThat(pageUrls).as("the page never asks for the hosts Chromium calls by itself")
                .noneMatch(u -> u.matches("https?://([a-z0-9-]+\\.)*(google\\.com|googleapis\\.com|gstatic\\.com|gvt1\\.com)(:\\d+)?/.*"));
        List<RecordingProxy.Recorded> withBody = sent.stream().filter(r -> r.body().length > 0).toList();
        assertThat(withBody).as("exactly one request carries a body: the report").hasSize(1);
        RecordingProxy.Recorded report = withBody.get(0);
        assertThat(report.method()).isEqualTo("POST");
        assertThat(report.path()).isEqualTo("/v1/reports");
        // about 100 bytes per hash (a signal set is ~20 PDQ hashes a picture), against files of 0.3 to 3 MB
        assertThat(report.body().length).as("the report is a few kilobytes of hashes, not the files")
                .isLessThan(16_384)
                .isLessThan(fileContents.stream().mapToInt(c -> c.length).min().orElseThrow() / 10);
        assertThat(sent).allSatisfy(r -> assertThat(r.method()).isIn("GET", "POST"));
        assertThat(sent.stream().filter(r -> r.method().equals("POST")).toList()).hasSize(1);
        for (byte[] content : fileContents) {
            for (RecordingProxy.Recorded r : all) { // Chromium's own requests included
                assertThat(containsAnyWindow(r.body(), content, 32)).as("no 32-byte run of a file in %s", r).isFalse();
                assertThat(containsAnyWindow(r.target().getBytes(StandardCharsets.ISO_8859_1), content, 16)).isFalse();
            }
        }

        JsonNode body = Json.mapper().readTree(report.body());
        assertThat(fieldNames(body)).containsExactlyInAnyOrder("declarations", "reportedAt", "items", "contentReference");
        assertThat(body.path("declarations").toString())
                .isEqualTo("{\"intimateImage\":true,\"personShownOrActing\":true,\"goodFaithAndTrue\":true}");
        assertThat(body.path("contentReference").isNull()).isTrue();
        List<String> labels = new ArrayList<>();
        Set<String> sentValues = new TreeSet<>();
        for (JsonNode item : body.path("items")) {
            assertThat(fieldNames(item)).containsExactlyInAnyOrder("label", "signals");
            labels.add(item.path("label").asText());
            for (JsonNode signal : item.path("signals")) {
                assertThat(fieldNames(signal)).containsExactlyInAnyOrder("type", "value", "quality");
                assertThat(signal.path("value").asText()).matches("[0-9a-f]{32}|[0-9a-f]{64}");
                sentValues.add(signal.path("type").asText() + ":" + signal.path("value").asText());
            }
        }
        assertThat(labels).as("labels never carry file names").containsExactly("Image 1", "Image 2", "Video 1");
        // each picture's signal set (plain PDQ + crops and small turns), as the Java SignalSets build it
        Set<String> expected = new TreeSet<>();
        for (Path picture : List.of(photo, png)) {
            var decoded = org.reportonce.hashing.image.ImageDecoder.decode(picture);
            var set = org.reportonce.hashing.signalset.SignalSets.forReport(decoded.rgb(), decoded.width(), decoded.height());
            // the set's plain hash is the file's PDQ (ImageHashing may take a faster decoding path for
            // big JPEGs, within the 4-bit bar of the full decode)
            assertThat(set.members().get(0).hash().distance(ImageHashing.pdq(picture).hash())).isLessThanOrEqualTo(4);
            set.members().stream().filter(m -> m.quality() >= 50).forEach(m -> expected.add("pdq:" + m.hash().toHex()));
            expected.add("md5:" + BrowserHashTest.md5(picture));
        }
        expected.add("md5:" + BrowserHashTest.md5(video));
        assertThat(sentValues).as("the report holds exactly the Java module's hashes").isEqualTo(expected);
        assertThat(sentValues.stream().filter(v -> v.startsWith("pdq:")).count()).isGreaterThan(2);

        // ---- the platform receives the signals and removes a copy
        JsonNode page = platform.get("/v1/signals?after=" + checkpoint + "&limit=10000");
        List<Long> signalIds = new ArrayList<>();
        for (JsonNode change : page.path("changes")) signalIds.add(change.path("signalId").asLong());
        assertThat(signalIds).hasSize(sentValues.size());
        platform.get("/v1/signals?after=" + page.path("next").asLong() + "&limit=10000"); // acknowledges
        Instant now = web.clock.instant();
        platform.post("/v1/takedowns", new TakedownAttestation(signalIds.get(0), "post/8812", 0, now.minusSeconds(60), now));
        // the same post matched another member of the picture's signal set: still one copy
        platform.post("/v1/takedowns", new TakedownAttestation(signalIds.get(1), "post/8812", 9, now.minusSeconds(60), now));

        // ---- the person checks the case with the keyboard only
        web.proxy.clear();
        b.open(web.url("/case.html"));
        b.screenshot("06-case-check");
        b.find("#case-number").sendKeys(caseNumber.toLowerCase());
        b.find("#pin").sendKeys(pin + org.openqa.selenium.Keys.ENTER);
        b.waitVisible("#status-heading");
        String status = b.find("#case-status").getText();
        assertThat(status).contains(caseNumber.replace("-", "").substring(0, 4)).contains("Pixelgram");
        assertThat(b.find("#platform-table").getText()).contains("Removed").contains("1 copy, first found");
        b.screenshot("07-case-status");
        b.screenshotAt("07-case-status-phone", 375);
        assertThat(web.proxy.requests()).allSatisfy(r -> assertThat(r.target()).doesNotContain(pin.replace("-", "")));

        // ---- and withdraws it
        b.find("#withdraw").click();
        b.waitVisible("#withdraw-yes").click();
        b.waitVisible("#withdrawn-note");
        assertThat(b.find("#case-summary").getText()).contains("Withdrawn");
        b.screenshot("08-case-withdrawn");

        JsonNode after = platform.get("/v1/signals?after=" + page.path("next").asLong() + "&limit=10000");
        List<String> deleted = new ArrayList<>();
        for (JsonNode change : after.path("changes")) {
            if (change.path("status").asText().equalsIgnoreCase("deleted")) deleted.add(change.path("value").asText());
        }
        assertThat(deleted).as("withdrawal reaches the platform as deletions").hasSize(sentValues.size());
    }

    /**
     * Chromium's own calls home (sign-in, optimisation hints, the component updater's POST to
     * update.googleapis.com despite --disable-component-update): Google hosts the page never asks
     * for — which the DevTools log is checked for — and whose bodies are checked for file bytes too.
     */
    static boolean isChromiumBackground(RecordingProxy.Recorded r) {
        String host = r.method().equals("CONNECT") ? r.target().replaceAll(":\\d+$", "")
                : java.net.URI.create(r.target()).getHost();
        return host != null && host.matches("([a-z0-9-]+\\.)*(google\\.com|googleapis\\.com|gstatic\\.com|gvt1\\.com)");
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) names.add(it.next());
        return names;
    }

    /** Whether {@code haystack} contains any {@code window}-byte run of {@code content} (sampled every 257 bytes). */
    static boolean containsAnyWindow(byte[] haystack, byte[] content, int window) {
        if (haystack.length < window) return false;
        String hay = new String(haystack, StandardCharsets.ISO_8859_1);
        for (int off = 0; off + window <= content.length; off += 257) {
            if (hay.contains(new String(content, off, window, StandardCharsets.ISO_8859_1))) return true;
        }
        return false;
    }
}
