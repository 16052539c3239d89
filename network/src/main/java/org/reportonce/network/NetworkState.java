package org.reportonce.network;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/**
 * What a demo network must remember between runs and cannot get back from the hub: the plain demo
 * API keys (the hub keeps only their hashes), the webhook secrets, and how far seeding and the
 * scenario have got. A plain properties file in the data folder — fine for a demo on one's own
 * machine, and said so in the file's header; a real deployment keeps keys in its secret store.
 */
final class NetworkState {

    static final String FILE = "network.properties";

    private final Path file;
    private final Properties props = new Properties();

    private NetworkState(Path file) {
        this.file = file;
    }

    static NetworkState load(Path dataDir) {
        NetworkState s = new NetworkState(dataDir.resolve(FILE));
        if (Files.exists(s.file)) {
            try (Reader r = Files.newBufferedReader(s.file, StandardCharsets.UTF_8)) {
                s.props.load(r);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + s.file + ": " + e.getMessage(), e);
            }
        }
        return s;
    }

    boolean isNew() {
        return props.isEmpty();
    }

    Optional<String> get(String key) {
        return Optional.ofNullable(props.getProperty(key));
    }

    String require(String key) {
        String v = props.getProperty(key);
        if (v == null) {
            throw new IllegalStateException(file + " has no '" + key + "': the data folder is incomplete; start over with --reset");
        }
        return v;
    }

    int getInt(String key, int dflt) {
        String v = props.getProperty(key);
        return v == null ? dflt : Integer.parseInt(v.strip());
    }

    void put(String key, String value) {
        props.setProperty(key, value);
    }

    /** Writes atomically (temp file + rename), so a crash never leaves half a file. */
    void save() {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(FILE + ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                props.store(w, "ReportOnce demo network: plain demo keys and webhook secrets. For a local demo only; "
                        + "delete this folder (or run with --reset) to start over.");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
