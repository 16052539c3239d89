package org.reportonce.bench.hashing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The benchmark images: the JPEG and PNG files of {@code shared/pdq-data} named by issue 2 (the
 * bridge set, the dihedral set, labelme, misc-images small and wee, the modes PNG/JPEG files).
 * Located through the {@code reportonce.shared} property, else {@code ../shared} from the working
 * directory (the repository root).
 */
final class BenchImages {
    private BenchImages() {}

    /** The three files whose colour conversion differs between Meta's two references. */
    static final List<String> COLOUR_CONVERSION_CASES = List.of("CMYK.jpg", "L.png", "LA.png");

    static Path pdqData() {
        String prop = System.getProperty("reportonce.shared");
        Path shared = prop != null ? Path.of(prop) : Path.of("..", "shared");
        Path data = shared.resolve("pdq-data").toAbsolutePath().normalize();
        if (!Files.isDirectory(data)) {
            throw new IllegalStateException("pdq-data not found at " + data + "; run from the repository root or set -Dreportonce.shared=");
        }
        return data;
    }

    /**
     * @param set {@code issue35}: the 35 files all references read alike (the listed folders less
     *            CMYK.jpg, L.png, LA.png); {@code listed38}: every JPEG/PNG in the listed folders
     */
    static List<Path> files(String set) {
        Path data = pdqData();
        List<Path> out = new ArrayList<>();
        for (String dir : List.of("bridge-mods", "reg-test-input/dih", "reg-test-input/labelme-subset", "misc-images/modes")) {
            try (Stream<Path> s = Files.list(data.resolve(dir))) {
                s.filter(p -> p.toString().endsWith(".jpg") || p.toString().endsWith(".png")).sorted().forEach(out::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        out.add(data.resolve("misc-images/small.jpg"));
        out.add(data.resolve("misc-images/wee.jpg"));
        if (set.equals("issue35")) {
            out.removeIf(p -> COLOUR_CONVERSION_CASES.contains(p.getFileName().toString()));
        } else if (!set.equals("listed38")) {
            throw new IllegalArgumentException("image set must be issue35 or listed38, got " + set);
        }
        return out;
    }

    static List<byte[]> bytes(List<Path> files) {
        List<byte[]> out = new ArrayList<>();
        for (Path p : files) {
            try {
                out.add(Files.readAllBytes(p));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }
}
