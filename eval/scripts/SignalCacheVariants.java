// Session-5 study tool (not part of the build): hashes more candidate report variants of each original
// (the off-centre grid of SignalCache.candidates(): 4-10 % cut from each axis, split in quarters, and
// shifts) as text lines "R i -1 label quality hex", for SignalStudy5's -Dextra=FILE.
// Run: java -cp CP eval/scripts/SignalCacheVariants.java DIR OUT THREADS
import java.io.*;
import java.nio.file.*;
import java.util.*;
import java.util.concurrent.*;
import org.reportonce.eval.*;
import org.reportonce.hashing.pdq.PdqHash;
import org.reportonce.hashing.signalset.*;

public class SignalCacheVariants {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        List<Corpus.Original> originals = Corpus.load(Corpus.imageFiles(dir), dir, 0, 1, 1024, s -> {});
        Set<String> have = new HashSet<>();
        for (Variant v : SignalSets.reportVariants()) have.add(v.label());
        LinkedHashMap<String, Variant> m = new LinkedHashMap<>();
        for (double t : new double[] {4, 6, 8, 10, 12}) {
            for (int a = 0; a <= 4; a++) for (int b = 0; b <= 4; b++) {
                double l = t * a / 4, tp = t * b / 4;
                Variant v = Variant.cropPercent(l, tp, t - l, t - tp);
                if (!have.contains(v.label())) m.put(v.label(), v);
            }
        }
        List<Variant> cands = new ArrayList<>(m.values());
        String[] blocks = new String[originals.size()];
        ExecutorService ex = Executors.newFixedThreadPool(Integer.parseInt(args[2]));
        List<Future<?>> fs = new ArrayList<>();
        for (int i = 0; i < originals.size(); i++) {
            int ii = i;
            fs.add(ex.submit(() -> {
                RgbImage rgb = Harness.rgbImage(originals.get(ii).image());
                List<PdqHash> hs = SignalSets.variantHashes(rgb, cands);
                StringBuilder sb = new StringBuilder();
                for (int c = 0; c < cands.size(); c++) {
                    sb.append("R\t").append(ii).append("\t-1\t").append(cands.get(c).label()).append('\t')
                            .append(hs.get(c).quality()).append('\t').append(hs.get(c).hash().toHex()).append('\n');
                }
                blocks[ii] = sb.toString();
                return null;
            }));
        }
        for (Future<?> f : fs) f.get();
        ex.shutdown();
        try (Writer w = Files.newBufferedWriter(Path.of(args[1]))) {
            for (String b : blocks) w.write(b);
        }
    }
}
