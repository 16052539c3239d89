package org.reportonce.cli.hash;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.reportonce.hashing.exact.ExactHashes;
import org.reportonce.hashing.image.DecodedImage;
import org.reportonce.hashing.image.ImageDecodeException;
import org.reportonce.hashing.image.ImageDecoder;
import org.reportonce.hashing.pdq.Dihedral;
import org.reportonce.hashing.pdq.DihedralHashes;
import org.reportonce.hashing.pdq.PdqHash;
import org.reportonce.hashing.pdq.PdqHasher;
import org.reportonce.hashing.signalset.SignalMember;
import org.reportonce.hashing.signalset.SignalSet;
import org.reportonce.hashing.signalset.SignalSets;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code reportonce hash}: PDQ (or MD5/SHA-256) of files, one line per hash. */
@Command(
        name = "hash",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Prints the PDQ hash and quality of each image, as StopNCII and Meta's C++ reference compute them:",
            "  HASH<TAB>QUALITY<TAB>FILE",
            "With --dihedral, eight lines per image with a fourth column naming the variant",
            "(orig, rot90, rot180, rot270, flipx, flipy, flip_plus1, flip_minus1).",
            "With --signal-set, every hash a report of the image submits (the plain hash, then crop and",
            "straighten variants, then its halves, area/...); with --for-matching, every hash a platform looks",
            "up for an upload of it (8 dihedral hashes, 8 more of the picture without its uniform borders if it",
            "has any, then the area look-ups area/...: its halves and a few small crops);",
            "both with a fourth column naming the variant. They match when any pair is within",
            "SignalSets.STANDARD_RULE's distance, both with quality >= 50.",
            "With --md5 or --sha256, the digest of any file (videos too) and '-' for quality.",
            "Images: JPEG, PNG, GIF (first frame), BMP, WebP. A folder stands for every file under it.",
            "Exit code 0 when every file was hashed, 1 when any failed (each reason on stderr), 2 for bad usage."
        })
public final class HashCommand implements Callable<Integer> {

    @Option(names = "--dihedral", description = "Print the 8 dihedral hashes (rotations and mirror images) of each image.")
    boolean dihedral;

    @Option(names = "--full-resolution", description = "Hash every pixel instead of first squashing pictures over 512 px "
            + "to 512x512 (Meta's Java reference does this; StopNCII does not). A few bits apart.")
    boolean fullResolution;

    @Option(names = "--signal-set", description = "Print every hash of the signal set a report of the image submits.")
    boolean signalSet;

    @Option(names = "--for-matching", description = "Print every hash a platform looks up for an upload of the image.")
    boolean forMatching;

    @ArgGroup(exclusive = true)
    ExactChoice exact;

    static final class ExactChoice {
        @Option(names = "--md5", required = true, description = "Print the MD5 of each file instead of PDQ.")
        boolean md5;

        @Option(names = "--sha256", required = true, description = "Print the SHA-256 of each file instead of PDQ.")
        boolean sha256;
    }

    @Option(names = "--json", description = "One JSON object per line (JSON Lines) instead of tab-separated text; "
            + "failures appear as objects with \"error\" and \"reason\".")
    boolean json;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Image files (or folders of them).")
    List<Path> files;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (exact != null && (dihedral || fullResolution)) {
            throw new ParameterException(spec.commandLine(),
                    "--dihedral and --full-resolution apply to PDQ only; they cannot be combined with --md5 or --sha256");
        }
        if ((signalSet || forMatching) && (signalSet == forMatching || dihedral || fullResolution || exact != null)) {
            throw new ParameterException(spec.commandLine(),
                    "--signal-set and --for-matching each stand alone (canonical PDQ, variants named in the 4th column); "
                            + "they cannot be combined with each other, --dihedral, --full-resolution, --md5 or --sha256");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Path> inputs = expand(files, err);
        PdqHasher hasher = fullResolution ? PdqHasher.fullResolution() : PdqHasher.canonical();
        int failures = 0;
        Progress progress = Progress.forTerminal(inputs.size(), err);
        for (Path file : inputs) {
            try {
                hashOne(file, hasher, out);
            } catch (ImageDecodeException e) {
                failures++;
                fail(out, err, file, e.reason().name(), e.getMessage());
            } catch (UncheckedIOException e) {
                failures++;
                fail(out, err, file, "UNREADABLE", e.getMessage());
            } catch (RuntimeException e) {
                failures++;
                fail(out, err, file, "ERROR", file + ": " + e);
            }
            out.flush();
            progress.step();
        }
        progress.done();
        failures += missing;
        if (failures > 0) {
            err.println("reportonce hash: " + failures + " of " + (inputs.size() + missing) + " files failed");
        }
        err.flush();
        return failures == 0 ? 0 : 1;
    }

    private int missing;

    private List<Path> expand(List<Path> given, PrintWriter err) {
        List<Path> out = new ArrayList<>();
        for (Path p : given) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    walk.filter(Files::isRegularFile).sorted().forEach(out::add);
                } catch (IOException e) {
                    missing++;
                    err.println("reportonce hash: " + p + ": cannot list folder: " + e.getMessage());
                }
            } else if (!Files.exists(p)) {
                missing++;
                fail(spec.commandLine().getOut(), err, p, "NOT_FOUND", p + ": no such file");
            } else {
                out.add(p);
            }
        }
        return out;
    }

    private void hashOne(Path file, PdqHasher hasher, PrintWriter out) {
        if (exact != null) {
            String type = exact.md5 ? "md5" : "sha256";
            String hex = exact.md5 ? ExactHashes.md5Hex(file) : ExactHashes.sha256Hex(file);
            if (json) {
                out.println("{\"file\":" + Json.str(file.toString()) + ",\"type\":\"" + type + "\",\"hash\":\"" + hex
                        + "\",\"bytes\":" + sizeOf(file) + "}");
            } else {
                out.println(hex + "\t-\t" + file);
            }
            return;
        }
        DecodedImage img = ImageDecoder.decode(file);
        if (signalSet || forMatching) {
            SignalSet set = signalSet ? SignalSets.forReport(img.rgb(), img.width(), img.height())
                    : SignalSets.forMatching(img.rgb(), img.width(), img.height());
            for (SignalMember m : set.members()) {
                print(out, file, m.pdq(), m.variant(), img);
            }
        } else if (dihedral) {
            DihedralHashes all = hasher.hashRgbDihedral(img.rgb(), img.width(), img.height());
            for (Dihedral variant : Dihedral.values()) {
                print(out, file, all.get(variant), variant.wireName(), img);
            }
        } else {
            print(out, file, hasher.hashRgb(img.rgb(), img.width(), img.height()), null, img);
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private void print(PrintWriter out, Path file, PdqHash h, String variant, DecodedImage img) {
        if (json) {
            out.println("{\"file\":" + Json.str(file.toString()) + ",\"type\":\"pdq\",\"hash\":\"" + h.hash().toHex()
                    + "\",\"quality\":" + h.quality()
                    + (variant == null ? "" : ",\"variant\":" + Json.str(variant))
                    + ",\"width\":" + img.width() + ",\"height\":" + img.height() + "}");
        } else {
            out.println(h.hash().toHex() + "\t" + h.quality() + "\t" + file + (variant == null ? "" : "\t" + variant));
        }
    }

    private void fail(PrintWriter out, PrintWriter err, Path file, String reason, String message) {
        err.println("reportonce hash: " + message);
        if (json) {
            out.println("{\"file\":" + Json.str(file.toString()) + ",\"error\":" + Json.str(message)
                    + ",\"reason\":\"" + reason + "\"}");
        }
    }
}
