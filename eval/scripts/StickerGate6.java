// Session-6 round-2 study tool (not part of the build): the platform fast path's sticker gate. For every
// original of DIR (seed 1, at most 1024 px, as the harness loads them) and each of its 40 edited copies
// (Harness.editedCopy without the upload step), the upload is JPEG-encoded here as a platform would
// receive it (ImageIO, quality 90, baseline, 4:2:0) and then:
//   fast   the fast path applies (ImageDecoder.squashedLumaAndEdgesForCanonicalPdq not null), and declines
//          for a border or a turned canvas (HashingFingerprinter.cornersAlike / mayHaveBorder), or not;
//   gate   HashingFingerprinter.mayHaveSticker(block means) fires;
//   finder the complete decode's forMatching has a sticker/orig look-up, and it matches the report;
//   match  the upload matches its original's report (STANDARD_RULE) through the platform with the
//          gate (fast path unless a test declines) and without it (the session-6 platform).
// Prints per edit kind: copies, fast-path eligible (fast), declined by the border / canvas tests (declin),
// gate fires (gate: of the eligible; gateOp: where the fast path was open, i.e. not declined; gate%: the
// latter's share of the open ones, the gate's cost), finder fires on the complete decode (finder), its
// sticker/orig matches the report (fndMat), finder fires but the fast path was taken (miss), recall
// without / with the gate.
// Run: java -cp hashing/target/classes:platform/target/classes:eval/target/classes:cli/target/reportonce.jar \
//          eval/scripts/StickerGate6.java /tmp/reportonce-photos THREADS
import java.awt.image.BufferedImage;
import java.io.*;
import java.lang.reflect.Method;
import java.nio.file.*;
import java.util.*;
import java.util.concurrent.*;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.*;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.reportonce.eval.*;
import org.reportonce.hashing.image.*;
import org.reportonce.hashing.pdq.*;
import org.reportonce.hashing.signalset.*;

public class StickerGate6 {
    static Method corners, borderRgb, borderLuma, sticker;
    /** -Ddump=DIR: also writes each original's upload there (DIR/i.jpg), the inputs of StickerGateCpu6. */
    static final String DUMP = System.getProperty("dump");
    /** -Dcache=FILE: the fast-path uploads' block means and flags, for -Dfrom=FILE -Dgates=... sweeps. */
    static DataOutputStream CACHE;

