// Session-3/4 study tool (not part of the build): hashes every original's candidate report variants and
// every edited copy's look-ups once, with labels and qualities, into a text cache that
// SignalStudy.java then evaluates under any variant set and match rule in seconds.
// Session 4 adds area hashes (AreaHashes: PDQ of rectangles of the canonical luma plane), labelled
// "A:" + the rectangle's crop label: region candidates on the report side (R lines), and region and
// small-crop candidates of the normalised upload on the match side (L lines).
// Run: java -cp hashing/target/classes:eval/target/classes:<twelvemonkeys jars> eval/scripts/SignalCache.java DIR LIMIT OUT THREADS [areas-only]
// ("areas-only": session 4's cache: the 36 report variants instead of all 142 candidates)
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

    /** Report-side and match-side region candidates: large rectangles of the picture. */
    static List<Variant> regions() {
        List<Variant> out = new ArrayList<>();
        for (double c : new double[] {50, 40, 33, 25}) {
            out.add(Variant.cropPercent(0, 0, c, 0));
            out.add(Variant.cropPercent(c, 0, 0, 0));
            out.add(Variant.cropPercent(0, 0, 0, c));
            out.add(Variant.cropPercent(0, c, 0, 0));
        }
        for (double c : new double[] {50, 35}) { // quadrants and 65 % x 65 % corners
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

    /** Match-side crop candidates: small cuts of the upload, from one side, two sides or all. */
    static List<Variant> uploadCrops() {
        List<Variant> out = new ArrayList<>();
        for (double c : new double[] {2, 4, 6}) {
            out.add(Variant.cropPercent(c, 0, 0, 0));
            out.add(Variant.cropPercent(0, c, 0, 0));
            out.add(Variant.cropPercent(0, 0, c, 0));
            out.add(Variant.cropPercent(0, 0, 0, c));
        }
        for (double c : new double[] {2, 3, 5}) {
            out.add(Variant.cropPercent(c, c, 0, 0));
            out.add(Variant.cropPercent(0, c, c, 0));
            out.add(Variant.cropPercent(0, 0, c, c));
            out.add(Variant.cropPercent(c, 0, 0, c));
        }
        out.add(Variant.cropPercent(3, 3, 3, 3));
        return out;
    }

    static void areas(StringBuilder sb, String t, int i, int j, RgbImage img, List<Variant> areas) {
        AreaHashes a = AreaHashes.of(img);
        for (Variant v : areas) line(sb, t, i, j, "A:" + v.label(), a.hash(v));
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
        boolean areasOnly = args.length > 4 && args[4].equals("areas-only");
        List<Variant> cands = areasOnly ? SignalSets.reportVariants() : candidates();
        List<Variant> lookAreas = new ArrayList<>(regions());
        lookAreas.addAll(uploadCrops());
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
                areas(sb, "R", ii, -1, rgb, regions());
                for (SignalMember mm : SignalSets.forMatching(rgb).members()) line(sb, "L", ii, -1, mm.variant(), mm.pdq());
                areas(sb, "L", ii, -1, SignalSets.normalisedForMatching(rgb), lookAreas);
                for (int j = 0; j < battery.size(); j++) {
                    RgbImage e = Harness.rgbImage(Harness.editedCopy(orig, ii, j, battery.get(j), 1, 90));
                    for (SignalMember mm : SignalSets.forMatching(e).members()) line(sb, "L", ii, j, mm.variant(), mm.pdq());
                    areas(sb, "L", ii, j, SignalSets.normalisedForMatching(e), lookAreas);
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
