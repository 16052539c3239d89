// Session-5 study tool (not part of the build): extends the session-4 cache (SignalCache.java) with
//  - report members computed on the picture as the match side normalises it (trimmed / turned back):
//    "N:" + variant label (the 36 report variants) and "NA:" + region label (SignalCache's regions),
//    written only for originals whose normalised picture differs from the picture;
//  - a pool of upload crops hashed the cheap way (AreaHashes.fastHash: the plane blurred once, each
//    crop only sampled and DCT'd), "F:" + crop label: every combination of 0, 1.5, 3, 4.5, 6 % off
//    each side, one side cut by 8-21 %, and the four halves.
// Binary output (DataOutputStream): header of labels, then per (original, edit) block the quality
// byte and 4 longs of every label in order. Edits as in SignalCache: seed 1, JPEG q90.
// Run: java -cp hashing/target/classes:eval/target/classes:<eval deps> eval/scripts/SignalCache5.java DIR OUT THREADS
import java.io.*;
import java.nio.file.*;
import java.util.*;
import java.util.concurrent.*;
import org.reportonce.eval.*;
import org.reportonce.hashing.pdq.PdqHash;
import org.reportonce.hashing.signalset.*;

public class SignalCache5 {
    static List<Variant> uploadPool() {
        LinkedHashMap<String, Variant> m = new LinkedHashMap<>();
        double[] e = {0, 1.5, 3, 4.5, 6};
        for (double l : e) for (double t : e) for (double r : e) for (double b : e) {
            if (l + t + r + b == 0) continue;
            Variant v = Variant.cropPercent(l, t, r, b);
            m.put(v.label(), v);
        }
        for (double c : new double[] {8, 10, 12, 15, 18, 21}) {
            for (Variant v : List.of(Variant.cropPercent(c, 0, 0, 0), Variant.cropPercent(0, c, 0, 0),
                    Variant.cropPercent(0, 0, c, 0), Variant.cropPercent(0, 0, 0, c))) m.put(v.label(), v);
        }
        for (Variant v : List.of(Variant.cropPercent(0, 0, 50, 0), Variant.cropPercent(50, 0, 0, 0),
                Variant.cropPercent(0, 0, 0, 50), Variant.cropPercent(0, 50, 0, 0))) m.put(v.label(), v);
        return new ArrayList<>(m.values());
    }

    static List<Variant> regions() {
        List<Variant> out = new ArrayList<>();
        for (double c : new double[] {50, 40, 33, 25}) {
            out.add(Variant.cropPercent(0, 0, c, 0));
            out.add(Variant.cropPercent(c, 0, 0, 0));
            out.add(Variant.cropPercent(0, 0, 0, c));
            out.add(Variant.cropPercent(0, c, 0, 0));
        }
        for (double c : new double[] {50, 35}) {
            out.add(Variant.cropPercent(0, 0, c, c));
            out.add(Variant.cropPercent(c, 0, 0, c));
            out.add(Variant.cropPercent(0, c, c, 0));
            out.add(Variant.cropPercent(c, c, 0, 0));
        }
        out.add(Variant.cropPercent(25, 25, 25, 25));
        out.add(Variant.cropPercent(15, 15, 15, 15));
        out.add(Variant.cropPercent(25, 0, 25, 0));
        out.add(Variant.cropPercent(0, 25, 0, 25));
        return out;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Path out = Path.of(args[1]);
        int threads = Integer.parseInt(args[2]);
        List<Path> files = Corpus.imageFiles(dir);
        List<Corpus.Original> originals = Corpus.load(files, dir, 0, 1, 1024, s -> System.err.println(s));
        List<Edits.Edit> battery = Edits.battery();
        List<Variant> pool = uploadPool();
        List<Variant> reportVariants = SignalSets.reportVariants();
        List<Variant> regions = regions();
        int n = originals.size();
        byte[][] blocks = new byte[n][];
        ExecutorService exec = Executors.newFixedThreadPool(threads);
        List<Future<?>> fs = new ArrayList<>();
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        for (int i = 0; i < n; i++) {
            int ii = i;
            fs.add(exec.submit(() -> {
                ByteArrayOutputStream bos = new ByteArrayOutputStream();
                DataOutputStream o = new DataOutputStream(bos);
                var orig = originals.get(ii).image();
                RgbImage rgb = Harness.rgbImage(orig);
                RgbImage norm = SignalSets.normalisedForMatching(rgb);
                o.writeBoolean(norm != rgb);
                if (norm != rgb) {
                    for (PdqHash h : SignalSets.variantHashes(norm, reportVariants)) write(o, h);
                    AreaHashes a = AreaHashes.of(norm);
                    for (Variant v : regions) write(o, a.hash(v));
                }
                for (int j = -1; j < battery.size(); j++) {
                    RgbImage e = j < 0 ? rgb : Harness.rgbImage(Harness.editedCopy(orig, ii, j, battery.get(j), 1, 90));
                    AreaHashes a = AreaHashes.of(SignalSets.normalisedForMatching(e));
                    for (Variant v : pool) write(o, a.fastHash(v));
                }
                o.flush();
                blocks[ii] = bos.toByteArray();
                System.err.println("done " + done.incrementAndGet() + "/" + n);
                return null;
            }));
        }
        for (Future<?> f : fs) f.get();
        exec.shutdown();
        try (DataOutputStream o = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(out)))) {
            o.writeInt(n);
            o.writeInt(battery.size());
            o.writeInt(reportVariants.size());
            for (Variant v : reportVariants) o.writeUTF(v.label());
            o.writeInt(regions.size());
            for (Variant v : regions) o.writeUTF(v.label());
            o.writeInt(pool.size());
            for (Variant v : pool) o.writeUTF(v.label());
            for (byte[] b : blocks) o.write(b);
        }
    }

    static void write(DataOutputStream o, PdqHash h) throws IOException {
        o.writeByte(h.quality());
        long[] w = words(h.hash().toHex());
        for (long x : w) o.writeLong(x);
    }

    static long[] words(String hex) {
        long[] w = new long[4];
        for (int k = 0; k < 4; k++) w[k] = Long.parseUnsignedLong(hex.substring(16 * k, 16 * k + 16), 16);
        return w;
    }
}
