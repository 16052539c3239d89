// Session-3 study tool (not part of the build): hashes every original's candidate report variants and
// every edited copy's look-ups once, with labels and qualities, into a text cache that
// SignalStudy.java then evaluates under any variant set and match rule in seconds.
// Run: java -cp hashing/target/classes:eval/target/classes:<twelvemonkeys jars> eval/scripts/SignalCache.java DIR LIMIT OUT THREADS
import java.io.*;
import java.nio.file.*;
import java.util.*;
import java.util.concurrent.*;
import org.reportonce.eval.*;
import org.reportonce.hashing.pdq.PdqHash;
import org.reportonce.hashing.signalset.*;

public class SignalCache {
    static List<Variant> candidates() {
        LinkedHashMap<String, Variant> m = new LinkedHashMap<>();
        for (Variant v : SignalSets.reportVariants()) m.put(v.label(), v);
        for (Variant v : VariantChooser.candidates()) m.put(v.label(), v);
        // off-centre grid: T % removed from each axis, split l:r and t:b at 0, 1/4, 1/2, 3/4, 1
        for (double t : new double[] {4, 6, 8, 10}) {
            for (int a = 0; a <= 4; a++) for (int b = 0; b <= 4; b++) {
                double l = t * a / 4, tp = t * b / 4;
                Variant v = Variant.cropPercent(l, tp, t - l, t - tp);
                m.put(v.label(), v);
            }
        }
        return new ArrayList<>(m.values());
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int limit = Integer.parseInt(args[1]);
        Path out = Path.of(args[2]);
        int threads = Integer.parseInt(args[3]);
        List<Path> files = Corpus.imageFiles(dir);
        if (limit > 0 && files.size() > limit) {
            List<Path> picked = new ArrayList<>();
            for (int i = 0; i < limit; i++) picked.add(files.get((int) ((long) i * files.size() / limit)));
            files = picked;
        }
        List<Corpus.Original> originals = Corpus.load(files, dir, 0, 1, 1024, s -> System.err.println(s));
        List<Edits.Edit> battery = Edits.battery();
        List<Variant> cands = candidates();
        int n = originals.size();
        String[] blocks = new String[n];
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> fs = new ArrayList<>();
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        for (int i = 0; i < n; i++) {
            int ii = i;
            fs.add(pool.submit(() -> {
                StringBuilder sb = new StringBuilder();
                var orig = originals.get(ii).image();
                RgbImage rgb = Harness.rgbImage(orig);
                for (SignalMember mm : SignalSets.forReport(rgb, List.of()).members()) line(sb, "R", ii, -1, mm.variant(), mm.pdq());
                List<PdqHash> hs = SignalSets.variantHashes(rgb, cands);
                for (int c = 0; c < cands.size(); c++) line(sb, "R", ii, -1, cands.get(c).label(), hs.get(c));
                for (SignalMember mm : SignalSets.forMatching(rgb).members()) line(sb, "L", ii, -1, mm.variant(), mm.pdq());
                for (int j = 0; j < battery.size(); j++) {
                    RgbImage e = Harness.rgbImage(Harness.editedCopy(orig, ii, j, battery.get(j), 1, 90));
                    for (SignalMember mm : SignalSets.forMatching(e).members()) line(sb, "L", ii, j, mm.variant(), mm.pdq());
                }
                blocks[ii] = sb.toString();
                System.err.println("done " + done.incrementAndGet() + "/" + n);
                return null;
            }));
        }
        for (Future<?> f : fs) f.get();
        pool.shutdown();
        try (Writer w = Files.newBufferedWriter(out)) {
            for (int i = 0; i < n; i++) w.write("N\t" + i + "\t" + originals.get(i).name() + "\n");
            for (int j = 0; j < battery.size(); j++) w.write("E\t" + j + "\t" + battery.get(j).kind().wireName() + "\t" + battery.get(j).label() + "\n");
            for (String b : blocks) w.write(b);
        }
    }

    static void line(StringBuilder sb, String t, int i, int j, String label, PdqHash h) {
        sb.append(t).append('\t').append(i).append('\t').append(j).append('\t').append(label).append('\t')
                .append(h.quality()).append('\t').append(h.hash().toHex()).append('\n');
    }
}
