package org.reportonce.e2e.network;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reportonce.hashing.Hash256;
import org.reportonce.hashing.ImageHashing;
import org.reportonce.hashing.pdq.PdqHash;
import org.reportonce.network.DemoContent;
import org.reportonce.network.DemoContent.Edit;
import org.reportonce.network.DemoContent.Item;
import org.reportonce.network.DemoContent.ScenarioPicture;
import org.reportonce.network.DemoPlatform;
import org.reportonce.network.DemoPlatform.Spec;
import org.reportonce.network.LocalNetwork;
import org.reportonce.network.NetworkClient;
import org.reportonce.network.RemovalWatch;
import org.reportonce.network.TakedownEvent;
import org.reportonce.network.TakedownEvent.Kind;
import org.reportonce.platform.SignalInfo;
import org.reportonce.protocol.ReportResponse;
import org.reportonce.protocol.SignalChange.SignalStatus;
import org.reportonce.protocol.SignalType;

/**
 * The central promise, end to end over real HTTP: the hub and three platforms (each a real matcher
 * with its own database, content folder and takedown system), a user reports a picture once at
 * Chirp, and every copy on every platform — edited ones included — is taken down, attested and
 * shown to the case holder and the regulator; withdrawing the case deletes the signal everywhere.
 */
class ReportOnceRemovedEverywhereTest {

    static final Duration PATIENCE = Duration.ofSeconds(90);

    @TempDir Path data;

