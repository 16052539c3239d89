package org.reportonce.network;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.reportonce.network.DemoContent.Item;
import org.reportonce.network.DemoContent.ScenarioPicture;
import org.reportonce.network.DemoPlatform.Spec;
import org.reportonce.protocol.ReportResponse;
import org.reportonce.protocol.SignalType;

/**
 * The scripted story of {@code reportonce up --scenario}: a Chirp user reports one of Chirp's
 * pictures through Chirp's own report form, and the narration follows it to Threadly and Pixhost —
 * each matcher receiving the signals, finding its copies (edited ones included), its takedown system
 * quarantining them, and the hub recording each removal — with times from the moment of the report.
 * It ends with the case as its holder sees it (case number and PIN).
 */
public final class Scenario {

    /**
     * What happened.
     *
     * @param reportToRemovedEverywhere from sending the report until the hub showed removal at every platform
     * @param removedSeenAfter          per platform, when the hub was first seen showing its removal
     * @param found                     the copies taken down (files now in quarantine)
     * @param missed                    the copies still in place
     * @param caseStatus                the case holder's view at the end
     */
    public record Result(ScenarioPicture picture, ReportResponse report, Duration reportToRemovedEverywhere,
                         Map<DemoPlatform, Duration> removedSeenAfter, List<Item> found, List<Item> missed, JsonNode caseStatus) {}

    private final LocalNetwork net;
    private final PrintStream out;
    private final Duration timeout;
    private final Object printLock = new Object();
    private long t0;

    public Scenario(LocalNetwork net, PrintStream out, Duration timeout) {
        this.net = net;
        this.out = out;
        this.timeout = timeout;
    }

