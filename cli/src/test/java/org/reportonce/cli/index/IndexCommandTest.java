package org.reportonce.cli.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reportonce.cli.CliRun;
import org.reportonce.hashing.Hash256;

class IndexCommandTest {

    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private static Hash256 flip(Hash256 h, int... bits) {
        long[] w = {h.w0(), h.w1(), h.w2(), h.w3()};
        for (int b : bits) w[b >>> 6] ^= 1L << (b & 63);
        return new Hash256(w[0], w[1], w[2], w[3]);
    }

    private static final Hash256 A = Hash256.fromHex("f162eb9daab170c0567fe3632d9a5548c5612982dd5e374a7424ebbc8a835c95");

    private Path bank() throws Exception {
        SplittableRandom rnd = new SplittableRandom(3);
        List<String> lines = new ArrayList<>();
        lines.add(A.toHex());                            // line 0 -> id 0
        lines.add(flip(A, 1, 2, 3).toHex() + "\t900");  // id 900, 3 bits from A
        lines.add("");                                  // blank: skipped but counted
        for (int i = 0; i < 500; i++) {                 // lines 3.. -> ids 3..
            lines.add(new Hash256(rnd.nextLong(), rnd.nextLong(), rnd.nextLong(), rnd.nextLong()).toHex());
        }
        lines.add(flip(A, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100).toHex().toUpperCase() + "\t-7"); // 10 bits
        Path file = dir.resolve("bank.txt");
        Files.write(file, lines);
        return file;
    }

    @Test
    void buildThenQuery_printsQueryIdAndDistancePerMatch_nearestFirst() throws Exception {
        Path idx = dir.resolve("bank.idx");
        CliRun build = run("index", "build", bank().toString(), "-o", idx.toString());
        assertThat(build.exit()).as(build.err()).isZero();
        assertThat(build.err()).contains("read 503 hashes").contains("wrote " + idx);

        CliRun q = run("index", "query", idx.toString(), A.toHex(), flip(A, 200).toHex(), "--radius", "5");
        assertThat(q.exit()).as(q.err()).isZero();
        assertThat(q.out().lines()).containsExactly("0\t0\t0", "0\t900\t3", "1\t0\t1", "1\t900\t4");
        assertThat(q.err()).contains("loaded").contains("503 hashes").contains("2 queries at radius 5").contains("queries/s");

        CliRun wide = run("index", "query", idx.toString(), A.toHex());
        assertThat(wide.out().lines()).containsExactly("0\t0\t0", "0\t900\t3", "0\t-7\t10");
    }

    @Test
    void queriesFromFile_numberQueriesByLine_andDihedralReportsWhichHashMatched() throws Exception {
        Path idx = dir.resolve("bank.idx");
        assertThat(run("index", "build", bank().toString(), "-o", idx.toString()).exit()).isZero();
        Path queries = dir.resolve("q.txt");
        Hash256 unrelated = Hash256.fromHex("0".repeat(64));
        Files.write(queries, List.of(unrelated.toHex(), "", flip(A, 5).toHex() + "\tlabel"));
        CliRun q = run("index", "query", idx.toString(), "--queries", queries.toString(), "-r", "3");
        assertThat(q.exit()).as(q.err()).isZero();
        assertThat(q.out().lines()).containsExactly("2\t0\t1");

        Path images = dir.resolve("images.txt");
        Files.write(images, List.of(
                unrelated.toHex() + "," + flip(A, 7, 8).toHex() + "," + flip(A, 9).toHex(),
                unrelated.toHex() + "\t" + unrelated.toHex()));
        CliRun d = run("index", "query", idx.toString(), "--queries", images.toString(), "--dihedral", "-r", "4");
        assertThat(d.exit()).as(d.err()).isZero();
        assertThat(d.out().lines()).containsExactly("0\t0\t1\t2", "0\t900\t4\t2");
    }

    @Test
    void badLineInHashFile_failsNamingTheLine_andWritesNoIndex() throws Exception {
        Path file = dir.resolve("bad.txt");
        Files.write(file, List.of(A.toHex(), A.toHex().substring(1), A.toHex()));
        Path idx = dir.resolve("bad.idx");
        CliRun r = run("index", "build", file.toString(), "-o", idx.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("bad.txt: line 2: hash must be 64 hex characters, got 63");
        assertThat(idx).doesNotExist();

        Files.write(file, List.of(A.toHex() + "\tseven"));
        CliRun id = run("index", "build", file.toString(), "-o", idx.toString());
        assertThat(id.exit()).isEqualTo(1);
        assertThat(id.err()).contains("line 1: id after the tab must be a whole number");

        CliRun missing = run("index", "build", dir.resolve("nope.txt").toString(), "-o", idx.toString());
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("nope.txt: no such file");
    }

    @Test
    void corruptIndex_badQueries_andBadRadius_areRefusedWithAReason() throws Exception {
        Path idx = dir.resolve("bank.idx");
        assertThat(run("index", "build", bank().toString(), "-o", idx.toString()).exit()).isZero();
        byte[] bytes = Files.readAllBytes(idx);
        bytes[bytes.length / 2] ^= 1;
        Path corrupt = dir.resolve("corrupt.idx");
        Files.write(corrupt, bytes);
        CliRun c = run("index", "query", corrupt.toString(), A.toHex());
        assertThat(c.exit()).isEqualTo(1);
        assertThat(c.err()).contains("corrupt: checksum mismatch");

        CliRun q = run("index", "query", idx.toString(), A.toHex(), "xyz");
        assertThat(q.exit()).isEqualTo(1);
        assertThat(q.err()).contains("query argument 2: hash must be 64 hex characters, got 3");
        assertThat(q.out()).isEmpty();

        CliRun d = run("index", "query", idx.toString(), "--dihedral", String.join(",", java.util.Collections.nCopies(9, A.toHex())));
        assertThat(d.exit()).isEqualTo(1);
        assertThat(d.err()).contains("--dihedral takes 1 to 8 hashes per query");

        CliRun r = run("index", "query", idx.toString(), A.toHex(), "--radius", "300");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--radius must be 0..256, got 300");

        CliRun none = run("index", "query", idx.toString());
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("give the queries either as HASH arguments or with --queries FILE; got neither");
    }

    @Test
    void everyIndexCommand_explainsItselfWithHelp() {
        assertThat(run("index", "--help").out()).contains("build").contains("query");
        assertThat(run("index", "build", "--help").out()).contains("HASHFILE").contains("--output");
        assertThat(run("index", "query", "--help").out()).contains("--radius").contains("--dihedral").contains("--queries");
    }
}
