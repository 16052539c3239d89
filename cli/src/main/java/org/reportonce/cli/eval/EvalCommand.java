package org.reportonce.cli.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.IntConsumer;
import org.reportonce.eval.EvalRun;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code reportonce eval}: the edit-resilience evaluation harness. */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        description = {
            "Measures how well detectors find edited copies of pictures: applies a seeded battery of 40 edits",
            "(JPEG, resize, blur, colour, mirror, rotations, crops, borders, straightening, stretching,",
            "captions, stickers, screenshot frames) to every picture, then reports recall per edit kind,",
            "false matches between distinct pictures and against unrelated edited copies, hashes per report",
            "and throughput, as a table, eval.json, and a recall vs false-match plot (PNG and SVG).",
            "Detectors are plug-ins (Java ServiceLoader, org.reportonce.eval.Detector); built in: pdq,",
            "pdq-dihedral, signal-set."
        })
public final class EvalCommand implements Callable<Integer> {

    @Option(names = "--images", paramLabel = "DIR", description = "folder of pictures (searched recursively); repeatable")
    List<Path> images = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "eval-out", description = "where results go (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--seed", defaultValue = "1", description = "seed for every random choice of the edits (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--threshold", paramLabel = "[DETECTOR=]BITS", split = ",",
            description = "match threshold for the table: one number for every detector, or name=number pairs")
    List<String> thresholds = new ArrayList<>();

    @Option(names = "--detector", paramLabel = "NAME", split = ",", description = "detectors to run (default: all found)")
    List<String> detectors = new ArrayList<>();

    @Option(names = "--generated", defaultValue = "0", description = "also use this many generated pictures (default: ${DEFAULT-VALUE})")
    int generated;

    @Option(names = "--limit", defaultValue = "0", description = "use at most this many files, spread over the sorted list (0 = all)")
    int limit;

    @Option(names = "--max-side", defaultValue = "1024", description = "originals are scaled down to this longer side first (default: ${DEFAULT-VALUE})")
    int maxSide;

    @Option(names = "--upload-quality", defaultValue = "90", description = "JPEG quality every edited copy is re-encoded at, as an upload is; 0 = none (default: ${DEFAULT-VALUE})")
    int uploadQuality;

    @Option(names = "--threads", description = "worker threads (default: the number of processors)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--choose-variants", description = "run the greedy choice of report variants instead (see VariantChooser)")
    boolean chooseVariants;

    @Option(names = "--choose-threshold", defaultValue = "31", description = "distance at which --choose-variants counts a copy as found (default: ${DEFAULT-VALUE})")
    int chooseThreshold;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (images.isEmpty() && generated == 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "give --images DIR (a folder of pictures) and/or --generated N (generated pictures)");
        }
        Map<String, Integer> perDetector = new LinkedHashMap<>();
        Integer all = null;
        for (String t : thresholds) {
            int eq = t.indexOf('=');
            try {
                if (eq < 0) all = Integer.parseInt(t.trim());
                else perDetector.put(t.substring(0, eq).trim(), Integer.parseInt(t.substring(eq + 1).trim()));
            } catch (NumberFormatException e) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--threshold takes a number of bits or name=bits (e.g. 31 or signal-set=28), got '" + t + "'");
            }
        }
        if (all != null) {
            for (String name : EvalRun.availableDetectors().keySet()) perDetector.putIfAbsent(name, all);
        }
        EvalRun.Options o;
        try {
            o = new EvalRun.Options(images, out, seed, generated, limit, maxSide, uploadQuality, threads, perDetector,
                    detectors, chooseVariants, chooseThreshold);
            EvalRun.select(detectors);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        try {
            EvalRun.run(o, System.out, note -> System.err.println("note: " + note), total -> progressBar(total));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        System.err.println("results in " + out.toAbsolutePath());
        return 0;
    }

    /** A progress bar on stderr, only when a person is watching. */
    static IntConsumer progressBar(int total) {
        if (System.console() == null) return done -> { };
        long start = System.nanoTime();
        return done -> {
            synchronized (EvalCommand.class) {
                int width = 30;
                int filled = (int) ((long) done * width / Math.max(1, total));
                double secs = (System.nanoTime() - start) / 1e9;
                double eta = done == 0 ? 0 : secs * (total - done) / done;
                System.err.printf("\r[%s%s] %d/%d pictures, %.0f s left ", "#".repeat(filled), " ".repeat(width - filled),
                        done, total, eta);
                if (done == total) System.err.println();
            }
        };
    }
}
