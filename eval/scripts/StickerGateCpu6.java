// Session-6 round-2 study tool (not part of the build): CPU of the platform fast path with the sticker gate
// (this branch's hashing classes) against without it (the hashing classes before the gate), in one JVM:
// each version in its own class loader, rounds alternating A, B, B, A over the same JPEG files, per-thread
// CPU time. Per version: "edges" is HashingFingerprinter.fastPath's work (decode with edges, the 8 dihedral
// hashes and the area look-ups, plus, for the gated version, the block means' gate), "plain" is
// ImageHashing.pdqFast (which must not pay for the gate).
// Run: java eval/scripts/StickerGateCpu6.java BASE_CLASSES NEW_CLASSES JPEG_DIR ROUNDS
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.*;
import java.util.*;

public class StickerGateCpu6 {
    record Version(String name, Method standard, Method edges, Method luma, Method lumaPlane, Method width, Method height,
                   Object hasher, Method dihedral, Method ofLuma, Method areaLookups, Method pdqFast, Method blockMeans,
                   Method gate, java.lang.reflect.Constructor<?> rgbImage, Method bmW, Method bmH, Method bmRgb) {}

    public static void main(String[] args) throws Exception {
        Version base = load("without gate", Path.of(args[0]));
        Version gated = load("with gate", Path.of(args[1]));
        List<byte[]> files = new ArrayList<>();
        try (var s = Files.list(Path.of(args[2]))) {
            for (Path p : s.sorted().toList()) if (p.toString().toLowerCase(Locale.ROOT).endsWith(".jpg")) files.add(Files.readAllBytes(p));
        }
        int rounds = Integer.parseInt(args[3]);
        // what the gate does on these files: fast path eligible, progressive, no block means, gate fires
        int eligible = 0, progressive = 0, noMeans = 0, fires = 0;
        for (byte[] b : files) {
            Object s = gated.edges.invoke(gated.standard.invoke(null), (Object) b);
            if (s == null) continue;
            eligible++;
            if (isProgressive(b)) progressive++;
            Object bm = gated.blockMeans.invoke(s);
            if (bm == null) noMeans++;
            else if ((boolean) gated.gate.invoke(null, gated.rgbImage.newInstance(gated.bmW.invoke(bm), gated.bmH.invoke(bm), gated.bmRgb.invoke(bm)))) fires++;
        }
        System.out.printf("files %d, fast path eligible %d (progressive %d), no block means %d, gate fires %d%n", files.size(),
                eligible, progressive, noMeans, fires);
        var mx = ManagementFactory.getThreadMXBean();
        Map<String, List<Double>> ms = new LinkedHashMap<>();
        long sink = 0;
        for (int r = -2; r < rounds; r++) { // two warm-up rounds
            Version[] order = r % 2 == 0 ? new Version[] {base, gated, gated, base} : new Version[] {gated, base, base, gated};
            for (Version v : order) {
                for (String what : new String[] {"edges", "plain"}) {
                    long t0 = mx.getCurrentThreadCpuTime();
                    for (byte[] b : files) sink += what.equals("edges") ? fastPath(v, b) : plain(v, b);
                    double perFile = (mx.getCurrentThreadCpuTime() - t0) / 1e6 / files.size();
                    if (r >= 0) ms.computeIfAbsent(v.name + " " + what, k -> new ArrayList<>()).add(perFile);
                }
            }
        }
        for (var e : ms.entrySet()) {
            List<Double> l = new ArrayList<>(e.getValue());
            Collections.sort(l);
            System.out.printf("%-20s median %.3f ms/upload (min %.3f, max %.3f, n=%d)%n", e.getKey(), l.get(l.size() / 2), l.get(0),
                    l.get(l.size() - 1), l.size());
        }
        System.out.println("files " + files.size() + " sink " + sink);
    }

    static long fastPath(Version v, byte[] bytes) throws Exception {
        Object s = v.edges.invoke(v.standard.invoke(null), (Object) bytes);
        if (s == null) return 0;
        Object luma = v.luma.invoke(s);
        float[] y = (float[]) v.lumaPlane.invoke(luma);
        int w = (int) v.width.invoke(luma), h = (int) v.height.invoke(luma);
        long x = 0;
        if (v.gate != null) {
            Object bm = v.blockMeans.invoke(s);
            if (bm != null && (boolean) v.gate.invoke(null, v.rgbImage.newInstance(v.bmW.invoke(bm), v.bmH.invoke(bm), v.bmRgb.invoke(bm)))) x++;
        }
        x += v.dihedral.invoke(v.hasher, y, w, h).hashCode();
        x += ((List<?>) v.areaLookups.invoke(null, v.ofLuma.invoke(null, y, w, h))).size();
        return x;
    }

    static boolean isProgressive(byte[] b) {
        int p = 2;
        while (p + 4 < b.length && (b[p] & 255) == 0xFF) {
            int m = b[p + 1] & 255;
            if (m == 0xC2) return true;
            if (m == 0xC0 || m == 0xC1 || m == 0xDA) return false;
            p += 2 + (((b[p + 2] & 255) << 8) | (b[p + 3] & 255));
        }
        return false;
    }

    static long plain(Version v, byte[] bytes) throws Exception {
        return v.pdqFast.invoke(null, (Object) bytes).hashCode();
    }

    static Version load(String name, Path classes) throws Exception {
        ClassLoader cl = new URLClassLoader(new URL[] {classes.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        Class<?> dec = cl.loadClass("org.reportonce.hashing.image.ImageDecoder");
        Class<?> lae = cl.loadClass("org.reportonce.hashing.image.LumaAndEdges");
        Class<?> li = cl.loadClass("org.reportonce.hashing.image.LumaImage");
        Class<?> hasher = cl.loadClass("org.reportonce.hashing.pdq.PdqHasher");
        Class<?> area = cl.loadClass("org.reportonce.hashing.signalset.AreaHashes");
        Class<?> sets = cl.loadClass("org.reportonce.hashing.signalset.SignalSets");
        Class<?> ih = cl.loadClass("org.reportonce.hashing.ImageHashing");
        Class<?> rgb = cl.loadClass("org.reportonce.hashing.signalset.RgbImage");
        Class<?> di = cl.loadClass("org.reportonce.hashing.image.DecodedImage");
        Method bm = null, gate = null;
        try {
            bm = lae.getMethod("blockMeans");
            gate = sets.getMethod("mayHaveSticker", rgb);
        } catch (NoSuchMethodException e) {
            // the version without the gate
        }
        return new Version(name, dec.getMethod("standard"), dec.getMethod("squashedLumaAndEdgesForCanonicalPdq", byte[].class),
                lae.getMethod("luma"), li.getMethod("luma"), li.getMethod("width"), li.getMethod("height"),
                hasher.getMethod("canonical").invoke(null), hasher.getMethod("hashLumaDihedral", float[].class, int.class, int.class),
                area.getMethod("ofLuma", float[].class, int.class, int.class), sets.getMethod("areaLookups", area),
                ih.getMethod("pdqFast", byte[].class), bm, gate, rgb.getConstructor(int.class, int.class, int[].class),
                di.getMethod("width"), di.getMethod("height"), di.getMethod("rgb"));
    }
}
