package org.reportonce.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.reportonce.platform.Platforms.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reportonce.hashing.Hash256;
import org.reportonce.hashing.ImageHashing;
import org.reportonce.protocol.FeedbackValue;
import org.reportonce.protocol.ReportResponse;

/**
 * Stored content found when a signal arrives, the takedown webhook (signature, retries, idempotency,
 * dead letters) and the feedback and attestation that reach the hub.
 */
class StoredContentAndTakedownTest {

    static TestHub hub;
    static final Random random = new Random(5); // shared: each test's hashes differ from the others'

    @BeforeAll
    static void startHub() {
        hub = TestHub.start();
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    @Test
    void contentUploadedBeforeTheReport_isFoundWhenTheSignalArrives_andTheWebhookIsCalled() {
        try (WebhookReceiver receiver = new WebhookReceiver(0);
             Platform p = Platform.start(Platforms.config(hub.uri(), hub.platformKey("backfill"))
                     .webhookUrl(receiver.uri()).build())) {
            receiver.secret(p.webhookSecret());
            byte[] jpeg = Images.bytes("pdq-data/bridge-mods/aaa-orig.jpg");
            byte[] rotated = Images.png(Images.rotate90(Images.read("pdq-data/bridge-mods/aaa-orig.jpg")));
            assertThat(TestHub.send(HttpRequest.newBuilder(URI.create(p.baseUri() + "/v1/content/image?contentReference=post/1"))
                    .header("Content-Type", "image/jpeg").POST(HttpRequest.BodyPublishers.ofByteArray(jpeg)).build())
                    .status()).isEqualTo(201);
            p.matcher().registerImage("post/2-rotated", rotated);
            p.matcher().register(List.of(new ContentRegistration("post/3-unrelated", TestHub.randomHash(random), 90, null, null)));

            ReportResponse r = hub.reportPdq(ImageHashing.pdq(jpeg).hash().toHex());
            long signalId = r.signals().get(0).signalId();

            await("both copies called in", Duration.ofSeconds(20), () -> receiver.accepted().size() == 2);
            List<WebhookReceiver.Call> calls = receiver.accepted();
            assertThat(calls).allSatisfy(c -> {
                assertThat(c.signatureValid()).isTrue();
                assertThat(c.body().get("event").asText()).isEqualTo("match");
                assertThat(c.body().get("signal").get("signalId").asLong()).isEqualTo(signalId);
                assertThat(c.body().get("deadline").asText()).isEqualTo(r.deadline().toString());
                assertThat(c.body().get("source").asText()).isEqualTo("stored");
            });
            assertThat(calls).extracting(c -> c.body().get("contentReference").asText())
                    .containsExactlyInAnyOrder("post/1", "post/2-rotated");
            JsonNode rotatedCall = calls.stream().filter(c -> c.body().get("contentReference").asText().equals("post/2-rotated"))
                    .findFirst().orElseThrow().body();
            assertThat(rotatedCall.get("variant").asText()).isIn("rot90", "rot270");
            assertThat(p.matcher().takedowns("FOUND", null, 10)).hasSize(2);
        }
    }

    @Test
    void storedContent_isFoundThroughItsAreaLookUps_alsoAfterARestart(@TempDir Path data) {
        // a stored copy whose whole-picture hashes are far from the report (a sticker spoiled them) but
        // one of whose halves is the report's half: found through that area slot, read back from the
        // database after a restart; an empty area slot and the other slots match nothing
        List<String> dihedral = new ArrayList<>();
        for (int i = 0; i < 8; i++) dihedral.add(TestHub.randomHash(random));
        String half = TestHub.randomHash(random);
        List<String> areas = new ArrayList<>();
        for (int i = 0; i < Variants.AREA_NAMES.size(); i++) areas.add(TestHub.randomHash(random));
        int slot = Variants.AREA_NAMES.size() - 2; // a slot past 32: content ids leave 64 slots since session 5
        areas.set(slot, half);
        areas.set(slot + 1, null); // below the quality floor when registered
        PlatformConfig.Builder config = Platforms.config(hub.uri(), hub.platformKey("areas")).dataDir(data);
        try (Platform p = Platform.start(config.build())) {
            p.matcher().register(List.of(new ContentRegistration("stored/stickered", null, 90, dihedral, null, null,
                    null, areas)));
        }
        try (WebhookReceiver receiver = new WebhookReceiver(0);
             Platform p = Platform.start(config.webhookUrl(receiver.uri()).build())) {
            receiver.secret(p.webhookSecret());
            hub.reportPdq(flip(half, 9));
            await("the stored copy called in", Duration.ofSeconds(20), () -> receiver.accepted().size() == 1);
            JsonNode call = receiver.accepted().get(0).body();
            assertThat(call.get("contentReference").asText()).isEqualTo("stored/stickered");
            assertThat(call.get("source").asText()).isEqualTo("stored");
            assertThat(call.get("variant").asText()).isEqualTo(Variants.AREA_NAMES.get(slot)).startsWith("area/");
            assertThat(call.get("distance").asInt()).isEqualTo(9);
        }
    }

    @Test
    void areaLookUps_mustBeOnePerAreaName_andNeedTheDihedralHashes() {
        List<String> dihedral = new ArrayList<>();
        for (int i = 0; i < 8; i++) dihedral.add(TestHub.randomHash(random));
        List<String> tooFew = List.of(TestHub.randomHash(random));
        assertThatThrownBy(() -> new ContentRegistration("x", null, 90, dihedral, null, null, null, tooFew))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("areas must list " + Variants.AREA_NAMES.size()).hasMessageContaining("got 1");
        List<String> areas = new ArrayList<>(java.util.Collections.nCopies(Variants.AREA_NAMES.size(), (String) null));
        assertThatThrownBy(() -> new ContentRegistration("x", TestHub.randomHash(random), 90, null, null, null, null, areas))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("areas needs dihedral");
        areas.set(0, "xyz");
        assertThatThrownBy(() -> new ContentRegistration("x", null, 90, dihedral, null, null, null, areas))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("area hash must be 64 hex characters");
    }

    @Test
    void areaLookUpsStoredUnderAnEarlierList_areIgnoredAtLoad_ratherThanMisread() {
        // rows registered under session 4's 13 area look-ups keep their other hashes; their areas
        // would sit in the wrong slots under the current list, so they are left out
        String h = TestHub.randomHash(random);
        assertThat(ContentStore.currentAreas(java.util.Collections.nCopies(13, h))).isNull();
        List<String> current = java.util.Collections.nCopies(Variants.AREA_NAMES.size(), h);
        assertThat(ContentStore.currentAreas(current)).isSameAs(current);
        assertThat(ContentStore.currentAreas(null)).isNull();
    }

    /** {@code hex} with its first {@code bits} bits inverted. */
    private static String flip(String hex, int bits) {
        Hash256 h = Hash256.fromHex(hex);
        long mask = bits >= 64 ? -1L : (1L << bits) - 1;
        return new Hash256(h.w0() ^ mask, h.w1(), h.w2(), h.w3()).toHex();
    }

    @Test
    void failingWebhook_isRetriedWithTheSameIdempotencyKey_untilItSucceeds() {
        try (WebhookReceiver receiver = new WebhookReceiver(3);
             // domain time frozen (as a test or demo that moves the 48-hour clock would): retries still happen
             Platform p = Platform.start(Platforms.config(hub.uri(), hub.platformKey("retrier"))
                     .clock(java.time.Clock.fixed(Instant.now(), java.time.ZoneOffset.UTC))
                     .webhookUrl(receiver.uri()).webhookSecret("a-shared-secret-of-some-length").build())) {
            receiver.secret("a-shared-secret-of-some-length");
            String hash = TestHub.randomHash(random);
            hub.reportPdq(hash);
            await("signal synced", Duration.ofSeconds(20), () -> p.health().bankPdqSignals() > 0
                    && p.matcher().matchHashes(List.of(QueryHash.pdq(hash, 90)), MatchOptions.DEFAULT).matched());
            MatchResult m = p.matcher().matchHashes(List.of(QueryHash.pdq(hash, 90)), MatchOptions.forContent("upload/9"));
            String takedownId = m.matches().get(0).takedownId();
            // the same upload checked again is the same takedown, not a second call
            MatchResult again = p.matcher().matchHashes(List.of(QueryHash.pdq(hash, 90)), MatchOptions.forContent("upload/9"));
            assertThat(again.matches().get(0).takedownId()).isEqualTo(takedownId);

            await("delivered after 3 failures", Duration.ofSeconds(20), () -> receiver.accepted().size() == 1);
            List<WebhookReceiver.Call> calls = receiver.calls();
            assertThat(calls).hasSize(4);
            assertThat(calls).extracting(WebhookReceiver.Call::idempotencyKey).containsOnly(takedownId + ":match");
            assertThat(calls).extracting(WebhookReceiver.Call::attempt).containsExactly(1, 2, 3, 4);
            assertThat(calls).allSatisfy(c -> assertThat(c.signatureValid()).isTrue());
            // the receiver has answered; the outbox records the answer a moment later
            await("webhook marked sent", Duration.ofSeconds(10), () -> "SENT".equals(p.matcher().takedown(takedownId).webhook().state()));
            Takedown t = p.matcher().takedown(takedownId);
            assertThat(t.webhook().state()).isEqualTo("SENT");
            assertThat(t.webhook().attempts()).isEqualTo(4);
            assertThat(t.source()).isEqualTo("upload");
            assertThat(p.metricsText()).contains("reportonce_platform_webhook_failures_total 3.0");
        }
    }

    @Test
    void webhookThatKeepsFailing_isDeadLettered_andCanBeRedelivered() {
        try (WebhookReceiver receiver = new WebhookReceiver(1000);
             Platform p = Platform.start(Platforms.config(hub.uri(), hub.platformKey("dead-letter"))
                     .webhookUrl(receiver.uri()).webhookMaxAttempts(3).build())) {
            String hash = TestHub.randomHash(random);
            hub.reportPdq(hash);
            await("signal synced", Duration.ofSeconds(20), () ->
                    p.matcher().matchHashes(List.of(QueryHash.pdq(hash, 90)), MatchOptions.DEFAULT).matched());
            String id = p.matcher().matchHashes(List.of(QueryHash.pdq(hash, 90)), MatchOptions.forContent("upload/dead"))
                    .matches().get(0).takedownId();
            await("dead letter", Duration.ofSeconds(20), () -> "DEAD".equals(p.matcher().takedown(id).webhook().state()));
            assertThat(receiver.calls()).hasSize(3);
            JsonNode dead = TestHub.get(URI.create(p.baseUri() + "/v1/outbox?state=DEAD")).json();
            assertThat(dead.get("messages").get(0).get("idempotencyKey").asText()).isEqualTo(id + ":match");
            assertThat(dead.get("messages").get(0).get("lastError").asText()).contains("500");
            assertThat(TestHub.get(URI.create(p.baseUri() + "/v1/takedowns?webhook=dead")).json().get("takedowns")).hasSize(1);
            assertThat(p.metricsText()).contains("reportonce_platform_webhook_dead_letters_total 1.0");

            receiver.failNext(0);
            TestHub.Reply redo = TestHub.post(URI.create(p.baseUri() + "/v1/takedowns/" + id + "/redeliver"), null, "");
            assertThat(redo.json().get("requeued").asInt()).isEqualTo(1);
            await("redelivered", Duration.ofSeconds(20), () -> receiver.accepted().size() == 1);
            assertThat(receiver.accepted().get(0).idempotencyKey()).isEqualTo(id + ":match");
        }
    }

    @Test
    void matchAndConfirmation_reachTheHub_asMatchedThenRemoved_inTheCaseStatus() {
        try (Platform p = Platform.start(Platforms.config(hub.uri(), hub.platformKey("Feedback Platform")).build())) {
            String hash = TestHub.randomHash(random);
            ReportResponse r = hub.reportPdq(hash);
            await("signal synced", Duration.ofSeconds(20), () ->
                    p.matcher().matchHashes(List.of(QueryHash.pdq(hash, 90)), MatchOptions.DEFAULT).matched());
            String id = p.matcher().matchHashes(List.of(QueryHash.pdq(hash, 90)), MatchOptions.forContent("photo/77"))
                    .matches().get(0).takedownId();
            await("matchedAt at the hub", Duration.ofSeconds(20), () -> row(r, "Feedback Platform") != null
                    && !row(r, "Feedback Platform").get("matchedAt").isNull());

            Instant removedAt = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            assertThat(removedAt).isAfterOrEqualTo(p.matcher().takedown(id).foundAt());
            TestHub.Reply confirmed = TestHub.post(URI.create(p.baseUri() + "/v1/takedowns/" + id + "/confirm"), null,
                    Map.of("decision", "Blocked", "removedAt", removedAt.toString()));
            assertThat(confirmed.status()).isEqualTo(200);
            assertThat(confirmed.json().get("state").asText()).isEqualTo("BLOCKED");
            await("removedAt at the hub", Duration.ofSeconds(20), () -> !row(r, "Feedback Platform").get("removedAt").isNull());
            JsonNode row = row(r, "Feedback Platform");
            assertThat(Instant.parse(row.get("removedAt").asText())).isEqualTo(removedAt);
            assertThat(row.get("outcome").asText()).isEqualTo("removed");

            // the same decision again is harmless; a different one is refused
            assertThat(p.matcher().confirm(id, FeedbackValue.BLOCKED, removedAt, Set.of()).state()).isEqualTo("BLOCKED");
            TestHub.Reply flip = TestHub.post(URI.create(p.baseUri() + "/v1/takedowns/" + id + "/confirm"), null,
                    Map.of("decision", "NotBlocked"));
            assertThat(flip.status()).isEqualTo(409);
            TestHub.Reply unknown = TestHub.post(URI.create(p.baseUri() + "/v1/takedowns/td_nope/confirm"), null,
                    Map.of("decision", "Blocked"));
            assertThat(unknown.status()).isEqualTo(404);
            TestHub.Reply bad = TestHub.post(URI.create(p.baseUri() + "/v1/takedowns/" + id + "/confirm"), null,
                    Map.of("decision", "Maybe"));
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.json().get("detail").asText()).contains("PendingReview, Blocked, NotBlocked");
        }
    }

