package org.reportonce.network;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.reportonce.hub.Hub;
import org.reportonce.hub.HubConfig;
import org.reportonce.hub.Member;
import org.reportonce.hub.Role;
import org.reportonce.network.DemoContent.Item;
import org.reportonce.network.DemoContent.ScenarioPicture;
import org.reportonce.network.DemoPlatform.Spec;
import org.reportonce.platform.Platform;
import org.reportonce.platform.PlatformConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole report-once network in one process, on loopback: the hub (with the portal and the
 * dashboards) and three member platforms — Chirp, a social network; Threadly, a forum; Pixhost, an
 * image host — each with its own matcher, its own content folder of generated pictures registered as
 * the platform's stored content, and its own small {@link TakedownSystem} behind the matcher's webhook.
 *
 * <pre>{@code
 * try (LocalNetwork net = LocalNetwork.start(NetworkConfig.builder(Path.of("reportonce-data")).build())) {
 *     URI portal = net.hubUri();
 *     DemoPlatform chirp = net.platform(Spec.CHIRP);
 * }
 * }</pre>
 *
 * <p>Everything lives under one data folder:
 * <pre>
 *   network.properties          demo keys and webhook secrets (plain: a local demo only)
 *   hub/                        the hub's embedded database (unless a JDBC URL is given)
 *   platforms/&lt;slug&gt;/content/    the platform's files; a content reference is the path from the platform folder
 *   platforms/&lt;slug&gt;/quarantine/ where its takedown system moves what it takes down
 *   platforms/&lt;slug&gt;/matcher/    the matcher's embedded database (bank, stored content, outbox)
 *   platforms/&lt;slug&gt;/takedowns.log
 * </pre>
 * Starting again on the same folder resumes: the same keys, the same content, every matcher from its
 * checkpoint. {@link #reset(Path)} deletes the folder to start over.
 */
public final class LocalNetwork implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalNetwork.class);

    static final String CONTENT_DIR = "content";
    static final String QUARANTINE_DIR = "quarantine";
    static final String OPERATOR_NAME = "ReportOnce operator (demo)";
    static final String REGULATOR_NAME = "Regulator (demo)";
    static final String SUPPORT_NAME = "Helpline (demo support service)";

    private final NetworkConfig config;
    private final NetworkState state;
    private final Hub hub;
    private final List<DemoPlatform> platforms;
    private boolean closed;

    private LocalNetwork(NetworkConfig config, NetworkState state, Hub hub, List<DemoPlatform> platforms) {
        this.config = config;
        this.state = state;
        this.hub = hub;
        this.platforms = List.copyOf(platforms);
    }

    /**
     * Starts the hub, then each platform's takedown system and matcher; on a new data folder, creates
     * the members and keys and seeds the content. Anything started is stopped again if a later step fails.
     */
    public static LocalNetwork start(NetworkConfig config) {
        Path data = config.dataDir().toAbsolutePath().normalize();
        try {
            Files.createDirectories(data);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data folder " + data + ": " + e.getMessage(), e);
        }
        NetworkState state = NetworkState.load(data);
        boolean fresh = state.isNew();
        HubConfig.Builder hb = HubConfig.builder().port(config.hubPort()).clock(config.clock());
        if (config.hubJdbcUrl() != null) {
            hb.jdbcUrl(config.hubJdbcUrl());
        } else {
            hb.dataDir(data.resolve("hub"));
        }
        Hub hub = Hub.start(config.hubTuning().apply(hb).build());
        List<DemoPlatform> started = new ArrayList<>();
        try {
            if (fresh) {
                createMembers(hub, state);
            } else {
                checkKeysBelongTo(hub, state);
            }
            for (Spec spec : Spec.ALL) {
                started.add(startPlatform(config, data, hub.baseUri(), state, spec));
            }
            LocalNetwork net = new LocalNetwork(config, state, hub, started);
            if (fresh && config.seedContent()) net.seed();
            return net;
        } catch (RuntimeException e) {
            for (DemoPlatform p : started) {
                try {
                    p.close();
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            hub.close();
            throw e;
        }
    }

    private static void createMembers(Hub hub, NetworkState state) {
        state.put("operator.key", hub.createApiKey(hub.createMember(OPERATOR_NAME, Role.OPERATOR).id()));
        state.put("regulator.key", hub.createApiKey(hub.createMember(REGULATOR_NAME, Role.REGULATOR).id()));
        state.put("support.key", hub.createApiKey(hub.createMember(SUPPORT_NAME, Role.SUPPORT_SERVICE).id()));
        SecureRandom random = new SecureRandom();
        for (Spec spec : Spec.ALL) {
            Member m = hub.createMember(spec.displayName(), Role.PLATFORM);
            state.put("platform." + spec.slug() + ".member", m.id());
            state.put("platform." + spec.slug() + ".key", hub.createApiKey(m.id()));
            byte[] secret = new byte[32];
            random.nextBytes(secret);
            state.put("platform." + spec.slug() + ".webhookSecret", HexFormat.of().formatHex(secret));
        }
        state.save();
    }

    /** A data folder's keys only work with the hub database they were made in: say so plainly if not. */
    private static void checkKeysBelongTo(Hub hub, NetworkState state) {
        String key = state.require("operator.key");
        HttpRequest req = HttpRequest.newBuilder(hub.baseUri().resolve("/v1/me")).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + key).GET().build();
        int status;
        try (HttpClient http = HttpClient.newHttpClient()) {
            status = http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach the hub just started at " + hub.baseUri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the demo keys", e);
        }
        if (status == 401 || status == 403) {
            throw new IllegalStateException("the demo keys in " + NetworkState.FILE + " are not known to this hub's database "
                    + "(was it deleted, or is --db a different database?); start over with --reset");
        }
    }

    private static DemoPlatform startPlatform(NetworkConfig config, Path data, URI hubUri, NetworkState state, Spec spec) {
        Path folder = data.resolve("platforms").resolve(spec.slug());
        String key = state.require("platform." + spec.slug() + ".key");
        String secret = state.require("platform." + spec.slug() + ".webhookSecret");
        TakedownSystem takedowns = TakedownSystem.start(spec.displayName(), folder, secret, config.clock());
        try {
            PlatformConfig.Builder pb = PlatformConfig.builder(hubUri, key)
                    .webhook(takedowns.webhookUri(), secret)
                    .dataDir(folder.resolve("matcher"))
                    .port(0)
                    .clock(config.clock());
            Platform matcher = Platform.start(config.platformTuning().apply(pb).build());
            takedowns.attach(matcher.baseUri());
            return new DemoPlatform(spec, folder, state.require("platform." + spec.slug() + ".member"), key, matcher, takedowns);
        } catch (RuntimeException e) {
            takedowns.close();
            throw e;
        }
    }

    // ---------------------------------------------------------------- content

    private void seed() {
        for (int k = 0; k < DemoContent.SEEDED_SCENARIO_PICTURES; k++) place(DemoContent.scenarioPicture(k).all());
        place(DemoContent.unrelated());
        state.put("scenario.seeded", Integer.toString(DemoContent.SEEDED_SCENARIO_PICTURES));
        state.save();
    }

    /** Writes each item's file into its platform's content folder and registers it with that platform's matcher. */
    private void place(List<Item> items) {
        for (Item item : items) {
            DemoPlatform p = platform(item.platform());
            byte[] bytes = DemoContent.render(item);
            Path file = p.file(item.contentReference());
            try {
                Files.createDirectories(file.getParent());
                Files.write(file, bytes);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
            }
            p.matcher().matcher().registerImage(item.contentReference(), bytes);
        }
    }

    /**
     * The next scenario picture nobody has reported yet, placed on the platforms if the seeding did
     * not cover it. Each call moves on, so every scenario reports a picture of its own.
     */
    public synchronized ScenarioPicture nextScenarioPicture() {
        int k = state.getInt("scenario.next", 0);
        state.put("scenario.next", Integer.toString(k + 1));
        int seeded = state.getInt("scenario.seeded", 0);
        ScenarioPicture pic = DemoContent.scenarioPicture(k);
        if (k >= seeded) {
            place(pic.all());
            state.put("scenario.seeded", Integer.toString(k + 1));
        }
        state.save();
        return pic;
    }

    // ---------------------------------------------------------------- accessors

    public Hub hub() {
        return hub;
    }

    /** The hub's base URI: the portal is at {@code /}, the API under {@code /v1}, OpenAPI at {@code /openapi.json}. */
    public URI hubUri() {
        return hub.baseUri();
    }

    public List<DemoPlatform> platforms() {
        return platforms;
    }

    public DemoPlatform platform(Spec spec) {
        return platforms.get(spec.ordinal());
    }

    public String operatorKey() {
        return state.require("operator.key");
    }

    public String regulatorKey() {
        return state.require("regulator.key");
    }

    public String supportServiceKey() {
        return state.require("support.key");
    }

    public Path dataDir() {
        return config.dataDir().toAbsolutePath().normalize();
    }

    public Clock clock() {
        return config.clock();
    }

    /** Stops every matcher and takedown system, then the hub. Safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        RuntimeException first = null;
        for (DemoPlatform p : platforms.reversed()) {
            try {
                p.close();
            } catch (RuntimeException e) {
                if (first == null) first = e; else first.addSuppressed(e);
            }
        }
        try {
            hub.close();
        } catch (RuntimeException e) {
            if (first == null) first = e; else first.addSuppressed(e);
        }
        log.info("network stopped");
        if (first != null) throw first;
    }

    // ---------------------------------------------------------------- reset

    /**
     * Deletes a network's data folder. Refuses a folder that is neither empty nor holds a
     * {@value NetworkState#FILE}, so a mistyped {@code --data} cannot wipe something else.
     */
    public static void reset(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        if (!Files.exists(dir)) return;
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException(dir + " is not a folder");
        boolean empty;
        try (Stream<Path> s = Files.list(dir)) {
            empty = s.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        if (!empty && !Files.exists(dir.resolve(NetworkState.FILE))) {
            throw new IllegalArgumentException("refusing to delete " + dir + ": it holds no " + NetworkState.FILE
                    + ", so it is not a ReportOnce network's data folder");
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    if (e != null) throw e;
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }
}