    public Result run() throws TimeoutException, InterruptedException {
        ScenarioPicture pic = net.nextScenarioPicture();
        DemoPlatform chirp = net.platform(Spec.CHIRP);
        out.println();
        out.println("Scenario: a " + chirp.name() + " user reports " + pic.original().contentReference()
                + " through " + chirp.name() + "'s report form.");
        out.println("Before the report, the picture is on three platforms:");
        for (Item item : pic.all()) {
            out.printf(Locale.ROOT, "  %-9s %-32s %s%n", net.platform(item.platform()).name(), item.contentReference(),
                    item.edit().description());
        }
        out.println();

        byte[] image;
        try {
            image = Files.readAllBytes(chirp.file(pic.original().contentReference()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the picture to report: " + e.getMessage(), e);
        }
        Consumer<TakedownEvent> narrate = this::narrate;
        net.platforms().forEach(p -> p.takedowns().addListener(narrate));
        List<Thread> watchers = new ArrayList<>();
        try (NetworkClient client = new NetworkClient(net.hubUri())) {
            t0 = System.nanoTime();
            say("", chirp.name(), "the user reports " + pic.original().contentReference()
                    + "; Chirp's matcher hashes it and forwards the hashes (never the picture) to the hub");
            ReportResponse report = client.reportAtPlatform(chirp.matcherUri(), image, pic.original().contentReference(),
                    "reported on " + chirp.name());
            say("", "hub", "case " + report.caseNumber() + " opened: " + describe(report) + "; deadline " + report.deadline());
            Set<Long> ids = new HashSet<>();
            report.signals().forEach(s -> ids.add(s.signalId()));
            for (DemoPlatform p : net.platforms()) watchers.add(Thread.ofVirtual().start(() -> watchSync(p, ids)));

            Map<DemoPlatform, Duration> seen = new java.util.LinkedHashMap<>();
            RemovalWatch.await(client, net.platforms(), report.signals().get(0).signalId(), timeout, Duration.ofMillis(50),
                    (p, row) -> {
                        seen.put(p, Duration.ofNanos(System.nanoTime() - t0));
                        say("", "hub", p.name() + "'s removal attested (" + row.path("matches").asInt() + " cop"
                                + (row.path("matches").asInt() == 1 ? "y" : "ies") + " found and removed); its clock: "
                                + row.path("state").asText());
                    });
            Duration everywhere = Duration.ofNanos(System.nanoTime() - t0);
            quiet(Duration.ofMillis(500));
            out.println();
            out.printf(Locale.ROOT, "Report -> removed at every platform (as the hub records it): %.3f s%n", everywhere.toNanos() / 1e9);

            List<Item> found = new ArrayList<>();
            List<Item> missed = new ArrayList<>();
            for (Item item : pic.all()) {
                DemoPlatform p = net.platform(item.platform());
                (Files.exists(p.file(item.contentReference())) ? missed : found).add(item);
            }
            if (!missed.isEmpty()) {
                out.println("Still in place (not matched):");
                for (Item item : missed) {
                    out.printf(Locale.ROOT, "  %-9s %-32s %s%n", net.platform(item.platform()).name(), item.contentReference(),
                            item.edit().description());
                }
            }

            JsonNode status = client.caseStatus(report.caseNumber(), report.pin());
            printCase(status, report);
            return new Result(pic, report, everywhere, seen, found, missed, status);
        } finally {
            net.platforms().forEach(p -> p.takedowns().removeListener(narrate));
            watchers.forEach(Thread::interrupt);
        }
    }

    private void watchSync(DemoPlatform p, Set<Long> ids) {
        long until = System.nanoTime() + timeout.toNanos();
        try {
            while (System.nanoTime() < until) {
                if (ids.stream().allMatch(id -> p.matcher().signal(id) != null)) {
                    say("", p.name(), "matcher has the " + ids.size() + " signals in its bank and searched its stored content");
                    return;
                }
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void narrate(TakedownEvent e) {
        String what = switch (e.kind()) {
            case WEBHOOK_RECEIVED -> "matcher found " + e.contentReference() + " (distance " + e.distance()
                    + (e.variant() == null ? "" : ", " + e.variant()) + ") and called the takedown webhook";
            case QUARANTINED -> "takedown system: " + e.contentReference() + " " + e.detail();
            case CONFIRMED -> "takedown system confirmed the removal to its matcher, which attests it to the hub";
            case WITHDRAWN -> "takedown system told: report withdrawn before a decision";
            case REFUSED -> "takedown system refused a call: " + e.detail();
            case FAILED -> "takedown system failed: " + e.detail();
        };
        say("", e.platform(), what);
    }

    private void say(String indent, String who, String what) {
        double s = (System.nanoTime() - t0) / 1e9;
        synchronized (printLock) {
            out.printf(Locale.ROOT, "%s  +%7.3f s  %-9s %s%n", indent, s, who, what);
        }
    }

    /** Waits until no takedown system has done anything for {@code gap}, so late events print before the summary. */
    private void quiet(Duration gap) throws InterruptedException {
        int before = -1;
        while (true) {
            int n = net.platforms().stream().mapToInt(p -> p.takedowns().events().size()).sum();
            if (n == before) return;
            before = n;
            Thread.sleep(gap.toMillis());
        }
    }

    private static String describe(ReportResponse r) {
        long pdq = r.signals().stream().filter(s -> s.type() == SignalType.PDQ).count();
        long exact = r.signals().size() - pdq;
        String s = r.signals().size() + " signals (" + pdq + " PDQ: the picture and its edit-anticipating variants; "
                + exact + " exact: MD5, SHA-256)";
        if (!r.refused().isEmpty()) s += ", " + r.refused().size() + " refused";
        return s;
    }

    private void printCase(JsonNode status, ReportResponse report) {
        Instant reported = Instant.parse(status.path("reportedAt").asText());
        out.println();
        out.println("The case as its holder sees it (case number " + report.caseNumber() + ", PIN " + report.pin()
                + "; also at " + net.hubUri().resolve("/case.html") + "):");
        out.println("  status " + status.path("status").asText() + ", reported " + reported + ", deadline "
                + status.path("deadline").asText());
        out.printf(Locale.ROOT, "  %-10s %-11s %-11s %-11s %-8s %s%n", "platform", "delivered", "matched", "removed", "copies", "48-hour clock");
        for (JsonNode row : status.path("platforms")) {
            out.printf(Locale.ROOT, "  %-10s %-11s %-11s %-11s %-8s %s%n", row.path("platform").asText(),
                    after(reported, row.path("deliveredAt")), after(reported, row.path("matchedAt")),
                    after(reported, row.path("removedAt")), row.path("matches").asInt(), row.path("state").asText());
        }
        out.println("  (times after the report, by the hub's clock)");
    }

    private static String after(Instant reported, JsonNode t) {
        if (t.isNull() || t.isMissingNode()) return "-";
        return String.format(Locale.ROOT, "+%.3f s", Duration.between(reported, Instant.parse(t.asText())).toNanos() / 1e9);
    }
}
