package org.reportonce.cli.hub;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import org.reportonce.hub.Hub;
import org.reportonce.hub.HubConfig;
import org.reportonce.hub.Member;
import org.reportonce.hub.Role;
import org.reportonce.hub.audit.AuditVerifier;
import org.reportonce.hub.auth.ApiKeys;
import org.reportonce.hub.store.Database;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code reportonce hub ...}: run the hub and administer its database. */
@Command(
        name = "hub",
        mixinStandardHelpOptions = true,
        description = "Run the ReportOnce hub and administer it (members, API keys, audit).",
        subcommands = {
            HubCommand.Serve.class,
            HubCommand.MemberCommand.class,
            HubCommand.KeyCommand.class,
            HubCommand.VerifyAudit.class,
        })
public final class HubCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Where the database is: a JDBC URL, or the embedded H2 in a data folder. */
    static final class Store {
        @Option(names = "--db", paramLabel = "JDBC-URL",
                description = "PostgreSQL JDBC URL, e.g. jdbc:postgresql://localhost/reportonce?user=hub. Default: embedded H2 under --data.")
        String jdbcUrl;

        @Option(names = "--data", paramLabel = "DIR", defaultValue = "reportonce-data/hub",
                description = "Folder of the embedded database when --db is not given (default: ${DEFAULT-VALUE}).")
        Path dataDir;

        Database open() {
            return Database.open(jdbcUrl, jdbcUrl == null ? dataDir : null);
        }
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Start the hub's HTTP API (and the portal and dashboards) and run until stopped (Ctrl-C).")
    static final class Serve implements Callable<Integer> {
        @ArgGroup(exclusive = false)
        Store store = new Store();

        @Option(names = "--port", defaultValue = "8080", description = "HTTP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
        int port;

        @Option(names = "--host", defaultValue = "127.0.0.1", description = "Interface to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for all).")
        String host;

        @Override
        public Integer call() throws Exception {
            HubConfig config = HubConfig.builder().jdbcUrl(store.jdbcUrl).dataDir(store.jdbcUrl == null ? store.dataDir : null)
                    .port(port).host(host).build();
            Hub hub = Hub.start(config);
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                hub.close();
                stopped.countDown();
            }, "hub-shutdown"));
            System.out.println("ReportOnce hub listening on " + hub.baseUri()
                    + " (database: " + (store.jdbcUrl != null ? "PostgreSQL" : "embedded H2 in " + store.dataDir.toAbsolutePath()) + ")");
            System.out.println("API: " + hub.baseUri() + "openapi.json   health: " + hub.baseUri() + "health   Ctrl-C stops.");
            stopped.await();
            return 0;
        }
    }

    @Command(name = "member", mixinStandardHelpOptions = true, description = "Members of the network.",
            subcommands = {MemberCommand.Add.class})
    static final class MemberCommand implements Runnable {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(System.out);
        }

        @Command(name = "add", mixinStandardHelpOptions = true,
                description = "Add a member; prints its id. Then give it a key with 'reportonce hub key create --member ID'.")
        static final class Add implements Callable<Integer> {
            @ArgGroup(exclusive = false)
            Store store = new Store();

            @Option(names = "--name", required = true, description = "Display name, shown to case holders and on dashboards.")
            String name;

            @Option(names = "--role", required = true, description = "platform, support_service, regulator or operator.")
            String role;

            @Option(names = "--with-key", description = "Also create an API key and print it (shown once).")
            boolean withKey;

            @Override
            public Integer call() {
                Role r;
                try {
                    r = Role.fromWire(role);
                } catch (IllegalArgumentException e) {
                    System.err.println("reportonce hub member add: " + e.getMessage());
                    return 2;
                }
                SecureRandom random = new SecureRandom();
                try (Database db = store.open()) {
                    Member m = Hub.createMember(db, Clock.systemUTC(), random, name, r, "cli");
                    System.out.println(m.id());
                    if (withKey) {
                        var issued = Hub.createApiKey(db, Clock.systemUTC(), new ApiKeys(random), m.id(), "cli", "cli");
                        System.out.println(issued.plainKey());
                        System.err.println("API key " + issued.keyId() + " for " + m.displayName() + ": shown once; store it now.");
                    }
                }
                return 0;
            }
        }
    }

    @Command(name = "key", mixinStandardHelpOptions = true, description = "API keys (several per member, for rotation).",
            subcommands = {KeyCommand.Create.class, KeyCommand.Revoke.class})
    static final class KeyCommand implements Runnable {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(System.out);
        }

        @Command(name = "create", mixinStandardHelpOptions = true,
                description = "Create an API key for a member and print it. The hub keeps only its SHA-256: it cannot be shown again.")
        static final class Create implements Callable<Integer> {
            @ArgGroup(exclusive = false)
            Store store = new Store();

            @Option(names = "--member", required = true, description = "The member's id (from 'hub member add').")
            String member;

            @Option(names = "--label", description = "A note for the key list, e.g. 'rotation 2025-06'.")
            String label;

            @Override
            public Integer call() {
                try (Database db = store.open()) {
                    var issued = Hub.createApiKey(db, Clock.systemUTC(), new ApiKeys(new SecureRandom()), member, label, "cli");
                    System.out.println(issued.plainKey());
                    System.err.println("API key " + issued.keyId() + ": shown once; store it now.");
                    return 0;
                } catch (IllegalArgumentException e) {
                    System.err.println("reportonce hub key create: " + e.getMessage());
                    return 2;
                }
            }
        }

        @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke an API key at once.")
        static final class Revoke implements Callable<Integer> {
            @ArgGroup(exclusive = false)
            Store store = new Store();

            @Option(names = "--key-id", required = true, description = "The key's id: the part between 'rok_' and the next '_'.")
            String keyId;

            @Override
            public Integer call() {
                try (Database db = store.open()) {
                    var now = Clock.systemUTC().instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
                    boolean found = db.write(h -> {
                        var member = ApiKeys.revoke(h, keyId, now);
                        member.ifPresent(m -> org.reportonce.hub.audit.AuditLog.append(h, now, "cli", "key.revoked", "member:" + m,
                                java.util.Map.of("keyId", keyId)));
                        return member.isPresent();
                    });
                    if (!found) {
                        System.err.println("reportonce hub key revoke: no API key " + keyId);
                        return 2;
                    }
                    System.out.println("revoked " + keyId);
                    return 0;
                }
            }
        }
    }

    @Command(name = "verify-audit", mixinStandardHelpOptions = true,
            description = "Walk the hash-chained audit log and report every edited, deleted or missing entry. Exit code 1 if any.")
    static final class VerifyAudit implements Callable<Integer> {
        @ArgGroup(exclusive = false)
        Store store = new Store();

        @Override
        public Integer call() {
            try (Database db = store.open()) {
                AuditVerifier.Result r = db.read(AuditVerifier::verify);
                for (String p : r.problems()) System.out.println("PROBLEM\t" + p);
                System.out.println((r.ok() ? "OK" : "TAMPERED") + "\t" + r.entries() + " entries\thead " + r.headSeq() + " " + r.headHash());
                return r.ok() ? 0 : 1;
            }
        }
    }
}
