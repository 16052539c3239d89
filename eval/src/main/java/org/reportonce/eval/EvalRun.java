package org.reportonce.eval;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import javax.imageio.ImageIO;

/**
 * One run of the harness from options to files: what {@code reportonce eval} does. Writes
 * {@code eval.txt} (the table), {@code eval.json}, {@code recall-vs-false-matches.svg} and
 * {@code .png} into the output folder, and prints the table.
 */
public final class EvalRun {

    /**
     * @param images        folders of pictures (may be empty when {@code generated > 0})
     * @param generated     how many generated pictures to add
     * @param limit         use at most this many files (0 = all), taken evenly across the sorted list
     * @param thresholds    per detector name, overriding its default threshold
     * @param detectorNames which detectors to run, by name (empty = all found)
     * @param chooseVariants run the greedy variant choice instead of the evaluation
     */
    public record Options(List<Path> images, Path out, long seed, int generated, int limit, int maxSide,
                          int uploadQuality, int threads, Map<String, Integer> thresholds,
                          List<String> detectorNames, boolean chooseVariants, int chooseThreshold) {
        public Options {
            images = List.copyOf(images);
            thresholds = Map.copyOf(thresholds);
            detectorNames = List.copyOf(detectorNames);
            if (maxSide < 64) throw new IllegalArgumentException("--max-side must be at least 64 px, got " + maxSide);
            if (generated < 0) throw new IllegalArgumentException("--generated must not be negative, got " + generated);
            if (limit < 0) throw new IllegalArgumentException("--limit must not be negative, got " + limit);
        }
    }

    private EvalRun() {}

    /** All detectors on the class path (built-ins and plug-ins), by name, in service-file order. */
    public static Map<String, Detector> availableDetectors() {
        Map<String, Detector> out = new LinkedHashMap<>();
        for (Detector d : ServiceLoader.load(Detector.class)) out.putIfAbsent(d.name(), d);
        return out;
    }

    public static List<Detector> select(List<String> names) {
        Map<String, Detector> all = availableDetectors();
        if (names.isEmpty()) return List.copyOf(all.values());
        List<Detector> out = new ArrayList<>();
        for (String n : names) {
            Detector d = all.get(n);
            if (d == null) {
                throw new IllegalArgumentException("unknown detector '" + n + "'; available: " + String.join(", ", all.keySet()));
            }
            out.add(d);
        }
        return out;
    }

    /** Loads the originals the options name. */
    public static List<Corpus.Original> corpus(Options o, Consumer<String> notes) {
        List<Path> files = new ArrayList<>();
        for (Path dir : o.images()) files.addAll(Corpus.imageFiles(dir));
        if (o.limit() > 0 && files.size() > o.limit()) {
            List<Path> picked = new ArrayList<>();
            for (int i = 0; i < o.limit(); i++) picked.add(files.get((int) ((long) i * files.size() / o.limit())));
            files = picked;
        }
        Path root = o.images().size() == 1 ? o.images().get(0) : null;
        List<Corpus.Original> originals = Corpus.load(files, root, o.generated(), o.seed(), o.maxSide(), notes);
        if (originals.size() < 2) {
            throw new IllegalArgumentException("need at least 2 distinct pictures; found " + originals.size()
                    + " (give --images with pictures, or --generated N)");
        }
        return originals;
    }

    /** The edited copies of the first original, as uploaded, in {@code out/examples/}, so a person can look. */
    static void writeExamples(Corpus.Original first, List<Edits.Edit> battery, Options o) throws IOException {
        Path dir = o.out().resolve("examples");
        Files.createDirectories(dir);
        for (int j = 0; j < battery.size(); j++) {
            java.awt.image.BufferedImage img = Harness.editedCopy(first.image(), 0, j, battery.get(j), o.seed(), o.uploadQuality());
            String name = String.format(java.util.Locale.ROOT, "%02d-%s.png", j, battery.get(j).label().replace('%', 'p'));
            ImageIO.write(img, "png", dir.resolve(name).toFile());
        }
    }

    /** Runs; returns the result (null for a variant-choice run). */
    public static EvalResult run(Options o, PrintStream out, Consumer<String> notes,
                                 java.util.function.IntFunction<IntConsumer> progressFor) {
        List<String> noteList = new ArrayList<>();
        Consumer<String> note = s -> {
            noteList.add(s);
            notes.accept(s);
        };
        List<Corpus.Original> originals = corpus(o, note);
        List<Edits.Edit> battery = Edits.battery();
        try {
            Files.createDirectories(o.out());
            writeExamples(originals.get(0), battery, o);
            if (o.chooseVariants()) {
                VariantChooser.Choice choice = VariantChooser.choose(originals,
                        battery.stream().filter(e -> VariantChooser.GEOMETRIC.contains(e.kind())).toList(),
                        VariantChooser.candidates(),
                        o.seed(), o.uploadQuality(), o.chooseThreshold(), 24, o.threads(), progressFor.apply(originals.size()));
                String table = choice.table();
                out.print(table);
                Files.writeString(o.out().resolve("variant-choice.txt"), table, StandardCharsets.UTF_8);
                return null;
            }
            List<Detector> detectors = select(o.detectorNames());
            EvalResult r = Evaluation.run(originals, battery, detectors,
                    new Evaluation.Config(o.seed(), o.uploadQuality(), o.threads(), o.thresholds()), noteList,
                    progressFor.apply(originals.size()));
            String table = ReportWriter.table(r);
            out.print(table);
            Files.writeString(o.out().resolve("eval.txt"), table, StandardCharsets.UTF_8);
            Files.writeString(o.out().resolve("eval.json"), ReportWriter.json(r), StandardCharsets.UTF_8);
            Files.writeString(o.out().resolve("recall-vs-false-matches.svg"), Plot.svg(r), StandardCharsets.UTF_8);
            ImageIO.write(Plot.png(r), "png", o.out().resolve("recall-vs-false-matches.png").toFile());
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write results to " + o.out() + ": " + e.getMessage(), e);
        }
    }
}