    @Test
    void withdrawnSignal_withdrawsItsUndecidedTakedowns_andTellsTheWebhook() {
        try (WebhookReceiver receiver = new WebhookReceiver(0);
             Platform p = Platform.start(Platforms.config(hub.uri(), hub.platformKey("withdrawn"))
                     .webhookUrl(receiver.uri()).build())) {
            String hash = TestHub.randomHash(random);
            p.matcher().register(List.of(new ContentRegistration("stored/5", hash, 80, null, null)));
            ReportResponse r = hub.reportPdq(hash);
            await("match delivered", Duration.ofSeconds(20), () -> receiver.accepted().size() == 1);
            String id = receiver.accepted().get(0).body().get("takedownId").asText();
            hub.withdraw(r);
            await("withdrawal delivered", Duration.ofSeconds(20), () -> receiver.accepted().size() == 2);
            assertThat(receiver.accepted().get(1).body().get("event").asText()).isEqualTo("withdrawn");
            assertThat(p.matcher().takedown(id).state()).isEqualTo("WITHDRAWN");
            TestHub.Reply late = TestHub.post(URI.create(p.baseUri() + "/v1/takedowns/" + id + "/confirm"), null,
                    Map.of("decision", "Blocked"));
            assertThat(late.status()).isEqualTo(409);
            assertThat(late.json().get("detail").asText()).contains("withdrawn");
        }
    }

