package org.reportonce.cli.index;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.reportonce.index.HammingIndex;
import org.reportonce.index.HammingIndexes;
import org.reportonce.index.MultiIndexHammingIndex;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code reportonce index query INDEX (HASH... | --queries FILE) [--radius 31] [--dihedral]}. */
@Command(
        name = "query",
        mixinStandardHelpOptions = true,
        description = {
            "Find every indexed hash within a radius of each query.",
            "Prints one line per match: query<TAB>id<TAB>distance, where query is the position of the"
                    + " query (from 0) on the command line or its line number (from 0) in the --queries"
                    + " file. With --dihedral a fourth column gives which hash of the query line matched"
                    + " (from 0).",
            "--dihedral: each query is one image given by up to 8 hashes (its dihedral hashes: orig,"
                    + " rot90, rot180, rot270, flipx, flipy, flip_plus1, flip_minus1, as `reportonce hash"
                    + " --dihedral` prints them) separated by commas, tabs or spaces; a match is reported"
                    + " once, with its smallest distance to any of them.",
            "Load time, query count and rate go to stderr."
        })
public final class IndexQueryCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "INDEX", description = "An index written by `reportonce index build`.")
    Path indexFile;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "HASH", description = "Query hashes (64 hex"
            + " characters each; with --dihedral, up to 8 joined by commas). Either these or --queries.")
    List<String> hashes = new ArrayList<>();

    @Option(names = "--queries", paramLabel = "FILE", description = "A file with one query per line (instead of"
            + " HASH arguments); a hash file with ids works, the ids are ignored.")
    Path queriesFile;

    @Option(names = {"-r", "--radius"}, defaultValue = "31", paramLabel = "BITS",
            description = "Largest Hamming distance reported, 0..256 (default: ${DEFAULT-VALUE}, PDQ's usual match"
                    + " threshold).")
    int radius;

    @Option(names = "--dihedral", description = "Each query is the (up to 8) dihedral hashes of one image.")
    boolean dihedral;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (radius < 0 || radius > HammingIndex.MAX_RADIUS) {
            err.println("reportonce index query: --radius must be 0.." + HammingIndex.MAX_RADIUS + ", got " + radius);
            err.flush();
            return 2;
        }
        if (hashes.isEmpty() == (queriesFile == null)) {
            err.println("reportonce index query: give the queries either as HASH arguments or with --queries FILE"
                    + (hashes.isEmpty() ? "; got neither" : ", not both"));
            err.flush();
            return 2;
        }
        try {
            List<HashFile.QueryLine> queries = new ArrayList<>();
            if (queriesFile != null) {
                queries = HashFile.readQueries(queriesFile, dihedral);
            } else {
                for (int i = 0; i < hashes.size(); i++) {
                    queries.add(HashFile.parseQuery(hashes.get(i), i, dihedral, "query argument " + (i + 1)));
                }
            }
            long t0 = System.nanoTime();
            MultiIndexHammingIndex index = HammingIndexes.load(indexFile);
            long t1 = System.nanoTime();
            err.printf("loaded %s: %d hashes in %.2f s%n", indexFile, index.size(), (t1 - t0) / 1e9);
            long matches = 0;
            StringBuilder line = new StringBuilder();
            for (HashFile.QueryLine q : queries) {
                List<HammingIndex.Match> hits = dihedral
                        ? index.radiusAny(q.hashes(), radius)
                        : index.radius(q.hashes().get(0), radius);
                for (HammingIndex.Match m : hits) {
                    line.setLength(0);
                    line.append(q.line()).append('\t').append(m.id()).append('\t').append(m.distance());
                    if (dihedral) line.append('\t').append(m.queryIndex());
                    out.println(line);
                }
                matches += hits.size();
            }
            out.flush();
            long t2 = System.nanoTime();
            double seconds = (t2 - t1) / 1e9;
            err.printf("%d queries at radius %d in %.3f s (%.0f queries/s), %d matches%n", queries.size(), radius,
                    seconds, queries.size() / Math.max(seconds, 1e-9), matches);
            err.flush();
            return 0;
        } catch (IOException e) {
            out.flush();
            err.println("reportonce index query: " + e.getMessage());
            err.flush();
            return 1;
        }
    }
}
