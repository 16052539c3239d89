package org.reportonce.network;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.reportonce.platform.Platform;

/**
 * One member platform of the demo network: its matcher ({@link Platform}), its takedown system, its
 * content and quarantine folders, and its hub identity.
 */
public final class DemoPlatform {

    /**
     * The three demo platforms, in the order they are started and listed. {@code slug} names the folder
     * and the keys in {@code network.properties}; {@code kind} says what sort of service it plays.
     */
    public enum Spec {
        CHIRP("Chirp", "chirp", "social network"),
        THREADLY("Threadly", "threadly", "forum"),
        PIXHOST("Pixhost", "pixhost", "image host");

        private final String displayName;
        private final String slug;
        private final String kind;

        Spec(String displayName, String slug, String kind) {
            this.displayName = displayName;
            this.slug = slug;
            this.kind = kind;
        }

        public String displayName() { return displayName; }
        public String slug() { return slug; }
        public String kind() { return kind; }

        static final List<Spec> ALL = List.of(values());
    }

    private final Spec spec;
    private final Path folder;
    private final String memberId;
    private final String apiKey;
    private final Platform matcher;
    private final TakedownSystem takedowns;

    DemoPlatform(Spec spec, Path folder, String memberId, String apiKey, Platform matcher, TakedownSystem takedowns) {
        this.spec = Objects.requireNonNull(spec);
        this.folder = folder;
        this.memberId = memberId;
        this.apiKey = apiKey;
        this.matcher = matcher;
        this.takedowns = takedowns;
    }

    public Spec spec() { return spec; }
    public String name() { return spec.displayName(); }
    public String slug() { return spec.slug(); }

    /** The platform's folder: {@code content/}, {@code quarantine/}, {@code matcher/} (its database), {@code takedowns.log}. */
    public Path folder() { return folder; }
    public Path contentDir() { return folder.resolve(LocalNetwork.CONTENT_DIR); }
    public Path quarantineDir() { return folder.resolve(LocalNetwork.QUARANTINE_DIR); }

    /** The platform's member id at the hub. */
    public String memberId() { return memberId; }

    /** The platform's hub API key (role platform). */
    public String apiKey() { return apiKey; }

    /** The running matcher. */
    public Platform matcher() { return matcher; }

    /** The matcher's HTTP API, e.g. {@code http://127.0.0.1:41234}. */
    public URI matcherUri() { return matcher.baseUri(); }

    public TakedownSystem takedowns() { return takedowns; }

    /** The file a content reference (e.g. {@code content/photo-0.jpg}) names in this platform's folder. */
    public Path file(String contentReference) {
        return folder.resolve(contentReference).normalize();
    }

    void close() {
        try {
            matcher.close();
        } finally {
            takedowns.close();
        }
    }

    @Override
    public String toString() {
        return name() + " (" + spec.kind() + ") at " + matcherUri();
    }
}
