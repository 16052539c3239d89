package org.reportonce.platform;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Bulk import of stored content from a tab-separated file, one item per line:
 *
 * <pre>
 * contentReference &lt;TAB&gt; pdq &lt;TAB&gt; quality [&lt;TAB&gt; md5 [&lt;TAB&gt; sha256]]
 * </pre>
 *
 * Empty fields are allowed (an item with only an MD5 leaves pdq and quality empty); blank lines and
 * lines starting with {@code #} are ignored, as is a first line starting with {@code contentReference}
 * (a header). A bad line is reported with its number and reason and the rest is imported.
 */
public final class ContentImport {
    private ContentImport() {}

    /** @param errors one entry per refused line, "line N: reason" */
    public record Result(int lines, int registered, int matches, List<String> errors) {}

    private static final int BATCH = 1000;

    public static Result importFile(Path file, ContentScanner.Sink sink, ContentScanner.Progress progress) {
        List<String> errors = new ArrayList<>();
        int lines = 0;
        int registered = 0;
        int matches = 0;
        long total;
        try {
            total = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        long bytes = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<ContentRegistration> batch = new ArrayList<>(BATCH);
            String line;
            while ((line = in.readLine()) != null) {
                lines++;
                bytes += line.length() + 1;
                if (line.isBlank() || line.startsWith("#") || (lines == 1 && line.startsWith("contentReference"))) continue;
                try {
                    batch.add(parse(line));
                } catch (IllegalArgumentException e) {
                    errors.add("line " + lines + ": " + e.getMessage());
                    continue;
                }
                if (batch.size() == BATCH) {
                    RegistrationResult r = sink.register(batch);
                    registered += r.registered();
                    matches += r.matches().size();
                    batch = new ArrayList<>(BATCH);
                    if (progress != null) progress.update(Math.min(bytes, total), total);
                }
            }
            if (!batch.isEmpty()) {
                RegistrationResult r = sink.register(batch);
                registered += r.registered();
                matches += r.matches().size();
            }
            if (progress != null) progress.update(total, total);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return new Result(lines, registered, matches, errors);
    }

    static ContentRegistration parse(String line) {
        String[] c = line.split("\t", -1);
        if (c.length < 2 || c.length > 5) {
            throw new IllegalArgumentException("expected 2 to 5 tab-separated fields (contentReference, pdq, quality, md5, "
                    + "sha256), got " + c.length);
        }
        String pdq = field(c, 1);
        String q = field(c, 2);
        Integer quality = null;
        if (q != null) {
            try {
                quality = Integer.parseInt(q);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("quality must be an integer 0..100, got '" + q + "'");
            }
        }
        return new ContentRegistration(c[0].strip(), pdq, quality, field(c, 3), field(c, 4));
    }

    private static String field(String[] c, int i) {
        if (i >= c.length) return null;
        String s = c[i].strip();
        return s.isEmpty() ? null : s;
    }
}
