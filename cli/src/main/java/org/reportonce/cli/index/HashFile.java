package org.reportonce.cli.index;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongConsumer;
import org.reportonce.hashing.Hash256;

/**
 * Reads hash files: one PDQ hash (64 hex characters) per line, optionally followed by a tab and a
 * decimal id (a signed 64-bit integer). Without an id an entry's id is its line number, counting
 * from 0. Blank lines are skipped (they still count as lines); a trailing CR is ignored (files
 * written on Windows). Any other line is an error naming the file, the line number (from 1, as
 * editors show it) and what is wrong.
 */
final class HashFile {
    private HashFile() {}

    /** Entries of a hash file as parallel arrays; {@code words[4i..4i+3]} = w0..w3 of entry i. */
    record Entries(long[] ids, long[] words, int size) {}

    /** A line that could not be read, with its 1-based number and the reason. */
    static final class BadLineException extends IOException {
        private static final long serialVersionUID = 1L;

        BadLineException(String where, String reason) {
            super(where + ": " + reason);
        }

        BadLineException(Path file, long line, String reason) {
            this(file + ": line " + line, reason);
        }
    }

    /**
     * Reads a whole hash file; {@code progress} is told the number of lines read every 2^20 lines.
     *
     * @throws BadLineException at the first bad line
     */
    static Entries read(Path file, LongConsumer progress) throws IOException {
        long[] ids = new long[1024];
        long[] words = new long[4 * 1024];
        int n = 0;
        long lineNo = 0;
        try (BufferedReader in = open(file)) {
            for (String line; (line = in.readLine()) != null; lineNo++) {
                if ((lineNo & ((1 << 20) - 1)) == 0 && lineNo > 0) progress.accept(lineNo);
                if (line.endsWith("\r")) line = line.substring(0, line.length() - 1);
                if (line.isBlank()) continue;
                int tab = line.indexOf('\t');
                String hex = tab < 0 ? line : line.substring(0, tab);
                long id = lineNo;
                if (tab >= 0) {
                    String idText = line.substring(tab + 1);
                    try {
                        id = Long.parseLong(idText);
                    } catch (NumberFormatException e) {
                        throw new BadLineException(file, lineNo + 1, "id after the tab must be a whole number"
                                + " (signed 64-bit), got '" + shorten(idText) + "'");
                    }
                }
                Hash256 h = parse(hex, file, lineNo + 1);
                if (n == ids.length) {
                    ids = Arrays.copyOf(ids, 2 * n);
                    words = Arrays.copyOf(words, 8 * n);
                }
                ids[n] = id;
                words[4 * n] = h.w0();
                words[4 * n + 1] = h.w1();
                words[4 * n + 2] = h.w2();
                words[4 * n + 3] = h.w3();
                n++;
            }
        }
        return new Entries(ids, words, n);
    }

    /**
     * One query per line: a hash (anything after a tab is ignored, so a hash file serves), or with
     * {@code several} up to 8 hashes separated by commas, tabs or spaces.
     */
    static List<QueryLine> readQueries(Path file, boolean several) throws IOException {
        List<QueryLine> out = new ArrayList<>();
        long lineNo = 0;
        try (BufferedReader in = open(file)) {
            for (String line; (line = in.readLine()) != null; lineNo++) {
                if (line.isBlank()) continue;
                out.add(parseQuery(line.strip(), lineNo, several, file + ": line " + (lineNo + 1)));
            }
        }
        return out;
    }

    /** The hashes of one query and the line (from 0) they came from. */
    record QueryLine(long line, List<Hash256> hashes) {}

    /**
     * @param lineNo the query's number in the output (from 0)
     * @param where how to name the query in an error, e.g. "q.txt: line 3" or "argument 2"
     */
    static QueryLine parseQuery(String text, long lineNo, boolean several, String where) throws BadLineException {
        if (!several) {
            int tab = text.indexOf('\t'); // a hash file with ids works as a query file: the id is ignored
            return new QueryLine(lineNo, List.of(parse(tab < 0 ? text : text.substring(0, tab), where)));
        }
        String[] parts = text.split("[,\\t ]+");
        if (parts.length > 8) {
            throw new BadLineException(where, "--dihedral takes 1 to 8 hashes per query (the dihedral"
                    + " hashes of one image), got " + parts.length);
        }
        List<Hash256> hashes = new ArrayList<>();
        for (String p : parts) hashes.add(parse(p, where));
        return new QueryLine(lineNo, hashes);
    }

    private static Hash256 parse(String hex, Path file, long line) throws BadLineException {
        return parse(hex, file + ": line " + line);
    }

    private static Hash256 parse(String hex, String where) throws BadLineException {
        try {
            return Hash256.fromHex(hex);
        } catch (IllegalArgumentException e) {
            throw new BadLineException(where, e.getMessage() + " ('" + shorten(hex) + "')");
        }
    }

    private static BufferedReader open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new BadLineException(file.toString(), "no such file");
        return Files.newBufferedReader(file, StandardCharsets.UTF_8);
    }

    private static String shorten(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