    @Test
    void reportAtOnePlatform_isFoundAndRemovedAtEveryPlatform_thenWithdrawalDeletesTheSignalEverywhere() throws Exception {
        try (LocalNetwork net = LocalNetwork.start(Networks.config(data, Clock.systemUTC(), true).build());
             NetworkClient client = new NetworkClient(net.hubUri())) {
            DemoPlatform chirp = net.platform(Spec.CHIRP);
            ScenarioPicture pic = net.nextScenarioPicture();
            byte[] image = Files.readAllBytes(chirp.file(pic.original().contentReference()));

            // 1. a Chirp user reports the picture through Chirp's report form
            long t0 = System.nanoTime();
            ReportResponse report = client.reportAtPlatform(chirp.matcherUri(), image, pic.original().contentReference(), "e2e");
            assertThat(report.refused()).isEmpty();
            Map<SignalType, Long> byType = report.signals().stream()
                    .collect(Collectors.groupingBy(ReportResponse.AcceptedSignal::type, Collectors.counting()));
            assertThat(byType.get(SignalType.PDQ)).as("the picture's signal set, not just its plain PDQ").isGreaterThan(1);
            assertThat(byType).containsKeys(SignalType.MD5, SignalType.SHA256);
            List<Long> ids = report.signals().stream().map(ReportResponse.AcceptedSignal::signalId).toList();

            // 2. every platform receives every signal
            for (DemoPlatform p : net.platforms()) awaitBank(p, ids, SignalStatus.ACTIVE);

            // 3. the hub records removal at every platform
            Map<DemoPlatform, JsonNode> rows = RemovalWatch.await(client, net.platforms(), ids.get(0), PATIENCE,
                    Duration.ofMillis(25), null);
            Duration latency = Duration.ofNanos(System.nanoTime() - t0);
            System.out.printf("report -> removed at every platform (hub's view): %.3f s (hub on %s)%n",
                    latency.toNanos() / 1e9, Networks.onPostgres() ? "PostgreSQL" : "H2");
            rows.forEach((p, row) -> assertThat(row.path("state").asText()).as(p.name()).isEqualTo("done"));

            // 4. the copies were found and quarantined by each platform's own takedown system
            Set<String> quarantined = new java.util.HashSet<>();
            for (Item item : pic.all()) {
                DemoPlatform p = net.platform(item.platform());
                Path in = p.file(item.contentReference());
                Path out = p.quarantineDir().resolve(p.contentDir().relativize(in));
                if (Files.exists(out)) {
                    assertThat(in).doesNotExist();
                    quarantined.add(item.edit().name());
                }
                System.out.printf("  %-9s %-30s %-40s %s%n", p.name(), item.contentReference(), item.edit().description(),
                        Files.exists(out) ? "taken down" : "still up");
            }
            assertThat(quarantined).as("taken down").containsExactlyInAnyOrder(Edit.ORIGINAL.name(), Edit.RECOMPRESSED.name(),
                    Edit.MIRRORED.name(), Edit.CROPPED.name(), Edit.FRAMED.name());
            for (DemoPlatform p : net.platforms()) {
                List<TakedownEvent> events = p.takedowns().events();
                assertThat(events).extracting(TakedownEvent::kind).doesNotContain(Kind.REFUSED, Kind.FAILED);
                assertThat(events).extracting(TakedownEvent::kind).contains(Kind.WEBHOOK_RECEIVED, Kind.QUARANTINED, Kind.CONFIRMED);
            }

            // the cropped copy is one plain PDQ would have missed: the signal set is what caught it
            Item cropped = pic.copies().stream().filter(i -> i.edit() == Edit.CROPPED).findFirst().orElseThrow();
            DemoPlatform pixhost = net.platform(Spec.PIXHOST);
            byte[] croppedBytes = Files.readAllBytes(pixhost.quarantineDir().resolve(
                    pixhost.contentDir().relativize(pixhost.file(cropped.contentReference()))));
            Hash256 plain = Hash256.fromHex(report.signals().stream().filter(s -> s.type() == SignalType.PDQ).findFirst().orElseThrow().value());
            int plainDistance = ImageHashing.pdqDihedral(croppedBytes).hashes().stream().map(PdqHash::hash)
                    .mapToInt(plain::distance).min().orElseThrow();
            assertThat(plainDistance).as("distance of the 8 %% crop to the plain hash").isGreaterThan(31);

            // nothing unrelated was touched
            for (Item item : DemoContent.unrelated()) {
                assertThat(net.platform(item.platform()).file(item.contentReference())).as("unreported %s", item).exists();
            }

            // 5. the case holder sees every platform's status
            JsonNode status = client.caseStatus(report.caseNumber(), report.pin());
            assertThat(status.path("status").asText()).isEqualTo("active");
            List<String> shown = new ArrayList<>();
            for (JsonNode row : status.path("platforms")) {
                shown.add(row.path("platform").asText());
                assertThat(row.path("deliveredAt").isNull()).isFalse();
                assertThat(row.path("removedAt").isNull()).as(row.toString()).isFalse();
                assertThat(row.path("state").asText()).isEqualTo("done");
                assertThat(row.path("outcome").asText()).isEqualTo("removed");
            }
            assertThat(shown).containsExactlyInAnyOrder("Chirp", "Threadly", "Pixhost");

            // 6. the regulator's export shows the report removed within 48 h everywhere, without hash values
            Instant from = report.reportedAt().minus(Duration.ofHours(1));
            Instant to = Instant.now().plus(Duration.ofMinutes(1));
            JsonNode reg = client.regulatorReport(net.regulatorKey(), from, to);
            assertThat(reg.path("platforms")).hasSize(3);
            for (JsonNode f : reg.path("platforms")) {
                assertThat(f.path("reports").asInt()).as(f.toString()).isEqualTo(1);
                assertThat(f.path("removed").asInt()).as(f.toString()).isEqualTo(1);
                assertThat(f.path("removedWithin48h").asInt()).as(f.toString()).isEqualTo(1);
                assertThat(f.path("shareRemovedWithin48h").asDouble()).as(f.toString()).isEqualTo(1.0);
                assertThat(f.path("breaches").asInt()).isZero();
            }
            String csv = client.regulatorCsv(net.regulatorKey(), from, to);
            assertThat(csv.lines().skip(1)).hasSize(3).allSatisfy(line -> assertThat(line.split(",")[7]).isEqualTo("1"));
            for (ReportResponse.AcceptedSignal s : report.signals()) {
                assertThat(csv).doesNotContain(s.value());
                assertThat(reg.toString()).doesNotContain(s.value());
            }

            // 7. the case holder withdraws; every platform deletes every signal of the case
            JsonNode withdrawn = client.withdraw(report.caseNumber(), report.pin());
            assertThat(withdrawn.path("status").asText()).isEqualTo("withdrawn");
            for (DemoPlatform p : net.platforms()) awaitBank(p, ids, SignalStatus.DELETED);
            assertThat(chirp.matcher().matcher().matchImage(image, org.reportonce.platform.MatchOptions.DEFAULT).matched())
                    .as("a withdrawn picture no longer matches an upload").isFalse();
        }
    }

    /** Waits until the platform's bank holds every signal in {@code status}. */
    static void awaitBank(DemoPlatform p, List<Long> ids, SignalStatus status) throws InterruptedException {
        long until = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            List<Long> missing = ids.stream().filter(id -> {
                SignalInfo s = p.matcher().signal(id);
                return s == null || s.status() != status;
            }).toList();
            if (missing.isEmpty()) return;
            assertThat(System.nanoTime()).as("%s: signals %s not %s within %s", p.name(), missing, status, PATIENCE).isLessThan(until);
            Thread.sleep(20);
        }
    }
}
