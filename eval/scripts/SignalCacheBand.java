// Session-5 round-2 study tool (not part of the build): for every original and edited copy (edits as in
// SignalCache: seed 1, JPEG q90), cuts the upload at a straight edge of a flat-coloured band (a meme's
// caption band, an app's bars) on each side and hashes what is left, as extra look-ups for
// SignalStudy5's -DextraLooks=FILE: text lines "L i j label quality hex". Labels: SRC:all (every side
// that has such an edge cut), SRC:top, SRC:bottom (that side alone), SRC = raw (the upload as given) or
// norm (as the match side normalises it).
// Band edge of a side: the outermost line is at least 60 % one colour C (per channel within 24); lines
// inward stay at least 40 % C; the band ends at a line that is at least 92 % C followed by three lines
// each less than 40 % C. Only between 2 % and 45 % of the side's length, else no cut.
// Run: java -cp CP eval/scripts/SignalCacheBand.java DIR OUT THREADS
import java.io.*;
import java.nio.file.*;
import java.util.*;
import java.util.concurrent.*;
import org.reportonce.eval.*;
import org.reportonce.hashing.pdq.PdqHash;
import org.reportonce.hashing.signalset.*;

public class SignalCacheBand {
    static final int TOL = 24;

    static int[] line(RgbImage im, int side, int k) {
        int w = im.width(), h = im.height();
        int[] p = im.rgb();
        boolean horizontal = side == 1 || side == 3;
        int n = horizontal ? w : h;
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int x, y;
            switch (side) {
                case 0 -> { x = k; y = i; }
                case 1 -> { x = i; y = k; }
                case 2 -> { x = w - 1 - k; y = i; }
                default -> { x = i; y = h - 1 - k; }
            }
            out[i] = p[y * w + x];
        }
        return out;
    }

    static int median(int[] l) {
        int[] r = new int[l.length], g = new int[l.length], b = new int[l.length];
        for (int i = 0; i < l.length; i++) { r[i] = (l[i] >> 16) & 255; g[i] = (l[i] >> 8) & 255; b[i] = l[i] & 255; }
        Arrays.sort(r); Arrays.sort(g); Arrays.sort(b);
        int m = l.length / 2;
        return (r[m] << 16) | (g[m] << 8) | b[m];
    }

    static double frac(int[] l, int c) {
        int s = 0;
        for (int p : l) {
            if (Math.abs(((p >> 16) & 255) - ((c >> 16) & 255)) <= TOL && Math.abs(((p >> 8) & 255) - ((c >> 8) & 255)) <= TOL
                    && Math.abs((p & 255) - (c & 255)) <= TOL) s++;
        }
        return (double) s / l.length;
    }

    /** Depth of the band on that side, or 0. */
    static int band(RgbImage im, int side) {
        int len = side == 1 || side == 3 ? im.height() : im.width();
        int[] first = line(im, side, 0);
        int c = median(first);
        if (frac(first, c) < 0.6) return 0;
        int lo = Math.max(2, len * 2 / 100), hi = len * 45 / 100;
        double prev = frac(first, c);
        for (int k = 1; k + 2 < len && k <= hi; k++) {
            double f = frac(line(im, side, k), c);
            if (f < 0.4) {
                if (prev >= 0.92 && frac(line(im, side, k + 1), c) < 0.4 && frac(line(im, side, k + 2), c) < 0.4) return k >= lo ? k : 0;
                return 0;
            }
            prev = f;
        }
        return 0;
    }

    static void emit(StringBuilder sb, int i, int j, String src, RgbImage im) {
        int w = im.width(), h = im.height();
        int[] d = new int[4];
        for (int s = 0; s < 4; s++) d[s] = band(im, s);
        if (d[0] + d[1] + d[2] + d[3] == 0) return;
        LinkedHashMap<String, Variant> vs = new LinkedHashMap<>();
        vs.put(src + ":all", Variant.cropPercent(100.0 * d[0] / w, 100.0 * d[1] / h, 100.0 * d[2] / w, 100.0 * d[3] / h));
        if (d[1] > 0 && (d[3] > 0 || d[0] + d[2] > 0)) vs.put(src + ":top", Variant.cropPercent(0, 100.0 * d[1] / h, 0, 0));
        if (d[3] > 0 && (d[1] > 0 || d[0] + d[2] > 0)) vs.put(src + ":bottom", Variant.cropPercent(0, 0, 0, 100.0 * d[3] / h));
        List<String> labels = new ArrayList<>(vs.keySet());
        List<PdqHash> hs = SignalSets.variantHashes(im, new ArrayList<>(vs.values()));
        for (int k = 0; k < labels.size(); k++) {
            sb.append("L\t").append(i).append('\t').append(j).append('\t').append(labels.get(k)).append('\t')
                    .append(hs.get(k).quality()).append('\t').append(hs.get(k).hash().toHex()).append('\n');
        }
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        List<Corpus.Original> originals = Corpus.load(Corpus.imageFiles(dir), dir, 0, 1, 1024, s -> {});
        List<Edits.Edit> battery = Edits.battery();
        int n = originals.size();
        String[] blocks = new String[n];
        ExecutorService ex = Executors.newFixedThreadPool(Integer.parseInt(args[2]));
        List<Future<?>> fs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int ii = i;
            fs.add(ex.submit(() -> {
                var orig = originals.get(ii).image();
                StringBuilder sb = new StringBuilder();
                for (int j = -1; j < battery.size(); j++) {
                    RgbImage e = j < 0 ? Harness.rgbImage(orig) : Harness.rgbImage(Harness.editedCopy(orig, ii, j, battery.get(j), 1, 90));
                    emit(sb, ii, j, "raw", e);
                    RgbImage nm = SignalSets.normalisedForMatching(e);
                    if (nm != e) emit(sb, ii, j, "norm", nm);
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