    @Test
    void contentMatchingSeveralSignalsOfOneReport_isOneWebhookCall_oneDecision_andOneCopyAtTheHub() {
        try (WebhookReceiver receiver = new WebhookReceiver(0);
             Platform p = Platform.start(Platforms.config(hub.uri(), hub.platformKey("Grouping Platform"))
                     .webhookUrl(receiver.uri()).build())) {
            receiver.secret(p.webhookSecret());
            String hash = TestHub.randomHash(random);
            p.matcher().register(List.of(new ContentRegistration("stored/group", hash, 90, null, null)));
            // a signal set whose three members all lie within the threshold of the stored picture
            ReportResponse r = hub.reportSignalSet(hash, flip(hash, 5), flip(hash, 11));
            await("three takedowns", Duration.ofSeconds(20), () -> p.matcher().takedowns("FOUND", null, 10).size() == 3);
            await("the webhook called", Duration.ofSeconds(20), () -> receiver.accepted().size() == 1);
            List<Takedown> found = p.matcher().takedowns("FOUND", null, 10);
            String lead = receiver.accepted().get(0).body().get("takedownId").asText();
            assertThat(found).filteredOn(t -> t.leadId() == null).extracting(Takedown::id).containsExactly(lead);
            assertThat(found).filteredOn(t -> t.leadId() != null).extracting(Takedown::leadId).containsOnly(lead).hasSize(2);
            assertThat(found).allSatisfy(t -> assertThat(t.webhook()).as("a follower shows its lead's delivery").isNotNull());

            // confirming any member decides the content: all three are blocked, each attested to the hub
            String follower = found.stream().filter(t -> t.leadId() != null).findFirst().orElseThrow().id();
            Instant removedAt = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            TestHub.Reply confirmed = TestHub.post(URI.create(p.baseUri() + "/v1/takedowns/" + follower + "/confirm"), null,
                    Map.of("decision", "Blocked", "removedAt", removedAt.toString()));
            assertThat(confirmed.status()).as(confirmed.raw()).isEqualTo(200);
            assertThat(p.matcher().takedowns("BLOCKED", null, 10)).hasSize(3);
            assertThat(p.matcher().takedowns("FOUND", null, 10)).isEmpty();
            await("removal at the hub", Duration.ofSeconds(20), () -> row(r, "Grouping Platform") != null
                    && "done".equals(row(r, "Grouping Platform").get("state").asText()));
            assertThat(row(r, "Grouping Platform").get("matches").asInt()).as("one file, one copy").isEqualTo(1);
            // deciding the lead again is harmless; the webhook heard of the content once
            assertThat(p.matcher().confirm(lead, FeedbackValue.BLOCKED, removedAt, Set.of()).state()).isEqualTo("BLOCKED");
            assertThat(receiver.accepted()).hasSize(1);
        }
    }