    public static void main(String[] args) throws Exception {
        if (System.getProperty("from") != null) {
            sweep(Path.of(System.getProperty("from")), System.getProperty("gates"));
            return;
        }
        if (System.getProperty("cache") != null) {
            CACHE = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(Path.of(System.getProperty("cache"))), 1 << 20));
        }
        Class<?> hf = Class.forName("org.reportonce.platform.HashingFingerprinter");
        corners = hf.getDeclaredMethod("cornersAlike", LumaImage.class);
        borderRgb = hf.getDeclaredMethod("mayHaveBorder", int[][].class);
        borderLuma = hf.getDeclaredMethod("mayHaveBorder", LumaImage.class);
        sticker = hf.getDeclaredMethod("mayHaveSticker", DecodedImage.class);
        for (Method m : List.of(corners, borderRgb, borderLuma, sticker)) m.setAccessible(true);
        Path dir = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        List<Corpus.Original> originals = Corpus.load(Corpus.imageFiles(dir), dir, 0, 1, 1024, s -> System.err.println(s));
        List<Edits.Edit> battery = Edits.battery();
        int n = originals.size();
        // per kind: [copies, eligible, otherDecline, gate, gateAmongEligibleNotDeclined, finder, finderMatch, miss, recallWithout, recallWith]
        Map<String, long[]> byKind = new ConcurrentSkipListMap<>();
        List<String> misses = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> fs = new ArrayList<>();
        AtomicInteger done = new AtomicInteger();
        for (int i = 0; i < n; i++) {
            int ii = i;
            fs.add(pool.submit(() -> {
                BufferedImage orig = originals.get(ii).image();
                SignalSet report = SignalSets.forReport(Harness.rgbImage(orig));
                for (int j = -1; j < battery.size(); j++) {
                    BufferedImage e = j < 0 ? orig : Harness.editedCopy(orig, ii, j, battery.get(j), 1, 0);
                    String kind = j < 0 ? "(original)" : battery.get(j).kind().wireName();
                    byte[] bytes = jpeg(e, 0.9f);
                    if (j < 0 && DUMP != null) Files.write(Path.of(DUMP).resolve(ii + ".jpg"), bytes);
                    long[] r = one(bytes, report, kind);
                    long[] acc = byKind.computeIfAbsent(kind, k -> new long[r.length]);
                    synchronized (acc) {
                        for (int k = 0; k < r.length; k++) acc[k] += r[k];
                    }
                    if (r[7] == 1) misses.add(originals.get(ii).name() + " " + (j < 0 ? "original" : battery.get(j).label()));
                }
                System.err.println("done " + done.incrementAndGet() + "/" + n);
                return null;
            }));
        }
        for (Future<?> f : fs) f.get();
        pool.shutdown();
        System.out.printf("%-22s %6s %6s %6s %6s %6s %6s %6s %6s %6s %8s %8s%n", "kind", "copies", "fast", "declin", "gate",
                "gateOp", "gate%", "finder", "fndMat", "miss", "recall-", "recall+");
        long[] all = new long[10];
        long[] edited = new long[10];
        for (var en : byKind.entrySet()) {
            long[] a = en.getValue();
            print(en.getKey(), a);
            for (int k = 0; k < a.length; k++) {
                all[k] += a[k];
                if (!en.getKey().equals("(original)")) edited[k] += a[k];
            }
        }
        print("all edited copies", edited);
        long[] other = edited.clone();
        long[] st = byKind.getOrDefault("sticker", new long[10]);
        for (int k = 0; k < other.length; k++) other[k] -= st[k];
        print("edited, not sticker", other);
        System.out.println("finder fired, gate did not (fast path taken): " + misses);
        if (CACHE != null) CACHE.close();
    }

    static void print(String kind, long[] a) {
        long open = a[1] - a[2]; // fast path eligible and not declined by the border / canvas tests
        System.out.printf("%-22s %6d %6d %6d %6d %6d %5.1f%% %6d %6d %6d %7.1f%% %7.1f%%%n", kind, a[0], a[1], a[2], a[3], a[4],
                open == 0 ? 0 : 100.0 * a[4] / open, a[5], a[6], a[7], 100.0 * a[8] / a[0], 100.0 * a[9] / a[0]);
    }

    /** [1, eligible, declined by border/canvas, gate fires, gate fires where the fast path was open, finder, finder matches, miss, matched without gate, with gate]. */
    static long[] one(byte[] bytes, SignalSet report, String kind) {
        long[] r = new long[10];
        r[0] = 1;
        try {
            LumaAndEdges s = ImageDecoder.standard().squashedLumaAndEdgesForCanonicalPdq(bytes);
            DecodedImage d = ImageDecoder.decode(bytes);
            SignalSet full = SignalSets.forMatching(d.rgb(), d.width(), d.height());
            SignalMember st = full.members().stream().filter(m -> m.variant().equals(SignalSets.STICKER)).findFirst().orElse(null);
            if (st != null) {
                r[5] = 1;
                if (SignalSets.STANDARD_RULE.match(new SignalSet(List.of(st)), report).isPresent()) r[6] = 1;
            }
            boolean fullMatch = SignalSets.STANDARD_RULE.match(full, report).isPresent();
            if (s == null) {
                r[8] = r[9] = fullMatch ? 1 : 0;
                return r;
            }
            r[1] = 1;
            LumaImage luma = s.luma();
            boolean declined = (boolean) corners.invoke(null, luma)
                    || (s.edgeRgb() != null ? (boolean) borderRgb.invoke(null, (Object) s.edgeRgb()) : (boolean) borderLuma.invoke(null, luma));
            boolean gate = (boolean) sticker.invoke(null, s.blockMeans());
            if (declined) r[2] = 1;
            if (gate) r[3] = 1;
            if (gate && !declined) r[4] = 1;
            if (st != null && !gate && !declined) r[7] = 1;
            boolean fastMatch = SignalSets.STANDARD_RULE.match(fast(luma), report).isPresent();
            r[8] = (declined ? fullMatch : fastMatch) ? 1 : 0;
            r[9] = (declined || gate ? fullMatch : fastMatch) ? 1 : 0;
            if (CACHE != null && s.blockMeans() != null) {
                DecodedImage bm = s.blockMeans();
                ByteArrayOutputStream o = new ByteArrayOutputStream();
                DataOutputStream d2 = new DataOutputStream(o);
                d2.writeUTF(kind);
                d2.writeBoolean(declined);
                d2.writeBoolean(st != null);
                d2.writeBoolean(fastMatch);
                d2.writeBoolean(fullMatch);
                d2.writeInt(bm.width());
                d2.writeInt(bm.height());
                for (int p : bm.rgb()) d2.writeInt(p);
                synchronized (CACHE) {
                    CACHE.write(o.toByteArray());
                }
            }
            return r;
        } catch (ReflectiveOperationException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The fast path's look-ups (HashingFingerprinter.fastPath less its tests). */
    static SignalSet fast(LumaImage luma) {
        DihedralHashes d = PdqHasher.canonical().hashLumaDihedral(luma.luma(), luma.width(), luma.height());
        List<SignalMember> out = new ArrayList<>();
        for (Dihedral v : Dihedral.values()) out.add(new SignalMember(v.wireName(), d.get(v)));
        out.addAll(SignalSets.areaLookups(AreaHashes.ofLuma(luma.luma(), luma.width(), luma.height())));
        return new SignalSet(out);
    }

    static byte[] jpeg(BufferedImage src, float quality) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(quality);
            try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
                writer.setOutput(out);
                writer.write(null, new IIOImage(Edits.toRgb(src), null, null), p);
            } finally {
                writer.dispose();
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Gate variants on the cached uploads: "flat,chroma,tolerance,minArea,maxArea,minFill,maxAspect,ring,neighbourFlat"
     * separated by ';' (the fields of Stickers.Tests, reached by reflection). Per variant, over the uploads where
     * the fast path was open: the gate's share on the non-sticker uploads (originals and other copies), on the
     * stickered copies, the finder-fired uploads it misses, and the sticker copies' recall with it.
     */
    static void sweep(Path from, String gates) throws Exception {
        Class<?> st = Class.forName("org.reportonce.hashing.signalset.Stickers");
        Class<?> tests = Class.forName("org.reportonce.hashing.signalset.Stickers$Tests");
        Method find = st.getDeclaredMethod("find", RgbImage.class, tests);
        find.setAccessible(true);
        var ctor = tests.getDeclaredConstructors()[0];
        ctor.setAccessible(true);
        List<Object[]> rows = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(from), 1 << 20))) {
            while (in.available() > 0) {
                String kind = in.readUTF();
                boolean declined = in.readBoolean(), finder = in.readBoolean(), fastMatch = in.readBoolean(), fullMatch = in.readBoolean();
                int w = in.readInt(), h = in.readInt();
                int[] px = new int[w * h];
                for (int k = 0; k < px.length; k++) px[k] = in.readInt();
                if (declined) continue;
                rows.add(new Object[] {kind, finder, fastMatch, fullMatch, new RgbImage(w, h, px)});
            }
        }
        System.out.println("open uploads: " + rows.size());
        for (String g : gates.split(";")) {
            String[] f = g.split(",");
            Object t = ctor.newInstance(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]), Double.parseDouble(f[3]),
                    Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]), Double.parseDouble(f[7]), Integer.parseInt(f[8]));
            int other = 0, otherFire = 0, sticker = 0, stickerFire = 0, finder = 0, miss = 0, stickerRecall = 0, allRecall = 0;
            long t0 = System.nanoTime();
            for (Object[] r : rows) {
                boolean fire = find.invoke(null, r[4], t) != null;
                boolean isSticker = r[0].equals("sticker");
                if (isSticker) { sticker++; if (fire) stickerFire++; } else { other++; if (fire) otherFire++; }
                if ((boolean) r[1]) { finder++; if (!fire) miss++; }
                boolean match = fire ? (boolean) r[3] : (boolean) r[2];
                if (match) allRecall++;
                if (isSticker && match) stickerRecall++;
            }
            System.out.printf("%-40s other %4d/%4d = %5.1f%%  stickers %3d/%3d  finder-fired missed %2d/%3d  sticker recall %3d  all %4d  (%.3f ms/gate)%n",
                    g, otherFire, other, 100.0 * otherFire / other, stickerFire, sticker, miss, finder, stickerRecall, allRecall,
                    (System.nanoTime() - t0) / 1e6 / rows.size());
        }
    }
}
