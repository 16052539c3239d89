package org.reportonce.cli.index;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.reportonce.index.HammingIndexes;
import org.reportonce.index.MultiIndexHammingIndex;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code reportonce index build HASHFILE -o INDEX}. */
@Command(
        name = "build",
        mixinStandardHelpOptions = true,
        description = {
            "Build an index from a hash file and save it.",
            "HASHFILE: one hash per line, optionally '<TAB>id' (a whole number); without an id the"
                    + " line number (from 0) is the id. A repeated id keeps its last hash.",
            "Times and counts go to stderr; a bad line stops the build with its line number."
        })
public final class IndexBuildCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "HASHFILE", description = "The hashes to index.")
    Path hashFile;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "INDEX",
            description = "Where to write the index (replaced atomically).")
    Path output;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Progress progress = new Progress(err, Progress.isInteractive());
        try {
            long t0 = System.nanoTime();
            progress.update("reading " + hashFile + " ...");
            HashFile.Entries e = HashFile.read(hashFile,
                    lines -> progress.update("reading " + hashFile + ": " + lines + " lines"));
            long t1 = System.nanoTime();
            progress.update("building the index of " + e.size() + " hashes ...");
            MultiIndexHammingIndex index = HammingIndexes.build(Arrays.copyOf(e.ids(), e.size()),
                    Arrays.copyOf(e.words(), 4 * e.size()));
            long t2 = System.nanoTime();
            progress.update("writing " + output + " ...");
            index.save(output);
            long t3 = System.nanoTime();
            progress.done();
            int repeats = e.size() - index.size();
            err.printf("read %d hashes in %.2f s%s; built in %.2f s (%.1f MB in memory); wrote %s (%.1f MB) in %.2f s%n",
                    e.size(), (t1 - t0) / 1e9,
                    repeats > 0 ? " (" + repeats + " repeated ids: their last hash kept)" : "",
                    (t2 - t1) / 1e9, index.estimatedBytes() / 1e6, output, Files.size(output) / 1e6, (t3 - t2) / 1e9);
            err.flush();
            return 0;
        } catch (IOException ex) {
            progress.done();
            err.println("reportonce index build: " + ex.getMessage());
            err.flush();
            return 1;
        }
    }
}
