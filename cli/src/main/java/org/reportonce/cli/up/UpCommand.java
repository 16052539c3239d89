package org.reportonce.cli.up;

import ch.qos.logback.classic.Level;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.reportonce.network.DemoPlatform;
import org.reportonce.network.EndToEndLoad;
import org.reportonce.network.LocalNetwork;
import org.reportonce.network.NetworkConfig;
import org.reportonce.network.Scenario;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code reportonce up}: a whole report-once network on this machine — the hub with the portal and
 * dashboards, and three demo platforms with their matchers, content and takedown systems — on the
 * embedded database and free local ports, until Ctrl-C. The work is done by
 * {@link LocalNetwork}; this class parses options and prints.
 */
@Command(
        name = "up",
        mixinStandardHelpOptions = true,
        description = {
            "Run a whole report-once network here: the hub (portal, dashboards, API) and three demo platforms "
                    + "(Chirp, a social network; Threadly, a forum; Pixhost, an image host), each with its matcher, "
                    + "a content folder of generated pictures and a takedown system. Prints the URLs and demo keys; "
                    + "Ctrl-C stops everything.",
            "With --scenario, a Chirp user reports one of Chirp's pictures and the command narrates what happens "
                    + "at Threadly and Pixhost, with times."})
public final class UpCommand implements Callable<Integer> {

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "reportonce-data",
            description = "The one folder holding all of the network's data (default: ${DEFAULT-VALUE}). "
                    + "Starting again on it resumes where it stopped.")
    Path data;

    @Option(names = "--reset", description = "Delete the data folder first and start a new network.")
    boolean reset;

    @Option(names = "--scenario", description = "Once up, file a report at Chirp as a user would and narrate what happens.")
    boolean scenario;

    @Option(names = "--once", description = "Stop after the scenario (or --measure) instead of running until Ctrl-C.")
    boolean once;

    @Option(names = "--measure", paramLabel = "N",
            description = "File N reports one after another and print the report -> removed-everywhere latency "
                    + "(p50, p95), then stop.")
    Integer measure;

    @Option(names = "--port", defaultValue = "0", description = "The hub's HTTP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--db", paramLabel = "JDBC-URL",
            description = "Run the hub on this database (e.g. jdbc:postgresql://localhost/reportonce?user=hub) "
                    + "instead of the embedded one in the data folder.")
    String jdbcUrl;

    @Option(names = "--timeout", defaultValue = "60s", paramLabel = "DURATION",
            description = "How long the scenario waits for removal everywhere, e.g. 30s, 2m (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = {"-v", "--verbose"}, description = "Log what every part does (on stderr).")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        Duration wait = parseDuration(timeout);
        if (measure != null && measure < 1) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--measure must be at least 1 report, got " + measure);
        }
        quietLogs(!verbose);
        if (reset) {
            LocalNetwork.reset(data);
            out.println("Deleted " + data.toAbsolutePath().normalize() + "; starting a new network.");
        }
        boolean fresh = !Files.exists(data.resolve("network.properties"));
        if (fresh) out.println("Starting a new network in " + data.toAbsolutePath().normalize() + " (generating and registering the demo pictures)...");
        long t0 = System.nanoTime();
        LocalNetwork net = LocalNetwork.start(NetworkConfig.builder(data).hubJdbcUrl(jdbcUrl).hubPort(port).build());
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            net.close();
            stopped.countDown();
        }, "network-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        printWelcome(out, net, (System.nanoTime() - t0) / 1e9);

        if (measure != null) {
            out.println();
            out.println("Measuring report -> removed at every platform over " + measure + " reports...");
            EndToEndLoad.Summary s = EndToEndLoad.run(net, measure, wait, out);
            out.println(s.describe());
            out.println("(hub database: " + (jdbcUrl == null ? "embedded H2" : "PostgreSQL") + ")");
            return stop(net, hook);
        }
        if (scenario) {
            new Scenario(net, out, wait).run();
            if (once) return stop(net, hook);
        }
        out.println();
        if (System.console() != null) {
            out.println("Press Enter to run the scenario (again), Ctrl-C to stop.");
            Thread.ofPlatform().daemon().name("scenario-on-enter").start(() -> scenarioOnEnter(net, out, wait));
        } else {
            out.println("Running. Ctrl-C stops the network.");
        }
        stopped.await();
        return 0;
    }

    private static int stop(LocalNetwork net, Thread hook) {
        net.close();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook closes the network (a second close is harmless)
        }
        return 0;
    }

    private static void scenarioOnEnter(LocalNetwork net, PrintStream out, Duration wait) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            while (in.readLine() != null) {
                try {
                    new Scenario(net, out, wait).run();
                } catch (Exception e) {
                    out.println("The scenario failed: " + e.getMessage());
                }
                out.println();
                out.println("Press Enter to run the scenario again, Ctrl-C to stop.");
            }
        } catch (IOException e) {
            // stdin closed: keep running until Ctrl-C
        }
    }

    private static void printWelcome(PrintStream out, LocalNetwork net, double seconds) {
        String hub = net.hubUri().toString();
        out.println();
        out.printf(Locale.ROOT, "ReportOnce network up in %.1f s. Data: %s%n", seconds, net.dataDir());
        out.println();
        out.println("Hub            " + hub + "          portal: report an image (it is hashed in your browser)");
        out.println("               " + hub + "case.html check a case (case number + PIN)");
        for (String[] page : List.of(new String[] {"support.html", "support service: file reports, caseload"},
                new String[] {"dashboards/platform.html", "platform dashboard"},
                new String[] {"dashboards/regulator.html", "regulator dashboard"},
                new String[] {"dashboards/operator.html", "operator dashboard"})) {
            if (UpCommand.class.getClassLoader().getResource("web/" + page[0]) != null) {
                out.printf(Locale.ROOT, "               %s%s  %s%n", hub, page[0], page[1]);
            }
        }
        out.println("               " + hub + "openapi.json  the API (OpenAPI); " + hub + "metrics  Prometheus");
        out.println();
        out.println("Demo keys (send as 'Authorization: Bearer KEY', or paste into a dashboard):");
        out.println("  operator          " + net.operatorKey());
        out.println("  regulator         " + net.regulatorKey());
        out.println("  support service   " + net.supportServiceKey());
        out.println();
        out.println("Platforms (matcher API, hub key, content folder):");
        for (DemoPlatform p : net.platforms()) {
            out.printf(Locale.ROOT, "  %-9s %-15s %s%n", p.name(), "(" + p.spec().kind() + ")", p.matcherUri());
            out.printf(Locale.ROOT, "  %-25s key %s%n", "", p.apiKey());
            out.printf(Locale.ROOT, "  %-25s %s (%d files; taken-down files go to quarantine/)%n", "", p.contentDir(), count(p.contentDir()));
        }
        out.println();
        out.println("Try: curl -H 'Authorization: Bearer " + net.regulatorKey() + "' " + hub + "v1/regulator/report");
    }

    private static long count(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Accepts 90s, 2m, 1h, or ISO-8601 (PT90S). */
    static Duration parseDuration(String s) {
        String v = s.strip().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("pt")) return Duration.parse(v.toUpperCase(Locale.ROOT));
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            Duration d = switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> null;
            };
            if (d != null && !d.isNegative() && !d.isZero()) return d;
        } catch (RuntimeException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("--timeout must be a positive duration such as 30s, 2m or PT90S, got '" + s + "'");
    }

    /** The narration is the output; the parts' own INFO logs would drown it. */
    private static void quietLogs(boolean quiet) {
        if (LoggerFactory.getLogger("org.reportonce") instanceof ch.qos.logback.classic.Logger l) {
            l.setLevel(quiet ? Level.WARN : Level.INFO);
        }
    }
}