    @Test
    void withdrawnSignalSet_tellsTheWebhookOnce_forTheLead() {
        try (WebhookReceiver receiver = new WebhookReceiver(0);
             Platform p = Platform.start(Platforms.config(hub.uri(), hub.platformKey("group-withdrawn"))
                     .webhookUrl(receiver.uri()).build())) {
            String hash = TestHub.randomHash(random);
            p.matcher().register(List.of(new ContentRegistration("stored/group-w", hash, 90, null, null)));
            ReportResponse r = hub.reportSignalSet(hash, flip(hash, 7));
            await("two takedowns", Duration.ofSeconds(20), () -> p.matcher().takedowns("FOUND", null, 10).size() == 2);
            await("match delivered", Duration.ofSeconds(20), () -> receiver.accepted().size() == 1);
            String lead = receiver.accepted().get(0).body().get("takedownId").asText();
            hub.withdraw(r);
            await("both withdrawn", Duration.ofSeconds(20), () -> p.matcher().takedowns("WITHDRAWN", null, 10).size() == 2);
            await("withdrawal delivered", Duration.ofSeconds(20), () -> receiver.accepted().size() == 2);
            JsonNode w = receiver.accepted().get(1).body();
            assertThat(w.get("event").asText()).isEqualTo("withdrawn");
            assertThat(w.get("takedownId").asText()).isEqualTo(lead);
            quietFor(Duration.ofMillis(500));
            assertThat(receiver.accepted()).hasSize(2);
        }
    }

    private static void quietFor(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static JsonNode row(ReportResponse r, String platform) {
        for (JsonNode row : hub.caseStatus(r).get("platforms")) {
            if (row.get("platform").asText().equals(platform)) return row;
        }
        return null;
    }
}
