// Session-6 study tool (not part of the build): for every original (seed 1, at most 1024 px, as the
// harness loads them) writes its forReport members (R lines) and, for the original and its 40 edited
// copies (JPEG q90 as uploaded), the forMatching look-ups (L lines) of the code on the class path, as
// text "T i j label quality hex" (j = -1: the original itself), with N (names) and E (edits) lines;
// and the decoded pixels of every copy, deflated, to PXDIR/i_j.px (int w, int h, then RGB bytes), so
// that SignalStudy6.java can try more look-ups on the exact pixels the harness sees without redoing
// the edits.
// Run: java -cp cli/target/reportonce.jar eval/scripts/SignalCache6.java DIR OUT.tsv PXDIR THREADS
import java.io.*;
import java.nio.file.*;
import java.util.*;
import java.util.concurrent.*;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.*;
import org.reportonce.eval.*;
import org.reportonce.hashing.pdq.PdqHash;
import org.reportonce.hashing.signalset.*;

public class SignalCache6 {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Path px = Path.of(args[2]);
        int threads = Integer.parseInt(args[3]);
        List<Corpus.Original> originals = Corpus.load(Corpus.imageFiles(dir), dir, 0, 1, 1024, s -> System.err.println(s));
        List<Edits.Edit> battery = Edits.battery();
        int n = originals.size();
        String[] blocks = new String[n];
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> fs = new ArrayList<>();
        AtomicInteger done = new AtomicInteger();
        for (int i = 0; i < n; i++) {
            int ii = i;
            fs.add(pool.submit(() -> {
                StringBuilder sb = new StringBuilder();
                var orig = originals.get(ii).image();
                RgbImage rgb = Harness.rgbImage(orig);
                for (SignalMember m : SignalSets.forReport(rgb).members()) line(sb, "R", ii, -1, m.variant(), m.pdq());
                for (int j = -1; j < battery.size(); j++) {
                    RgbImage e = j < 0 ? rgb : Harness.rgbImage(Harness.editedCopy(orig, ii, j, battery.get(j), 1, 90));
                    for (SignalMember m : SignalSets.forMatching(e).members()) line(sb, "L", ii, j, m.variant(), m.pdq());
                    write(px.resolve(ii + "_" + j + ".px"), e);
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

    static void write(Path p, RgbImage im) throws IOException {
        int[] rgb = im.rgb();
        byte[] b = new byte[rgb.length * 3];
        for (int k = 0; k < rgb.length; k++) {
            b[3 * k] = (byte) (rgb[k] >> 16);
            b[3 * k + 1] = (byte) (rgb[k] >> 8);
            b[3 * k + 2] = (byte) rgb[k];
        }
        try (DataOutputStream o = new DataOutputStream(new DeflaterOutputStream(new BufferedOutputStream(Files.newOutputStream(p)), new Deflater(1), 1 << 16))) {
            o.writeInt(im.width());
            o.writeInt(im.height());
            o.write(b);
        }
    }

    public static RgbImage read(Path p) throws IOException {
        try (DataInputStream in = new DataInputStream(new InflaterInputStream(new BufferedInputStream(Files.newInputStream(p)), new Inflater(), 1 << 16))) {
            int w = in.readInt(), h = in.readInt();
            byte[] b = new byte[w * h * 3];
            in.readFully(b);
            int[] rgb = new int[w * h];
            for (int k = 0; k < rgb.length; k++) rgb[k] = ((b[3 * k] & 255) << 16) | ((b[3 * k + 1] & 255) << 8) | (b[3 * k + 2] & 255);
            return new RgbImage(w, h, rgb);
        }
    }

    static void line(StringBuilder sb, String t, int i, int j, String label, PdqHash h) {
        sb.append(t).append('\t').append(i).append('\t').append(j).append('\t').append(label).append('\t')
                .append(h.quality()).append('\t').append(h.hash().toHex()).append('\n');
    }
}
