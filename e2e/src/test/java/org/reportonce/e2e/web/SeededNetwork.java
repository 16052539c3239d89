package org.reportonce.e2e.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.reportonce.hub.Hub;
import org.reportonce.hub.Role;
import org.reportonce.protocol.Declarations;
import org.reportonce.protocol.FeedbackRequest;
import org.reportonce.protocol.FeedbackValue;
import org.reportonce.protocol.ReportRequest;
import org.reportonce.protocol.SignalInput;
import org.reportonce.protocol.SignalType;
import org.reportonce.protocol.TakedownAttestation;
import org.reportonce.testing.MovableClock;

/**
 * Real activity on the shared hub, made through its HTTP API as members would, so the dashboards
 * have something true to show: two platforms that sync, report (their users' reports, with past
 * report times so one deadline is missed and one is at risk), review, dispute and remove.
 */
final class SeededNetwork {
    final String suffix;
    final String platformA;
    final String platformB;
    final String keyA;
    final String keyB;
    final String regulatorKey;
    final String operatorKey;
    final String supportKey;
    final String supportName;
    final Map<String, Long> signalOf = new HashMap<>();

    SeededNetwork(Hub hub, MovableClock clock) {
        suffix = Integer.toString(new Random().nextInt(9000) + 1000);
        platformA = "Pixelgram " + suffix;
        platformB = "Forumly " + suffix;
        supportName = "Helpline " + suffix;
        keyA = hub.createApiKey(hub.createMember(platformA, Role.PLATFORM).id());
        keyB = hub.createApiKey(hub.createMember(platformB, Role.PLATFORM).id());
        regulatorKey = hub.createApiKey(hub.createMember("Regulator " + suffix, Role.REGULATOR).id());
        operatorKey = hub.createApiKey(hub.createMember("Operator " + suffix, Role.OPERATOR).id());
        supportKey = hub.createApiKey(hub.createMember(supportName, Role.SUPPORT_SERVICE).id());

        HubClient a = new HubClient(hub.baseUri(), keyA);
        HubClient b = new HubClient(hub.baseUri(), keyB);
        HubClient anonymous = new HubClient(hub.baseUri(), null);
        Random random = new Random(Long.parseLong(suffix));

        // t0: a report nobody removes (missed by t0+50h); t0+10h: one not removed (at risk at t0+50h);
        // t0+50h: one on time, one removed within the hour, one both platforms say is not intimate.
        report(anonymous, "breached", null, random);
        sync(a);
        sync(b);
        // a finds a copy at once but never confirms its removal: that is what misses a deadline
        a.post("/v1/takedowns", new TakedownAttestation(signalOf.get("breached"), "video/" + suffix, 2, clock.instant(), null));
        clock.advance(Duration.ofHours(10));
        report(a, "at-risk", null, random);
        sync(a);
        sync(b);
        clock.advance(Duration.ofHours(40));
        report(anonymous, "on-time", null, random);
        report(anonymous, "removed", null, random);
        report(anonymous, "disputed", null, random);
        sync(a);
        sync(b);
        clock.advance(Duration.ofMinutes(90));
        Instant now = clock.instant();

        a.post("/v1/feedback", new FeedbackRequest(signalOf.get("on-time"), FeedbackValue.PENDING_REVIEW, Set.of()));
        for (HubClient p : List.of(a, b)) {
            p.post("/v1/feedback", new FeedbackRequest(signalOf.get("disputed"), FeedbackValue.NOT_BLOCKED, Set.of("not-intimate")));
            p.post("/v1/takedowns", new TakedownAttestation(signalOf.get("removed"), "item/" + suffix, 3,
                    now.minus(Duration.ofMinutes(60)), now.minus(Duration.ofMinutes(30))));
        }
        a.post("/v1/takedowns", new TakedownAttestation(signalOf.get("at-risk"), "post/" + suffix, 0, now.minus(Duration.ofMinutes(5)), null));
        sync(a); // a's last contact is now; b's is 90 minutes ago
    }

    private void report(HubClient as, String name, Instant reportedAt, Random random) {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < 64; i++) hex.append(Character.forDigit(random.nextInt(16), 16));
        ReportRequest request = new ReportRequest(new Declarations(true, true, true), reportedAt,
                List.of(new ReportRequest.Item("Image 1", List.of(new SignalInput(SignalType.PDQ, hex.toString(), 100)))), null);
        JsonNode response = as.post("/v1/reports", request);
        signalOf.put(name, response.path("signals").get(0).path("signalId").asLong());
    }

    /** Fetches every change, then acknowledges the checkpoint (the hub records delivery on the next call). */
    private static void sync(HubClient platform) {
        long after = 0;
        List<Long> seen = new ArrayList<>();
        while (true) {
            JsonNode page = platform.get("/v1/signals?after=" + after + "&limit=10000");
            for (JsonNode c : page.path("changes")) seen.add(c.path("seq").asLong());
            after = page.path("next").asLong();
            if (!page.path("hasMore").asBoolean()) break;
        }
        platform.get("/v1/signals?after=" + after + "&limit=1");
    }
}
