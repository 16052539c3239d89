package org.reportonce.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Meta's PDQ test images and {@code reference-hashes.tsv}, from {@code ../shared/pdq-data} (the
 * build passes the folder as the system property {@code reportonce.shared}).
 */
public final class PdqData {
    private PdqData() {}

    /** The {@code shared/} folder beside the project. */
    public static Path shared() {
        String prop = System.getProperty("reportonce.shared");
        Path p = prop != null ? Path.of(prop) : Path.of("..", "shared");
        if (!Files.isDirectory(p.resolve("pdq-data"))) {
            // running from a module folder without the property
            Path up = Path.of("..", "..", "shared");
            if (Files.isDirectory(up.resolve("pdq-data"))) return up.toAbsolutePath().normalize();
            throw new IllegalStateException("shared/pdq-data not found at " + p.toAbsolutePath().normalize());
        }
        return p.toAbsolutePath().normalize();
    }

    /** A file named as in the tsv's first column, e.g. {@code pdq-data/bridge-mods/aaa-orig.jpg}. */
    public static Path file(String relative) {
        return shared().resolve(relative);
    }

    /** One row of reference-hashes.tsv; empty strings where the reference could not read the file. */
    public record Reference(String file, String variant, String size, String cppHash, String cppQuality,
                            String javaHash, String javaQuality, String javaNn512Hash) {
        public boolean cppReadable() {
            return !cppHash.isEmpty();
        }
    }

    public static List<Reference> references() {
        try {
            List<String> lines = Files.readAllLines(shared().resolve("pdq-data/reference-hashes.tsv"));
            List<Reference> out = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                if (line.isBlank()) continue;
                String[] c = line.split("\t", -1);
                out.add(new Reference(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c.length > 11 ? c[11] : ""));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
