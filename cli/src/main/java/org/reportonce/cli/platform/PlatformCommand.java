package org.reportonce.cli.platform;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.reportonce.platform.ContentImport;
import org.reportonce.platform.ContentScanner;
import org.reportonce.platform.Platform;
import org.reportonce.platform.PlatformConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code reportonce platform ...}: run a platform's matcher and feed it the platform's stored content. */
@Command(
        name = "platform",
        mixinStandardHelpOptions = true,
        description = "Run the matcher a platform keeps beside its upload pipeline, and register stored content with it.",
        subcommands = {PlatformCommand.Serve.class, PlatformCommand.Scan.class, PlatformCommand.Import.class})
public final class PlatformCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = {"Follow the hub's signals, serve the matching API and call the takedown webhook, until stopped (Ctrl-C).",
                    "API: POST /v1/match, /v1/content, /v1/takedowns/{id}/confirm, /v1/user-reports; /health, /metrics, /openapi.json."})
    static final class Serve implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--hub", required = true, paramLabel = "URL", description = "The hub's base URL, e.g. http://localhost:8080")
        URI hub;

        @Option(names = "--key", paramLabel = "KEY", defaultValue = "${env:REPORTONCE_PLATFORM_KEY}",
                description = "This platform's hub API key (default: the REPORTONCE_PLATFORM_KEY environment variable, "
                        + "which keeps it out of the process list).")
        String key;

        @Option(names = "--webhook", paramLabel = "URL", description = "The platform's takedown webhook (signed POST per match).")
        URI webhook;

        @Option(names = "--webhook-secret", paramLabel = "SECRET", defaultValue = "${env:REPORTONCE_WEBHOOK_SECRET}",
                description = "HMAC-SHA256 key of the webhook signature, at least 16 characters (default: "
                        + "REPORTONCE_WEBHOOK_SECRET, else one generated and kept in the data folder, printed at start).")
        String webhookSecret;

        @Option(names = "--data", paramLabel = "DIR", defaultValue = "reportonce-data/platform",
                description = "Folder of the matcher's embedded database (default: ${DEFAULT-VALUE}).")
        Path data;

        @Option(names = "--port", defaultValue = "8090", description = "HTTP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
        int port;

        @Option(names = "--host", defaultValue = "127.0.0.1",
                description = "Interface to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for all).")
        String host;

        @Option(names = "--threshold", defaultValue = "31", description = "Largest PDQ distance that is a match (default: ${DEFAULT-VALUE}).")
        int threshold;

        @Option(names = "--access-token", paramLabel = "TOKEN", defaultValue = "${env:REPORTONCE_MATCHER_TOKEN}",
                description = "Require 'Authorization: Bearer TOKEN' on the matcher's API (default: REPORTONCE_MATCHER_TOKEN; none).")
        String accessToken;

        @Option(names = "--sticker-gate", defaultValue = "false",
                description = "Send JPEG uploads that may carry a sticker to the full decode, which adds the sticker/orig "
                        + "look-up (default: ${DEFAULT-VALUE}; costs ~2.7x the CPU on the ~12 %% of uploads it picks).")
        boolean stickerGate;

        @Option(names = "--public-url", paramLabel = "URL",
                description = "How the platform's systems reach this matcher (used in the webhook's confirm link).")
        URI publicUrl;

        @Override
        public Integer call() throws Exception {
            if (key == null || key.isBlank()) {
                throw new ParameterException(spec.commandLine(), "--key (or REPORTONCE_PLATFORM_KEY) is required: the platform's hub API key");
            }
            PlatformConfig config;
            try {
                config = PlatformConfig.builder(hub, key).webhook(webhook, blankToNull(webhookSecret)).dataDir(data)
                        .port(port).host(host).pdqThreshold(threshold).accessToken(blankToNull(accessToken))
                        .publicUri(publicUrl).stickerGate(stickerGate).build();
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            Platform platform = Platform.start(config);
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                platform.close();
                stopped.countDown();
            }, "matcher-shutdown"));
            System.out.println("ReportOnce matcher listening on " + platform.baseUri() + ", following " + hub
                    + " (bank in " + data.toAbsolutePath() + ")");
            if (webhook != null) {
                System.out.println("takedown webhook: " + webhook + (webhookSecret == null || webhookSecret.isBlank()
                        ? "   signing secret: " + platform.webhookSecret() : ""));
            }
            System.out.println("API: " + platform.baseUri() + "/openapi.json   health: " + platform.baseUri() + "/health   Ctrl-C stops.");
            stopped.await();
            return 0;
        }
    }

    @Command(name = "scan", mixinStandardHelpOptions = true,
            description = {"Hash every file under DIR and register it with a running matcher as stored content, "
                    + "so signals arriving later find it. Resumable: files done are remembered in a state file."})
    static final class Scan implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "DIR", description = "Folder of the platform's content; references are paths under it.")
        Path dir;

        @Mixin
        MatcherTarget target;

        @Option(names = "--state", paramLabel = "FILE",
                description = "Where finished files are remembered (default: DIR/" + ".reportonce-scan.tsv).")
        Path state;

        @Option(names = "--threads", description = "Files hashed in parallel (default: the number of cores).")
        Integer threads;

        @Option(names = "--max-image-bytes", defaultValue = "52428800",
                description = "Larger files are registered by MD5/SHA-256 only (default: ${DEFAULT-VALUE}).")
        long maxImageBytes;

        @Override
        public Integer call() {
            if (!java.nio.file.Files.isDirectory(dir)) {
                throw new ParameterException(spec.commandLine(), dir + " is not a folder");
            }
            Path stateFile = state != null ? state : ContentScanner.defaultStateFile(dir);
            int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
            PrintWriter err = spec.commandLine().getErr();
            ProgressBar bar = new ProgressBar(err, "files");
            ContentScanner.Summary s = new ContentScanner(maxImageBytes, n)
                    .scan(dir, stateFile, target.register(), bar::update);
            bar.done();
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%d files: %d registered (%d by MD5/SHA-256 only), %d already done, %d failed; %d matched a signal%n",
                    s.found(), s.registered(), s.exactOnly(), s.skippedAlreadyDone(), s.failed(), s.matches());
            s.errors().forEach(e -> err.println("failed: " + e));
            out.flush();
            return s.failed() == 0 ? 0 : 1;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Register stored content from a hash file: one line per item, tab-separated: "
                    + "contentReference, pdq, quality[, md5[, sha256]] (empty fields allowed; # comments)."})
    static final class Import implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "The TSV file.")
        Path file;

        @Mixin
        MatcherTarget target;

        @Override
        public Integer call() {
            if (!java.nio.file.Files.isRegularFile(file)) {
                throw new ParameterException(spec.commandLine(), file + " is not a file");
            }
            PrintWriter err = spec.commandLine().getErr();
            ProgressBar bar = new ProgressBar(err, "bytes");
            ContentImport.Result r = ContentImport.importFile(file, target.register(), bar::update);
            bar.done();
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%d lines: %d items registered, %d refused; %d matched a signal%n",
                    r.lines(), r.registered(), r.errors().size(), r.matches());
            r.errors().forEach(e -> err.println("refused: " + e));
            out.flush();
            return r.errors().isEmpty() ? 0 : 1;
        }
    }

    /** The running matcher that scan and import register content with. */
    static final class MatcherTarget {
        @Option(names = "--matcher", defaultValue = "http://127.0.0.1:8090", paramLabel = "URL",
                description = "The running matcher (default: ${DEFAULT-VALUE}).")
        URI matcher;

        @Option(names = "--access-token", paramLabel = "TOKEN", defaultValue = "${env:REPORTONCE_MATCHER_TOKEN}",
                description = "The matcher's access token, if it has one.")
        String accessToken;

        ContentScanner.Sink register() {
            return ContentScanner.http(matcher, blankToNull(accessToken));
        }
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** A one-line bar on stderr, only when stderr is a terminal; at most 10 redraws a second. */
    static final class ProgressBar {
        private static final int WIDTH = 30;
        private final PrintWriter err;
        private final String unit;
        private final boolean enabled = System.console() != null;
        private final long started = System.nanoTime();
        private long lastDraw;

        ProgressBar(PrintWriter err, String unit) {
            this.err = err;
            this.unit = unit;
        }

        void update(long done, long total) {
            if (!enabled || total <= 0) return;
            long now = System.nanoTime();
            if (done < total && now - lastDraw < 100_000_000L) return;
            lastDraw = now;
            int filled = (int) (WIDTH * Math.min(done, total) / total);
            double secs = Math.max(1e-3, (now - started) / 1e9);
            err.printf("\r[%s%s] %d/%d %s  %.1f/s ", "#".repeat(filled), " ".repeat(WIDTH - filled), done, total, unit, done / secs);
            err.flush();
        }

        void done() {
            if (enabled) {
                err.print("\r" + " ".repeat(WIDTH + 50) + "\r");
                err.flush();
            }
        }
    }
}
