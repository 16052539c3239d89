package org.reportonce.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.reportonce.hashing.exact.ExactDigests;
import org.reportonce.hashing.exact.ExactHashes;
import org.reportonce.protocol.Json;

/**
 * Registers a folder of content the platform hosts: every file is hashed (the matcher's look-up
 * hashes when it is an image, MD5 and SHA-256 always) and registered under its path relative to the
 * folder, in batches.
 *
 * <p>Resumable: after each batch the sink accepted, its files are appended to a state file (path,
 * size, modification time) and the file is forced to disk; a later scan skips every file recorded
 * with the same size and time. An interrupted scan therefore redoes at most one batch, and
 * registering the same content reference twice only replaces it.
 */
public final class ContentScanner {

    /** Where registrations go: a running matcher over HTTP, or one in this process. */
    public interface Sink {
        RegistrationResult register(List<ContentRegistration> batch);
    }

    /** Told after each batch: files done so far (including skipped), of the total found. */
    public interface Progress {
        void update(long done, long total);
    }

    /** @param matches stored items that already match a signal (each became a takedown) */
    public record Summary(int found, int registered, int skippedAlreadyDone, int exactOnly, int failed, int matches,
                          List<String> errors) {}

    private static final int BATCH = 64;
    static final String DEFAULT_STATE_FILE = ".reportonce-scan.tsv";

    // stored content keeps no sticker/orig slot, so the sticker gate would only cost full decodes
    private final ImageFingerprinter fingerprinter = new HashingFingerprinter(false);
    private final long maxImageBytes;
    private final int threads;

    /**
     * @param maxImageBytes files larger than this are registered by MD5/SHA-256 only (videos, archives)
     * @param threads       files hashed in parallel
     */
    public ContentScanner(long maxImageBytes, int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        this.maxImageBytes = maxImageBytes;
        this.threads = threads;
    }

    /** The state file a scan of {@code dir} uses unless told otherwise. */
    public static Path defaultStateFile(Path dir) {
        return dir.resolve(DEFAULT_STATE_FILE);
    }

    public Summary scan(Path dir, Path stateFile, Sink sink, Progress progress) {
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException(dir + " is not a folder");
        Map<String, String> done = readState(stateFile);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).filter(f -> !f.equals(stateFile)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        List<String> errors = new ArrayList<>();
        int registered = 0;
        int skipped = 0;
        int exactOnly = 0;
        int failed = 0;
        int matches = 0;
        long processed = 0;
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> Thread.ofPlatform().daemon().unstarted(r));
        try (BufferedWriter state = Files.newBufferedWriter(stateFile, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            List<Path> todo = new ArrayList<>();
            for (Path f : files) {
                if (stamp(f).equals(done.get(reference(dir, f)))) {
                    skipped++;
                    processed++;
                } else {
                    todo.add(f);
                }
            }
            if (progress != null) progress.update(processed, files.size());
            for (int from = 0; from < todo.size(); from += BATCH) {
                List<Path> batch = todo.subList(from, Math.min(todo.size(), from + BATCH));
                List<Future<ContentRegistration>> hashed = new ArrayList<>();
                for (Path f : batch) hashed.add(pool.submit(() -> hash(dir, f)));
                List<ContentRegistration> regs = new ArrayList<>();
                List<Path> ok = new ArrayList<>();
                for (int i = 0; i < batch.size(); i++) {
                    try {
                        ContentRegistration r = hashed.get(i).get();
                        if (r.pdq() == null) exactOnly++;
                        regs.add(r);
                        ok.add(batch.get(i));
                    } catch (java.util.concurrent.ExecutionException e) {
                        failed++;
                        errors.add(reference(dir, batch.get(i)) + ": " + e.getCause().getMessage());
                    }
                }
                if (!regs.isEmpty()) {
                    RegistrationResult result = sink.register(regs);
                    registered += result.registered();
                    matches += result.matches().size();
                    for (Path f : ok) state.write(reference(dir, f) + "\t" + stamp(f) + "\n");
                    state.flush();
                    try (FileChannel ch = FileChannel.open(stateFile, StandardOpenOption.WRITE)) {
                        ch.force(true);
                    }
                }
                processed += batch.size();
                if (progress != null) progress.update(processed, files.size());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the scan state " + stateFile + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("scan interrupted; run it again to resume", e);
        } finally {
            pool.shutdownNow();
        }
        return new Summary(files.size(), registered, skipped, exactOnly, failed, matches, errors);
    }

    private ContentRegistration hash(Path dir, Path f) throws IOException {
        String ref = reference(dir, f);
        long size = Files.size(f);
        if (size > maxImageBytes) {
            ExactDigests d = ExactHashes.digest(f);
            return new ContentRegistration(ref, null, null, d.md5Hex(), d.sha256Hex());
        }
        return Matcher.registrationOf(ref, fingerprinter.fingerprint(Files.readAllBytes(f)), PlatformConfig.DEFAULT_QUALITY_FLOOR);
    }

    /** The content reference of a file: its path under the folder, with / separators. */
    static String reference(Path dir, Path f) {
        return dir.relativize(f).toString().replace(f.getFileSystem().getSeparator(), "/");
    }

    private static String stamp(Path f) {
        try {
            BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
            return a.size() + "\t" + a.lastModifiedTime().toMillis();
        } catch (IOException e) {
            return "unreadable";
        }
    }

    private static Map<String, String> readState(Path stateFile) {
        Map<String, String> out = new HashMap<>();
        if (!Files.exists(stateFile)) return out;
        try {
            for (String line : Files.readAllLines(stateFile, StandardCharsets.UTF_8)) {
                String[] c = line.split("\t");
                if (c.length == 3) out.put(c[0], c[1] + "\t" + c[2]); // a torn last line is ignored
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the scan state " + stateFile + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** A sink that registers in this process. */
    public static Sink into(Matcher matcher) {
        return matcher::register;
    }

    /** A sink that POSTs to a running matcher's {@code /v1/content}. */
    public static Sink http(URI matcher, String accessToken) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        ObjectMapper json = Json.mapper();
        URI target = URI.create(matcher.toString().replaceAll("/+$", "") + "/v1/content");
        return batch -> {
            try {
                HttpRequest.Builder b = HttpRequest.newBuilder(target).timeout(Duration.ofMinutes(2))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(batch)));
                if (accessToken != null) b.header("Authorization", "Bearer " + accessToken);
                HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 201) {
                    throw new IllegalStateException("the matcher at " + matcher + " refused the registration: "
                            + r.statusCode() + " " + HubClient.excerpt(r.body()));
                }
                return json.readValue(r.body(), RegistrationResult.class);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot reach the matcher at " + matcher + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        };
    }
}
